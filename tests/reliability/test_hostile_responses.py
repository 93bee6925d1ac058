"""Hostile or broken responses: a clear typed error or a correct result; no crash, no unbounded
memory or work, and no request to another host with the token.

"Another host" is a second loopback server (127.0.0.2, or 127.0.0.1 on another port) that records
whatever reaches it.
"""

from __future__ import annotations

import gzip
import json
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from pulumi_vpsorg import (
    ConnectionFailedError,
    ServerError,
    UnexpectedResponseError,
    VpsOrgClient,
    VpsOrgError,
)
from pulumi_vpsorg._http import MAX_BODY_BYTES
from pulumi_vpsorg.orders.client import MAX_PASSES
from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault

from .conftest import ALL_STATUSES, OtherHost, bounded, fast_client, reset

PLANS = "/api/v1/plans/"
PLAN = "/api/v1/plans/2/"
ORDERS = "/api/v1/orders"
ORDER = "/api/v1/orders/7736"
PER_PAGE = 20


@pytest.fixture(scope="module")
def api() -> Iterator[FakeVpsOrgApi]:
    with FakeVpsOrgApi(order_count=300, max_per_page=PER_PAGE, seed=3) as fake:
        yield fake


@pytest.fixture(scope="module")
def reference(api: FakeVpsOrgApi) -> dict[str, Any]:
    with fast_client(api) as c:
        return {
            "plans": c.list_plans(),
            "plan": c.get_plan(2),
            "orders": c.list_orders(status=ALL_STATUSES, concurrency=4),
            "order": c.get_order(7736),
        }


@pytest.fixture(autouse=True)
def _quiet(api: FakeVpsOrgApi) -> Iterator[None]:
    reset(api)
    yield
    reset(api)


@pytest.fixture
def client(api: FakeVpsOrgApi) -> Iterator[VpsOrgClient]:
    with fast_client(api, max_retries=2) as c:
        yield c


def pages(api: FakeVpsOrgApi) -> int:
    return api.count_requests(path=ORDERS)


CALLS: dict[str, tuple[str, Callable[[VpsOrgClient], Any]]] = {
    "plans": (PLANS, lambda c: c.list_plans()),
    "plan": (PLAN, lambda c: c.get_plan(2)),
    "orders": (ORDERS, lambda c: c.list_orders(status=ALL_STATUSES, concurrency=4)),
    "order": (ORDER, lambda c: c.get_order(7736)),
}


# -- broken bodies: one typed error ----------------------------------------------------------

BROKEN_BODIES = {
    "html-error-page": (
        b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>",
        "text/html",
    ),
    "truncated-json": (b'{"data": [{"id": 1, "amount": "1', "application/json"),
    "empty": (b"", "application/json"),
    "json-null": (b"null", "application/json"),
    "json-list": (b"[1, 2, 3]", "application/json"),
    "json-string": (b'"ok"', "application/json"),
    "error-shape-with-200": (b'{"message": "Server Error"}', "application/json"),
    "not-utf8": (b'{"count": \xff\xfe}', "application/json"),
    "nan-and-infinity": (b'{"count": NaN, "results": Infinity}', "application/json"),
    "deeply-nested": (b"[" * 100_000 + b"]" * 100_000, "application/json"),
    "huge-integer": (b'{"count": ' + b"9" * 5000 + b"}", "application/json"),
}


@pytest.mark.parametrize("name", sorted(BROKEN_BODIES))
@pytest.mark.parametrize("call", sorted(CALLS))
def test_a_broken_body_is_one_typed_error(
    api: FakeVpsOrgApi, client: VpsOrgClient, call: str, name: str
) -> None:
    path, fn = CALLS[call]
    body, ctype = BROKEN_BODIES[name]
    api.add_fault(Fault.raw(200, body, ctype), path=path, times=100)
    with pytest.raises(UnexpectedResponseError) as info:
        bounded(lambda: fn(client))
    assert info.value.status == 200
    assert info.value.path == path.removeprefix("/api/v1")
    assert len(str(info.value)) < 2000  # names the problem, never echoes the body
    assert api.token not in str(info.value)


