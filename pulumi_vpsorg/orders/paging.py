"""The multi-pass paging reader: every page of a listing, each item once, read again when the
listing moved while it was being read.

It knows pages (``meta``, ``links``, ``data``), not orders: the caller gives it a function that
fetches one page by number, and how to identify an item. A pass reads page 1, then the pages
after it (up to ``concurrency`` requests in flight, consumed in page order); the pass is stable
when every page agreed on ``meta.total``, no id came twice and as many items arrived as the total
promised. Otherwise it reads again, up to :data:`MAX_PASSES` times.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any, Final, Generic, TypeVar
from urllib.parse import parse_qs, urlsplit

from .._errors import ConfigurationError, UnexpectedResponseError
from .._http import Response
from .._parsing import parse
from .models import Page

__all__ = ["MAX_PASSES", "Keep", "PagedReader", "check_concurrency"]

log = logging.getLogger("pulumi_vpsorg")

#: Extra full reads when items moved while paging.
MAX_PASSES: Final = 3
ItemT = TypeVar("ItemT")


def check_concurrency(concurrency: int) -> None:
    """:raises ConfigurationError: unless ``concurrency`` is an integer >= 1."""
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


def _themselves(items: list[Any]) -> list[Any]:
    return items


#: What to hold of a page's new items: one value per item, in order, made in one call per page.
Keep = Callable[[list[ItemT]], list[Any]]


@dataclass
class _Pass(Generic[ItemT]):
    """One read of every page, and whether what it saw is a consistent snapshot.

    ``items`` holds what ``keep`` made of each item, by id: the item itself unless the caller
    keeps less.
    """

    key: Callable[[ItemT], int]
    keep: Keep[ItemT] = _themselves
    items: dict[int, Any] = field(default_factory=dict)
    totals: set[int] = field(default_factory=set)
    duplicates: int = 0

    def add(self, page: Page[ItemT]) -> list[Any]:
        """Take in a page; returns what is kept of its items not seen earlier in this pass."""
        self.totals.add(page.meta.total)
        key, items = self.key, self.items
        fresh: dict[int, ItemT] = {}
        for item in page.data:
            item_id = key(item)
            if item_id in items or item_id in fresh:
                self.duplicates += 1
                continue
            fresh[item_id] = item
        kept = self.keep(list(fresh.values()))
        items.update(zip(fresh, kept, strict=True))
        return kept

    @property
    def stable(self) -> bool:
        # Items added or removed while paging shift the rest across page boundaries: the totals
        # then disagree, an id shows up twice, or fewer items arrive than the total promised.
        return (
            len(self.totals) == 1
            and self.duplicates == 0
            and len(self.items) == next(iter(self.totals))
        )


class PagedReader:
    """Reads one listing (fixed filters and page size) page by page.

    :param fetch: sends the request for one page number and returns the response.
    :param path: the listing's path, for errors.
    """

    def __init__(self, fetch: Callable[[int], Response], path: str) -> None:
        self._fetch = fetch
        self._path = path

    def page(self, model: type[Page[ItemT]], number: int) -> Page[ItemT]:
        """One page, parsed and checked."""
        return self._parse(model, self._fetch(number), number)

    def _parse(self, model: type[Page[ItemT]], response: Response, number: int) -> Page[ItemT]:
        result = parse(model, response)
        self._check(result, number)
        return result

    def _check(self, result: Page[Any], number: int) -> None:
        meta = result.meta

        def bad(reason: str) -> UnexpectedResponseError:
            return UnexpectedResponseError(
                f"GET {self._path} page {number}: {reason}",
                method="GET",
                path=self._path,
                status=200,
            )

        if meta.current_page != number:
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
            raise bad(f"{len(result.data)} items on a page of {meta.per_page}")
        next_page = _link_page(result.links.next)
        if result.links.next and (next_page is None or next_page <= number):
            raise bad(f"the next link points backwards or nowhere ({next_page!r})")

    def iter_items(self, model: type[Page[ItemT]], key: Callable[[ItemT], int]) -> Iterator[ItemT]:
        """Every item, page by page, each exactly once, one request at a time.

        If the listing moved (detected from the totals and ids), it reads again, up to
        :data:`MAX_PASSES` times, yielding only items not yet yielded.
        """
        yielded: set[int] = set()
        for _ in range(MAX_PASSES):
            current = _Pass(key)
            first = self.page(model, 1)
            # An empty first page ends the pass here (see _later_pages).
            later = self._later_pages(model, first, 1) if first.data else ()
            for page in chain((first,), later):
                for item in current.add(page):
                    item_id = key(item)
                    if item_id not in yielded:
                        yielded.add(item_id)
                        yield item
            if current.stable:
                return
            log.info("orders changed while paging; reading them again")

    def gather(
        self,
        model: type[Page[ItemT]],
        key: Callable[[ItemT], int],
        concurrency: int,
        start_pass: Callable[[], Keep[ItemT]] | None = None,
    ) -> tuple[dict[int, Any], bool]:
        """Every item by id, in the order read, and whether they come from one consistent pass:
        a stable pass as it is; otherwise the union of all passes (an item the later passes saw
        again as they saw it).

        :param start_pass: called as each pass starts; what it returns makes what that pass holds
            of each page's items not seen earlier in the pass, as the page arrives (default: the
            items themselves). Holding less lets the items go page by page.
        """
        check_concurrency(concurrency)
        union: dict[int, Any] = {}
        for _ in range(MAX_PASSES):
            keep = start_pass() if start_pass is not None else _themselves
            current = self._read_pass(model, key, concurrency, keep)
            if current.stable:
                return current.items, True
            union.update(current.items)
            log.info("orders changed while paging; reading them again")
        return union, False

    def _read_pass(
        self,
        model: type[Page[ItemT]],
        key: Callable[[ItemT], int],
        concurrency: int,
        keep: Keep[ItemT],
    ) -> _Pass[ItemT]:
        current = _Pass(key, keep)
        first = self.page(model, 1)
        for page in chain((first,), self._later_pages(model, first, concurrency)):
            current.add(page)
        return current

    def _later_pages(
        self, model: type[Page[ItemT]], first: Page[ItemT], concurrency: int
    ) -> Iterator[Page[ItemT]]:
        """The pages after ``first``, in page order, up to and including the first empty one.

        An empty page before the last one means the list ended early: the pass has fewer items
        than its total (so it is not stable and is read again) and the pages after it are empty
        too. Stopping there keeps a wrong total (say 10**9 items) from costing a request, and a
        queued future, per page it claims.
        """
        rest = range(2, first.meta.last_page + 1)
        if concurrency == 1 or len(rest) <= 1:
            for number in rest:
                page = self.page(model, number)
                yield page
                if not page.data:
                    return
            return
        numbers = iter(rest)
        fetch = self._fetch

        def fetch_numbered(number: int) -> tuple[int, Response]:
            return number, fetch(number)

        with ThreadPoolExecutor(max_workers=min(concurrency, len(rest))) as pool:
            # Workers only fetch (mostly waiting, GIL released), so each sends its next request
            # as soon as a body is in; this thread validates. At most 2 * concurrency pages are
            # queued, consumed in page order: the pass is deterministic whatever finishes first.
            queued = deque(pool.submit(fetch_numbered, n) for n in islice(numbers, 2 * concurrency))
            try:
                while queued:
                    number, response = queued.popleft().result()
                    queued.extend(pool.submit(fetch_numbered, n) for n in islice(numbers, 1))
                    # Let waiting workers take the GIL now, and again between parsing the page and
                    # the caller's work on it: with pages already queued this thread would
                    # otherwise keep it for up to the switch interval (5 ms) while they hold
                    # bodies to read and requests to send (measured: ~2% off a 200-page audit,
                    # and ~1% more for the second yield).
                    time.sleep(0)
                    page = self._parse(model, response, number)
                    time.sleep(0)
                    yield page
                    if not page.data:
                        break
            finally:
                for future in queued:
                    future.cancel()
