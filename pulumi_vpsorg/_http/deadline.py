"""One deadline per call: every socket wait of the calling thread ends by it.

``http.client`` reads the status line and headers line by line, and each read is bounded only by
the socket timeout, so a server trickling them (or sending ``100 Continue`` forever) would keep a
call alive indefinitely. Here every socket the pool opens is wrapped: before each receive or send
the socket's timeout is lowered to what is left of the calling thread's deadline, and once it has
passed the operation fails at once. Connecting and the TLS handshake get the time left when the
attempt starts (the transport passes it as the connect timeout).
"""

from __future__ import annotations

import io
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.poolmanager import ProxyManager

__all__ = ["DeadlineAdapter", "DeadlineExceeded", "call_deadline", "time_left"]

_local = threading.local()


class DeadlineExceeded(TimeoutError):
    """The calling thread's deadline passed before a socket operation could start."""


def time_left() -> float | None:
    """Seconds left before the calling thread's deadline, ``None`` outside a call."""
    deadline: float | None = getattr(_local, "deadline", None)
    return None if deadline is None else deadline - time.monotonic()


@contextmanager
def call_deadline(deadline: float) -> Iterator[None]:
    """Bound every socket operation of this thread by ``deadline`` (``time.monotonic()``)."""
    previous = getattr(_local, "deadline", None)
    _local.deadline = deadline
    try:
        yield
    finally:
        _local.deadline = previous


class _DeadlineSocket:
    """A socket (plain or TLS) whose reads and writes end by the calling thread's deadline."""

    def __init__(self, sock: Any) -> None:
        self._sock = sock
        self._timeout: float | None = sock.gettimeout()
        self._io_refs = 0
        self._closed = False

    def _bound(self) -> None:
        deadline: float | None = getattr(_local, "deadline", None)
        if deadline is None:
            return
        left = deadline - time.monotonic()
        if left <= 0:
            raise DeadlineExceeded("the call's deadline has passed")
        base = self._timeout
        self._sock.settimeout(left if base is None or left < base else base)

    def settimeout(self, value: float | None) -> None:
        self._timeout = value
        self._sock.settimeout(value)

    def gettimeout(self) -> float | None:
        return self._timeout

    def recv_into(self, buffer: Any, nbytes: int = 0, flags: int = 0) -> int:
        self._bound()
        return int(self._sock.recv_into(buffer, nbytes, flags))

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        self._bound()
        return bytes(self._sock.recv(bufsize, flags))

    def send(self, data: Any, flags: int = 0) -> int:
        self._bound()
        return int(self._sock.send(data, flags))

    def sendall(self, data: Any, flags: int = 0) -> None:
        # sendall's timeout bounds the whole send (Python >= 3.5).
        self._bound()
        self._sock.sendall(data, flags)

    def makefile(self, mode: str = "r", buffering: int | None = None, **_: Any) -> Any:
        # http.client only reads responses through makefile("rb"): route it through recv_into.
        if mode != "rb":
            raise ValueError(f"unsupported makefile mode {mode!r}")
        self._io_refs += 1
        size = io.DEFAULT_BUFFER_SIZE if buffering is None or buffering < 0 else buffering
        return io.BufferedReader(socket.SocketIO(self, "rb"), size)  # type: ignore[arg-type]

    def _decref_socketios(self) -> None:
        # As socket.socket does: a file made by makefile keeps the socket open until it closes.
        self._io_refs -= 1
        if self._closed and self._io_refs <= 0:
            self._sock.close()

    def close(self) -> None:
        self._closed = True
        if self._io_refs <= 0:
            self._sock.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class _HTTPConnection(HTTPConnection):
    def connect(self) -> None:
        super().connect()
        self.sock = _DeadlineSocket(self.sock)


class _HTTPSConnection(HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        self.sock = _DeadlineSocket(self.sock)


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


_POOLS: dict[str, type[HTTPConnectionPool]] = {"http": _HTTPPool, "https": _HTTPSPool}


class DeadlineAdapter(HTTPAdapter):
    """requests' adapter whose connections (direct or through a proxy) honour the deadline."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> ProxyManager:
        manager: ProxyManager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = _POOLS
        return manager
