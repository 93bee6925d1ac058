"""The HTTP side survives what a server survives: lying or absurd framing, oversized bodies,
idle and stalled connections (raw sockets, since ``requests`` frames everything correctly)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from pulumi_vpsorg.testing import FakeVpsOrgApi

from .._http_client import Http
from ._raw import connect, exchange, head, read_all, status_of

LIMIT = 1024


@pytest.fixture
def fake() -> Iterator[FakeVpsOrgApi]:
    with FakeVpsOrgApi(order_count=8, max_body_bytes=LIMIT, idle_timeout=0.5) as api:
        yield api


def renewal(fake: FakeVpsOrgApi) -> tuple[int, dict[str, object]]:
    order = fake.add_order(auto_pay=True)
    return order["id"], order


def test_a_body_over_the_limit_is_413_and_not_processed(fake: FakeVpsOrgApi) -> None:
    oid, before = renewal(fake)
    body = json.dumps({"auto_pay": False, "pad": "x" * (LIMIT * 2)}).encode()
    request = head(fake, "PATCH", f"/orders/{oid}", f"Content-Length: {len(body)}") + body
    answer = exchange(fake, request)
    assert status_of(answer) == 413
    assert b"Connection: close" in answer
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["message"]
    assert fake.get_order(oid) == before
    # A body at the limit is still read and processed.
    fitting = json.dumps({"auto_pay": False, "pad": "x" * (LIMIT - 40)}).encode()
    assert len(fitting) <= LIMIT
    h = Http(fake)
    assert h("PATCH", f"/orders/{oid}", data=fitting).status_code == 200
    h.close()
    assert (fake.get_order(oid) or {})["auto_pay"] is False


@pytest.mark.parametrize(
    "length",
    [
        str(10**12),  # fits an ssize_t: reading it would allocate a terabyte
        str(2**63),  # does not fit
        "9" * 5000,  # more digits than int() converts
    ],
)
def test_an_absurd_content_length_is_413_without_reading(fake: FakeVpsOrgApi, length: str) -> None:
    answer = exchange(fake, head(fake, "POST", "/orders/pay", f"Content-Length: {length}"))
    assert status_of(answer) == 413
    assert fake.payments == [] and fake.server_errors == []


@pytest.mark.parametrize(
    "headers",
    [
        ("Content-Length: -1",),
        ("Content-Length: 1e3",),
        ("Content-Length: 0x10",),
        ("Content-Length: 2", "Content-Length: 3"),
        ("Content-Length: 2", "Transfer-Encoding: chunked"),
        ("Transfer-Encoding: gzip",),
    ],
)
def test_contradictory_or_malformed_framing_is_400(
    fake: FakeVpsOrgApi, headers: tuple[str, ...]
) -> None:
    answer = exchange(fake, head(fake, "POST", "/orders/pay", *headers) + b"{}")
    assert status_of(answer) == 400
    assert fake.payments == []


@pytest.mark.parametrize(
    "chunks",
    [
        b"FFFFFFFFFFFFFFFF\r\n",  # 16 EiB announced
        b"1" + b"0" * 40 + b"\r\n",  # more hex digits than any size
        b"200\r\n" + b"x" * 512 + b"\r\n" + b"200\r\n" + b"x" * 512 + b"\r\n" + b"1\r\nx\r\n",
    ],
)
def test_chunks_beyond_the_limit_are_413(fake: FakeVpsOrgApi, chunks: bytes) -> None:
    request = head(fake, "POST", "/orders/pay", "Transfer-Encoding: chunked") + chunks
    assert status_of(exchange(fake, request)) == 413
    assert fake.payments == [] and fake.server_errors == []


@pytest.mark.parametrize(
    "chunks",
    [
        b"zz\r\n{}\r\n0\r\n\r\n",
        b"2\r\n{}XX0\r\n\r\n",  # no CRLF after the chunk
        b";ext\r\n{}\r\n0\r\n\r\n",  # no size at all
    ],
)
def test_malformed_chunks_are_400(fake: FakeVpsOrgApi, chunks: bytes) -> None:
    request = head(fake, "POST", "/orders/pay", "Transfer-Encoding: chunked") + chunks
    assert status_of(exchange(fake, request)) == 400


def test_a_well_formed_chunked_body_is_read(fake: FakeVpsOrgApi) -> None:
    oid, _ = renewal(fake)
    body = json.dumps({"order_ids": [oid]}).encode()
    chunked = b"".join(b"%x;note=1\r\n%s\r\n" % (len(part), part) for part in (body[:5], body[5:]))
    request = (
        head(fake, "POST", "/orders/pay", "Transfer-Encoding: chunked", "Connection: close")
        + chunked
        + b"0\r\nX-Trailer: 1\r\n\r\n"
    )
    assert status_of(exchange(fake, request)) == 200
    assert fake.pay_count(oid) == 1


def test_json_nested_beyond_the_parser_is_a_422() -> None:
    with FakeVpsOrgApi(order_count=0, max_body_bytes=10**6) as roomy:
        oid = roomy.add_order()["id"]
        h = Http(roomy)
        r = h("PATCH", f"/orders/{oid}", data=b"[" * 200_000 + b"]" * 200_000)
        h.close()
        assert r.status_code == 422 and "body" in r.json()["errors"]
        assert roomy.server_errors == []


def test_an_idle_connection_is_closed(fake: FakeVpsOrgApi) -> None:
    with connect(fake) as sock:
        assert read_all(sock) == b""  # never sent anything: closed without an answer


def test_an_idle_keep_alive_connection_is_closed_after_its_answer(fake: FakeVpsOrgApi) -> None:
    with connect(fake) as sock:
        sock.sendall(head(fake, "GET", "/plans/"))
        answer = read_all(sock)  # the answer, then the close once the connection idles
    assert status_of(answer) == 200 and answer.count(b"HTTP/1.1 ") == 1


@pytest.mark.parametrize(
    "partial",
    [
        b"GET /api/v1/plans/ HTTP/1.1\r\nHost: x\r\n",  # headers never finished
        b'POST /api/v1/orders/pay HTTP/1.1\r\nContent-Length: 50\r\n\r\n{"order',  # short body
        b"POST /api/v1/orders/pay HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{}",
    ],
)
def test_a_stalled_request_is_closed_unprocessed(fake: FakeVpsOrgApi, partial: bytes) -> None:
    answer = exchange(fake, partial)
    assert b" 200 " not in answer[:20]
    assert fake.payments == [] and fake.server_errors == []


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"max_body_bytes": -1}, "max_body_bytes"),
        ({"max_body_bytes": 2**70}, "max_body_bytes"),
        ({"idle_timeout": 0}, "idle_timeout"),
        ({"idle_timeout": float("inf")}, "idle_timeout"),
        ({"idle_timeout": float("nan")}, "idle_timeout"),
        ({"request_log_size": -1}, "request_log_size"),
    ],
)
def test_limits_are_checked(kwargs: dict[str, float], name: str) -> None:
    with pytest.raises(ValueError, match=name):
        FakeVpsOrgApi(order_count=0, **kwargs)  # type: ignore[arg-type]


def test_the_limits_are_on_by_default() -> None:
    fake = FakeVpsOrgApi(order_count=0)
    assert 0 < fake.max_body_bytes <= 16 * 2**20
    assert 0 < fake.idle_timeout <= 300
    assert 0 < fake.request_log_size <= 100_000
