"""The orders audit summary: counts, totals, unpaid and overdue (pure)."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

from pulumi_vpsorg.orders.models import Order, figures_of
from pulumi_vpsorg.orders.summary import OrdersSummary, SummaryTally, summarize

NOW = datetime(2025, 1, 10, tzinfo=timezone.utc)


def order(order_id: int, status: str, type_: str, amount: str, vat: str, due: str) -> Order:
    data: dict[str, Any] = {
        "id": order_id,
        "tax_rate": 1.2,
        "amount": amount,
        "amount_with_vat": vat,
        "amount_from_balance": 0,
        "payment_method": "card",
        "status": status,
        "type": type_,
        "auto_pay": False,
        "promo_applicable": False,
        "created_at": "2025-01-01T00:00:00Z",
        "due_at": due,
    }
    return Order.model_validate(data)


ORDERS = [
    order(5, "pending_payment", "new-service", "10.00", "12.00", "2025-01-05T00:00:00Z"),
    order(4, "paid", "renew-service", "0.10", "0.12", "2025-01-01T00:00:00Z"),
    order(3, "awaiting_payment", "renew-service", "0.20", "0.24", "2025-02-01T00:00:00Z"),
    order(2, "cancelled", "deposit", "5", "6", "2024-01-01T00:00:00Z"),
    order(1, "processing", "custom", "1", "1.20", "2025-01-09T23:59:59Z"),
]


def test_summary_fields_are_exactly_the_contract() -> None:
    assert list(OrdersSummary.model_fields) == [
        "count",
        "count_by_status",
        "count_by_type",
        "total_amount",
        "total_amount_with_vat",
        "unpaid_count",
        "unpaid_total",
        "overdue_count",
        "overdue_order_ids",
        "order_ids",
    ]


def test_summarize() -> None:
    s = summarize(ORDERS, now=NOW)
    assert s.count == 5
    assert s.count_by_status == {
        "awaiting_payment": 1,
        "cancelled": 1,
        "paid": 1,
        "pending_payment": 1,
        "processing": 1,
    }
    assert s.count_by_type == {"custom": 1, "deposit": 1, "new-service": 1, "renew-service": 2}
    # Decimal arithmetic: no binary float drift in the totals.
    assert s.total_amount == Decimal("16.30")
    assert s.total_amount_with_vat == Decimal("19.56")
    assert s.unpaid_count == 3
    assert s.unpaid_total == Decimal("13.44")
    # Overdue: unsettled and past due; the cancelled one is past due but settled.
    assert s.overdue_order_ids == (5, 1)
    assert s.overdue_count == 2
    assert s.order_ids == (5, 4, 3, 2, 1)


def test_empty() -> None:
    s = summarize([], now=NOW)
    assert s.count == 0 and s.total_amount == 0 and s.order_ids == ()
    assert s.count_by_status == {} and s.overdue_order_ids == ()


def test_figures_summarize_like_the_orders_they_come_from() -> None:
    assert summarize([figures_of(o) for o in ORDERS], now=NOW) == summarize(ORDERS, now=NOW)
    # Order.is_settled / is_overdue and the summary apply the same rules.
    overdue = tuple(o.id for o in ORDERS if o.is_overdue(NOW))
    assert summarize(ORDERS, now=NOW).overdue_order_ids == overdue == (5, 1)


def test_a_tally_fed_page_by_page_is_the_summary_and_knows_if_order_held() -> None:
    rows = [figures_of(o) for o in ORDERS]
    tally = SummaryTally(NOW)
    for chunk in (rows[:2], [], rows[2:3], rows[3:]):
        tally.add(chunk)
    assert tally.result() == summarize(ORDERS, now=NOW)
    newest_first = sorted(rows, key=lambda r: (r["created_at"], r["id"]), reverse=True)
    in_order, out_of_order = SummaryTally(NOW), SummaryTally(NOW)
    in_order.add(newest_first[:3])
    in_order.add(newest_first[3:])
    out_of_order.add(newest_first[3:])  # each page sorted, but not across the boundary
    out_of_order.add(newest_first[:3])
    assert in_order.newest_first and not out_of_order.newest_first
