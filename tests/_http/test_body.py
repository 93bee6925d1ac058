"""Every body capped at 16 MiB, on the wire and decoded, with memory bounded near the cap
whatever the compression: gzip, deflate (zlib or raw), chunked, several encodings stacked,
concatenated gzip members; a redirect's body and an error body before a retry included.

Peak memory (tracemalloc) is printed (``-s``) for ``docs/reliability.md``.
"""

from __future__ import annotations

import functools
import gzip
import tracemalloc
import zlib
from collections.abc import Callable
from typing import Any

import pytest

from pulumi_vpsorg import UnexpectedResponseError, VpsOrgClient
from pulumi_vpsorg._http import MAX_BODY_BYTES

from ..reliability.conftest import bounded
from .raw_server import PLANS_OK, canned, raw_server, response

MiB = 1024 * 1024
_SPACES = b" " * MiB


@functools.cache
def gzip_member(mib: int) -> bytes:
    """``mib`` MiB of spaces, gzip-compressed, built a MiB at a time."""
    obj = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return b"".join(obj.compress(_SPACES) for _ in range(mib)) + obj.flush()


def deflate(data: bytes, raw: bool = False) -> bytes:
    obj = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
    return obj.compress(data) + obj.flush()


@functools.cache
def gigabytes_of_members(gib: int) -> bytes:
    """``gib`` GiB of spaces as concatenated 1 MiB gzip members (one body, per RFC 1952)."""
    return gzip_member(1) * (1024 * gib)


#: name -> (body, Content-Encoding, chunked, decoded size in MiB)
BOMBS: dict[str, tuple[Callable[[], bytes], str, bool, int]] = {
    "gzip 256 MiB": (lambda: gzip_member(256), "gzip", False, 256),
    "gzip 256 MiB chunked": (lambda: gzip_member(256), "gzip", True, 256),
    "deflate (zlib) 64 MiB": (lambda: deflate(b" " * (64 * MiB)), "deflate", False, 64),
    "deflate (raw) 64 MiB chunked": (
        lambda: deflate(b" " * (64 * MiB), raw=True),
        "deflate",
        True,
        64,
    ),
    "gzip members 2 GiB": (lambda: gigabytes_of_members(2), "gzip", False, 2048),
    "gzip, gzip 64 GiB": (
        lambda: gzip.compress(gigabytes_of_members(1) * 64, 9),
        "gzip, gzip",
        True,
        64 * 1024,
    ),
    "gzip, gzip, deflate 64 GiB": (
        lambda: deflate(gzip.compress(gigabytes_of_members(1) * 64, 9)),
        "gzip, gzip, deflate",
        True,
        64 * 1024,
    ),
}


def peak_of(call: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        bounded(call)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def client_for(url: str, **kwargs: Any) -> VpsOrgClient:
    return VpsOrgClient("t0ken", url, timeout=30, backoff_factor=0.001, **kwargs)


@pytest.mark.parametrize("name", list(BOMBS))
def test_a_compression_bomb_stops_at_the_cap_in_bounded_memory(name: str) -> None:
    make, encoding, chunked, decoded = BOMBS[name]
    body = make()
    bomb = response("200 OK", body, {"Content-Encoding": encoding}, chunked=chunked)
    with raw_server(canned(bomb)) as server:
        client = client_for(server.url)

        def call() -> None:
            with pytest.raises(UnexpectedResponseError, match="exceeds"):
                client.list_plans()

        peak = peak_of(call)
    print(
        f"\nBOMB {name}: {len(body)} bytes on the wire, {decoded} MiB decoded;"
        f" peak {peak / MiB:.1f} MiB"
    )
    assert peak < 2 * MAX_BODY_BYTES


def test_an_identity_body_past_the_cap_without_a_length_is_cut_off() -> None:
    huge = response("200 OK", b" " * (MAX_BODY_BYTES + MiB), chunked=True)
    with (
        raw_server(canned(huge)) as server,
        pytest.raises(UnexpectedResponseError, match="exceeds"),
    ):
        client_for(server.url).list_plans()


def test_too_many_stacked_encodings_are_refused_not_decoded() -> None:
    body = b"[]"
    for _ in range(5):
        body = gzip.compress(body)
    bomb = response("200 OK", body, {"Content-Encoding": ", ".join(["gzip"] * 5)})
    with (
        raw_server(canned(bomb)) as server,
        pytest.raises(UnexpectedResponseError, match="5 stacked content encodings"),
    ):
        client_for(server.url).list_plans()


@pytest.mark.parametrize("encoding", ["br", "zstd", "compress"])
def test_an_encoding_not_asked_for_is_refused(encoding: str) -> None:
    answer = response("200 OK", b"\x00\x01", {"Content-Encoding": encoding})
    with (
        raw_server(canned(answer)) as server,
        pytest.raises(UnexpectedResponseError, match="unsupported Content-Encoding"),
    ):
        client_for(server.url).list_plans()


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("gzip", gzip.compress),
        ("deflate", deflate),
        ("deflate", lambda b: deflate(b, raw=True)),
        ("gzip, deflate", lambda b: deflate(gzip.compress(b))),
        ("identity", lambda b: b),
    ],
)
def test_compressed_answers_decode(encoding: str, encode: Callable[[bytes], bytes]) -> None:
    body = b'{"count": 0, "results": []}'
    answer = response("200 OK", encode(body), {"Content-Encoding": encoding}, chunked=True)
    with raw_server(canned(answer)) as server:
        assert client_for(server.url).list_plans() == []


