"""Order functions: the audit covers every known status by default, filters that cannot match."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from pulumi_vpsorg import ConfigurationError, NotFoundError
from pulumi_vpsorg.client import VpsOrgClient
from pulumi_vpsorg.functions import OrderResult, get_order, get_orders
from pulumi_vpsorg.orders.models import OrderStatus
from pulumi_vpsorg.orders.summary import summarize
from pulumi_vpsorg.testing import FakeVpsOrgApi

from .other_default_api import DEFAULT_FILTER, OtherDefaultApi, other_default_api

ORDERS = "/api/v1/orders"
KNOWN = list(OrderStatus.KNOWN)


@pytest.fixture
def other_api(fake_api: FakeVpsOrgApi) -> Iterator[OtherDefaultApi]:
    with other_default_api(list(fake_api.orders.values())) as api:
        yield api


def test_no_status_audits_every_known_status(
    fake_api: FakeVpsOrgApi, creds: dict[str, str], client: VpsOrgClient
) -> None:
    result = get_orders(**creds)
    expected = client.list_orders(KNOWN)
    assert [o.id for o in result.orders] == [o.id for o in expected]
    assert result.summary.count == len(fake_api.orders)
    s = summarize(expected)
    assert result.summary.order_ids == list(s.order_ids)
    assert result.summary.unpaid_total == float(s.unpaid_total)
    unpaid = Counter(o["status"] for o in fake_api.orders.values() if o["status"] in KNOWN[:3])
    assert result.summary.unpaid_count == sum(unpaid.values()) == 267
    # The result says what it covered.
    assert result.status == KNOWN and result.type is None
    assert {r.query["filter[status]"] for r in fake_api.requests} == {",".join(KNOWN)}


def test_the_audit_default_does_not_lean_on_the_servers_default(
    other_api: OtherDefaultApi, fake_api: FakeVpsOrgApi
) -> None:
    result = get_orders(api_token="any-token", api_url=other_api.url)
    statuses = Counter(o["status"] for o in fake_api.orders.values())
    assert result.summary.count_by_status == dict(sorted(statuses.items()))
    assert result.summary.unpaid_count == 267
    assert None not in other_api.filters
    # What leaning on that server's default would have reported:
    with VpsOrgClient(api_token="any-token", api_url=other_api.url) as raw:
        assert {o.status for o in raw.list_orders()} == set(DEFAULT_FILTER)


@pytest.mark.parametrize("all_", ["all", ["all"], ["paid", "all"]])
def test_status_all_is_every_known_status(
    fake_api: FakeVpsOrgApi, creds: dict[str, str], all_: Any
) -> None:
    result = get_orders(all_, **creds)
    assert result.status == KNOWN and result.summary.count == len(fake_api.orders)


@pytest.mark.parametrize(
    ("bad", "hint"), [("pendng_payment", ""), ("PAID", "did you mean 'paid'"), ("paid,cancelled", "")]
)
def test_an_unknown_status_is_refused_before_any_request(
    fake_api: FakeVpsOrgApi, creds: dict[str, str], bad: str, hint: str
) -> None:
    with pytest.raises(ConfigurationError) as info:
        get_orders(["paid", bad], **creds)
    message = str(info.value)
    assert message.startswith("status: ") and repr(bad) in message
    assert hint in message
    if "," not in bad:
        assert all(s in message for s in KNOWN)
    assert fake_api.requests == []


def test_unknown_statuses_pass_through_when_allowed(other_api: OtherDefaultApi) -> None:
    # The fake API refuses statuses it does not know (422); this server lists them if it has any.
    result = get_orders(
        ["paid", "refunded"], allow_unknown_status=True, api_token="t", api_url=other_api.url
    )
    assert result.status == ["paid", "refunded"]
    assert set(other_api.filters) == {"paid,refunded"}
    assert set(result.summary.count_by_status) == {"paid"}


@pytest.mark.parametrize("value", ["no", "false", 1, 0, None, ["true"]])
@pytest.mark.parametrize("status", [["PAID"], None])
def test_allow_unknown_status_must_be_a_boolean(
    fake_api: FakeVpsOrgApi, creds: dict[str, str], value: object, status: list[str] | None
) -> None:
    """A truthy string would otherwise turn the check of the statuses off, and the API would
    answer 422 after a request."""
    with pytest.raises(ConfigurationError, match="allow_unknown_status: expected true or false"):
        get_orders(status, allow_unknown_status=value, **creds)  # type: ignore[arg-type]
    assert fake_api.requests == []


def test_reads_page_one_then_the_rest(fake_api: FakeVpsOrgApi, creds: dict[str, str]) -> None:
    result = get_orders("paid", **creds)
    pages = [r for r in fake_api.requests if r.path == ORDERS]
    assert pages[0].query["page"] == "1"
    numbers = sorted(int(r.query["page"]) for r in pages)
    assert numbers == list(range(1, len(pages) + 1))
    assert all(r.query["filter[status]"] == "paid" for r in pages)
    assert result.summary.count_by_status == {"paid": result.summary.count}
    assert result.summary.unpaid_count == 0 and result.summary.overdue_count == 0


def test_type_is_filtered_client_side(fake_api: FakeVpsOrgApi, creds: dict[str, str]) -> None:
    result = get_orders(["pending_payment", "paid"], type="renew-service", **creds)
    assert result.orders and {o.type for o in result.orders} == {"renew-service"}
    assert result.summary.count_by_type == {"renew-service": result.summary.count}
    assert all("type" not in r.query for r in fake_api.requests)
    created = [o.created_at for o in result.orders]
    assert created == sorted(created, reverse=True)


def test_a_type_that_matches_nothing_says_so(
    fake_api: FakeVpsOrgApi, creds: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    result = get_orders("paid", type="renew", **creds)
    assert result.summary.count == 0
    warning = capsys.readouterr().err
    assert "no order has type 'renew'" in warning
    assert "renew-service" in warning  # the types that are there


def test_overdue_orders(fake_api: FakeVpsOrgApi, creds: dict[str, str]) -> None:
    late = fake_api.add_order(due_at="2020-01-01T00:00:00Z")
    result = get_orders("pending_payment", **creds)
    assert late["id"] in result.summary.overdue_order_ids
    assert result.orders[0].id == late["id"]  # newest first


def test_get_order(fake_api: FakeVpsOrgApi, creds: dict[str, str]) -> None:
    paid_by_card = next(i for i, o in fake_api.orders.items() if o["payment_information"])
    order = get_order(paid_by_card, **creds)
    assert isinstance(order, OrderResult)
    assert order.id == paid_by_card and order.invoices and isinstance(order.services, tuple)
    assert isinstance(order.created_at, str) and order.created_at.endswith("Z")
    assert order.payment_information is not None
    assert isinstance(order.payment_information.last_4, str)
    with pytest.raises(NotFoundError):
        get_order(10**9, **creds)


def test_bad_arguments_fail_before_any_request(
    fake_api: FakeVpsOrgApi, creds: dict[str, str]
) -> None:
    with pytest.raises(ConfigurationError, match="order_id"):
        get_order(0, **creds)
    with pytest.raises(ConfigurationError, match="type"):
        get_orders(type=[], **creds)
    with pytest.raises(ConfigurationError, match="status"):
        get_orders(status=[], **creds)
    assert fake_api.count_requests() == 0


@pytest.mark.parametrize("bad", ["renew_service", "Renew-Service", "renew service"])
def test_a_mistyped_order_type_is_refused_before_any_request(
    fake_api: FakeVpsOrgApi, creds: dict[str, str], bad: str
) -> None:
    # Types are filtered here, so a typo would otherwise audit nothing and "pass".
    with pytest.raises(ConfigurationError, match=r"type: .*did you mean 'renew-service'"):
        get_orders(type=[bad], **creds)
    assert fake_api.requests == []


def test_each_order_becomes_its_output_as_its_page_arrives(
    fake_api: FakeVpsOrgApi, creds: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pulumi_vpsorg.functions import orders as module
    from pulumi_vpsorg.functions.results import order_result, order_results

    requests_seen: list[int] = []

    def converting(orders: list[Any]) -> list[OrderResult]:
        requests_seen.extend([fake_api.count_requests(method="GET", path=ORDERS)] * len(orders))
        return order_results(orders)

    monkeypatch.setattr(module, "order_results", converting)
    result = get_orders(**creds)
    pages = fake_api.count_requests(method="GET", path=ORDERS)
    assert pages == 18 and len(result.orders) == len(fake_api.orders) == 1796
    # Converted while later pages were still to be requested (the reader queues at most
    # 2 * concurrency pages ahead), each order once, and the outputs are the orders' own.
    assert len(requests_seen) == 1796 and requests_seen[0] < pages
    with VpsOrgClient(api_token=fake_api.token, api_url=fake_api.url) as c:
        expected = c.list_orders(KNOWN)
    assert [r.to_dict() for r in result.orders] == [order_result(o).to_dict() for o in expected]


def test_listed_orders_keep_nothing_for_the_collector_to_scan_but_themselves(
    fake_api: FakeVpsOrgApi, creds: dict[str, str]
) -> None:
    """Listed orders have no invoices or services: each holds an empty tuple, which the collector
    does not track, and an order with nothing nested keeps an untracked ``__dict__``
    (docs/benchmarks.md, third pass)."""
    import gc
    import sys

    result = get_orders(**creds)
    assert all(o.invoices == () and o.services == () for o in result.orders)
    assert not any(gc.is_tracked(o.invoices) or gc.is_tracked(o.services) for o in result.orders)
    flat = [o for o in result.orders if o.payment_information is None and o.promo is None]
    assert flat
    if sys.version_info < (3, 14):  # from 3.14 CPython tracks every dict (gh-127010)
        gc.collect()  # a dict of atoms is untracked lazily, at a collection
        assert not any(gc.is_tracked(vars(o)) for o in flat)


def test_outputs_are_those_of_the_read_returned_when_orders_move(
    fake_api: FakeVpsOrgApi, creds: dict[str, str]
) -> None:
    """Orders changed during the first read (one paid, one added): the listing is read again, and
    every output is that of the order as the returned read has it, not as first converted."""
    from pulumi_vpsorg.functions.results import order_result

    pending = sorted(i for i, o in fake_api.orders.items() if o["status"] == "pending_payment")
    changed, reads = pending[0], []

    def hook(request: Any) -> None:
        if request.path == ORDERS and request.query.get("page") == "1":
            reads.append(1)
        if len(reads) == 1 and request.path == ORDERS and request.query.get("page") == "9":
            fake_api.update_order(changed, status="paid")
            fake_api.add_order(status="pending_payment")

    fake_api.on_request = hook
    result = get_orders(**creds)
    fake_api.on_request = None
    assert len(reads) >= 2  # the first read was not consistent
    with VpsOrgClient(api_token=fake_api.token, api_url=fake_api.url) as c:
        expected = c.list_orders(KNOWN)
    assert [r.to_dict() for r in result.orders] == [order_result(o).to_dict() for o in expected]
    assert next(r for r in result.orders if r.id == changed).status == "paid"
