"""The audit of a set of orders: counts, totals, what is unpaid and what is overdue. Pure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timezone
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from ..assumptions import SETTLED_STATUSES
from .models import Order, OrderFigures, figures_of

__all__ = ["OrdersSummary", "summarize"]


class OrdersSummary(BaseModel):
    """Exactly the ``OrdersAudit`` outputs of CONTRIBUTING.md (money as Decimal, USD)."""

    model_config = ConfigDict(frozen=True)

    count: int
    count_by_status: dict[str, int]
    count_by_type: dict[str, int]
    total_amount: Decimal
    total_amount_with_vat: Decimal
    unpaid_count: int
    #: Sum of ``amount_with_vat`` over orders whose status is not settled (assumption A5).
    unpaid_total: Decimal
    overdue_count: int
    overdue_order_ids: tuple[int, ...]
    order_ids: tuple[int, ...]


def summarize(
    orders: Iterable[Order] | Iterable[OrderFigures], now: datetime | None = None
) -> OrdersSummary:
    """Summarize ``orders`` (full orders or their figures); ids keep the given order, count maps
    are sorted by key.

    :param now: the moment "overdue" is measured against; defaults to the current UTC time.
    """
    moment = now or datetime.now(timezone.utc)
    rows = [o if isinstance(o, dict) else figures_of(o) for o in orders]
    # Same rules as Order.is_settled / Order.is_overdue (assumption A5).
    unpaid = [r for r in rows if r["status"] not in SETTLED_STATUSES]
    overdue = [r["id"] for r in unpaid if r["due_at"] < moment]
    return OrdersSummary(
        count=len(rows),
        count_by_status=dict(sorted(Counter(r["status"] for r in rows).items())),
        count_by_type=dict(sorted(Counter(r["type"] for r in rows).items())),
        total_amount=sum((r["amount"] for r in rows), Decimal(0)),
        total_amount_with_vat=sum((r["amount_with_vat"] for r in rows), Decimal(0)),
        unpaid_count=len(unpaid),
        unpaid_total=sum((r["amount_with_vat"] for r in unpaid), Decimal(0)),
        overdue_count=len(overdue),
        overdue_order_ids=tuple(overdue),
        order_ids=tuple(r["id"] for r in rows),
    )
