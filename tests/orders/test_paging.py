"""The paging reader over the fake API: every page, each order once, newest first, read
again when orders move, a repeated page an error."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import pytest

from pulumi_vpsorg import (
    OrderStatus,
    UnexpectedResponseError,
    VpsOrgClient,
)
from pulumi_vpsorg.orders.summary import summarize
from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault, RecordedRequest
from tests.client_support import ALL, add_a_paid_order_on_page_3


def test_iter_orders_follows_every_page_with_the_default_filter(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    fake_api.max_per_page = 50
    expected = {i for i, o in fake_api.orders.items() if o["status"] in OrderStatus.API_DEFAULT}
    seen = [o.id for o in client.iter_orders()]
    assert len(seen) == len(set(seen)) and set(seen) == expected
    pages = [r for r in fake_api.requests if r.path == "/api/v1/orders"]
    assert len(pages) == -(-len(expected) // 50)
    assert pages[0].query == {"page": "1", "per_page": "100"}
    assert [int(r.query["page"]) for r in pages] == list(range(1, len(pages) + 1))


def test_list_orders_concurrent_equals_sequential_and_is_newest_first(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    sequential = list(client.iter_orders(status=ALL, per_page=20))
    concurrent = client.list_orders(status=ALL, per_page=20, concurrency=8)
    assert len(concurrent) == 1796
    assert {o.id for o in concurrent} == {o.id for o in sequential}
    keys = [(o.created_at, o.id) for o in concurrent]
    assert keys == sorted(keys, reverse=True)


def test_summarize_orders_reads_again_when_orders_move_while_paging(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    added = add_a_paid_order_on_page_3(fake_api)
    now = datetime(2025, 1, 10, tzinfo=timezone.utc)
    summary = client.summarize_orders(ALL, now=now)
    fake_api.on_request = None
    assert added and added[0] in summary.order_ids
    assert len(set(summary.order_ids)) == summary.count == len(fake_api.orders)
    assert summary == summarize(client.list_order_figures(ALL), now)


def test_orders_added_while_paging_are_neither_lost_nor_duplicated(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    added = add_a_paid_order_on_page_3(fake_api)
    expected = {i for i, o in fake_api.orders.items() if o["status"] in OrderStatus.API_DEFAULT}
    seen = [o.id for o in client.iter_orders(per_page=25)]
    assert len(seen) == len(set(seen))
    assert set(seen) >= expected and added[0] in seen


def test_orders_removed_while_paging_do_not_hide_the_rest(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    newest = client.list_orders(per_page=25, concurrency=1)[0].id
    fake_api.clear_requests()
    removed: list[int] = []

    def remove_on_page_2(request: RecordedRequest) -> None:
        if request.query.get("page") == "2" and not removed:
            fake_api.remove_order(newest)
            removed.append(newest)

    fake_api.on_request = remove_on_page_2
    got = client.list_orders(per_page=25, concurrency=4)
    expected = {i for i, o in fake_api.orders.items() if o["status"] in OrderStatus.API_DEFAULT}
    ids = [o.id for o in got]
    assert len(ids) == len(set(ids))
    assert set(ids) - {newest} == expected


@pytest.mark.parametrize(
    "read",
    [
        lambda c: list(c.iter_orders(per_page=10)),
        lambda c: c.list_order_figures(per_page=10, concurrency=3),
    ],
    ids=["iter_orders", "list_order_figures"],
)
def test_a_repeated_page_is_an_error_not_a_loop(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient, read: Callable[[VpsOrgClient], object]
) -> None:
    def back_to_one(body: Any) -> Any:
        body["meta"]["current_page"] = 1
        return body

    fake_api.add_fault(Fault.mutate_json(back_to_one), query={"page": "2"}, times=100)
    with pytest.raises(UnexpectedResponseError, match="repeated page"):
        read(client)
