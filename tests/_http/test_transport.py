"""The transport over real HTTP: retries (and what is never retried), timeouts, proxies, broken
bodies, a token echoed back."""

from __future__ import annotations

import json

import pytest

from pulumi_vpsorg import (
    ConnectionFailedError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
    ValidationError,
    VpsOrgClient,
)
from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault
from tests.client_support import unpaid_ids


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


def test_connection_refused_is_not_reported_as_a_timeout() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, never listening: connections are refused
        with pytest.raises(ConnectionFailedError, match="could not connect") as info:
            VpsOrgClient("t0ken", f"http://127.0.0.1:{port}/api/v1", max_retries=0).list_plans()
    assert "timed out" not in str(info.value)
