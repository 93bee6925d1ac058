"""VpsOrgClient against the fake API over real HTTP: exact requests, statuses, retries, errors."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

import pytest

from pulumi_vpsorg import (
    AuthenticationError,
    ConfigurationError,
    ConnectionFailedError,
    LockedError,
    NotFoundError,
    OrderStatus,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
    ValidationError,
    VpsOrgClient,
    VpsOrgError,
)
from pulumi_vpsorg._http import USER_AGENT
from pulumi_vpsorg.orders.models import figures_of
from pulumi_vpsorg.orders.summary import summarize
from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault, RecordedRequest

ALL = list(OrderStatus.KNOWN)


@pytest.fixture
def fast(fake_api: FakeVpsOrgApi) -> Iterator[VpsOrgClient]:
    """A client with retries but a negligible backoff."""
    with VpsOrgClient(fake_api.token, fake_api.url, max_retries=3, backoff_factor=0.001) as c:
        yield c


def only(api: FakeVpsOrgApi) -> RecordedRequest:
    assert len(api.requests) == 1, api.requests
    return api.requests[0]


def unpaid_ids(api: FakeVpsOrgApi) -> list[int]:
    return sorted(i for i, o in api.orders.items() if o["status"] not in ("paid", "cancelled"))


def add_a_paid_order_on_page_3(api: FakeVpsOrgApi) -> list[int]:
    """Make the fake add one paid order when page 3 of the orders is first asked for."""
    added: list[int] = []

    def add_on_page_3(request: RecordedRequest) -> None:
        if request.path == "/api/v1/orders" and request.query.get("page") == "3" and not added:
            added.append(api.add_order(status="paid")["id"])

    api.on_request = add_on_page_3
    return added


# -- settings ------------------------------------------------------------------------------


def test_missing_token_fails_before_any_request(fake_api: FakeVpsOrgApi) -> None:
    with pytest.raises(ConfigurationError, match="VPSORG_API_TOKEN"):
        VpsOrgClient(api_url=fake_api.url)
    assert fake_api.requests == []


def test_token_and_url_come_from_the_environment(
    fake_api: FakeVpsOrgApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VPSORG_API_TOKEN", fake_api.token)
    monkeypatch.setenv("VPSORG_API_URL", fake_api.url)
    assert len(VpsOrgClient().list_plans()) == 4


@pytest.mark.parametrize(
    "url",
    ["http://api.example.com/api/v1", "ftp://127.0.0.1/x", "https://u:p@host/api", "not a url"],
)
def test_unsafe_urls_are_refused(url: str) -> None:
    with pytest.raises(ConfigurationError, match="api_url"):
        VpsOrgClient("t0ken", url)


def test_default_url_is_the_documented_one() -> None:
    assert VpsOrgClient("t0ken").api_url == "https://admin.vps.org/api/v1"


def test_client_and_transport_never_show_or_pickle_the_token(fake_api: FakeVpsOrgApi) -> None:
    import pickle

    c = VpsOrgClient(fake_api.token, fake_api.url)
    assert fake_api.token not in repr(c) + repr(c._transport) + repr(c._transport._session.auth)
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(c)


# -- plans -----------------------------------------------------------------------------------


def test_list_plans_sends_the_documented_request(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    plans = client.list_plans()
    assert [p.slug for p in plans] == ["starter", "standard", "performance", "enterprise"]
    req = only(fake_api)
    assert (req.method, req.path, req.query) == ("GET", "/api/v1/plans/", {})
    assert req.header("Authorization") == f"Bearer {fake_api.token}"
    assert req.header("Accept") == "application/json"
    assert req.header("User-Agent") == USER_AGENT


def test_list_plans_location_filter(fake_api: FakeVpsOrgApi, client: VpsOrgClient) -> None:
    plans = client.list_plans(location="asia-pacific")
    assert [p.id for p in plans] == [2, 3, 4]
    assert only(fake_api).query == {"location": "asia-pacific"}


def test_get_plan_details_and_404(fake_api: FakeVpsOrgApi, client: VpsOrgClient) -> None:
    plan = client.get_plan(2)
    assert plan.price_monthly == Decimal("10.00") and "IPv6 Support" in plan.features
    assert fake_api.requests[0].path == "/api/v1/plans/2/"
    with pytest.raises(NotFoundError) as info:
        client.get_plan(999)
    assert info.value.status == 404 and info.value.path == "/plans/999/"
    assert "GET /plans/999/ failed with HTTP 404" in str(info.value)


@pytest.mark.parametrize("bad", [0, -1, True, "2", 2.0, None])
def test_bad_ids_fail_before_any_request(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient, bad: Any
) -> None:
    with pytest.raises(ConfigurationError, match="plan_id"):
        client.get_plan(bad)
    with pytest.raises(ConfigurationError, match="order_id"):
        client.get_order(bad)
    assert fake_api.requests == []


def test_wrong_token_is_an_authentication_error_without_the_token(
    fake_api: FakeVpsOrgApi,
) -> None:
    secret = "wrong-but-secret-token-123"
    with pytest.raises(AuthenticationError) as info:
        VpsOrgClient(secret, fake_api.url).list_plans()
    assert info.value.status == 401
    assert secret not in str(info.value) and secret not in repr(info.value)
    assert "vpsorg:apiToken" in str(info.value)


# -- orders: reading -------------------------------------------------------------------------


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


def test_status_filter_is_sent_comma_separated(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    orders = client.list_orders(status=["awaiting_payment", "processing"], concurrency=1)
    assert {o.status for o in orders} == {"awaiting_payment", "processing"}
    assert fake_api.requests[0].query["filter[status]"] == "awaiting_payment,processing"


def test_list_orders_concurrent_equals_sequential_and_is_newest_first(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    sequential = list(client.iter_orders(status=ALL, per_page=20))
    concurrent = client.list_orders(status=ALL, per_page=20, concurrency=8)
    assert len(concurrent) == 1796
    assert {o.id for o in concurrent} == {o.id for o in sequential}
    keys = [(o.created_at, o.id) for o in concurrent]
    assert keys == sorted(keys, reverse=True)


def test_order_figures_are_the_listed_orders_fields_in_the_same_order(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    full = client.list_orders(status=ALL, per_page=50, concurrency=4)
    full_requests = [(r.method, r.path, r.query) for r in fake_api.requests]
    fake_api.clear_requests()
    rows = client.list_order_figures(status=ALL, per_page=50, concurrency=4)
    assert sorted((r.method, r.path, tuple(r.query.items())) for r in fake_api.requests) == sorted(
        (m, p, tuple(q.items())) for m, p, q in full_requests
    )
    assert rows == [figures_of(o) for o in full]
    assert set(rows[0]) == {
        "id",
        "status",
        "type",
        "amount",
        "amount_with_vat",
        "created_at",
        "due_at",
    }
    assert isinstance(rows[0]["amount"], Decimal) and rows[0]["due_at"].tzinfo is not None


def test_order_figures_are_validated_and_the_bad_field_is_named(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    def bad_amount(body: Any) -> Any:
        body["data"][3]["amount_with_vat"] = "twelve"
        return body

    fake_api.add_fault(Fault.mutate_json(bad_amount), query={"page": "2"}, times=100)
    with pytest.raises(UnexpectedResponseError, match=r"data\.3\.amount_with_vat"):
        client.list_order_figures(per_page=25, concurrency=2)


def test_order_figures_refuse_a_bad_concurrency(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    with pytest.raises(ConfigurationError, match="concurrency"):
        client.list_order_figures(concurrency=0)


@pytest.mark.parametrize(
    ("status", "types"),
    [(None, None), (ALL, None), (ALL, ["renew-service"]), ("paid", "new-service")],
)
def test_summarize_orders_is_the_summary_of_the_listed_figures(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient, status: Any, types: Any
) -> None:
    now = datetime(2025, 1, 10, tzinfo=timezone.utc)
    rows = client.list_order_figures(status)
    wanted = [types] if isinstance(types, str) else types
    expected = summarize([r for r in rows if wanted is None or r["type"] in wanted], now)
    listed = sorted((r.method, r.path, sorted(r.query.items())) for r in fake_api.requests)
    fake_api.clear_requests()
    assert client.summarize_orders(status, types, now=now) == expected
    assert sorted((r.method, r.path, sorted(r.query.items())) for r in fake_api.requests) == listed
    assert expected.count > 0


def test_summarize_orders_sorts_orders_the_server_sent_out_of_order(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    def reverse(body: Any) -> Any:
        body["data"].reverse()
        return body

    fake_api.add_fault(Fault.mutate_json(reverse), query={"page": "2"}, times=100)
    rows = client.list_order_figures(ALL)
    keys = [(r["created_at"], r["id"]) for r in rows]
    assert keys == sorted(keys, reverse=True)
    summary = client.summarize_orders(ALL)
    assert summary.order_ids == tuple(r["id"] for r in rows)


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


def test_summarize_orders_refuses_bad_types_before_any_request(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    for bad, message in (
        ("renew_service", "did you mean 'renew-service'"),
        ([], "at least one"),
        ([3], "order type names"),
    ):
        with pytest.raises(ConfigurationError, match=rf"^type: .*{message}"):
            client.summarize_orders(type=bad)
    assert fake_api.requests == []


def test_invalid_filters_fail_before_any_request(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    for kwargs in ({"status": []}, {"status": ["paid,cancelled"]}, {"per_page": 0}):
        with pytest.raises(ConfigurationError):
            client.list_orders(**kwargs)  # type: ignore[arg-type]
    assert fake_api.requests == []


def test_api_422_for_an_unknown_status_carries_field_errors(client: VpsOrgClient) -> None:
    with pytest.raises(ValidationError) as info:
        client.list_orders(status="nonsense")
    assert info.value.status == 422 and info.value.field_errors


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


def test_get_order_has_invoices_and_services(fake_api: FakeVpsOrgApi, client: VpsOrgClient) -> None:
    order = client.get_order(7736)
    assert order.amount_from_balance == Decimal("146.17") and order.invoices
    assert only(fake_api).path == "/api/v1/orders/7736"
    with pytest.raises(NotFoundError):
        client.get_order(1)


# -- retries ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fault",
    [Fault.status(503), Fault.status(502), Fault.status(500), Fault.status(423), Fault.drop()],
)
def test_reads_are_retried_through_transient_faults(
    fake_api: FakeVpsOrgApi, fast: VpsOrgClient, fault: Fault
) -> None:
    fake_api.add_fault(fault, path="/api/v1/plans/", times=2)
    assert len(fast.list_plans()) == 4
    assert fake_api.count_requests(path="/api/v1/plans/") == 3


def test_429_retry_after_is_honoured(fake_api: FakeVpsOrgApi, fast: VpsOrgClient) -> None:
    fake_api.add_fault(Fault.status(429, retry_after=0), path="/api/v1/plans/2/", times=1)
    assert fast.get_plan(2).id == 2
    assert fake_api.count_requests(path="/api/v1/plans/2/") == 2


def test_past_the_retry_budget_one_clear_error(fake_api: FakeVpsOrgApi, fast: VpsOrgClient) -> None:
    fake_api.add_fault(Fault.status(503), path="/api/v1/plans/", times=10)
    with pytest.raises(ServerError, match="HTTP 503"):
        fast.list_plans()
    assert fake_api.count_requests(path="/api/v1/plans/") == 4
    fake_api.clear_faults()
    fake_api.add_fault(Fault.status(429, retry_after=0), path="/api/v1/plans/", times=10)
    with pytest.raises(RateLimitError) as info:
        fast.list_plans()
    assert info.value.retry_after == 0


def test_timeouts_are_bounded_and_reported(fake_api: FakeVpsOrgApi) -> None:
    fake_api.add_fault(Fault.delay(2.0), path="/api/v1/plans/", times=1)
    c = VpsOrgClient(fake_api.token, fake_api.url, timeout=0.2, max_retries=0)
    with pytest.raises(ConnectionFailedError, match="timed out"):
        c.list_plans()


# -- orders: changing ------------------------------------------------------------------------


def test_update_order_patches_only_given_fields_then_rereads(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    order_id = unpaid_ids(fake_api)[0]
    before = fake_api.orders[order_id]["auto_pay"]
    order = client.update_order(order_id, auto_pay=not before)
    assert order.auto_pay is (not before)
    patch, get = fake_api.requests
    assert (patch.method, patch.path, patch.json) == (
        "PATCH",
        f"/api/v1/orders/{order_id}",
        {"auto_pay": not before},
    )
    assert patch.header("Content-Type") == "application/json"
    assert (get.method, get.path) == ("GET", f"/api/v1/orders/{order_id}")


def test_update_order_rejected_promo_is_a_validation_error(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    order_id = next(
        i for i in unpaid_ids(fake_api) if fake_api.orders[i]["promo_applicable"] is True
    )
    with pytest.raises(ValidationError) as info:
        client.update_order(order_id, promo_code="NOT-A-CODE")
    assert "promo_code" in info.value.field_errors


def _renewal(api: FakeVpsOrgApi) -> tuple[int, dict[str, Any]]:
    for order_id in unpaid_ids(api):
        for service in api.orders[order_id].get("services", []):
            if service["is_period_changeable"]:
                return order_id, service
    raise AssertionError("the fake has no changeable renewal")


def test_change_renewal_period_hits_the_documented_path(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    order_id, service = _renewal(fake_api)
    client.change_renewal_period(order_id, service["service_type"], service["service_id"], 12)
    req = only(fake_api)
    assert req.method == "PATCH"
    assert (
        req.path == f"/api/v1/orders/{order_id}/{service['service_type']}/{service['service_id']}"
    )
    assert req.json == {"billing_cycle": 12} and req.status == 204
    assert client.get_order(order_id).services[0].service_billing_cycle is not None


@pytest.mark.parametrize("cycle", [0, 25, True, 3.0])
def test_change_renewal_period_bounds_checked_locally(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient, cycle: Any
) -> None:
    with pytest.raises(ConfigurationError, match="billing_cycle"):
        client.change_renewal_period(1, "server", 2, cycle)
    assert fake_api.requests == []


def test_pay_is_sent_once_with_an_idempotency_key(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    order_id = unpaid_ids(fake_api)[0]
    order = client.pay_order(order_id, "balance")
    assert order.status == "paid" and order.payment_method == "balance"
    post = fake_api.requests[0]
    assert (post.method, post.path) == ("POST", "/api/v1/orders/pay")
    assert post.json == {"order_ids": [order_id], "payment_method": "balance"}
    assert post.header("Idempotency-Key")
    assert fake_api.pay_count(order_id) == 1


@pytest.mark.parametrize("fault", [Fault.drop_after_processing(), Fault.status(503)])
def test_pay_is_never_retried_after_it_may_have_arrived(
    fake_api: FakeVpsOrgApi, fast: VpsOrgClient, fault: Fault
) -> None:
    order_id = unpaid_ids(fake_api)[0]
    fake_api.add_fault(fault, method="POST", times=5)
    with pytest.raises((ConnectionFailedError, ServerError)) as info:
        fast.pay_orders([order_id])
    assert fake_api.count_requests(method="POST") == 1
    assert fake_api.pay_count(order_id) <= 1
    if isinstance(info.value, ConnectionFailedError):
        assert "not retried" in str(info.value)


def test_delete_unpaid_then_404_and_paid_refused(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    order_id = unpaid_ids(fake_api)[0]
    client.delete_order(order_id)
    assert fake_api.requests[0].method == "DELETE" and fake_api.requests[0].status == 204
    with pytest.raises(NotFoundError):
        client.delete_order(order_id)
    with pytest.raises(ValidationError):
        client.delete_order(7736)
    assert 7736 in fake_api.orders


def test_read_only_token_writes_are_refused_with_a_clear_error(
    fake_api: FakeVpsOrgApi,
) -> None:
    ro = VpsOrgClient(fake_api.read_only_token, fake_api.url)
    assert ro.get_order(7736).id == 7736
    with pytest.raises(PermissionDeniedError, match="read-only"):
        ro.update_order(7736, auto_pay=False)


def test_locked_order_reports_423_after_retries(
    fake_api: FakeVpsOrgApi, fast: VpsOrgClient
) -> None:
    order_id = unpaid_ids(fake_api)[0]
    fake_api.lock_order(order_id)
    with pytest.raises(LockedError, match="locked"):
        fast.delete_order(order_id)
    assert fake_api.count_requests(method="DELETE") == 4
    fake_api.lock_order(order_id, False)
    fast.delete_order(order_id)


# -- hostile bodies and secrecy --------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "ctype"),
    [
        (b"<html><body>Bad gateway</body></html>", "text/html"),
        (b'{"count": 4, "results": [', "application/json"),
        (b'{"count": "x", "results": 7}', "application/json"),
        (b"[]", "application/json"),
    ],
)
def test_broken_bodies_are_typed_errors(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient, body: bytes, ctype: str
) -> None:
    fake_api.add_fault(Fault.raw(200, body, ctype), path="/api/v1/plans/")
    with pytest.raises(UnexpectedResponseError) as info:
        client.list_plans()
    assert "GET /plans/" in str(info.value)


def test_no_error_message_or_log_contains_the_token(
    fake_api: FakeVpsOrgApi, fast: VpsOrgClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    errors: list[VpsOrgError] = []
    fake_api.add_fault(Fault.status(500, body=json.dumps({"message": "boom"}).encode()), times=20)
    for call in (fast.list_plans, lambda: fast.get_plan(77), lambda: fast.pay_orders([1])):
        try:
            call()
        except VpsOrgError as exc:
            errors.append(exc)
    assert len(errors) == 3
    text = " ".join(f"{e} {e!r} {e.__cause__!r} {e.__context__!r}" for e in errors)
    assert fake_api.token not in text
    assert fake_api.token not in caplog.text


@pytest.mark.parametrize("fault", [Fault.status(429, retry_after=0), Fault.status(423)])
def test_pay_refused_before_processing_is_resent_with_the_same_key(
    fake_api: FakeVpsOrgApi, fast: VpsOrgClient, fault: Fault
) -> None:
    order_id = unpaid_ids(fake_api)[0]
    fake_api.add_fault(fault, method="POST", times=2)
    fast.pay_orders([order_id])
    posts = [r for r in fake_api.requests if r.method == "POST"]
    assert len(posts) == 3 and fake_api.pay_count(order_id) == 1
    assert len({p.header("Idempotency-Key") for p in posts}) == 1


def test_loopback_api_ignores_proxy_settings(
    fake_api: FakeVpsOrgApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    assert len(VpsOrgClient(fake_api.token, fake_api.url).list_plans()) == 4


def test_remote_api_goes_through_the_environment_proxy_without_exposing_the_token(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import socket
    import threading

    listener = socket.create_server(("127.0.0.1", 0))
    seen: list[bytes] = []

    def proxy() -> None:
        conn, _ = listener.accept()
        with conn:
            seen.append(conn.recv(65536))
            conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")

    thread = threading.Thread(target=proxy)
    thread.start()
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{listener.getsockname()[1]}")
    secret = "proxy-test-secret-token"
    with pytest.raises(ConnectionFailedError) as info:
        VpsOrgClient(secret, "https://api.vps.example", max_retries=0).list_plans()
    thread.join(timeout=30)
    listener.close()
    assert seen and seen[0].startswith(b"CONNECT api.vps.example:443")
    assert secret.encode() not in seen[0] and secret not in str(info.value)


def test_a_server_echoing_the_token_never_gets_it_into_an_error(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    token = fake_api.token
    body = {
        # At the truncation boundary too: no prefix of the token may survive.
        "message": "x" * 490 + f"token {token} is invalid",
        "errors": {token: [f"{token} rejected"]},
    }
    fake_api.add_fault(
        Fault.raw(
            422, json.dumps(body).encode(), "application/json", headers={"X-Request-Id": token}
        ),
        path="/api/v1/plans/",
    )
    with pytest.raises(ValidationError) as info:
        client.list_plans()
    text = f"{info.value} {info.value!r} {info.value.api_message} {info.value.field_errors}"
    text += f" {info.value.request_id}"
    assert token[:8] not in text and "<redacted>" in text


def test_a_body_trickling_in_is_cut_off_at_the_overall_deadline() -> None:
    import socket
    import threading
    import time

    body = b'{"count": 0, "results": []}' + b" " * 200
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def trickle() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\n\r\n" % len(body)
            )
            for byte in body:  # each byte well inside the per-read timeout
                if stop.is_set():
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return
                time.sleep(0.02)

    thread = threading.Thread(target=trickle)
    thread.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/api/v1"
    try:
        with pytest.raises(ConnectionFailedError, match=r"did not arrive within 0\.5s"):
            VpsOrgClient("t0ken", url, timeout=0.5, max_retries=0).list_plans()
    finally:
        stop.set()
        thread.join(timeout=30)
        listener.close()


@pytest.mark.parametrize(
    "url", ["http://user:s3cr3t@api.example.com/v1", "ftp://u:s3cr3t@h/x", "https://s3cr3t@h/x"]
)
def test_credentials_in_the_url_are_refused_without_being_echoed(url: str) -> None:
    with pytest.raises(ConfigurationError, match="credentials") as info:
        VpsOrgClient("t0ken", url)
    assert "s3cr3t" not in str(info.value)


def test_connection_refused_is_not_reported_as_a_timeout() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, never listening: connections are refused
        with pytest.raises(ConnectionFailedError, match="could not connect") as info:
            VpsOrgClient("t0ken", f"http://127.0.0.1:{port}/api/v1", max_retries=0).list_plans()
    assert "timed out" not in str(info.value)


def test_a_wrong_base_url_says_which_setting_to_check(fake_api: FakeVpsOrgApi) -> None:
    base = fake_api.url.removesuffix("/api/v1")
    with pytest.raises(NotFoundError, match=r"no API at .*/plans/: check vpsorg:apiUrl"):
        VpsOrgClient(fake_api.token, base).list_plans()
    with pytest.raises(NotFoundError) as info:  # a missing plan is just missing
        VpsOrgClient(fake_api.token, fake_api.url).get_plan(99)
    assert "apiUrl" not in str(info.value)
