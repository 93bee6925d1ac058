"""A small independent HTTP server on 127.0.0.1 that misbehaves as told, byte by byte.

Each accepted connection runs ``handler(conn, stop)`` in its own thread; ``stop`` is set when
the server closes, so that a handler pacing its bytes (``stop.wait(0.05)``) ends promptly.
"""

from __future__ import annotations

import itertools
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

Handler = Callable[[socket.socket, threading.Event], None]


def read_request(conn: socket.socket) -> bytes:
    """Read one request head (the tests send no bodies to these servers)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


@dataclass(frozen=True)
class Received:
    """One request as it arrived: request line, headers (names lower-cased) and body."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes

    @property
    def authorization(self) -> str | None:
        return self.headers.get("authorization")


def read_message(conn: socket.socket) -> Received | None:
    """Read one whole request (its body by ``Content-Length``); ``None`` when the client left."""
    data = read_request(conn)
    if b"\r\n\r\n" not in data:
        return None
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return Received(method, target, headers, body)


def recording(answer: Callable[[Received], bytes], log: list[Received]) -> Handler:
    """A handler that appends every request to ``log`` and sends ``answer(request)``."""

    def handler(conn: socket.socket, stop: threading.Event) -> None:
        while not stop.is_set():
            received = read_message(conn)
            if received is None:
                return
            log.append(received)
            conn.sendall(answer(received))

    return handler


def over_tls(context: ssl.SSLContext, handler: Handler) -> Handler:
    """``handler`` behind a TLS handshake (a failed handshake just ends the connection)."""

    def wrapped(conn: socket.socket, stop: threading.Event) -> None:
        try:
            tls = context.wrap_socket(conn, server_side=True)
        except (ssl.SSLError, OSError):
            return
        with tls:
            handler(tls, stop)

    return wrapped


def send_slowly(
    conn: socket.socket, stop: threading.Event, pieces: Iterator[bytes], pace: float
) -> None:
    """Send each piece, ``pace`` seconds apart, until the client leaves or the server stops."""
    for piece in pieces:
        if stop.wait(pace):
            return
        try:
            conn.sendall(piece)
        except OSError:
            return


class RawServer:
    """The server; ``url`` is its API base URL (``http://127.0.0.1:PORT/api/v1``);
    ``connections`` counts every connection accepted (whatever it carried)."""

    def __init__(self, handler: Handler, backlog: int = 16, host: str = "127.0.0.1") -> None:
        self._handler = handler
        self.stop = threading.Event()
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.listener = socket.create_server((host, 0), family=family, backlog=backlog)
        self.port: int = self.listener.getsockname()[1]
        self.authority = f"[{host}]:{self.port}" if ":" in host else f"{host}:{self.port}"
        self.url = f"http://{self.authority}/api/v1"
        self.connections = 0
        self._threads: list[threading.Thread] = []
        self._conns: list[socket.socket] = []

    def serve(self) -> RawServer:
        thread = threading.Thread(target=self._accept, daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            self._conns.append(conn)
            thread = threading.Thread(target=self._run, args=(conn,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _run(self, conn: socket.socket) -> None:
        with conn, suppress(OSError):
            self._handler(conn, self.stop)

    def close(self) -> None:
        self.stop.set()
        for conn in self._conns:
            with suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        with suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # unblocks accept() in the server thread
        self.listener.close()
        for thread in self._threads:
            thread.join(timeout=10)


@contextmanager
def raw_server(handler: Handler, **kwargs: Any) -> Iterator[RawServer]:
    server = RawServer(handler, **kwargs).serve()
    try:
        yield server
    finally:
        server.close()


def canned(*responses: bytes) -> Handler:
    """A handler answering requests with ``responses`` in turn, across connections (the last
    one repeats)."""
    served = itertools.count()

    def handler(conn: socket.socket, stop: threading.Event) -> None:
        while not stop.is_set():
            if not read_request(conn):
                return
            conn.sendall(responses[min(next(served), len(responses) - 1)])

    return handler


def response(
    status: str, body: bytes = b"", headers: dict[str, str] | None = None, chunked: bool = False
) -> bytes:
    """One HTTP/1.1 response's bytes; ``chunked`` sends the body in 64 KiB chunks."""
    head = [f"HTTP/1.1 {status}"]
    fields = {"Content-Type": "application/json", **(headers or {})}
    if chunked:
        fields["Transfer-Encoding"] = "chunked"
    else:
        fields["Content-Length"] = str(len(body))
    head += [f"{k}: {v}" for k, v in fields.items()]
    data = ("\r\n".join(head) + "\r\n\r\n").encode()
    if not chunked:
        return data + body
    parts = [data]
    for start in range(0, len(body), 65536):
        piece = body[start : start + 65536]
        parts.append(b"%x\r\n" % len(piece) + piece + b"\r\n")
    parts.append(b"0\r\n\r\n")
    return b"".join(parts)


PLANS_OK = response("200 OK", b'{"count": 0, "results": []}')
