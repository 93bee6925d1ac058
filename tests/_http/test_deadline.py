"""One deadline per call: ``timeout`` bounds the whole call, whatever the server stalls on.

Each stall runs against a small raw-socket server on 127.0.0.1 with ``timeout=1``; the call must
end in the package's :class:`CallTimeoutError`. The time each took is printed (``-s``) for
``docs/reliability.md``; it is never asserted (the hang guard only proves the wait is bounded).
"""

from __future__ import annotations

import itertools
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from pulumi_vpsorg import CallTimeoutError, RateLimitError, ServerError, VpsOrgClient
from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault

from ..reliability.conftest import bounded
from .raw_server import raw_server, read_request, response, send_slowly

PACE = 0.05  # seconds between the trickled pieces: far inside any per-read timeout


def call_until_timeout(url: str, kind: str, **kwargs: object) -> CallTimeoutError:
    client = VpsOrgClient("t0ken", url, timeout=1, backoff_factor=0.001, **kwargs)  # type: ignore[arg-type]
    started = time.monotonic()
    with pytest.raises(CallTimeoutError) as info:
        bounded(client.list_plans)
    print(f"\nSTALL {kind}: CallTimeoutError after {time.monotonic() - started:.3f}s")
    client.close()
    return info.value


def forever(piece: bytes) -> Iterator[bytes]:
    return itertools.repeat(piece)


def test_connecting_to_a_server_that_never_accepts() -> None:
    listener = socket.create_server(("127.0.0.1", 0), backlog=0)
    port = listener.getsockname()[1]
    # The one queued connection fills the backlog: further SYNs are dropped, connect() hangs.
    filler = socket.create_connection(("127.0.0.1", port))
    try:
        error = call_until_timeout(f"http://127.0.0.1:{port}/api/v1", "connect", max_retries=3)
        assert "timed out" in str(error)
    finally:
        filler.close()
        listener.close()


def test_a_server_that_never_answers() -> None:
    def silent(conn: socket.socket, stop: threading.Event) -> None:
        read_request(conn)
        stop.wait(30)

    with raw_server(silent) as server:
        call_until_timeout(server.url, "no response")


def test_a_status_line_trickling_in() -> None:
    def trickle(conn: socket.socket, stop: threading.Event) -> None:
        read_request(conn)
        line = iter(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        send_slowly(conn, stop, itertools.chain((bytes([b]) for b in line), forever(b"a")), PACE)

    with raw_server(trickle) as server:
        call_until_timeout(server.url, "status line trickling")


def test_headers_trickling_in() -> None:
    def trickle(conn: socket.socket, stop: threading.Event) -> None:
        read_request(conn)
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        send_slowly(conn, stop, (b"X-Header-%d: x\r\n" % n for n in itertools.count()), PACE)

    with raw_server(trickle) as server:
        call_until_timeout(server.url, "headers trickling")


def test_a_flood_of_100_continue() -> None:
    def flood(conn: socket.socket, stop: threading.Event) -> None:
        read_request(conn)
        send_slowly(conn, stop, forever(b"HTTP/1.1 100 Continue\r\n\r\n"), PACE)

    with raw_server(flood) as server:
        call_until_timeout(server.url, "100 Continue flood")


def test_a_body_trickling_in() -> None:
    def trickle(conn: socket.socket, stop: threading.Event) -> None:
        read_request(conn)
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
        )
        send_slowly(conn, stop, forever(b" "), PACE)

    with raw_server(trickle) as server:
        error = call_until_timeout(server.url, "body trickling")
        assert "response body (HTTP 200) did not arrive" in str(error)


def test_redirects_within_the_origin_one_after_another() -> None:
    def redirect(conn: socket.socket, stop: threading.Event) -> None:
        for n in itertools.count():
            if not read_request(conn) or stop.wait(0.3):
                return
            conn.sendall(response("307 Temporary Redirect", headers={"Location": f"/api/v1/p{n}"}))

    with raw_server(redirect) as server:
        call_until_timeout(server.url, "slow redirects")
        assert server.connections == 1  # each redirect's (empty) body read: the connection reused


