"""The audit of a set of orders: counts, totals, what is unpaid and what is overdue. Pure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timezone
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from .models import Order

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


def summarize(orders: Iterable[Order], now: datetime | None = None) -> OrdersSummary:
    """Summarize ``orders``; ids keep the given order, count maps are sorted by key.

    :param now: the moment "overdue" is measured against; defaults to the current UTC time.
    """
    moment = now or datetime.now(timezone.utc)
    items = list(orders)
    unpaid = [o for o in items if not o.is_settled]
    overdue = [o.id for o in unpaid if o.is_overdue(moment)]
    return OrdersSummary(
        count=len(items),
        count_by_status=dict(sorted(Counter(o.status for o in items).items())),
        count_by_type=dict(sorted(Counter(o.type for o in items).items())),
        total_amount=sum((o.amount for o in items), Decimal(0)),
        total_amount_with_vat=sum((o.amount_with_vat for o in items), Decimal(0)),
        unpaid_count=len(unpaid),
        unpaid_total=sum((o.amount_with_vat for o in unpaid), Decimal(0)),
        overdue_count=len(overdue),
        overdue_order_ids=tuple(overdue),
        order_ids=tuple(o.id for o in items),
    )