def test_an_html_error_page_is_retried_then_a_server_error(
    api: FakeVpsOrgApi, client: VpsOrgClient, reference: dict[str, Any]
) -> None:
    page = b"<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"
    api.add_fault(Fault.raw(502, page, "text/html"), path=PLANS, times=2)
    assert client.list_plans() == reference["plans"]
    api.add_fault(Fault.raw(502, page, "text/html"), path=PLANS, times=3)
    with pytest.raises(ServerError, match="HTTP 502") as info:
        client.list_plans()
    assert info.value.api_message is None  # the HTML is not passed off as the API's message


def _set(path: tuple[Any, ...], value: Any) -> Callable[[Any], Any]:
    def mutate(body: Any) -> Any:
        target = body
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return body

    return mutate


def _drop(path: tuple[Any, ...]) -> Callable[[Any], Any]:
    def mutate(body: Any) -> Any:
        target = body
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
        return body

    return mutate


WRONG_SHAPES = {
    "plans": [
        _set(("results", 0, "vcpus"), "two"),
        _set(("results", 1, "price_monthly"), {"usd": 5}),
        _set(("results", 2, "available"), "maybe"),
        _set(("results", 0, "locations"), "eu-central"),
        _set(("results",), {"0": {}}),
        _drop(("results", 3, "id")),
        _drop(("results",)),
    ],
    "plan": [
        _set(("memory",), 2.5),
        _set(("features",), "all of them"),
        _drop(("slug",)),
        _set(("price_hourly",), "free"),
    ],
    "orders": [
        _set(("data", 0, "amount"), "lots"),
        _set(("data", 1, "created_at"), "yesterday"),
        _set(("data", 2, "auto_pay"), "sometimes"),
        _set(("data", 3, "id"), None),
        _drop(("data", 4, "status")),
        _drop(("meta", "total")),
        _set(("meta", "per_page"), 0),
        _set(("meta", "last_page"), "many"),
        _set(("meta", "total"), -5),
        _set(("links",), []),
        _set(("data",), {"id": 1}),
    ],
    "order": [
        _set(("invoices", 0, "amount"), [1, 2]),
        _set(("services",), [{"label": "x"}]),
        _set(("payment_information",), "card"),
        _set(("due_at",), 10**30),
        _drop(("type",)),
    ],
}


@pytest.mark.parametrize(
    ("call", "n"), [(c, n) for c, fns in sorted(WRONG_SHAPES.items()) for n in range(len(fns))]
)
def test_wrong_types_and_missing_fields_are_one_typed_error(
    api: FakeVpsOrgApi, client: VpsOrgClient, call: str, n: int
) -> None:
    path, fn = CALLS[call]
    # Every page of an audit, so that no re-read can dodge it.
    api.add_fault(Fault.mutate_json(WRONG_SHAPES[call][n]), path=path, times=1000)
    with pytest.raises(UnexpectedResponseError) as info:
        bounded(lambda: fn(client))
    assert "GET" in str(info.value) and info.value.status == 200


def test_unknown_enum_values_are_kept_not_rejected(
    api: FakeVpsOrgApi, client: VpsOrgClient, reference: dict[str, Any]
) -> None:
    def novel(body: Any) -> Any:
        body["data"][0].update(status="refunded", type="mystery-box", payment_method="gold")
        return body

    api.add_fault(Fault.mutate_json(novel), path=ORDERS, query={"page": "1"}, times=1000)
    got = client.list_orders(status=ALL_STATUSES, concurrency=4)
    first = reference["orders"][0]
    assert [o.id for o in got] == [o.id for o in reference["orders"]]
    assert (got[0].status, got[0].type, got[0].payment_method) == (
        "refunded",
        "mystery-box",
        "gold",
    )
    assert got[0].is_settled is False  # an unknown status counts as unpaid (assumption A5)
    assert got[1:] == reference["orders"][1:] and got[0].id == first.id


@pytest.mark.parametrize("ctype", ["text/plain", "text/html", "application/octet-stream", ""])
def test_json_under_a_wrong_content_type_is_read_as_json(
    api: FakeVpsOrgApi, client: VpsOrgClient, reference: dict[str, Any], ctype: str
) -> None:
    body = json.dumps({"count": 0, "results": []}).encode()
    api.add_fault(Fault.raw(200, body, ctype), path=PLANS)
    assert client.list_plans() == []
    assert client.list_plans() == reference["plans"]


# -- size: bounded memory ----------------------------------------------------------------------


