"""TLS failures, by when they happen: a certificate the client refuses fails the handshake, before
anything is sent, and may be retried for any method; a TLS error after the request went out (the
connection corrupted while the response comes back) may follow a payment the server made, so a
POST is never resent, while reads are retried. TLS raw servers throughout."""

from __future__ import annotations

import os
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pulumi_vpsorg import ConnectionFailedError, VpsOrgClient

from .._http.raw_server import (
    PLANS_OK,
    Handler,
    RawServer,
    Received,
    over_tls,
    raw_server,
    read_message,
)

TOKEN = "tls-token-8c41d2"
#: A TLS application-data record header with 16 bytes that no session key decrypts.
NOT_A_RECORD = b"\x17\x03\x03\x00\x10" + b"garbage-garbage!"


def _context(tls_files: tuple[Path, Path]) -> ssl.SSLContext:
    cert, key = tls_files
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def _corrupting(log: list[Received], good_after: int | None = None) -> Handler:
    """A handler that records each request, then answers with bytes that are not a TLS record
    (the request arrived; the response is lost in a TLS error); past request ``good_after``, it
    answers the plans instead."""

    def handler(tls: socket.socket, stop: threading.Event) -> None:
        while not stop.is_set():
            received = read_message(tls)
            if received is None:
                return
            log.append(received)
            if good_after is not None and len(log) > good_after:
                tls.sendall(PLANS_OK)
                return  # closes the connection: nothing is left waiting on it
            os.write(tls.fileno(), NOT_A_RECORD)  # under the TLS layer, on the raw socket
            socket.socket(fileno=os.dup(tls.fileno())).close()
            return

    return handler


@pytest.fixture
def corrupted_pay(tls_files: tuple[Path, Path]) -> Iterator[tuple[RawServer, list[Received]]]:
    log: list[Received] = []
    with raw_server(over_tls(_context(tls_files), _corrupting(log))) as server:
        yield server, log


def _client(server: RawServer, cert: Path, *, max_retries: int = 3) -> VpsOrgClient:
    url = f"https://{server.authority}/api/v1"
    client = VpsOrgClient(
        TOKEN, url, orders_api_url=url, max_retries=max_retries, backoff_factor=0.001, timeout=10
    )
    # The test's own CA (a loopback API ignores the environment's CA settings).
    client._transport._verify = str(cert)
    client._orders_transport._verify = str(cert)
    return client


def test_a_tls_error_after_the_pay_request_went_out_is_not_resent(
    corrupted_pay: tuple[RawServer, list[Received]], tls_files: tuple[Path, Path]
) -> None:
    server, log = corrupted_pay
    with (
        _client(server, tls_files[0]) as client,
        pytest.raises(ConnectionFailedError, match="may have reached the server") as info,
    ):
        client.pay_orders([7736], "balance")
    assert "TLS error on the connection" in str(info.value)
    assert [(r.method, r.target) for r in log] == [("POST", "/api/v1/orders/pay")]


def test_a_tls_error_after_a_read_went_out_is_retried(tls_files: tuple[Path, Path]) -> None:
    log: list[Received] = []
    handler = _corrupting(log, good_after=1)
    with (
        raw_server(over_tls(_context(tls_files), handler)) as server,
        _client(server, tls_files[0]) as client,
    ):
        plans = client.list_plans()
    assert plans == []  # PLANS_OK lists none: the second answer arrived whole
    assert [r.target for r in log] == ["/api/v1/plans/", "/api/v1/plans/"]


def test_a_refused_certificate_means_nothing_was_sent_and_is_retried(
    corrupted_pay: tuple[RawServer, list[Received]], tls_files: tuple[Path, Path]
) -> None:
    server, log = corrupted_pay
    url = f"https://{server.authority}/api/v1"
    # No CA given: the client refuses the self-signed certificate in the handshake.
    client = VpsOrgClient(TOKEN, url, orders_api_url=url, max_retries=2, backoff_factor=0.001)
    with (
        client,
        pytest.raises(ConnectionFailedError, match="TLS verification failed") as info,
    ):
        client.pay_orders([7736], "balance")
    assert "may have reached the server" not in str(info.value)
    assert log == []  # no request ever arrived
    assert server.connections == 3  # tried 1 + max_retries times