def test_an_error_body_trickling_in_before_a_retry() -> None:
    def trickle(conn: socket.socket, stop: threading.Event) -> None:
        read_request(conn)
        conn.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 100000\r\n\r\n")
        send_slowly(conn, stop, forever(b" "), PACE)

    with raw_server(trickle) as server:
        call_until_timeout(server.url, "error body before a retry", max_retries=3)


def test_retries_and_their_backoff() -> None:
    def unavailable(conn: socket.socket, stop: threading.Event) -> None:
        while read_request(conn) and not stop.is_set():
            conn.sendall(response("503 Service Unavailable"))

    with raw_server(unavailable) as server:
        client = VpsOrgClient("t0ken", server.url, timeout=1, max_retries=100, backoff_factor=0.05)
        started = time.monotonic()
        # The last answer is the error; the retry that would pass the deadline is not waited for.
        with pytest.raises(ServerError, match=r"HTTP 503 \(not retried: the next attempt") as info:
            bounded(client.list_plans)
        elapsed = time.monotonic() - started
        print(f"\nSTALL retries with backoff: ServerError after {elapsed:.3f}s")
        assert info.value.status == 503


def test_a_server_requested_wait_past_the_deadline_is_not_waited_for() -> None:
    answered: list[int] = []

    def limited(conn: socket.socket, stop: threading.Event) -> None:
        while read_request(conn) and not stop.is_set():
            answered.append(429)
            conn.sendall(response("429 Too Many Requests", headers={"Retry-After": "5"}))

    with raw_server(limited) as server:
        client = VpsOrgClient("t0ken", server.url, timeout=1, max_retry_after=60, max_retries=5)
        with pytest.raises(RateLimitError) as info:
            bounded(client.list_plans)
        # The answer is kept: a rate limit with its wait, not a timeout.
        assert (info.value.status, info.value.retry_after) == (429, 5)
        assert "not retried: the next attempt, due in 5s" in str(info.value)
        assert answered == [429]


def test_a_refused_payment_whose_wait_passes_the_deadline_stays_a_refusal() -> None:
    """A 429 to ``POST /orders/pay`` means it was not processed: with a wait past the deadline
    it is a :class:`RateLimitError` (sent once), not a timeout whose outcome would be unknown."""
    with FakeVpsOrgApi(order_count=0) as api:
        order = api.add_order()
        api.add_fault(Fault.status(429, retry_after=60), method="POST", times=10)
        client = VpsOrgClient(api.token, api.url, timeout=1, max_retry_after=120, max_retries=5)
        with pytest.raises(RateLimitError) as info:
            bounded(lambda: client.pay_orders([order["id"]], idempotency_key="k-1"))
        assert info.value.retry_after == 60
        assert not isinstance(info.value, CallTimeoutError)
        assert api.count_requests(method="POST") == 1
        assert api.pay_count(order["id"]) == 0


def test_the_deadline_covers_every_attempt_not_each() -> None:
    """Each attempt stalls just inside what a per-attempt timeout would allow; only a deadline
    for the whole call ends it."""

    def slow_then_drop(conn: socket.socket, stop: threading.Event) -> None:
        read_request(conn)
        stop.wait(0.6)

    with raw_server(slow_then_drop) as server:
        call_until_timeout(server.url, "attempts each inside the timeout", max_retries=10)
        assert server.connections == 2


def test_a_server_stalling_past_the_deadline_closes_the_connection() -> None:
    def silent(conn: socket.socket, stop: threading.Event) -> None:
        read_request(conn)
        stop.wait(30)

    with raw_server(silent) as server:
        client = VpsOrgClient("t0ken", server.url, timeout=1, max_retries=0)
        with pytest.raises(CallTimeoutError):
            bounded(client.list_plans)
        with pytest.raises(CallTimeoutError):
            bounded(client.list_plans)
        assert server.connections == 2  # a timed-out connection is never reused


def test_a_long_wait_is_written_in_whole_seconds() -> None:
    with FakeVpsOrgApi(order_count=0) as api:
        api.add_fault(Fault.status(429, retry_after=3600), times=2)
        client = VpsOrgClient(api.token, api.url, timeout=1, max_retry_after=7200)
        with pytest.raises(RateLimitError) as info:
            bounded(client.list_plans)
    assert "due in 3600s," in str(info.value) and "e+" not in str(info.value)
    assert info.value.past_deadline is True
