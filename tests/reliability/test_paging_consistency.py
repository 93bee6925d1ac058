"""Orders added, removed or changed while an audit pages through: never a duplicate, and exactly
what ``docs/reliability.md`` ("Orders changing during an audit") promises.

``list_orders`` (concurrent) and ``iter_orders`` (sequential) both read every page, check that
the pass was consistent (one total, no id twice, as many orders as the total) and otherwise read
again, up to ``MAX_PASSES`` times.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from pulumi_vpsorg import VpsOrgClient
from pulumi_vpsorg.orders.client import MAX_PASSES
from pulumi_vpsorg.orders.models import Order
from pulumi_vpsorg.testing import FakeVpsOrgApi, RecordedRequest

from .conftest import ALL_STATUSES, bounded, fast_client

ORDERS = "/api/v1/orders"
PER_PAGE = 20


@pytest.fixture
def api() -> Iterator[FakeVpsOrgApi]:
    with FakeVpsOrgApi(order_count=300, max_per_page=PER_PAGE, seed=5) as fake:
        yield fake


@pytest.fixture
def client(api: FakeVpsOrgApi) -> Iterator[VpsOrgClient]:
    with fast_client(api) as c:
        yield c


READERS: dict[str, Callable[[VpsOrgClient, list[str]], list[int]]] = {
    "list_orders(concurrency=8)": lambda c, s: [
        o.id for o in c.list_orders(status=s, concurrency=8)
    ],
    "list_orders(concurrency=1)": lambda c, s: [
        o.id for o in c.list_orders(status=s, concurrency=1)
    ],
    "iter_orders": lambda c, s: [o.id for o in c.iter_orders(status=s)],
    "convert_orders(concurrency=8)": lambda c, s: (
        c.convert_orders(_order_ids, s, concurrency=8).converted
    ),
}


def _order_ids(orders: list[Order]) -> list[int]:
    return [o.id for o in orders]


def current_ids(api: FakeVpsOrgApi, statuses: list[str]) -> set[int]:
    return {i for i, o in api.orders.items() if o["status"] in statuses}


class Pass:
    """Counts passes at the fake (a request for page 1 starts one)."""

    def __init__(self) -> None:
        self.number = 0

    def see(self, request: RecordedRequest) -> int:
        if request.path == ORDERS and request.query.get("page") == "1":
            self.number += 1
        return self.number


def assert_final_state(reader: str, ids: set[int], final: set[int], gone: set[int]) -> None:
    """``list_orders`` and ``convert_orders`` return the consistent pass: exactly the final state. ``iter_orders``
    streams, so what it yielded from an inconsistent pass stays yielded: every order of the final
    state, plus possibly orders that left during the audit."""
    if not reader.startswith("iter_orders"):
        assert ids == final
    else:
        assert final <= ids <= final | gone


def page_of(request: RecordedRequest) -> int | None:
    if request.path != ORDERS:
        return None
    return int(request.query.get("page", "1"))


@pytest.mark.parametrize("reader", sorted(READERS))
def test_orders_added_during_a_pass_give_the_final_state_exactly(
    api: FakeVpsOrgApi, client: VpsOrgClient, reader: str
) -> None:
    passes = Pass()
    added: list[int] = []

    def hook(request: RecordedRequest) -> None:
        if passes.see(request) == 1 and page_of(request) in (3, 7, 12):
            added.append(api.add_order(status="paid")["id"])

    api.on_request = hook
    ids = bounded(lambda: READERS[reader](client, ALL_STATUSES))
    assert len(ids) == len(set(ids))
    assert set(ids) == current_ids(api, ALL_STATUSES)
    assert set(added) <= set(ids) and len(added) == 3


@pytest.mark.parametrize("reader", sorted(READERS))
def test_orders_removed_during_a_pass_give_the_final_state_exactly(
    api: FakeVpsOrgApi, client: VpsOrgClient, reader: str
) -> None:
    passes = Pass()
    before = sorted(current_ids(api, ALL_STATUSES), reverse=True)
    removed: list[int] = []

    def hook(request: RecordedRequest) -> None:
        if passes.see(request) == 1 and page_of(request) in (2, 5, 9):
            victim = before[len(removed) * 40 + 3]  # one early in the list each time
            api.remove_order(victim)
            removed.append(victim)

    api.on_request = hook
    ids = bounded(lambda: READERS[reader](client, ALL_STATUSES))
    assert len(ids) == len(set(ids))
    assert_final_state(reader, set(ids), current_ids(api, ALL_STATUSES), set(removed))


@pytest.mark.parametrize("reader", sorted(READERS))
def test_orders_leaving_the_filter_during_a_pass_give_the_final_state_exactly(
    api: FakeVpsOrgApi, client: VpsOrgClient, reader: str
) -> None:
    statuses = ["pending_payment", "paid"]
    pending = sorted(
        (i for i, o in api.orders.items() if o["status"] == "pending_payment"), reverse=True
    )
    passes = Pass()

    def hook(request: RecordedRequest) -> None:
        if passes.see(request) == 1 and page_of(request) == 4:
            for order_id in pending[:3]:
                api.update_order(order_id, status="cancelled")  # no longer matches the filter
            api.add_order(status="pending_payment")

    api.on_request = hook
    ids = bounded(lambda: READERS[reader](client, statuses))
    assert len(ids) == len(set(ids))
    assert_final_state(reader, set(ids), current_ids(api, statuses), set(pending[:3]))


@pytest.mark.parametrize("reader", sorted(READERS))
def test_continuous_additions_never_duplicate_nor_lose_an_order(
    api: FakeVpsOrgApi, client: VpsOrgClient, reader: str
) -> None:
    """Orders arrive during every pass, so no pass is consistent: the result is the union of
    the passes. Additions only push orders to later pages, so nothing present throughout is
    missed; newly added orders may or may not be included."""
    before = current_ids(api, ALL_STATUSES)
    added: list[int] = []

    def hook(request: RecordedRequest) -> None:
        if page_of(request) in (2, 6):
            added.append(api.add_order(status="paid")["id"])

    api.on_request = hook
    ids = bounded(lambda: READERS[reader](client, ALL_STATUSES))
    assert len(ids) == len(set(ids))
    assert before <= set(ids) <= before | set(added)
    assert api.count_requests(path=ORDERS) <= MAX_PASSES * (len(before) // PER_PAGE + 3)


@pytest.mark.parametrize("reader", sorted(READERS))
def test_continuous_removals_never_duplicate_nor_invent_an_order(
    api: FakeVpsOrgApi, client: VpsOrgClient, reader: str
) -> None:
    before = sorted(current_ids(api, ALL_STATUSES), reverse=True)
    victims = iter(before[::7])

    def hook(request: RecordedRequest) -> None:
        if page_of(request) in (3, 8):
            api.remove_order(next(victims))

    api.on_request = hook
    ids = bounded(lambda: READERS[reader](client, ALL_STATUSES))
    assert len(ids) == len(set(ids))
    assert set(ids) <= set(before)


@pytest.mark.xfail(
    strict=True,
    reason="documented limit: when changes are timed against the page reads in every pass, an "
    "order present throughout can cross a page boundary each time and be missed "
    "(docs/reliability.md, 'Orders changing during an audit')",
)
def test_adversarial_churn_in_every_pass_can_hide_an_order_present_throughout(
    api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    before = current_ids(api, ALL_STATUSES)
    phantom: list[int] = []

    def hook(request: RecordedRequest) -> None:
        page = page_of(request)
        if page == 1:  # a new order on top pushes the last order of page 1 to page 2 ...
            phantom.append(api.add_order(status="paid")["id"])
        elif page == 2 and phantom:  # ... and removing it pulls that order back to page 1
            api.remove_order(phantom.pop())

    api.on_request = hook
    ids: list[Any] = bounded(lambda: [o.id for o in client.iter_orders(status=ALL_STATUSES)])
    assert len(ids) == len(set(ids))
    assert before <= set(ids)
