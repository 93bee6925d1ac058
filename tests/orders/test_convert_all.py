"""``convert_orders``: each order converted as its page arrives, in ``list_orders``'s order, with
the summary ``summarize`` gives, over the same requests; no order held as a model afterwards."""

from __future__ import annotations

import gc
import weakref
from collections import Counter
from datetime import datetime, timezone

import pytest

from pulumi_vpsorg.client import VpsOrgClient
from pulumi_vpsorg.orders.models import Order
from pulumi_vpsorg.orders.summary import summarize
from pulumi_vpsorg.testing import FakeVpsOrgApi, RecordedRequest

ALL_STATUSES = ["pending_payment", "awaiting_payment", "processing", "paid", "cancelled"]
NOW = datetime(2025, 6, 1, tzinfo=timezone.utc)
ORDERS = "/api/v1/orders"


def _themselves(orders: list[Order]) -> list[Order]:
    return orders


@pytest.mark.parametrize("concurrency", [1, 8])
def test_the_orders_and_summary_of_list_orders_and_summarize(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient, concurrency: int
) -> None:
    read = client.convert_orders(_themselves, ALL_STATUSES, now=NOW, concurrency=concurrency)
    requests = fake_api.count_requests(path=ORDERS)
    listed = client.list_orders(ALL_STATUSES, concurrency=concurrency)

    assert read.converted == listed
    assert len(listed) == len(fake_api.orders) > 100  # several pages
    assert read.summary == summarize(listed, NOW)
    assert read.count_by_type == dict(Counter(o.type for o in listed))
    assert fake_api.count_requests(path=ORDERS) == 2 * requests  # the same requests


def test_a_type_filter_converts_and_counts_only_those_types(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    seen: list[int] = []

    def convert(orders: list[Order]) -> list[int]:
        seen.extend(o.id for o in orders)
        return [o.id for o in orders]

    read = client.convert_orders(convert, ALL_STATUSES, "renew-service", now=NOW, concurrency=8)
    listed = client.list_orders(ALL_STATUSES)
    renewals = [o for o in listed if o.type == "renew-service"]

    assert 0 < len(renewals) < len(listed)
    assert read.converted == [o.id for o in renewals]
    assert sorted(seen) == sorted(read.converted)  # the others are never converted
    assert read.summary == summarize(renewals, NOW)
    assert read.count_by_type == dict(Counter(o.type for o in listed))  # every type read


def test_no_order_is_held_as_a_model_after_its_page(client: VpsOrgClient) -> None:
    def refs(orders: list[Order]) -> list[weakref.ref[Order]]:
        return [weakref.ref(o) for o in orders]

    read = client.convert_orders(refs, ALL_STATUSES, concurrency=8)
    gc.collect()

    assert len(read.converted) > 100
    assert all(ref() is None for ref in read.converted)


def test_orders_moving_in_every_pass_give_their_union_newest_first_and_its_summary(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    before = {i for i, o in fake_api.orders.items() if o["status"] in ALL_STATUSES}
    added: list[int] = []

    def hook(request: RecordedRequest) -> None:
        if request.path == ORDERS and request.query.get("page") in ("2", "6"):
            added.append(fake_api.add_order(status="paid")["id"])

    fake_api.on_request = hook
    read = client.convert_orders(_themselves, ALL_STATUSES, now=NOW, concurrency=8)
    fake_api.on_request = None

    ids = [o.id for o in read.converted]
    assert added and len(ids) == len(set(ids))
    assert before <= set(ids) <= before | set(added)  # no pass was consistent: the union
    keys = [(o.created_at, o.id) for o in read.converted]
    assert keys == sorted(keys, reverse=True)
    assert read.summary == summarize(read.converted, NOW)
