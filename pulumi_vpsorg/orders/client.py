"""Order endpoints: list (paginated), get, update, change renewal period, pay, delete."""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import chain, islice
from typing import Any, Final, Generic, TypeVar
from urllib.parse import parse_qs, urlsplit

from .._errors import ConfigurationError, UnexpectedResponseError
from .._http import Response, Transport
from .._parsing import parse, require_id
from ..assumptions import (
    BILLING_CYCLE_MAX,
    BILLING_CYCLE_MIN,
    ORDER_PATH,
    ORDER_RENEWAL_PATH,
    ORDERS_PATH,
    PAY_ORDERS_PATH,
    REQUESTED_PER_PAGE,
)
from .models import (
    Order,
    OrderFigures,
    OrderFiguresPage,
    OrderPage,
    Page,
    order_type_problem,
)
from .summary import NEWEST_FIRST, OrdersSummary, SummaryTally, summarize

__all__ = ["MAX_PASSES", "MAX_PER_PAGE_ARG", "OrdersClient", "StatusFilter"]

log = logging.getLogger("pulumi_vpsorg")

StatusFilter = str | Sequence[str] | None
#: Extra full reads when orders moved while paging (see :meth:`OrdersClient.get_all`).
MAX_PASSES: Final = 3
MAX_PER_PAGE_ARG: Final = 1000
_UNSET: Any = object()
ItemT = TypeVar("ItemT")
#: A collection itself cannot be missing: on a 404 the base URL is wrong.
_NO_API = (
    "check vpsorg:ordersApiUrl / VPSORG_ORDERS_API_URL (else vpsorg:apiUrl / VPSORG_API_URL)"
)


def _status_param(status: StatusFilter) -> str | None:
    """``filter[status]`` value: one status or several, comma-separated."""
    if status is None:
        return None
    values = [status] if isinstance(status, str) else list(status)
    if not values:
        raise ConfigurationError("status: expected at least one status, got an empty list")
    for value in values:
        if not isinstance(value, str) or not value.strip() or "," in value:
            raise ConfigurationError(f"status: expected status names such as 'paid', got {value!r}")
    return ",".join(v.strip() for v in values)


def _per_page_param(per_page: int | None) -> int:
    if per_page is None:
        return REQUESTED_PER_PAGE
    if isinstance(per_page, bool) or not isinstance(per_page, int):
        raise ConfigurationError(f"per_page: expected an integer, got {per_page!r}")
    if not 1 <= per_page <= MAX_PER_PAGE_ARG:
        raise ConfigurationError(f"per_page: expected 1..{MAX_PER_PAGE_ARG}, got {per_page}")
    return per_page


def _types_param(types: str | Collection[str] | None) -> frozenset[str] | None:
    if types is None:
        return None
    values = [types] if isinstance(types, str) else list(types)
    if not values:
        raise ConfigurationError("type: expected at least one order type, got an empty list")
    for value in values:
        if not isinstance(value, str):
            raise ConfigurationError(f"type: expected order type names, got {value!r}")
        problem = order_type_problem(value)
        if problem:
            raise ConfigurationError(f"type: {problem}")
    return frozenset(values)


def _check_concurrency(concurrency: int) -> None:
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ConfigurationError(f"concurrency: expected an integer >= 1, got {concurrency!r}")


def _link_page(url: str | None) -> int | None:
    if not url:
        return None
    values = parse_qs(urlsplit(url).query).get("page")
    try:
        return int(values[0]) if values else None
    except ValueError:
        return None


def _order_id(order: Order) -> int:
    return order.id


def _figures_id(figures: OrderFigures) -> int:
    return figures["id"]


@dataclass
class _Pass(Generic[ItemT]):
    """One read of every page, and whether what it saw is a consistent snapshot."""

    key: Callable[[ItemT], int]
    orders: dict[int, ItemT] = field(default_factory=dict)
    totals: set[int] = field(default_factory=set)
    duplicates: int = 0

    def add(self, page: Page[ItemT]) -> list[ItemT]:
        self.totals.add(page.meta.total)
        fresh: list[ItemT] = []
        key = self.key
        for order in page.data:
            order_id = key(order)
            if order_id in self.orders:
                self.duplicates += 1
                continue
            self.orders[order_id] = order
            fresh.append(order)
        return fresh

    @property
    def stable(self) -> bool:
        # Orders added or removed while paging shift the rest across page boundaries: the totals
        # then disagree, an id shows up twice, or fewer orders arrive than the total promised.
        return (
            len(self.totals) == 1
            and self.duplicates == 0
            and len(self.orders) == next(iter(self.totals))
        )


