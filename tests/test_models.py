"""The models against the documents' own examples, verbatim, and against odd but valid input."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pydantic
import pytest

from pulumi_vpsorg import OrderStatus, PlanDetails
from pulumi_vpsorg._boundary import order_state, plain, plan_state
from pulumi_vpsorg.orders import Order
from pulumi_vpsorg.orders.models import OrderFiguresPage, OrderPage
from pulumi_vpsorg.plans.models import PlanList

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def test_plans_list_example_parses() -> None:
    plans = PlanList.model_validate(load("plans_list.json"))
    assert plans.count == 4
    assert [p.slug for p in plans.results] == ["starter", "standard", "performance", "enterprise"]
    starter = plans.results[0]
    assert starter.memory == 2048 and starter.storage == 40 and starter.bandwidth == 1024
    assert starter.price_monthly == Decimal("5.0")
    assert starter.price_hourly == Decimal("0.007")
    assert starter.locations == ("us-west", "us-east", "eu-central")


def test_plan_detail_example_parses() -> None:
    plan = PlanDetails.model_validate(load("plan_detail.json"))
    assert plan.id == 2 and plan.price_hourly == Decimal("0.015")
    assert "DDoS Protection" in plan.features
    assert len(plan.recommended_for) == 4


def test_orders_list_example_parses() -> None:
    page = OrderPage.model_validate(load("orders_list.json"))
    assert [o.id for o in page.data] == [7736, 7546, 7486, 7413]
    assert page.meta.total == 1796 and page.meta.per_page == 5 and page.meta.last_page == 360
    assert page.meta.from_ == 1 and page.meta.links[0].label == "« Previous"
    assert page.links.prev is None and page.links.next is not None
    card = page.data[1]
    assert card.payment_information is not None
    assert card.payment_information.last_4 == "4242"
    assert card.amount == Decimal("41.67") and card.amount_with_vat == Decimal("50")
    promo = page.data[3].promo
    assert promo is not None and promo.code == "fall2403" and promo.minimum_billing_cycle == 3
    assert page.data[0].created_at == datetime(2025, 1, 7, 13, 8, 37, tzinfo=timezone.utc)


def _order(**overrides: Any) -> dict[str, Any]:
    body = dict(load("orders_list.json")["data"][0])
    body.update(overrides)
    return body


def test_numbers_as_strings_unknown_values_and_extra_fields_parse() -> None:
    order = Order.model_validate(
        _order(
            amount="15.00",
            tax_rate="1.2",
            status="refund_requested",
            type="brand-new-type",
            payment_method="crypto-of-the-week",
            a_field_from_the_future={"x": 1},
        )
    )
    assert order.amount == Decimal("15.00")
    assert order.status == "refund_requested" and not order.is_settled


@pytest.mark.parametrize(
    ("field", "value"),
    [("amount", "fifteen"), ("amount", True), ("created_at", "yesterday"), ("id", None)],
)
def test_bad_values_are_rejected_naming_the_field(field: str, value: Any) -> None:
    with pytest.raises(pydantic.ValidationError) as info:
        Order.model_validate(_order(**{field: value}))
    assert field in str(info.value)


def test_get_order_body_with_invoices_and_services_parses() -> None:
    body = _order(
        status=OrderStatus.AWAITING_PAYMENT,
        invoices=[
            {
                "id": 1,
                "invoice_number": 2024001,
                "created_at": "2025-01-07T13:08:37.000000Z",
                "amount": 10,
                "amount_with_vat": 12,
                "type": "proform",
                "order_ids": [7736],
            }
        ],
        services=[
            {
                "label": "VPS",
                "sublabel": None,
                "period_from": 1736208000,
                "period_to": 1738886400,
                "is_period_changeable": True,
                "service_id": 55,
                "service_billing_cycle": None,
                "service_minimum_billing_cycle": 1,
                "service_type": "server",
                "amount": "10.00",
                "amount_with_vat": 12,
                "amount_sublabel": None,
                "promo": None,
            }
        ],
    )
    order = Order.model_validate(body)
    assert order.invoices[0].invoice_number == "2024001"
    assert order.services[0].period_from == datetime(2025, 1, 7, tzinfo=timezone.utc)
    assert order.is_overdue(datetime(2030, 1, 1, tzinfo=timezone.utc))


@pytest.mark.parametrize(("sent", "read"), [(42, "42"), ("0042", "0042"), (2024001, "2024001")])
def test_an_invoice_number_is_its_digits_as_sent(sent: object, read: str) -> None:
    """A number is its own digits (last_4's four-digit padding is for card digits only)."""
    invoice = {
        "id": 1,
        "invoice_number": sent,
        "created_at": "2025-01-07T13:08:37.000000Z",
        "amount": 10,
        "amount_with_vat": 12,
        "type": "proform",
    }
    order = Order.model_validate(_order(invoices=[invoice]))
    assert order.invoices[0].invoice_number == read


def test_pulumi_boundary_gives_plain_json() -> None:
    plan = PlanDetails.model_validate(load("plan_detail.json"))
    state = plan_state(plan)
    assert state["plan_id"] == 2 and "id" not in state
    assert state["price_monthly"] == 10.0 and isinstance(state["price_monthly"], float)
    order = OrderPage.model_validate(load("orders_list.json")).data[1]
    out = order_state(order)
    assert out["order_id"] == 7546 and out["created_at"] == "2024-10-16T12:05:52Z"
    assert out["payment_information"]["last_4"] == "4242"
    json.dumps(out)
    assert plain((Decimal("0.1"),)) == [0.1]


def test_timestamps_are_the_same_instant_in_the_shared_utc_zone() -> None:
    page = load("orders_list.json")
    page["data"][0]["created_at"] = "2025-01-07T15:08:37+02:00"
    page["data"][0]["due_at"] = "2025-01-07T22:00:00"  # no offset: UTC (assumption A10)
    for validated in (OrderPage, OrderFiguresPage):
        first = validated.model_validate(page).data[0]
        created = first["created_at"] if isinstance(first, dict) else first.created_at
        due = first["due_at"] if isinstance(first, dict) else first.due_at
        assert created == datetime(2025, 1, 7, 13, 8, 37, tzinfo=timezone.utc)
        assert created.tzinfo is timezone.utc and due.tzinfo is timezone.utc
        assert due == datetime(2025, 1, 7, 22, tzinfo=timezone.utc)


def test_a_timestamp_outside_the_utc_range_is_a_validation_error_naming_it() -> None:
    page = load("orders_list.json")
    page["data"][1]["due_at"] = "0001-01-01T00:00:00+01:00"
    with pytest.raises(pydantic.ValidationError, match=r"data\.1\.due_at"):
        OrderFiguresPage.model_validate(page)