def test_a_body_past_the_cap_is_refused(api: FakeVpsOrgApi, client: VpsOrgClient) -> None:
    huge = b'{"count": 1, "results": [' + b" " * (MAX_BODY_BYTES + 1024) + b"]}"
    api.add_fault(Fault.raw(200, huge, "application/json"), path=PLANS)
    with pytest.raises(UnexpectedResponseError, match="exceeds"):
        client.list_plans()


def test_a_compressed_body_is_capped_after_decompression(
    api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    bomb = gzip.compress(b"[" + b" " * (256 * 1024 * 1024) + b"]", compresslevel=9)
    assert len(bomb) < 1024 * 1024
    api.add_fault(
        Fault.raw(200, bomb, "application/json", headers={"Content-Encoding": "gzip"}), path=PLANS
    )
    tracemalloc.start()
    try:
        with pytest.raises(UnexpectedResponseError, match="exceeds"):
            client.list_plans()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # A 256 MiB bomb stops at the 16 MiB cap (the bound is generous: chunks, copies, the join).
    assert peak < 4 * MAX_BODY_BYTES


# -- pagination under hostile metadata ----------------------------------------------------------


def test_a_huge_total_is_a_typed_error_not_an_overflow(
    api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    def enormous(body: Any) -> Any:
        body["meta"]["total"] = 10**400
        return body

    api.add_fault(Fault.mutate_json(enormous), path=ORDERS, times=1000)
    with pytest.raises(VpsOrgError):
        bounded(lambda: client.list_orders(status=ALL_STATUSES))


def test_one_page_claiming_a_huge_total_costs_no_more_than_a_reread(
    api: FakeVpsOrgApi, client: VpsOrgClient, reference: dict[str, Any]
) -> None:
    """A single lying page 1 (self-consistent meta: 60 000 orders over 3000 pages) must not make
    the client walk 3000 pages or queue 3000 requests: reading stops at the first empty page,
    the pass is seen to be inconsistent, and the next pass is exact."""

    def lie(body: Any) -> Any:
        body["meta"].update(total=PER_PAGE * 3000, last_page=3000)
        return body

    api.add_fault(Fault.mutate_json(lie), path=ORDERS, query={"page": "1"}, times=1)
    baseline = -(-len(reference["orders"]) // PER_PAGE)
    got = bounded(lambda: client.list_orders(status=ALL_STATUSES, concurrency=8))
    assert got == reference["orders"]
    assert pages(api) <= 2 * baseline + 2 * 8 + 2


def test_a_persistently_inflated_total_reads_each_page_at_most_max_passes_times(
    api: FakeVpsOrgApi, client: VpsOrgClient, reference: dict[str, Any]
) -> None:
    def lie(body: Any) -> Any:
        body["meta"].update(total=PER_PAGE * 10**6, last_page=10**6)
        return body

    api.add_fault(Fault.mutate_json(lie), path=ORDERS, times=10**6)
    baseline = -(-len(reference["orders"]) // PER_PAGE)
    got = bounded(lambda: client.list_orders(status=ALL_STATUSES, concurrency=8))
    ids = [o.id for o in got]
    assert len(ids) == len(set(ids))
    assert set(ids) == {o.id for o in reference["orders"]}
    assert pages(api) <= MAX_PASSES * (baseline + 1 + 2 * 8)
    api.clear_requests()
    seen = bounded(lambda: [o.id for o in client.iter_orders(status=ALL_STATUSES)])
    assert sorted(seen) == sorted(ids)
    assert pages(api) <= MAX_PASSES * (baseline + 1)


def test_a_page_repeating_an_order_yields_it_once(
    api: FakeVpsOrgApi, client: VpsOrgClient, reference: dict[str, Any]
) -> None:
    def repeat(body: Any) -> Any:
        body["data"][-1] = body["data"][0]
        return body

    api.add_fault(Fault.mutate_json(repeat), path=ORDERS, query={"page": "3"}, times=1000)
    got = client.list_orders(status=ALL_STATUSES, concurrency=4)
    ids = [o.id for o in got]
    assert len(ids) == len(set(ids))
    # The order the server kept hiding cannot be invented; every other one is there.
    assert len(set(o.id for o in reference["orders"]) - set(ids)) == 1


# -- links: never followed, never a loop -------------------------------------------------------


def test_a_next_link_to_another_host_is_never_requested(
    api: FakeVpsOrgApi,
    client: VpsOrgClient,
    reference: dict[str, Any],
    other_host: OtherHost,
) -> None:
    def elsewhere(body: Any) -> Any:
        page = body["meta"]["current_page"]
        if body["links"]["next"]:
            body["links"]["next"] = f"{other_host.origin}/api/v1/orders?page={page + 1}"
        body["links"]["first"] = body["links"]["last"] = f"{other_host.origin}/steal"
        for link in body["meta"]["links"]:
            link["url"] = link["url"] and f"{other_host.origin}/api/v1/orders?page=9"
        body["meta"]["path"] = f"{other_host.origin}/api/v1/orders"
        return body

    api.add_fault(Fault.mutate_json(elsewhere), path=ORDERS, times=1000)
    assert client.list_orders(status=ALL_STATUSES, concurrency=4) == reference["orders"]
    assert [o.id for o in client.iter_orders(status=ALL_STATUSES)] == [
        o.id for o in reference["orders"]
    ]
    assert other_host.seen == []


@pytest.mark.parametrize("target", ["1", "2", "garbage", ""])
def test_a_next_link_looping_back_is_an_error_not_a_loop(
    api: FakeVpsOrgApi, client: VpsOrgClient, target: str
) -> None:
    def loop(body: Any) -> Any:
        body["links"]["next"] = f"{body['meta']['path']}?page={target}"
        return body

    api.add_fault(Fault.mutate_json(loop), path=ORDERS, query={"page": "2"}, times=1000)
    with pytest.raises(UnexpectedResponseError, match="next link"):
        bounded(lambda: client.list_orders(status=ALL_STATUSES, concurrency=4))
    with pytest.raises(UnexpectedResponseError, match="next link"):
        bounded(lambda: list(client.iter_orders(status=ALL_STATUSES)))
    assert pages(api) <= 2 * 15


# -- redirects: the token stays with the API's origin -------------------------------------------


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_a_redirect_to_another_host_is_refused_and_never_followed(
    api: FakeVpsOrgApi, client: VpsOrgClient, other_host: OtherHost, code: int
) -> None:
    api.add_fault(Fault.redirect(f"{other_host.origin}/api/v1/plans/", code), path=PLANS)
    with pytest.raises(UnexpectedResponseError, match="redirects to another origin") as info:
        client.list_plans()
    assert info.value.status == code and api.token not in str(info.value)
    assert other_host.seen == []


def test_a_redirect_to_another_port_or_hostname_is_refused(
    api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    same_ip = OtherHost(host="127.0.0.1").start()
    try:
        api.add_fault(Fault.redirect(f"{same_ip.origin}/api/v1/plans/"), path=PLANS)
        with pytest.raises(UnexpectedResponseError, match="another origin"):
            client.list_plans()
        localhost = same_ip.origin.replace("127.0.0.1", "localhost")
        api.add_fault(Fault.redirect(f"{localhost}/api/v1/plans/"), path=PLANS)
        with pytest.raises(UnexpectedResponseError, match="another origin"):
            client.list_plans()
        assert same_ip.seen == []
    finally:
        same_ip.stop()


def test_a_redirect_within_the_api_keeps_the_token(
    api: FakeVpsOrgApi, client: VpsOrgClient, reference: dict[str, Any]
) -> None:
    api.add_fault(Fault.redirect(f"{api.url}/plans/", 301), path=PLANS, times=1)
    assert client.list_plans() == reference["plans"]
    follow = api.requests[-1]
    assert follow.header("Authorization") == f"Bearer {api.token}"


def test_a_payment_redirected_elsewhere_fails_instead_of_seeming_to_succeed(
    api: FakeVpsOrgApi, client: VpsOrgClient, other_host: OtherHost
) -> None:
    order_id = api.add_order()["id"]
    api.add_fault(Fault.redirect(f"{other_host.origin}/pay", 307), method="POST")
    with pytest.raises(UnexpectedResponseError, match="another origin"):
        client.pay_orders([order_id], "balance")
    assert other_host.seen == []
    assert api.pay_count(order_id) == 0
    assert client.get_order(order_id).status == "pending_payment"


def test_a_redirect_loop_is_one_clear_error(api: FakeVpsOrgApi, client: VpsOrgClient) -> None:
    api.add_fault(Fault.redirect(f"{api.url}/plans/"), path=PLANS, times=100)
    with pytest.raises(ConnectionFailedError, match="too many redirects"):
        bounded(client.list_plans)
    assert api.count_requests(path=PLANS) <= 1 + 5 + 1
