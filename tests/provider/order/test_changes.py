"""The pure planning of an order's changes: no API, no host."""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_vpsorg.orders.models import Order as OrderModel
from pulumi_vpsorg.provider.order import OrderChanges, OrderError, pay_idempotency_key
from pulumi_vpsorg.provider.order.changes import (
    accepted_payment,
    changed_properties,
    payment_due,
    payment_status,
)
from pulumi_vpsorg.provider.order.inputs import OrderInputs
from pulumi_vpsorg.testing import FakeVpsOrgApi

RECORD = {
    "order_id": 4242,
    "accepted_at": "2026-11-27T10:00:00Z",
    "amount_with_vat": 45.9,
    "payment_method": "bank",
}


def order(**fields: Any) -> OrderModel:
    """An order as the API would send it (the fake's documented shape), not stored anywhere."""
    body = FakeVpsOrgApi(order_count=0).add_order(id=4242, amount=38.25, tax_rate=1.2, **fields)
    return OrderModel.model_validate(body)


@pytest.mark.parametrize(
    ("paid", "status", "accepted", "due"),
    [
        (True, "pending_payment", None, True),
        (True, "processing", None, True),
        (True, "awaiting_payment", None, True),
        (True, "refunded", None, True),  # unknown statuses count as unpaid
        (True, "paid", None, False),
        (True, "cancelled", None, False),
        (True, "processing", RECORD, False),
        (True, "pending_payment", RECORD, False),
        (False, "pending_payment", None, False),
        (None, "pending_payment", None, False),
    ],
)
def test_a_payment_is_due_only_if_unsettled_and_none_was_accepted(
    paid: Any, status: str, accepted: Any, due: bool
) -> None:
    assert payment_due(paid, status, accepted) is due


@pytest.mark.parametrize(
    ("status", "accepted", "expected"),
    [
        ("paid", RECORD, "settled"),
        ("cancelled", None, "settled"),
        ("processing", RECORD, "settling"),
        ("pending_payment", RECORD, "settling"),
        ("pending_payment", None, "unpaid"),
    ],
)
def test_payment_status(status: str, accepted: Any, expected: str) -> None:
    assert payment_status(status, accepted) == expected


def test_the_record_belongs_to_its_order() -> None:
    state = {"order_id": 4242.0, "accepted_payment": {**RECORD, "order_id": 4242.0}}
    assert accepted_payment(state, 4242) is not None  # numbers come back from gRPC as doubles
    assert accepted_payment(state, 4243) is None
    assert accepted_payment({"accepted_payment": {**RECORD, "accepted_at": None}}, 4242) is None
    assert accepted_payment({"accepted_payment": "garbage"}, 4242) is None
    assert accepted_payment({}, 4242) is None


@pytest.mark.parametrize(
    "settling",
    [
        {"status": "processing"},
        {"status": "pending_payment", "amount_with_vat": 47.4},
        {"status": "processing", "amount_with_vat": "45.90"},
    ],
)
@pytest.mark.parametrize("method", [None, "bank", "card"])
def test_no_payment_is_planned_once_one_was_accepted(
    settling: dict[str, Any], method: str | None
) -> None:
    inputs = OrderInputs(order_id=4242, paid=True, payment_method=method)
    changes = OrderChanges(order(**settling), inputs, RECORD)
    assert changes.pay is False
    assert changes.steps() == []
    if settling["status"] == "processing":
        # No record, but the order shows a payment under way (A5): refused, never paid twice.
        with pytest.raises(OrderError, match=r"paid: refusing to pay: it is processing"):
            OrderChanges(order(**settling), inputs, None)
        return
    unpaid = OrderChanges(order(**settling), inputs, None)
    assert unpaid.pay is True
    assert unpaid.steps() == [f"payment (payment_method={method or 'default'})"]


def test_the_diff_follows_the_same_rule() -> None:
    state = {"order_id": 4242, "status": "processing", "payment_method": "bank"}
    news = {"order_id": 4242, "paid": True, "payment_method": "card"}
    assert changed_properties(state, news) == ["paid", "payment_method"]
    assert changed_properties({**state, "accepted_payment": RECORD}, news) == []


def test_the_idempotency_key_is_made_of_the_request_body() -> None:
    assert pay_idempotency_key(4242, "bank") == "pulumi-vpsorg-pay-4242-bank"
    assert pay_idempotency_key(4242, None) == "pulumi-vpsorg-pay-4242-default"


def test_writes_are_planned_in_order_and_validated_first() -> None:
    current = order(auto_pay=True)
    inputs = OrderInputs(order_id=4242, auto_pay=False, billing_cycle=12, paid=True)
    changes = OrderChanges(current, inputs)
    assert changes.patch == {"auto_pay": False}
    assert changes.steps() == [
        "update auto_pay=false",
        "billing_cycle=12 for server 5242",
        "payment (payment_method=default)",
    ]
    addon = OrderInputs(order_id=4242, billing_cycle=12, service_type="server-addon")
    with pytest.raises(OrderError, match="cannot be changed"):
        OrderChanges(current, addon)


def test_a_promo_code_is_named_in_the_steps_never_shown() -> None:
    changes = OrderChanges(order(auto_pay=True), OrderInputs(order_id=4242, promo_code="SECRET-42"))
    assert changes.patch == {"promo_code": "SECRET-42"}
    assert changes.steps() == ["update promo_code"]
    both = OrderInputs(order_id=4242, auto_pay=False, promo_code="SECRET-42")
    assert OrderChanges(order(auto_pay=True), both).steps() == ["update auto_pay=false, promo_code"]
