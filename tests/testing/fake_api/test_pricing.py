"""Repricing an unpaid renewal when its period changes."""

from __future__ import annotations

from pulumi_vpsorg.testing import FakeVpsOrgApi


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
