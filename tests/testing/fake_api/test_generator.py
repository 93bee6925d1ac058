"""The deterministic generator: plausible, varied, reproducible orders."""

from __future__ import annotations

from collections import Counter

from pulumi_vpsorg import assumptions
from pulumi_vpsorg.testing import FakeVpsOrgApi

from ._support import (
    check_order,
)


def test_generated_orders_are_plausible_and_varied() -> None:
    fake = FakeVpsOrgApi()
    orders = fake.orders
    assert len(orders) == 1796
    for order in orders.values():
        check_order(order)
    generated = [o for i, o in orders.items() if i not in (7736, 7546, 7486, 7413)]
    for o in generated:
        assert o["amount"] == round(o["amount"], 2)
        assert o["amount_with_vat"] == round(o["amount"] * o["tax_rate"], 2)
    statuses = Counter(o["status"] for o in generated)
    assert set(statuses) == {
        "pending_payment",
        "awaiting_payment",
        "processing",
        "paid",
        "cancelled",
    }
    assert statuses.most_common(1)[0][0] == "paid"
    assert {o["type"] for o in generated} == {
        "new-service",
        "renew-service",
        "scale-service",
        "new-addon",
        "combined",
        "deposit",
        "custom",
        "new-floating-ip",
        "scale-addon",
    }
    assert {o["payment_method"] for o in generated} == {
        "balance",
        "card",
        "bank",
        "bitcoin",
        "bitcoin-ln",
    }
    unsettled = [o for o in generated if o["status"] not in assumptions.SETTLED_STATUSES]
    assert any(o["due_at"] < "2025" for o in unsettled)
    assert any(o["due_at"] >= "2031" for o in unsettled)
    assert any(o["promo"] is not None for o in generated)
    renewals = [o for o in generated if o["type"] == "renew-service" and o["status"] != "cancelled"]
    assert renewals
    for o in renewals:
        server, addon = o["services"]
        assert (server["service_type"], server["is_period_changeable"]) == ("server", True)
        assert server["service_minimum_billing_cycle"] in (1, 3)
        assert server["service_billing_cycle"] >= server["service_minimum_billing_cycle"]
        assert (addon["service_type"], addon["is_period_changeable"]) == ("server-addon", False)
    assert {o["services"][0]["service_minimum_billing_cycle"] for o in renewals} == {1, 3}


def test_generation_is_deterministic_and_scales() -> None:
    assert FakeVpsOrgApi(seed=3).orders == FakeVpsOrgApi(seed=3).orders
    assert FakeVpsOrgApi(seed=3).orders != FakeVpsOrgApi(seed=4).orders
    big = FakeVpsOrgApi(order_count=20_000).orders
    assert len(big) == 20_000 and min(big) >= 1
    assert {7736, 7546, 7486, 7413} <= set(big)
    assert [o["id"] for o in FakeVpsOrgApi(order_count=2).orders.values()] == [7736, 7546]
    assert FakeVpsOrgApi(order_count=0).orders == {}
