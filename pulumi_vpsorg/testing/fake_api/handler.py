"""The HTTP side: one thread per connection, request framing, faults applied, answers sent."""

from __future__ import annotations

import contextlib
import json
import selectors
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import parse_qsl, urlsplit

from pulumi_vpsorg.testing.fake_api.request_log import RecordedRequest
from pulumi_vpsorg.testing.fake_api.responses import Response, dumps, message

if TYPE_CHECKING:
    from pulumi_vpsorg.testing.fake_api.server import FakeVpsOrgApi

__all__ = ["Server"]

_TOO_LARGE: Final = "The request body is too large."
#: Longest chunk-size or trailer line read (as http.server bounds the request line).
_MAX_LINE: Final = 65536
_MAX_TRAILERS: Final = 100
#: Digits past which a size cannot be within any limit (so int() never meets a huge string).
_MAX_DIGITS: Final = 19
_MAX_HEX_DIGITS: Final = 16
_HEX: Final = frozenset(b"0123456789abcdefABCDEF")
_LINGER_SECONDS: Final = 2.0
_LINGER_BYTES: Final = 1 << 20


def _is_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


class _Refused(Exception):
    """The request's framing is refused with ``status`` before its body is read."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text


class _Closed(Exception):
    """The client closed the connection before its request was complete."""


class Server(ThreadingHTTPServer):
    """The listening socket of one :class:`FakeVpsOrgApi`."""

    daemon_threads = True
    block_on_close = False
    # socketserver's default backlog of 5 makes concurrent clients wait out a SYN retry (~1 s).
    request_queue_size = 128

    def __init__(
        self, address: tuple[str, int], api: FakeVpsOrgApi, *, prefix: str, orders_only: bool
    ) -> None:
        self.api = api
        #: The path prefix this host serves, and whether it serves only the orders document.
        self.prefix = prefix
        self.orders_only = orders_only
        self._stop = threading.Event()
        self._stopped = threading.Event()
        self._stopped.set()
        self._wake_r, self._wake_w = socket.socketpair()
        try:
            super().__init__(address, _Handler)
        except BaseException:
            self._wake_r.close()
            self._wake_w.close()
            raise

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        """socketserver's loop, which :meth:`shutdown` also wakes: stopping a fake takes no
        wait for the next poll (socketserver's own shutdown waits up to ``poll_interval``, and
        the tests stop a fake thousands of times)."""
        self._stopped.clear()
        try:
            with selectors.DefaultSelector() as selector:
                selector.register(self, selectors.EVENT_READ)
                selector.register(self._wake_r, selectors.EVENT_READ)
                while not self._stop.is_set():
                    ready = selector.select(poll_interval)
                    if self._stop.is_set():
                        break
                    if any(key.fileobj is self for key, _ in ready):
                        # What socketserver's own loop calls (private, so not in typeshed).
                        self._handle_request_noblock()  # type: ignore[attr-defined]
                    self.service_actions()
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop :meth:`serve_forever` and wait until it has returned."""
        self._stop.set()
        with contextlib.suppress(OSError):
            self._wake_w.send(b"\0")
        self._stopped.wait()

    def server_close(self) -> None:
        super().server_close()
        self._wake_r.close()
        self._wake_w.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client resetting its connection (it gave up on a body, a fault cut it) is normal
        here; anything else is still printed."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeVpsOrg/1.0"
    # Headers and body leave in one write, without Nagle: otherwise every keep-alive response
    # waits out the client's delayed ACK (~40 ms).
    wbufsize = 65536
    disable_nagle_algorithm = True

    def _server(self) -> Server:
        server = self.server
        assert isinstance(server, Server)
        return server

    def _api(self) -> FakeVpsOrgApi:
        return self._server().api

    def setup(self) -> None:
        super().setup()
        # A silent connection (between or within requests) is closed after this long: the
        # socket's reads time out, which handle_one_request answers by closing.
        self.connection.settimeout(self._api().idle_timeout)
        self._api()._track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self._api()._track(self.connection, False)

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr access log."""

    def do_GET(self) -> None:
        """Serve a GET."""
        self._handle()

    def do_POST(self) -> None:
        """Serve a POST."""
        self._handle()

    def do_PATCH(self) -> None:
        """Serve a PATCH."""
        self._handle()

    def do_PUT(self) -> None:
        """Serve a PUT (no route allows it)."""
        self._handle()

    def do_DELETE(self) -> None:
        """Serve a DELETE."""
        self._handle()

    def _read_body(self, limit: int) -> bytes:
        """The request body, read only as far as framed, within ``limit`` bytes; else
        :class:`_Refused` (400 for broken framing, 413 past the limit)."""
        codings = self.headers.get_all("Transfer-Encoding") or []
        lengths = self.headers.get_all("Content-Length") or []
        if codings:
            if lengths:
                raise _Refused(400, "Content-Length and Transfer-Encoding are exclusive.")
            if [c.strip().lower() for c in ",".join(codings).split(",")] != ["chunked"]:
                raise _Refused(400, "Only the chunked transfer coding is supported.")
            return self._read_chunks(limit)
        if not lengths:
            return b""
        text = lengths[0].strip()
        if any(other.strip() != text for other in lengths) or not _is_digits(text):
            raise _Refused(400, "Malformed request body framing.")
        if len(text) > _MAX_DIGITS or int(text) > limit:
            raise _Refused(413, _TOO_LARGE)
        length = int(text)
        data = self.rfile.read(length)
        if len(data) < length:
            raise _Closed  # the client gave up mid-body
        return data

    def _read_chunks(self, limit: int) -> bytes:
        chunks: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(_MAX_LINE + 1)
            if not line:
                raise _Closed
            if len(line) > _MAX_LINE or not line.endswith(b"\n"):
                raise _Refused(400, "Malformed chunk size.")
            size_text = line.split(b";", 1)[0].strip()
            if not size_text or not all(c in _HEX for c in size_text):
                raise _Refused(400, "Malformed chunk size.")
            size_text = size_text.lstrip(b"0") or b"0"
            if len(size_text) > _MAX_HEX_DIGITS or total + int(size_text, 16) > limit:
                raise _Refused(413, _TOO_LARGE)
            size = int(size_text, 16)
            if size == 0:
                # Trailer fields, up to the blank line; bounded like the headers.
                for _ in range(_MAX_TRAILERS):
                    trailer = self.rfile.readline(_MAX_LINE + 1)
                    if trailer in (b"\r\n", b"\n", b""):
                        return b"".join(chunks)
                raise _Refused(400, "Too many trailer fields.")
            data = self.rfile.read(size)
            if len(data) < size:
                raise _Closed
            if self.rfile.readline(3) not in (b"\r\n", b"\n"):
                raise _Refused(400, "Malformed chunk: no CRLF after its data.")
            chunks.append(data)
            total += size

    def _handle(self) -> None:
        api = self._api()
        split = urlsplit(self.path)
        try:
            raw = self._read_body(api.max_body_bytes)
        except _Refused as refused:
            # The rest of the body stays unread: the connection cannot carry another request.
            self.close_connection = True
            self._send(message(refused.status, refused.text))
            self._linger()
            return
        except _Closed:
            self.close_connection = True
            return
        body: Any = None
        body_error: str | None = None
        if raw.strip():
            try:
                body = json.loads(raw)
            except (ValueError, RecursionError):
                # RecursionError: nesting deeper than the parser goes is not JSON it can read.
                body_error = "The request body must be valid JSON."
        record = RecordedRequest(
            method=self.command,
            path=split.path,
            query=dict(parse_qsl(split.query, keep_blank_values=True)),
            headers=dict(self.headers.items()),
            json=body,
        )
        api._requests.append(record)
        try:
            hook = api.on_request
            if hook is not None:
                hook(record)
            fault = api._faults.take(record)
            if api.latency > 0:
                api._wait(api.latency)
            if fault is not None and fault.kind == "delay":
                api._wait(fault.seconds)
            if fault is not None and fault.kind == "drop":
                self._drop()
                return
            if fault is not None and fault.kind in ("status", "raw"):
                response = fault.response()
            else:
                server = self._server()
                host = self.headers.get("Host") or "{}:{}".format(*server.server_address[:2])
                response = api._process(record, body, body_error, host, server)
                if fault is not None and fault.kind == "drop_after_processing":
                    self._drop()
                    return
                if fault is not None and fault.kind == "cut":
                    record.status = response.status
                    self._send(response, cut_after=fault.after_bytes)
                    self._drop()
                    return
                if fault is not None and fault.kind == "mutate_json" and fault.fn is not None:
                    decoded = json.loads(response.body) if response.body else None
                    mutated = fault.fn(decoded)
                    response.body = None if mutated is None else dumps(mutated)
        except Exception as exc:  # any bug must still answer, as a real server would
            api._server_error(exc)
            response = message(500, "Server Error")
        record.status = response.status
        self._send(response)

    def _linger(self) -> None:
        """Half-close, then drain (bounded) what the client still sends: closing with unread
        input would reset the connection and could destroy the answer before it is read."""
        deadline = time.monotonic() + _LINGER_SECONDS
        with contextlib.suppress(OSError):
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            drained = 0
            while drained < _LINGER_BYTES:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.connection.settimeout(left)
                chunk = self.connection.recv(65536)
                if not chunk:
                    break
                drained += len(chunk)

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _send(self, response: Response, cut_after: int | None = None) -> None:
        try:
            self.send_response(response.status)
            if self.close_connection:
                self.send_header("Connection", "close")
            if response.status != 204:
                self.send_header("Content-Type", response.content_type)
                self.send_header("Content-Length", str(len(response.body or b"")))
            for name, value in self._api()._rate_headers(response.status).items():
                self.send_header(name, value)
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if response.body and response.status != 204:
                self.wfile.write(response.body if cut_after is None else response.body[:cut_after])
            self.wfile.flush()
        except OSError:
            # The client went away (e.g. it timed out during a delay fault).
            self.close_connection = True
