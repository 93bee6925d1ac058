"""The audit of a set of orders: counts, totals, what is unpaid and what is overdue. Pure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timezone
from decimal import Decimal
from operator import itemgetter

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
    # Same rules as Order.is_settled / Order.is_overdue (assumption A5). map/itemgetter keep the
    # loops in C: this runs once per audit, after the last page, over up to tens of thousands.
    unpaid = [r for r in rows if r["status"] not in SETTLED_STATUSES]
    overdue = [r["id"] for r in unpaid if r["due_at"] < moment]
    with_vat = itemgetter("amount_with_vat")
    return OrdersSummary(
        count=len(rows),
        count_by_status=dict(sorted(Counter(map(itemgetter("status"), rows)).items())),
        count_by_type=dict(sorted(Counter(map(itemgetter("type"), rows)).items())),
        total_amount=sum(map(itemgetter("amount"), rows), Decimal(0)),
        total_amount_with_vat=sum(map(with_vat, rows), Decimal(0)),
        unpaid_count=len(unpaid),
        unpaid_total=sum(map(with_vat, unpaid), Decimal(0)),
        overdue_count=len(overdue),
        overdue_order_ids=tuple(overdue),
        order_ids=tuple(map(itemgetter("id"), rows)),
    )
