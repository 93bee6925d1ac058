"""Repricing an unpaid renewal when its period changes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pulumi_vpsorg.testing import FakeVpsOrgApi
from pulumi_vpsorg.testing.fake_api.records import add_months

from .._http_client import Http


def test_changing_an_unpaid_renewal_period_reprices_the_order() -> None:
    import requests as http

    with FakeVpsOrgApi(order_count=50) as api:
        order = api.add_order()
        service = next(s for s in order["services"] if s["is_period_changeable"])
        before_cycle = service["service_billing_cycle"] or 1
        url = f"{api.url}/orders/{order['id']}/server/{service['service_id']}"
        headers = {"Authorization": f"Bearer {api.token}", "Accept": "application/json"}
        answer = http.patch(
            url, json={"billing_cycle": before_cycle * 2}, headers=headers, timeout=10
        )
        assert answer.status_code == 204
        after = api.get_order(order["id"])
        assert after is not None
        changed = next(s for s in after["services"] if s["service_id"] == service["service_id"])
        assert changed["amount"] == round(service["amount"] * 2, 2)
        assert after["amount"] > order["amount"]
        assert after["amount_with_vat"] == round(after["amount"] * after["tax_rate"], 2)


def change(h: Http, order: dict[str, Any], cycle: int) -> None:
    server = next(s for s in order["services"] if s["is_period_changeable"])
    path = f"/orders/{order['id']}/{server['service_type']}/{server['service_id']}"
    assert h("PATCH", path, json={"billing_cycle": cycle}).status_code == 204


def test_a_period_changed_back_and_forth_costs_the_original_amount_to_the_cent() -> None:
    with FakeVpsOrgApi(order_count=0) as api:
        h = Http(api)
        order = api.add_order(amount=12.5)
        services = order["services"]
        for service, (amount, with_vat) in zip(services, [(10.0, 12.0), (2.5, 3.0)], strict=True):
            service.update(
                amount=amount,
                amount_with_vat=with_vat,
                service_billing_cycle=3,
                period_to=add_months(service["period_from"], 3),
                amount_sublabel=f"${amount:.2f} for 3 months",
            )
        original = api.update_order(order["id"], services=services)
        assert original["amount_with_vat"] == 15.0
        seen = set()
        for cycle in (1, 3, 7, 24, 5, 1, 3):
            change(h, original, cycle)
            now = api.get_order(order["id"]) or {}
            seen.add(now["services"][0]["amount"])
            for value in (now["services"][0]["amount"], now["amount"], now["amount_with_vat"]):
                assert Decimal(str(value)) == Decimal(str(value)).quantize(Decimal("0.01"))
        h.close()
        # 10.00 for 3 months is 3.333... a month: 3.33 for one month, and 10.00 again for three.
        assert {3.33, 10.0, 23.33, 80.0, 16.67} == seen
        assert api.get_order(order["id"]) == original


def test_every_generated_renewal_returns_to_its_amounts() -> None:
    with FakeVpsOrgApi(order_count=400, seed=11) as api:
        h = Http(api)
        renewals = [
            o
            for o in api.orders.values()
            if o["status"] not in ("paid", "cancelled")
            and any(s["is_period_changeable"] for s in o["services"])
        ]
        assert len(renewals) >= 5
        for order in renewals:
            cycle = next(s for s in order["services"] if s["is_period_changeable"])[
                "service_billing_cycle"
            ]
            for other in (1 if cycle != 1 else 7, 7, 11, cycle):
                if other >= order["services"][0]["service_minimum_billing_cycle"]:
                    change(h, order, other)
            assert api.get_order(order["id"]) == order, order["id"]
        h.close()
