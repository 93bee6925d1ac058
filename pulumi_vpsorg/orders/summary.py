"""The audit of a set of orders: counts, totals, what is unpaid and what is overdue. Pure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, localcontext
from operator import itemgetter
from typing import Final

from pydantic import BaseModel, ConfigDict

from ..assumptions import SETTLED_STATUSES
from .models import Order, OrderFigures, figures_of, overdue_moment

__all__ = ["NEWEST_FIRST", "OrdersSummary", "SummaryTally", "summarize"]


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


#: Sums of money are exact: every amount is within 1E+15 and 1E-30 in magnitude (the ``Money``
#: rule), so a total has a bounded number of digits, and the caller's context (precision 28 by
#: default, or whatever a program set) never rounds or traps an audit's totals.
_EXACT: Final = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)

#: The order audits list orders in (and the API sends them in): newest first, by this key.
NEWEST_FIRST: Final = itemgetter("created_at", "id")


class SummaryTally:
    """A summary built up as orders arrive, page by page, in the order given.

    Audits feed each page in while later pages are still in flight, so the summary costs nothing
    after the last page. :meth:`result` is what :func:`summarize` gives for the same orders.

    :param now: the moment "overdue" is measured against; defaults to the current UTC time.
    """

    def __init__(self, now: datetime | None = None) -> None:
        self._moment = overdue_moment(now)
        self._ids: list[int] = []
        self._overdue: list[int] = []
        self._by_status: Counter[str] = Counter()
        self._by_type: Counter[str] = Counter()
        self._amount = Decimal(0)
        self._with_vat = Decimal(0)
        self._unpaid_total = Decimal(0)
        self._unpaid_count = 0
        self._last: tuple[datetime, int] | None = None
        self._newest_first = True

    @property
    def newest_first(self) -> bool:
        """Whether the orders came newest first (``created_at``, then ``id``), as audits list them."""
        return self._newest_first

    def add(self, orders: Iterable[OrderFigures]) -> None:
        """Count ``orders`` in, after those already added."""
        rows = list(orders)
        if not rows:
            return
        # Same rules as Order.is_settled / Order.is_overdue (assumption A5). map/itemgetter keep
        # the loops in C.
        unpaid = [r for r in rows if r["status"] not in SETTLED_STATUSES]
        moment = self._moment
        self._overdue.extend(r["id"] for r in unpaid if r["due_at"] < moment)
        self._ids.extend(map(itemgetter("id"), rows))
        self._by_status.update(map(itemgetter("status"), rows))
        self._by_type.update(map(itemgetter("type"), rows))
        with_vat = itemgetter("amount_with_vat")
        with localcontext(_EXACT):
            self._amount += sum(map(itemgetter("amount"), rows), Decimal(0))
            self._with_vat += sum(map(with_vat, rows), Decimal(0))
            self._unpaid_total += sum(map(with_vat, unpaid), Decimal(0))
        self._unpaid_count += len(unpaid)
        if self._newest_first:
            keys = list(map(NEWEST_FIRST, rows))
            if self._last is not None:
                keys.insert(0, self._last)
            self._newest_first = keys == sorted(keys, reverse=True)
            self._last = keys[-1]

    def result(self) -> OrdersSummary:
        """The summary of every order added so far."""
        return OrdersSummary(
            count=len(self._ids),
            count_by_status=dict(sorted(self._by_status.items())),
            count_by_type=dict(sorted(self._by_type.items())),
            total_amount=self._amount,
            total_amount_with_vat=self._with_vat,
            unpaid_count=self._unpaid_count,
            unpaid_total=self._unpaid_total,
            overdue_count=len(self._overdue),
            overdue_order_ids=tuple(self._overdue),
            order_ids=tuple(self._ids),
        )


def summarize(
    orders: Iterable[Order] | Iterable[OrderFigures], now: datetime | None = None
) -> OrdersSummary:
    """Summarize ``orders`` (full orders or their figures); ids keep the given order, count maps
    are sorted by key.

    :param now: the moment "overdue" is measured against; defaults to the current UTC time.
    """
    tally = SummaryTally(now)
    tally.add(o if isinstance(o, dict) else figures_of(o) for o in orders)
    return tally.result()
