"""Raw HTTP/1.1 over a socket, for what ``requests`` will not send: lying framing, stalls."""

from __future__ import annotations

import socket

from pulumi_vpsorg.testing import FakeVpsOrgApi
from pulumi_vpsorg.testing.fake_api import API_PREFIX

#: How long a test waits for the fake before failing (a guard, not a measurement).
GUARD = 30.0


def connect(fake: FakeVpsOrgApi) -> socket.socket:
    """A connection to ``fake`` whose reads give up after :data:`GUARD` seconds."""
    sock = socket.create_connection((fake.host, fake.port), timeout=GUARD)
    return sock


def head(fake: FakeVpsOrgApi, method: str, path: str, *extra: str) -> bytes:
    """Request line and headers (the read+write token, JSON accepted) ending in a blank line."""
    lines = [
        f"{method} {API_PREFIX}{path} HTTP/1.1",
        f"Host: {fake.host}:{fake.port}",
        f"Authorization: Bearer {fake.token}",
        "Accept: application/json",
        *extra,
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def read_all(sock: socket.socket) -> bytes:
    """Everything the fake sends until it closes the connection."""
    chunks: list[bytes] = []
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def status_of(answer: bytes) -> int:
    """The status code of the first response in ``answer``."""
    assert answer.startswith(b"HTTP/1.1 "), answer[:80]
    return int(answer.split(b" ", 2)[1])


def exchange(fake: FakeVpsOrgApi, data: bytes) -> bytes:
    """Send ``data``, then read until the fake closes (the request must make it close)."""
    with connect(fake) as sock:
        sock.sendall(data)
        return read_all(sock)