def test_a_corrupt_compressed_body_is_a_typed_error() -> None:
    answer = response("200 OK", b"\x1f\x8b\x08\x00garbage", {"Content-Encoding": "gzip"})
    with (
        raw_server(canned(answer)) as server,
        pytest.raises(UnexpectedResponseError, match="cannot be decoded"),
    ):
        client_for(server.url).list_plans()


def test_a_redirect_body_is_read_capped_and_never_decoded() -> None:
    bomb = gzip.compress(gigabytes_of_members(1) * 64, 9)
    redirect = response(
        "301 Moved Permanently",
        bomb,
        {"Location": "/api/v1/plans/?moved=1", "Content-Encoding": "gzip, gzip"},
    )
    with raw_server(canned(redirect, PLANS_OK)) as server:
        client = client_for(server.url)
        peak = peak_of(lambda: client.list_plans())
        assert server.connections == 1  # the body read to its end: the connection reused
    print(f"\nBOMB redirect body (64 GiB gzip, gzip): peak {peak / MiB:.1f} MiB")
    assert peak < MiB


def test_a_huge_redirect_body_closes_the_connection_instead_of_being_read() -> None:
    redirect = response(
        "302 Found", b" " * (MAX_BODY_BYTES + MiB), {"Location": "/api/v1/plans/"}, chunked=True
    )
    with raw_server(canned(redirect, PLANS_OK)) as server:
        client = client_for(server.url)
        peak = peak_of(lambda: client.list_plans())
        assert server.connections == 2
    assert peak < MiB


def test_an_error_body_before_a_retry_is_read_capped_and_never_decoded() -> None:
    bomb = response(
        "503 Service Unavailable",
        gzip.compress(gigabytes_of_members(1) * 64, 9),
        {"Content-Encoding": "gzip, gzip"},
        chunked=True,
    )
    with raw_server(canned(bomb, bomb, PLANS_OK)) as server:
        client = client_for(server.url, max_retries=3)
        peak = peak_of(lambda: client.list_plans())
    print(f"\nBOMB error body before a retry (64 GiB gzip, gzip): peak {peak / MiB:.1f} MiB")
    assert peak < MiB


def test_the_last_error_body_is_read_capped() -> None:
    bomb = response(
        "503 Service Unavailable",
        gzip_member(256),
        {"Content-Encoding": "gzip"},
    )
    with raw_server(canned(bomb)) as server:
        client = client_for(server.url, max_retries=0)
        from pulumi_vpsorg import ServerError

        def call() -> None:
            with pytest.raises(ServerError, match="HTTP 503"):
                client.list_plans()

        peak = peak_of(call)
    assert peak < 2 * MAX_BODY_BYTES