class OrdersClient:
    """Reads and changes orders."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    # -- reading -------------------------------------------------------------------------

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
        result = self._page(
            OrderPage, require_id("page", page), _per_page_param(per_page), _status_param(status)
        )
        assert isinstance(result, OrderPage)  # for mypy: parse() built an OrderPage
        return result

    def _page(
        self, model: type[Page[ItemT]], page: int, per_page: int, status: str | None
    ) -> Page[ItemT]:
        """One page with arguments already validated (``status`` already comma-joined)."""
        return self._parse_page(model, self._fetch_page(page, per_page, status), page)

    def _fetch_page(self, page: int, per_page: int, status: str | None) -> Response:
        params: dict[str, str | int] = {"page": page, "per_page": per_page}
        if status is not None:
            params["filter[status]"] = status
        return self._transport.get(ORDERS_PATH, params, hint_404=_NO_API)

    def _parse_page(self, model: type[Page[ItemT]], response: Response, page: int) -> Page[ItemT]:
        result = parse(model, response)
        self._check_page(result, page)
        return result

    def _check_page(self, result: Page[Any], page: int) -> None:
        meta = result.meta

        def bad(reason: str) -> UnexpectedResponseError:
            return UnexpectedResponseError(
                f"GET {ORDERS_PATH} page {page}: {reason}",
                method="GET",
                path=ORDERS_PATH,
                status=200,
            )

        if meta.current_page != page:
            raise bad(f"the server answered page {meta.current_page} instead (repeated page)")
        if meta.per_page < 1 or meta.total < 0:
            raise bad(f"invalid per_page {meta.per_page} or total {meta.total}")
        # Integer ceiling: a float division overflows on an absurd total (10**400).
        expected_last = max(1, -(-meta.total // meta.per_page))
        if meta.last_page != expected_last:
            raise bad(
                f"last_page {meta.last_page} contradicts total {meta.total} at "
                f"per_page {meta.per_page}"
            )
        if len(result.data) > meta.per_page:
            raise bad(f"{len(result.data)} orders on a page of {meta.per_page}")
        next_page = _link_page(result.links.next)
        if result.links.next and (next_page is None or next_page <= page):
            raise bad(f"the next link points backwards or nowhere ({next_page!r})")

    def iter_all(self, status: StatusFilter = None, per_page: int | None = None) -> Iterator[Order]:
        """Yield every order, page by page, each exactly once.

        If orders were added or removed while paging (detected from the totals and ids), it
        reads again, up to :data:`MAX_PASSES` times, yielding only orders not yet yielded. None is
        yielded twice; after one-off changes every order of the final state is yielded. Changes
        timed against the page reads in every pass can still hide an order (offset paging cannot
        rule that out; see the README's "Reliability").
        """
        status_value = _status_param(status)
        per_page = _per_page_param(per_page)
        yielded: set[int] = set()
        for _ in range(MAX_PASSES):
            current = _Pass(_order_id)
            first = self._page(OrderPage, 1, per_page, status_value)
            # An empty first page ends the pass here (see _later_pages).
            later = (
                self._later_pages(OrderPage, first, per_page, status_value, 1) if first.data else ()
            )
            for page in chain((first,), later):
                for order in current.add(page):
                    if order.id not in yielded:
                        yielded.add(order.id)
                        yield order
            if current.stable:
                return
            log.info("orders changed while paging; reading them again")

    def get_all(
        self,
        status: StatusFilter = None,
        per_page: int | None = None,
        *,
        concurrency: int = 1,
    ) -> list[Order]:
        """Every order matching ``status``, newest first (``created_at``, then ``id``).

        Reads page 1, then the remaining pages with up to ``concurrency`` requests in flight. If
        orders moved while paging, it reads again (up to :data:`MAX_PASSES` passes): a stable
        pass is returned as it is; otherwise the union of all passes, deduplicated by id.
        """
        orders, _ = self._gather(OrderPage, _order_id, status, per_page, concurrency)
        return sorted(orders, key=lambda o: (o.created_at, o.id), reverse=True)

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
        rows, _ = self._gather(OrderFiguresPage, _figures_id, status, per_page, concurrency)
        return sorted(rows, key=NEWEST_FIRST, reverse=True)

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
        wanted = _types_param(types)
        moment = now or datetime.now(timezone.utc)
        tallies: list[SummaryTally] = []

        def keep(rows: list[OrderFigures]) -> list[OrderFigures]:
            return rows if wanted is None else [r for r in rows if r["type"] in wanted]

        def start_pass() -> Callable[[list[OrderFigures]], None]:
            tallies.append(SummaryTally(moment))
            add = tallies[-1].add
            return lambda rows: add(keep(rows))

        rows, stable = self._gather(
            OrderFiguresPage, _figures_id, status, per_page, concurrency, start_pass
        )
        if stable and tallies[-1].newest_first:
            return tallies[-1].result()
        rows.sort(key=NEWEST_FIRST, reverse=True)
        return summarize(keep(rows), moment)

    def _gather(
        self,
        model: type[Page[ItemT]],
        key: Callable[[ItemT], int],
        status: StatusFilter,
        per_page: int | None,
        concurrency: int,
        start_pass: Callable[[], Callable[[list[ItemT]], None]] | None = None,
    ) -> tuple[list[ItemT], bool]:
        """Every order, and whether they come from one consistent pass (see :meth:`get_all`).

        :param start_pass: called as each pass starts; what it returns sees each page's orders
            not seen earlier in that pass.
        """
        status_value = _status_param(status)
        per_page = _per_page_param(per_page)
        _check_concurrency(concurrency)
        union: dict[int, ItemT] = {}
        for _ in range(MAX_PASSES):
            observe = start_pass() if start_pass is not None else None
            current = self._read_pass(model, key, status_value, per_page, concurrency, observe)
            if current.stable:
                return list(current.orders.values()), True
            union.update(current.orders)
            log.info("orders changed while paging; reading them again")
        return list(union.values()), False

    def _read_pass(
        self,
        model: type[Page[ItemT]],
        key: Callable[[ItemT], int],
        status: str | None,
        per_page: int,
        concurrency: int,
        observe: Callable[[list[ItemT]], None] | None,
    ) -> _Pass[ItemT]:
        current = _Pass(key)
        first = self._page(model, 1, per_page, status)
        for page in chain((first,), self._later_pages(model, first, per_page, status, concurrency)):
            fresh = current.add(page)
            if observe is not None:
                observe(fresh)
        return current

    def _later_pages(
        self,
        model: type[Page[ItemT]],
        first: Page[ItemT],
        per_page: int,
        status: str | None,
        concurrency: int,
    ) -> Iterator[Page[ItemT]]:
        """The pages after ``first``, in page order, up to and including the first empty one.

        An empty page before the last one means the list ended early: the pass has fewer orders
        than its total (so it is not stable and is read again) and the pages after it are empty
        too. Stopping there keeps a wrong total (say 10**9 orders) from costing a request, and a
        queued future, per page it claims.
        """
        rest = range(2, first.meta.last_page + 1)
        if concurrency == 1 or len(rest) <= 1:
            for number in rest:
                page = self._page(model, number, per_page, status)
                yield page
                if not page.data:
                    return
            return
        numbers = iter(rest)

        def fetch(number: int) -> tuple[int, Response]:
            return number, self._fetch_page(number, per_page, status)

        with ThreadPoolExecutor(max_workers=min(concurrency, len(rest))) as pool:
            # Workers only fetch (mostly waiting, GIL released), so each sends its next request
            # as soon as a body is in; this thread validates. At most 2 * concurrency pages are
            # queued, consumed in page order: the pass is deterministic whatever finishes first.
            queued = deque(pool.submit(fetch, n) for n in islice(numbers, 2 * concurrency))
            try:
                while queued:
                    number, response = queued.popleft().result()
                    queued.extend(pool.submit(fetch, n) for n in islice(numbers, 1))
                    # Let waiting workers take the GIL now: with pages already queued this thread
                    # would otherwise keep it for up to the switch interval (5 ms) while they hold
                    # bodies to read and requests to send (measured: ~2% off a 200-page audit).
                    time.sleep(0)
                    page = self._parse_page(model, response, number)
                    yield page
                    if not page.data:
                        break
            finally:
                for future in queued:
                    future.cancel()

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

        :raises ConfigurationError: for a cycle outside 1..24, before any request.
        """
        require_id("order_id", order_id)
        require_id("service_id", service_id)
        if not isinstance(service_type, str) or not service_type or "/" in service_type:
            raise ConfigurationError(f"service_type: expected e.g. 'server', got {service_type!r}")
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
            order_id=order_id, service_type=service_type, service_id=service_id
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
    ) -> None:
        """Pay orders (assumption A3). Sent once: never retried after it may have arrived.

        :param idempotency_key: reuse the same key to make a deliberate repeat safe; a fresh
            one is generated when omitted.
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
        self._transport.request(
            "POST",
            PAY_ORDERS_PATH,
            json_body={"order_ids": ids, "payment_method": payment_method},
            idempotency_key=idempotency_key,
        )

    def delete(self, order_id: int) -> None:
        """Delete an unpaid order (assumption A4).

        :raises NotFoundError: when it does not exist (callers tearing down may treat it as done).
        """
        path = ORDER_PATH.format(order_id=require_id("order_id", order_id))
        self._transport.request("DELETE", path)
