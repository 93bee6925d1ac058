"""Order endpoints: list (paginated), get, update, change renewal period, pay, delete."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Generic, TypeVar

from .._errors import ConfigurationError
from .._http import RefusedURL, Response, Transport, path_segment
from .._parsing import parse, require_id
from .._vocabulary import ENV_ORDERS_URL, ENV_URL, ORDERS_URL_CONFIG, URL_CONFIG, names, require
from ..assumptions import (
    BILLING_CYCLE_MAX,
    BILLING_CYCLE_MIN,
    ORDER_PATH,
    ORDER_RENEWAL_PATH,
    ORDERS_PATH,
    PAY_ORDERS_PATH,
    REQUESTED_PER_PAGE,
    SERVICE_TYPE_PATTERN,
)
from .filters import audit_types
from .models import (
    Order,
    OrderFigures,
    OrderFiguresPage,
    OrderPage,
    PayReceipt,
    figures_of,
    overdue_moment,
    pay_receipt,
)
from .paging import MAX_PASSES, Keep, PagedReader
from .summary import NEWEST_FIRST, OrdersSummary, SummaryTally, summarize

__all__ = ["MAX_PASSES", "MAX_PER_PAGE_ARG", "ConvertedOrders", "OrdersClient", "StatusFilter"]

T = TypeVar("T")

StatusFilter = str | Sequence[str] | None
MAX_PER_PAGE_ARG: Final = 1000
_UNSET: Any = object()
#: A collection itself cannot be missing: on a 404 the base URL is wrong.
_NO_API = f"check {ORDERS_URL_CONFIG} / {ENV_ORDERS_URL} (else {URL_CONFIG} / {ENV_URL})"
#: A service type as a path segment (assumption A14): never ``..`` or anything with a ``/``.
_SERVICE_TYPE: Final = re.compile(SERVICE_TYPE_PATTERN)


def _service_type_segment(service_type: object) -> str:
    """``service_type`` as the renewal path's segment, or an error naming it (it may come from
    the server: nothing in it may move the PATCH to another path)."""
    problem = f"service_type: expected e.g. 'server' or 'server-addon', got {service_type!r}"
    if not isinstance(service_type, str) or not _SERVICE_TYPE.fullmatch(service_type):
        raise ConfigurationError(problem)
    try:
        return path_segment(service_type)
    except RefusedURL:
        raise ConfigurationError(problem) from None


def _status_param(status: StatusFilter) -> str | None:
    """``filter[status]`` value: one status or several, comma-separated."""
    if status is None:
        return None
    return ",".join(require("status", names, status, ConfigurationError))


def _per_page_param(per_page: int | None) -> int:
    if per_page is None:
        return REQUESTED_PER_PAGE
    if isinstance(per_page, bool) or not isinstance(per_page, int):
        raise ConfigurationError(f"per_page: expected an integer, got {per_page!r}")
    if not 1 <= per_page <= MAX_PER_PAGE_ARG:
        raise ConfigurationError(f"per_page: expected 1..{MAX_PER_PAGE_ARG}, got {per_page}")
    return per_page


@dataclass(frozen=True)
class ConvertedOrders(Generic[T]):
    """What :meth:`OrdersClient.convert_all` read.

    :ivar converted: each kept order, converted, newest first.
    :ivar summary: the summary of the kept orders.
    :ivar count_by_type: how many orders of each type were read, kept or not.
    """

    converted: list[T]
    summary: OrdersSummary
    count_by_type: dict[str, int]


#: What a type filter left out (not converted, not counted in the summary).
_LEFT_OUT: Final[Any] = object()


def _figures_type(figures: OrderFigures) -> str:
    return figures["type"]


def _of_types(rows: list[OrderFigures], wanted: frozenset[str] | None) -> list[OrderFigures]:
    """The rows of the ``wanted`` types (all of them when ``None``)."""
    return rows if wanted is None else [r for r in rows if r["type"] in wanted]


def _order_id(order: Order) -> int:
    return order.id


def _figures_id(figures: OrderFigures) -> int:
    return figures["id"]


class OrdersClient:
    """Reads and changes orders."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    # -- reading -------------------------------------------------------------------------

    def _reader(self, per_page: int | None, status: StatusFilter) -> PagedReader:
        """The paging reader for one listing; arguments are checked here, before any request."""
        params: dict[str, str | int] = {"per_page": _per_page_param(per_page)}
        status_value = _status_param(status)
        if status_value is not None:
            params["filter[status]"] = status_value
        get = self._transport.get

        def fetch(number: int) -> Response:
            return get(ORDERS_PATH, {"page": number, **params}, hint_404=_NO_API)

        return PagedReader(fetch, ORDERS_PATH)

    def list_page(
        self, page: int = 1, per_page: int | None = None, status: StatusFilter = None
    ) -> OrderPage:
        """Read one page of ``GET /orders``.

        :param page: 1-based page number.
        :param per_page: page size to ask for; the server may cap it (see ``meta.per_page``).
        :param status: one status or several; ``None`` means the API default
            (``pending_payment,paid``).
        :raises UnexpectedResponseError: when the server answers another page than asked for,
            or its paging metadata contradicts itself.
        """
        number = require_id("page", page)
        result = self._reader(per_page, status).page(OrderPage, number)
        assert isinstance(result, OrderPage)  # for mypy: parse() built an OrderPage
        return result

    def iter_all(self, status: StatusFilter = None, per_page: int | None = None) -> Iterator[Order]:
        """Yield every order, page by page, each exactly once.

        If orders were added or removed while paging (detected from the totals and ids), it
        reads again, up to :data:`MAX_PASSES` times, yielding only orders not yet yielded. None is
        yielded twice; after one-off changes every order of the final state is yielded. Changes
        timed against the page reads in every pass can still hide an order (offset paging cannot
        rule that out; see docs/reliability.md).
        """
        return self._reader(per_page, status).iter_items(OrderPage, _order_id)

    def get_all(
        self, status: StatusFilter = None, per_page: int | None = None, *, concurrency: int = 1
    ) -> list[Order]:
        """Every order matching ``status``, newest first (``created_at``, then ``id``).

        Reads page 1, then the remaining pages with up to ``concurrency`` requests in flight. If
        orders moved while paging, it reads again (up to :data:`MAX_PASSES` passes): a stable
        pass is returned as it is; otherwise the union of all passes, deduplicated by id.
        """
        reader = self._reader(per_page, status)
        orders, _ = reader.gather(OrderPage, _order_id, concurrency)
        return sorted(orders.values(), key=lambda o: (o.created_at, o.id), reverse=True)

    def convert_all(
        self,
        convert: Callable[[list[Order]], list[T]],
        status: StatusFilter = None,
        per_page: int | None = None,
        *,
        types: str | Collection[str] | None = None,
        concurrency: int = 1,
        now: datetime | None = None,
    ) -> ConvertedOrders[T]:
        """What ``convert`` makes of every order :meth:`get_all` returns (only ``types``, when
        given), in the same order, with their summary (:meth:`summarize`).

        Same requests and passes. Each order is converted and counted in as its page arrives,
        while the next pages are in flight, and no order is held as a model after its page, so
        that nothing but the last page is left to do when the reading ends.

        :param convert: what becomes of a page's orders, one value per order, in order (e.g.
            Pulumi outputs); called once per page.
        :param now: the moment "overdue" is measured against; defaults to when reading starts.
        """
        moment = overdue_moment(now)
        reader = self._reader(per_page, status)
        chosen = audit_types(types)
        wanted = None if chosen is None else frozenset(chosen)
        tallies: list[SummaryTally] = []
        by_type: list[Counter[str]] = []
        # Every order read, by id, as last read: plain dicts of atoms, which the garbage collector
        # does not track (a tuple per order beside its output would add 20,000 objects to scan).
        figures: dict[int, OrderFigures] = {}

        def start_pass() -> Keep[Order]:
            tally, types_seen = SummaryTally(moment), Counter[str]()
            tallies.append(tally)
            by_type.append(types_seen)

            def keep(orders: list[Order]) -> list[Any]:
                # The page's orders new to this pass: counted into its summary, converted.
                rows = [figures_of(o) for o in orders]
                figures.update(zip(map(_figures_id, rows), rows, strict=True))
                types_seen.update(map(_figures_type, rows))
                tally.add(_of_types(rows, wanted))
                if wanted is None:
                    return convert(orders)
                picked = [o for o in orders if o.type in wanted]
                made = dict(zip(map(_order_id, picked), convert(picked), strict=True))
                return [made.get(o.id, _LEFT_OUT) for o in orders]

            return keep

        read, stable = reader.gather(OrderPage, _order_id, concurrency, start_pass)
        if stable and tallies[-1].newest_first:
            summary = tallies[-1].result()
            types_read = by_type[-1]
            converted = [made for made in read.values() if made is not _LEFT_OUT]
        else:
            ids = sorted(read, key=lambda i: NEWEST_FIRST(figures[i]), reverse=True)
            kept = [i for i in ids if read[i] is not _LEFT_OUT]
            summary = summarize([figures[i] for i in kept], moment)
            types_read = Counter(figures[i]["type"] for i in ids)
            converted = [read[i] for i in kept]
        return ConvertedOrders(converted, summary, dict(types_read))

    def get_all_figures(
        self,
        status: StatusFilter = None,
        per_page: int | None = None,
        *,
        concurrency: int = 1,
    ) -> list[OrderFigures]:
        """What :meth:`get_all` returns, read as :class:`OrderFigures` (what an audit needs).

        Same requests, paging checks and passes as :meth:`get_all`; only less of each order is
        turned into objects, which makes large audits CPU-cheap.
        """
        reader = self._reader(per_page, status)
        rows, _ = reader.gather(OrderFiguresPage, _figures_id, concurrency)
        return sorted(rows.values(), key=NEWEST_FIRST, reverse=True)

    def summarize(
        self,
        status: StatusFilter = None,
        per_page: int | None = None,
        *,
        types: str | Collection[str] | None = None,
        concurrency: int = 1,
        now: datetime | None = None,
    ) -> OrdersSummary:
        """The summary of :meth:`get_all_figures` (only ``types``, when given).

        Same requests and passes; each page is counted in as it is read, so nothing is left to
        do after the last one unless the pass was not consistent or not newest first (then the
        orders are sorted and summarized as :func:`summarize` does).

        :param types: one order type or several (``"renew-service"``), filtered client-side.
        :param now: the moment "overdue" is measured against; defaults to when reading starts.
        """
        moment = overdue_moment(now)
        reader = self._reader(per_page, status)
        chosen = audit_types(types)
        wanted = None if chosen is None else frozenset(chosen)
        tallies: list[SummaryTally] = []

        def start_pass() -> Keep[OrderFigures]:
            tally = SummaryTally(moment)
            tallies.append(tally)

            def counted(rows: list[OrderFigures]) -> list[OrderFigures]:
                tally.add(_of_types(rows, wanted))
                return rows

            return counted

        read, stable = reader.gather(OrderFiguresPage, _figures_id, concurrency, start_pass)
        if stable and tallies[-1].newest_first:
            return tallies[-1].result()
        rows = sorted(read.values(), key=NEWEST_FIRST, reverse=True)
        return summarize(_of_types(rows, wanted), moment)

    def get(self, order_id: int) -> Order:
        """Get one order with its invoices and services.

        :raises NotFoundError: when no order has this id.
        """
        path = ORDER_PATH.format(order_id=require_id("order_id", order_id))
        return parse(Order, self._transport.get(path))

    # -- changing ------------------------------------------------------------------------

    def update(
        self, order_id: int, *, auto_pay: bool | None = None, promo_code: str | None = _UNSET
    ) -> Order:
        """Change ``auto_pay`` and/or the promo code (assumption A2), then re-read the order.

        :param promo_code: a code, or ``None`` to remove it; leave out to keep it.
        """
        path = ORDER_PATH.format(order_id=require_id("order_id", order_id))
        body: dict[str, Any] = {}
        if auto_pay is not None:
            if not isinstance(auto_pay, bool):
                raise ConfigurationError(f"auto_pay: expected true or false, got {auto_pay!r}")
            body["auto_pay"] = auto_pay
        if promo_code is not _UNSET:
            if promo_code is not None and (not isinstance(promo_code, str) or not promo_code):
                raise ConfigurationError(
                    f"promo_code: expected a non-empty string or None, got {promo_code!r}"
                )
            body["promo_code"] = promo_code
        if body:
            self._transport.request("PATCH", path, json_body=body)
        return self.get(order_id)

    def change_renewal_period(
        self,
        order_id: int,
        service_type: str,
        service_id: int,
        billing_cycle: int,
        promo_code: str | None = None,
    ) -> None:
        """Change the billing cycle (months) that a renewal order's service renews for.

        :param service_type: the service's ``service_type`` as the order lists it; only letters,
            digits, ``-``, ``_``, ``.`` and ``~`` (never ``.`` or ``..``), so that it stays one
            path segment.
        :raises ConfigurationError: for a cycle outside 1..24 or a service type that could not
            be one path segment, before any request.
        """
        require_id("order_id", order_id)
        require_id("service_id", service_id)
        segment = _service_type_segment(service_type)
        if (
            isinstance(billing_cycle, bool)
            or not isinstance(billing_cycle, int)
            or not BILLING_CYCLE_MIN <= billing_cycle <= BILLING_CYCLE_MAX
        ):
            raise ConfigurationError(
                f"billing_cycle: expected whole months {BILLING_CYCLE_MIN}..{BILLING_CYCLE_MAX},"
                f" got {billing_cycle!r}"
            )
        if promo_code is not None and (not isinstance(promo_code, str) or not promo_code):
            raise ConfigurationError(f"promo_code: expected a non-empty string, got {promo_code!r}")
        path = ORDER_RENEWAL_PATH.format(
            order_id=order_id, service_type=segment, service_id=service_id
        )
        body: dict[str, Any] = {"billing_cycle": billing_cycle}
        if promo_code is not None:
            body["promo_code"] = promo_code
        self._transport.request("PATCH", path, json_body=body)

    def pay(
        self,
        order_ids: Sequence[int],
        payment_method: str | None = None,
        *,
        idempotency_key: str | None = None,
    ) -> PayReceipt:
        """Pay orders (assumption A3). Sent once: never retried after it may have arrived.

        :param idempotency_key: reuse the same key to make a deliberate repeat safe; a fresh
            one is generated when omitted.
        :returns: what the 2xx answer said; ``refusal`` is set when its body says the payment
            failed (the payment is then unconfirmed, never to be repeated blindly).
        """
        if isinstance(order_ids, (str, bytes)) or not isinstance(order_ids, Sequence):
            raise ConfigurationError(f"order_ids: expected a list of ids, got {order_ids!r}")
        ids = [require_id("order_ids[]", i) for i in order_ids]
        if not ids or len(set(ids)) != len(ids):
            raise ConfigurationError(f"order_ids: expected distinct ids, got {ids!r}")
        if payment_method is not None and (
            not isinstance(payment_method, str) or not payment_method
        ):
            raise ConfigurationError(
                f"payment_method: expected e.g. 'balance', got {payment_method!r}"
            )
        response = self._transport.request(
            "POST",
            PAY_ORDERS_PATH,
            json_body={"order_ids": ids, "payment_method": payment_method},
            idempotency_key=idempotency_key,
        )
        return pay_receipt(response.status, response.raw, ids, response.secrets)

    def delete(self, order_id: int) -> None:
        """Delete an unpaid order (assumption A4).

        :raises NotFoundError: when it does not exist (callers tearing down may treat it as done).
        """
        path = ORDER_PATH.format(order_id=require_id("order_id", order_id))
        self._transport.request("DELETE", path)
