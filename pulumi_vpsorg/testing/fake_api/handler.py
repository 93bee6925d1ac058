"""The HTTP side: one thread per connection, request framing, faults applied, answers sent."""

from __future__ import annotations

import contextlib
import json
import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from pulumi_vpsorg.testing.fake_api.request_log import RecordedRequest
from pulumi_vpsorg.testing.fake_api.responses import Response, dumps, message

if TYPE_CHECKING:
    from pulumi_vpsorg.testing.fake_api.server import FakeVpsOrgApi

__all__ = ["Server"]


class Server(ThreadingHTTPServer):
    """The listening socket of one :class:`FakeVpsOrgApi`."""

    daemon_threads = True
    block_on_close = False
    # socketserver's default backlog of 5 makes concurrent clients wait out a SYN retry (~1 s).
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], api: FakeVpsOrgApi) -> None:
        self.api = api
        super().__init__(address, _Handler)

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

    def _api(self) -> FakeVpsOrgApi:
        server = self.server
        assert isinstance(server, Server)
        return server.api

    def setup(self) -> None:
        super().setup()
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

    def _read_body(self) -> bytes | None:
        if (self.headers.get("Transfer-Encoding") or "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                line = self.rfile.readline(65537).split(b";", 1)[0].strip()
                try:
                    size = int(line, 16)
                except ValueError:
                    return None
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline(65537)
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        length = length.strip()
        if not length.isascii() or not length.isdigit():
            return None
        return self.rfile.read(int(length))

    def _handle(self) -> None:
        api = self._api()
        split = urlsplit(self.path)
        raw = self._read_body()
        if raw is None:
            self.close_connection = True
            self._send(message(400, "Malformed request body framing."))
            return
        body: Any = None
        body_error: str | None = None
        if raw.strip():
            try:
                body = json.loads(raw)
            except ValueError:
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
                host = self.headers.get("Host") or f"{api.host}:{api.port}"
                response = api._process(record, body, body_error, host)
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

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _send(self, response: Response, cut_after: int | None = None) -> None:
        try:
            self.send_response(response.status)
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
