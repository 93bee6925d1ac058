"""A faithful fake of the VPS.org API, served over real HTTP on loopback.

Written from the API documents (plans reference, orders list reference, and what the public orders
reference adds); where they are silent it follows :mod:`pulumi_vpsorg.assumptions`. It has its own
state (plans, orders, payments), a request log, and a fault schedule for failure testing.

Stdlib only, so it can run anywhere the package runs, including as ``vpsorg-fake-api``.
"""

from __future__ import annotations

import argparse
import contextlib
import hmac
import json
import math
import re
import secrets
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType, TracebackType
from typing import Any, Final, Literal
from urllib.parse import parse_qsl, urlsplit

from pulumi_vpsorg import assumptions
from pulumi_vpsorg.testing import _fake_data as data

__all__ = ["FakeVpsOrgApi", "Fault", "FaultKind", "RecordedRequest", "main"]

#: Path prefix of the API on the fake's host, taken from the documented base URL (A1).
API_PREFIX: Final = urlsplit(assumptions.DEFAULT_API_URL).path.rstrip("/")
DEFAULT_STATUS_FILTER: Final = ("pending_payment", "paid")
WRITE_METHODS: Final = frozenset({"POST", "PATCH", "PUT", "DELETE"})

FaultKind = Literal["status", "drop", "drop_after_processing", "delay", "raw", "mutate_json", "cut"]

_JSON: Final = "application/json"
_DIGITS: Final = re.compile(r"[0-9]+")
_INTEGER: Final = re.compile(r"[+-]?[0-9]+")


@dataclass(frozen=True)
class Fault:
    """One injected failure; build it with the class methods, schedule it with ``add_fault``."""

    kind: FaultKind
    code: int | None = None
    retry_after: int | None = None
    body: bytes | None = None
    content_type: str = _JSON
    seconds: float = 0.0
    fn: Callable[[Any], Any] | None = None
    #: Extra response headers (``status`` and ``raw``), e.g. ``Location`` or an odd ``Retry-After``.
    headers: tuple[tuple[str, str], ...] = ()
    #: ``cut``: body bytes sent before the connection is closed.
    after_bytes: int = 0

    @classmethod
    def status(
        cls,
        code: int,
        *,
        retry_after: int | None = None,
        body: bytes | None = None,
        content_type: str = _JSON,
        headers: Mapping[str, str] | None = None,
    ) -> Fault:
        """Answer ``code`` without processing; a 429 always carries ``Retry-After`` (0 if unset).

        ``headers`` are added last, so they can replace ``Retry-After`` with any text.
        """
        return cls(
            "status",
            code=code,
            retry_after=retry_after,
            body=body,
            content_type=content_type,
            headers=tuple((headers or {}).items()),
        )

    @classmethod
    def drop(cls) -> Fault:
        """Read the request, then close the connection without answering or processing."""
        return cls("drop")

    @classmethod
    def drop_after_processing(cls) -> Fault:
        """Process the request (state changes happen), then close without answering."""
        return cls("drop_after_processing")

    @classmethod
    def delay(cls, seconds: float) -> Fault:
        """Sleep ``seconds``, then process and answer normally."""
        return cls("delay", seconds=seconds)

    @classmethod
    def raw(
        cls,
        status: int,
        body: bytes,
        content_type: str,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> Fault:
        """Answer exactly these bytes (plus ``headers``) without processing."""
        return cls(
            "raw",
            code=status,
            body=body,
            content_type=content_type,
            headers=tuple((headers or {}).items()),
        )

    @classmethod
    def redirect(cls, location: str, code: int = 302) -> Fault:
        """Answer ``code`` with ``Location: location`` and an empty body, without processing."""
        return cls.raw(code, b"", _JSON, headers={"Location": location})

    @classmethod
    def cut(cls, after_bytes: int) -> Fault:
        """Process normally, announce the full ``Content-Length``, send only the first
        ``after_bytes`` of the body, then close the connection (a drop mid-body)."""
        if after_bytes < 0:
            raise ValueError("after_bytes must be >= 0")
        return cls("cut", after_bytes=after_bytes)

    @classmethod
    def mutate_json(cls, fn: Callable[[Any], Any]) -> Fault:
        """Process normally, then send ``fn(decoded body)`` instead of the body."""
        return cls("mutate_json", fn=fn)


@dataclass
class RecordedRequest:
    """One request as the fake received it, and how it answered (``status`` None if dropped)."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    json: Any
    status: int | None = None
    fault: FaultKind | None = None

    def header(self, name: str) -> str | None:
        """Return a request header, matched case-insensitively."""
        lowered = name.lower()
        for key, value in self.headers.items():
            if key.lower() == lowered:
                return value
        return None


@dataclass
class _FaultRule:
    fault: Fault
    method: str | None
    path: str | None
    path_prefix: str | None
    query: dict[str, str] | None
    times: int
    after: int

    def matches(self, request: RecordedRequest) -> bool:
        if self.method is not None and self.method.upper() != request.method:
            return False
        if self.path is not None and self.path != request.path:
            return False
        if self.path_prefix is not None and not request.path.startswith(self.path_prefix):
            return False
        if self.query is not None:
            return all(request.query.get(k) == v for k, v in self.query.items())
        return True


@dataclass
class _Response:
    status: int
    body: bytes | None
    content_type: str = _JSON
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Ctx:
    method: str
    query: dict[str, str]
    body: Any
    body_error: str | None
    base_url: str
    idempotency_key: str | None


# What json.dumps(obj, separators=(",", ":"), ensure_ascii=False) builds on every call.
_ENCODER: Final = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def _dumps(obj: Any) -> bytes:
    return _ENCODER.encode(obj).encode()


def _json(status: int, obj: Any, headers: dict[str, str] | None = None) -> _Response:
    return _Response(status, _dumps(obj), headers=dict(headers or {}))


def _message(status: int, message: str) -> _Response:
    return _json(status, {"message": message})


def _invalid(errors: Mapping[str, list[str]]) -> _Response:
    # Laravel's validation message: the first error, plus how many more there are.
    messages = [m for ms in errors.values() for m in ms]
    message = messages[0]
    if len(messages) > 1:
        more = len(messages) - 1
        message += f" (and {more} more error{'s' if more > 1 else ''})"
    return _json(422, {"message": message, "errors": dict(errors)})


_NOT_FOUND: Final = "Not found."
_LOCKED: Final = "The resource is locked at the moment."


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _clone(obj: Any) -> Any:
    # Stored data is plain JSON; a JSON round trip is a fast deep copy.
    return json.loads(json.dumps(obj))


def _now() -> int:
    return int(time.time())


class _Server(ThreadingHTTPServer):
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
        assert isinstance(server, _Server)
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
        if not _DIGITS.fullmatch(length.strip()):
            return None
        return self.rfile.read(int(length))

    def _handle(self) -> None:
        api = self._api()
        split = urlsplit(self.path)
        raw = self._read_body()
        if raw is None:
            self.close_connection = True
            self._send(_message(400, "Malformed request body framing."))
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
        api._log(record)
        try:
            hook = api.on_request
            if hook is not None:
                hook(record)
            fault = api._take_fault(record)
            if api.latency > 0:
                api._wait(api.latency)
            if fault is not None and fault.kind == "delay":
                api._wait(fault.seconds)
            if fault is not None and fault.kind == "drop":
                self._drop()
                return
            if fault is not None and fault.kind in ("status", "raw"):
                response = api._fault_response(fault)
            else:
                host = self.headers.get("Host") or f"{api.host}:{api.port}"
                ctx = _Ctx(
                    method=self.command,
                    query=record.query,
                    body=body,
                    body_error=body_error,
                    base_url=f"http://{host}{API_PREFIX}",
                    idempotency_key=record.header(assumptions.IDEMPOTENCY_HEADER),
                )
                response = api._process(ctx, split.path, record)
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
                    response.body = None if mutated is None else _dumps(mutated)
        except Exception as exc:  # any bug must still answer, as a real server would
            api._server_error(exc)
            response = _message(500, "Server Error")
        record.status = response.status
        self._send(response)

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _send(self, response: _Response, cut_after: int | None = None) -> None:
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


_Route = Callable[["FakeVpsOrgApi", _Ctx, tuple[str, ...]], _Response]


class FakeVpsOrgApi:
    """The fake API: start it, point a client at :attr:`url` with :attr:`token`.

    :param token: read+write token (random if not given).
    :param read_only_token: read-only token (random if not given).
    :param order_count: orders in the store: the four documented ones plus generated ones.
    :param seed: seed of the deterministic order generator.
    :param latency: seconds slept before each response.
    :param plans: replaces the four documented plans.
    """

    def __init__(
        self,
        *,
        token: str | None = None,
        read_only_token: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        order_count: int = 1796,
        seed: int = 0,
        latency: float = 0.0,
        max_per_page: int = assumptions.SERVER_MAX_PER_PAGE,
        default_per_page: int = assumptions.SERVER_DEFAULT_PER_PAGE,
        plans: list[dict[str, Any]] | None = None,
    ) -> None:
        self.token: str = token if token is not None else f"fake-rw-{secrets.token_hex(16)}"
        self.read_only_token: str = (
            read_only_token if read_only_token is not None else f"fake-ro-{secrets.token_hex(16)}"
        )
        self.host = host
        self.port = port
        self.latency = latency
        self.max_per_page = max_per_page
        self.default_per_page = default_per_page
        #: Informational ``X-RateLimit-Limit`` per minute; not enforced (use a 429 fault).
        self.rate_limit = 100_000
        self.on_request: Callable[[RecordedRequest], None] | None = None
        #: Exceptions raised while processing (answered as 500), for debugging tests.
        self.server_errors: list[BaseException] = []

        self._lock = threading.Lock()
        self._plans: list[dict[str, Any]] = _clone(
            list(plans) if plans is not None else list(data.DOCUMENTED_PLANS)
        )
        self._orders: dict[int, dict[str, Any]] = {
            o["id"]: o for o in data.generate_orders(order_count, seed)
        }
        self._locked: set[int] = set()
        self._sorted_ids: list[int] | None = None
        self._filtered: dict[frozenset[str], list[int]] = {}
        #: Each order's list entry, JSON-encoded once: pages are spliced from these.
        self._fragments: dict[int, bytes] = {}
        self._payments: list[tuple[int, str]] = []
        self._idempotent: dict[str, tuple[str, _Response]] = {}
        self._requests: list[RecordedRequest] = []
        self._faults: list[_FaultRule] = []
        self._window = (0, 0)
        self._connections: set[socket.socket] = set()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """API base URL, e.g. ``http://127.0.0.1:PORT/api/v1`` (known once started)."""
        if self.port == 0:
            raise RuntimeError("the fake API has no port yet; call start() first")
        return f"http://{self.host}:{self.port}{API_PREFIX}"

    def start(self) -> FakeVpsOrgApi:
        """Bind and serve in a daemon thread."""
        if self._server is not None:
            raise RuntimeError("the fake API is already running")
        self._stopping.clear()
        server = _Server((self.host, self.port), self)
        self.port = int(server.server_address[1])
        self._server = server
        # A short poll interval: stop() waits for the serving loop to notice the shutdown.
        self._thread = threading.Thread(
            target=server.serve_forever,
            args=(0.02,),
            name=f"fake-vpsorg-api:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close the listening socket and every open connection."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        if thread is not None:
            thread.join()
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeVpsOrgApi:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- request log and faults ------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, oldest first."""
        with self._lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        """Forget the request log."""
        with self._lock:
            self._requests.clear()

    def count_requests(
        self, method: str | None = None, path: str | None = None, path_prefix: str | None = None
    ) -> int:
        """Count logged requests matching all the given criteria."""
        with self._lock:
            return sum(
                1
                for r in self._requests
                if (method is None or r.method == method.upper())
                and (path is None or r.path == path)
                and (path_prefix is None or r.path.startswith(path_prefix))
            )

    def add_fault(
        self,
        fault: Fault,
        *,
        method: str | None = None,
        path: str | None = None,
        path_prefix: str | None = None,
        times: int = 1,
        after: int = 0,
        query: dict[str, str] | None = None,
    ) -> None:
        """Apply ``fault`` to the next ``times`` matching requests, after skipping ``after``.

        ``path`` is the exact path without query (e.g. ``/api/v1/orders``). Every matching rule
        counts every matching request; the oldest rule that is due wins.
        """
        if times < 1 or after < 0:
            raise ValueError("times must be >= 1 and after >= 0")
        rule = _FaultRule(
            fault, method, path, path_prefix, dict(query) if query else None, times, after
        )
        with self._lock:
            self._faults.append(rule)

    def clear_faults(self) -> None:
        """Remove every scheduled fault."""
        with self._lock:
            self._faults.clear()

    # -- state -----------------------------------------------------------------------------

    @property
    def plans(self) -> list[dict[str, Any]]:
        """A copy of the plans, with ``features`` and ``recommended_for``."""
        with self._lock:
            result: list[dict[str, Any]] = _clone(self._plans)
            return result

    @property
    def orders(self) -> dict[int, dict[str, Any]]:
        """A copy of every order (full detail, with ``invoices`` and ``services``) by id."""
        with self._lock:
            result: dict[int, dict[str, Any]] = {i: _clone(o) for i, o in self._orders.items()}
            return result

    def get_order(self, order_id: int) -> dict[str, Any] | None:
        """A copy of one order, or None."""
        with self._lock:
            order = self._orders.get(order_id)
            return None if order is None else dict(_clone(order))

    def add_order(self, **overrides: Any) -> dict[str, Any]:
        """Add a new unpaid renew-service order (newest, highest id), with ``overrides`` applied.

        Without overrides it has a changeable ``server`` service and a fixed ``server-addon`` one.
        """
        with self._lock:
            # Taken under the lock so that a higher id never gets an earlier creation time.
            now = _now()
            order_id = overrides.get("id", max(self._orders, default=0) + 1)
            if order_id in self._orders:
                raise ValueError(f"order {order_id} already exists")
            order = data.make_order(
                order_id=order_id,
                created=now,
                status="pending_payment",
                order_type="renew-service",
                method="card",
                amount=10.0,
                tax_rate=1.2,
                auto_pay=True,
                promo=None,
                promo_applicable=True,
                due=now + 7 * 86400,
                paid_at=None,
                invoice_id=100000 + order_id,
                server_id=1000 + order_id % 9000,
                addon_id=100 + order_id % 900,
                server_minimum=1,
                cycle=1,
                label_index=1,
            )
            order.update(_clone(overrides))
            if ("amount" in overrides or "tax_rate" in overrides) and (
                "amount_with_vat" not in overrides
            ):
                order["amount_with_vat"] = round(order["amount"] * order["tax_rate"], 2)
            if order["status"] == "paid" and "payment_date" not in overrides:
                order["payment_date"] = order["created_at"]
            self._orders[order_id] = order
            self._invalidate(order_id, order_set=True)
            return dict(_clone(order))

    def update_order(self, order_id: int, **fields: Any) -> dict[str, Any]:
        """Overwrite fields of an order (test setup); raises ``KeyError`` if it is missing."""
        with self._lock:
            order = self._orders[order_id]
            order.update(_clone(fields))
            self._invalidate(order_id, order_set="created_at" in fields)
            return dict(_clone(order))

    def update_plan(self, plan_id: int, **fields: Any) -> dict[str, Any]:
        """Overwrite fields of a plan out of band (e.g. a new price); ``KeyError`` if missing."""
        with self._lock:
            plan = next((p for p in self._plans if p["id"] == plan_id), None)
            if plan is None:
                raise KeyError(plan_id)
            plan.update(_clone(fields))
            return dict(_clone(plan))

    def remove_order(self, order_id: int) -> None:
        """Remove an order; raises ``KeyError`` if it is missing."""
        with self._lock:
            del self._orders[order_id]
            self._locked.discard(order_id)
            self._invalidate(order_id, order_set=True)

    def lock_order(self, order_id: int, locked: bool = True) -> None:
        """Make every operation on the order answer 423 (or undo it)."""
        with self._lock:
            if order_id not in self._orders:
                raise KeyError(order_id)
            if locked:
                self._locked.add(order_id)
            else:
                self._locked.discard(order_id)

    @property
    def payments(self) -> list[tuple[int, str]]:
        """Every payment made: ``(order_id, idempotency key or "")``."""
        with self._lock:
            return list(self._payments)

    def pay_count(self, order_id: int) -> int:
        """How many times the order was actually paid."""
        with self._lock:
            return sum(1 for oid, _ in self._payments if oid == order_id)

    # -- internals used by the handler -----------------------------------------------------

    def _track(self, conn: socket.socket, opened: bool) -> None:
        with self._lock:
            if opened:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)

    def _log(self, record: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(record)

    def _server_error(self, exc: BaseException) -> None:
        with self._lock:
            self.server_errors.append(exc)

    def _wait(self, seconds: float) -> None:
        # An Event wait, so that stop() cuts long delays short.
        self._stopping.wait(seconds)

    def _take_fault(self, record: RecordedRequest) -> Fault | None:
        chosen: Fault | None = None
        with self._lock:
            for rule in self._faults:
                if not rule.matches(record):
                    continue
                if rule.after > 0:
                    rule.after -= 1
                elif chosen is None:
                    chosen = rule.fault
                    rule.times -= 1
            self._faults = [r for r in self._faults if r.times > 0]
        record.fault = chosen.kind if chosen is not None else None
        return chosen

    def _fault_response(self, fault: Fault) -> _Response:
        code = fault.code if fault.code is not None else 500
        if fault.kind == "raw":
            return _Response(
                code,
                fault.body or b"",
                content_type=fault.content_type,
                headers=dict(fault.headers),
            )
        body = fault.body
        if body is None:
            try:
                body = _dumps({"message": HTTPStatus(code).phrase})
            except ValueError:
                body = _dumps({"message": f"Error {code}"})
        headers: dict[str, str] = {}
        if fault.retry_after is not None or code == 429:
            headers[assumptions.RETRY_AFTER_HEADER] = str(fault.retry_after or 0)
        headers.update(fault.headers)
        return _Response(code, body, content_type=fault.content_type, headers=headers)

    def _rate_headers(self, status: int) -> dict[str, str]:
        minute = int(time.monotonic() // 60)
        with self._lock:
            start, used = self._window
            used = used + 1 if start == minute else 1
            self._window = (minute, used)
        remaining = 0 if status == 429 else max(self.rate_limit - used, 0)
        return {"X-RateLimit-Limit": str(self.rate_limit), "X-RateLimit-Remaining": str(remaining)}

    def _invalidate(self, *order_ids: int, order_set: bool, statuses: bool = True) -> None:
        # Callers hold the lock, and call this for every change to an order's stored fields.
        # List fragments depend on the fields, status filters on statuses, the order on
        # creation times.
        for order_id in order_ids:
            self._fragments.pop(order_id, None)
        if statuses:
            self._filtered.clear()
        if order_set:
            self._sorted_ids = None

    def _filtered_ids(self, statuses: frozenset[str]) -> list[int]:
        cached = self._filtered.get(statuses)
        if cached is not None:
            return cached
        if self._sorted_ids is None:
            self._sorted_ids = [
                o["id"]
                for o in sorted(
                    self._orders.values(),
                    key=lambda o: (o["created_at"], o["id"]),
                    reverse=True,
                )
            ]
        orders = self._orders
        ids = [i for i in self._sorted_ids if orders[i]["status"] in statuses]
        self._filtered[statuses] = ids
        return ids

    def _process(self, ctx: _Ctx, path: str, record: RecordedRequest) -> _Response:
        if not path.startswith(API_PREFIX + "/"):
            return _message(404, _NOT_FOUND)
        rel = path[len(API_PREFIX) :]
        allowed: list[str] = []
        target: tuple[_Route, tuple[str, ...]] | None = None
        for pattern, methods in _ROUTES:
            match = pattern.fullmatch(rel)
            if match is None:
                continue
            handler = methods.get(ctx.method)
            if handler is not None:
                target = (handler, match.groups())
                break
            allowed.extend(m for m in methods if m not in allowed)
        if target is None:
            if not allowed:
                return _message(404, _NOT_FOUND)
            return _json(
                405,
                {
                    "message": f"The {ctx.method} method is not supported for route "
                    f"{path.lstrip('/')}. Supported methods: {', '.join(allowed)}."
                },
                {"Allow": ", ".join(allowed)},
            )
        auth = record.header("Authorization") or ""
        scheme, _, presented = auth.partition(" ")
        presented = presented.strip()
        can_write = scheme.lower() == "bearer" and hmac.compare_digest(
            presented.encode(), self.token.encode()
        )
        can_read = can_write or (
            scheme.lower() == "bearer"
            and hmac.compare_digest(presented.encode(), self.read_only_token.encode())
        )
        if not can_read:
            return _message(401, "Unauthenticated.")
        if ctx.method in WRITE_METHODS and not can_write:
            return _message(403, "This action is unauthorized. The token is read-only.")
        if rel.startswith(assumptions.ORDERS_PATH) and not _accepts_json(record.header("Accept")):
            return _message(406, "The Accept header must be application/json.")
        handler, args = target
        return handler(self, ctx, args)

    # -- plans -----------------------------------------------------------------------------

    def _list_plans(self, ctx: _Ctx, args: tuple[str, ...]) -> _Response:
        location = ctx.query.get("location", "")
        with self._lock:
            results = [
                {k: p[k] for k in data.PLAN_LIST_FIELDS if k in p}
                for p in self._plans
                if not location or location in p.get("locations", ())
            ]
            return _json(200, {"count": len(results), "results": results})

    def _get_plan(self, ctx: _Ctx, args: tuple[str, ...]) -> _Response:
        if not _DIGITS.fullmatch(args[0]):
            return _message(404, _NOT_FOUND)
        plan_id = int(args[0])
        with self._lock:
            for plan in self._plans:
                if plan.get("id") == plan_id:
                    detail: dict[str, Any] = {
                        k: plan[k] for k in data.PLAN_LIST_FIELDS if k in plan
                    }
                    detail["features"] = plan.get("features", [])
                    detail["recommended_for"] = plan.get("recommended_for", [])
                    return _json(200, detail)
        return _message(404, _NOT_FOUND)

    # -- orders ----------------------------------------------------------------------------

    def _list_orders(self, ctx: _Ctx, args: tuple[str, ...]) -> _Response:
        errors: dict[str, list[str]] = {}
        page = _int_query(ctx.query, "page", "page", errors)
        per_page = _int_query(ctx.query, "per_page", "per page", errors)
        raw_filter = ctx.query.get("filter[status]", "")
        statuses = [s.strip() for s in raw_filter.split(",") if s.strip()]
        if not statuses:
            statuses = list(DEFAULT_STATUS_FILTER)
        if any(s not in data.KNOWN_STATUSES for s in statuses):
            errors["filter.status"] = ["The selected filter.status is invalid."]
        if errors:
            return _invalid(errors)
        page = page or 1
        per_page = min(per_page or self.default_per_page, self.max_per_page)
        path = ctx.base_url + assumptions.ORDERS_PATH
        with self._lock:
            ids = self._filtered_ids(frozenset(statuses))
            total = len(ids)
            start = (page - 1) * per_page
            orders, fragments = self._orders, self._fragments
            items: list[bytes] = []
            for i in ids[start : start + per_page]:
                fragment = fragments.get(i)
                if fragment is None:
                    order = orders[i]
                    fragment = _dumps({k: order[k] for k in data.LIST_FIELDS})
                    fragments[i] = fragment
                items.append(fragment)
        return _Response(200, _paginated_json(items, total, page, per_page, path))

    def _get_order(self, ctx: _Ctx, args: tuple[str, ...]) -> _Response:
        with self._lock:
            order = self._find(args[0])
            if order is None:
                return _message(404, _NOT_FOUND)
            return _json(200, order)

    def _update_order(self, ctx: _Ctx, args: tuple[str, ...]) -> _Response:
        with self._lock:
            order = self._find(args[0])
            if order is None:
                return _message(404, _NOT_FOUND)
            body, invalid = _object_body(ctx, allow_empty=True)
            if invalid is not None:
                return invalid
            errors: dict[str, list[str]] = {}
            if "auto_pay" in body and not isinstance(body["auto_pay"], bool):
                errors["auto_pay"] = ["The auto pay field must be true or false."]
            _check_promo(body, errors)
            if errors:
                return _invalid(errors)
            if order["id"] in self._locked:
                return _message(423, _LOCKED)
            if order["status"] == "cancelled":
                return _invalid({"order": ["A cancelled order cannot be updated."]})
            if "promo_code" in body:
                code = body["promo_code"]
                if (code is not None or order["promo"] is not None) and not order[
                    "promo_applicable"
                ]:
                    return _invalid({"promo_code": ["No promo code can be applied to this order."]})
            self._invalidate(order["id"], order_set=False, statuses=False)
            if "promo_code" in body:
                code = body["promo_code"]
                order["promo"] = None if code is None else dict(data.PROMO_CODES[code])
            if "auto_pay" in body:
                order["auto_pay"] = body["auto_pay"]
            return _json(200, order)

    def _change_period(self, ctx: _Ctx, args: tuple[str, ...]) -> _Response:
        with self._lock:
            order = self._find(args[0])
            service_type, service_id = args[1], args[2]
            service = None
            if order is not None and _DIGITS.fullmatch(service_id):
                sid = int(service_id)
                service = next(
                    (
                        s
                        for s in order["services"]
                        if s["service_type"] == service_type and s["service_id"] == sid
                    ),
                    None,
                )
            if order is None or service is None:
                return _message(404, _NOT_FOUND)
            body, invalid = _object_body(ctx, allow_empty=False)
            if invalid is not None:
                return invalid
            errors: dict[str, list[str]] = {}
            cycle = body.get("billing_cycle")
            lo, hi = assumptions.BILLING_CYCLE_MIN, assumptions.BILLING_CYCLE_MAX
            if cycle is None:
                errors["billing_cycle"] = ["The billing cycle field is required."]
            elif not _is_int(cycle):
                errors["billing_cycle"] = ["The billing cycle field must be an integer."]
            elif not lo <= cycle <= hi:
                errors["billing_cycle"] = [
                    f"The billing cycle field must be between {lo} and {hi}."
                ]
            _check_promo(body, errors)
            if errors:
                return _invalid(errors)
            assert isinstance(cycle, int)
            if order["id"] in self._locked:
                return _message(423, _LOCKED)
            if not service["is_period_changeable"] or order["status"] == "cancelled":
                return _invalid(
                    {"billing_cycle": ["The period of this service cannot be changed."]}
                )
            minimum = service["service_minimum_billing_cycle"]
            if cycle < minimum:
                return _invalid(
                    {"billing_cycle": [f"The billing cycle field must be at least {minimum}."]}
                )
            self._invalidate(order["id"], order_set=False, statuses=False)
            if order["status"] not in assumptions.SETTLED_STATUSES:
                _reprice(order, service, cycle)
            service["service_billing_cycle"] = cycle
            service["period_to"] = data.add_months(service["period_from"], cycle)
            if "promo_code" in body:
                code = body["promo_code"]
                service["promo"] = None if code is None else dict(data.PROMO_CODES[code])
            return _Response(204, None)

    def _pay_orders(self, ctx: _Ctx, args: tuple[str, ...]) -> _Response:
        body, invalid = _object_body(ctx, allow_empty=False)
        key = ctx.idempotency_key
        fingerprint = json.dumps(ctx.body if invalid is None else ctx.body_error, sort_keys=True)
        with self._lock:
            if key:
                seen = self._idempotent.get(key)
                if seen is not None:
                    if seen[0] != fingerprint:
                        return _invalid(
                            {
                                assumptions.IDEMPOTENCY_HEADER: [
                                    "The idempotency key was already used for another request."
                                ]
                            }
                        )
                    replay = seen[1]
                    return _Response(
                        replay.status,
                        replay.body,
                        replay.content_type,
                        {**replay.headers, "Idempotent-Replayed": "true"},
                    )
            if invalid is not None:
                return invalid
            errors: dict[str, list[str]] = {}
            ids = body.get("order_ids")
            if ids is None:
                errors["order_ids"] = ["The order ids field is required."]
            elif not isinstance(ids, list) or not ids:
                errors["order_ids"] = ["The order ids field must be a non-empty array."]
            else:
                for n, value in enumerate(ids):
                    if not _is_int(value):
                        errors[f"order_ids.{n}"] = [f"The order_ids.{n} field must be an integer."]
                    elif ids.index(value) != n:
                        errors[f"order_ids.{n}"] = [
                            f"The order_ids.{n} field has a duplicate value."
                        ]
            method = body.get("payment_method")
            if method is not None and method not in data.PAYMENT_METHODS:
                errors["payment_method"] = ["The selected payment method is invalid."]
            if errors:
                return _invalid(errors)
            assert isinstance(ids, list)
            orders = [self._orders.get(i) for i in ids]
            if any(o is None for o in orders):
                return _message(404, _NOT_FOUND)
            found = [o for o in orders if o is not None]
            if any(o["id"] in self._locked for o in found):
                return _message(423, _LOCKED)
            settled = [o["id"] for o in found if o["status"] in assumptions.SETTLED_STATUSES]
            if settled:
                return _invalid(
                    {"order_ids": [f"Order {i} is already paid or cancelled." for i in settled]}
                )
            paid_at = data.format_ts(_now())
            self._invalidate(*(o["id"] for o in found), order_set=False)
            for order in found:
                order["status"] = "paid"
                order["payment_date"] = paid_at
                if method is not None:
                    order["payment_method"] = method
                if order["payment_method"] == "balance":
                    order["amount_from_balance"] = order["amount_with_vat"]
                order["promo_applicable"] = False
                for invoice in order["invoices"]:
                    if invoice["type"] == "proform":
                        invoice["type"] = "invoice"
                self._payments.append((order["id"], key or ""))
            response = _json(200, {"data": found})
            if key:
                self._idempotent[key] = (fingerprint, response)
            return response

    def _delete_order(self, ctx: _Ctx, args: tuple[str, ...]) -> _Response:
        with self._lock:
            order = self._find(args[0])
            if order is None:
                return _message(404, _NOT_FOUND)
            if order["id"] in self._locked:
                return _message(423, _LOCKED)
            if order["status"] in assumptions.SETTLED_STATUSES:
                return _invalid({"order": ["Only unpaid orders can be deleted."]})
            del self._orders[order["id"]]
            self._invalidate(order["id"], order_set=True)
            return _Response(204, None)

    def _find(self, text: str) -> dict[str, Any] | None:
        if not _DIGITS.fullmatch(text):
            return None
        return self._orders.get(int(text))


_ROUTES: Final[tuple[tuple[re.Pattern[str], dict[str, _Route]], ...]] = (
    (re.compile(r"/plans/"), {"GET": FakeVpsOrgApi._list_plans}),
    (re.compile(r"/plans/([^/]+)/"), {"GET": FakeVpsOrgApi._get_plan}),
    (re.compile(re.escape(assumptions.ORDERS_PATH)), {"GET": FakeVpsOrgApi._list_orders}),
    (re.compile(re.escape(assumptions.PAY_ORDERS_PATH)), {"POST": FakeVpsOrgApi._pay_orders}),
    (
        re.compile(r"/orders/([^/]+)"),
        {
            "GET": FakeVpsOrgApi._get_order,
            "PATCH": FakeVpsOrgApi._update_order,
            "DELETE": FakeVpsOrgApi._delete_order,
        },
    ),
    (re.compile(r"/orders/([^/]+)/([^/]+)/([^/]+)"), {"PATCH": FakeVpsOrgApi._change_period}),
)


def _reprice(order: dict[str, Any], service: dict[str, Any], cycle: int) -> None:
    """Scale an unpaid renewal's service (and so the order) with its new billing cycle.

    The documents do not describe pricing; a renewal billed per month is the simplest model in
    which a changed period changes what is owed, as clients must expect.
    """
    cents = Decimal("0.01")
    old_cycle = service.get("service_billing_cycle") or 1
    tax_rate = Decimal(str(order["tax_rate"]))
    monthly = Decimal(str(service["amount"])) / old_cycle
    amount = (monthly * cycle).quantize(cents)
    service["amount"] = float(amount)
    service["amount_with_vat"] = float((amount * tax_rate).quantize(cents))
    service["amount_sublabel"] = f"${amount} for {cycle} month{'s' if cycle != 1 else ''}"
    total = sum((Decimal(str(s["amount"])) for s in order["services"]), Decimal(0))
    order["amount"] = float(total.quantize(cents))
    order["amount_with_vat"] = float((total * tax_rate).quantize(cents))


def _accepts_json(accept: str | None) -> bool:
    if not accept:
        return False
    return any(part.split(";", 1)[0].strip().lower() == _JSON for part in accept.split(","))


def _int_query(
    query: Mapping[str, str], name: str, label: str, errors: dict[str, list[str]]
) -> int | None:
    # Laravel turns empty strings into null, so "?page=" counts as absent.
    text = query.get(name, "").strip()
    if not text:
        return None
    if not _INTEGER.fullmatch(text):
        errors[name] = [f"The {label} field must be an integer."]
        return None
    value = int(text)
    if value < 1:
        errors[name] = [f"The {label} field must be at least 1."]
        return None
    return value


def _object_body(ctx: _Ctx, *, allow_empty: bool) -> tuple[dict[str, Any], _Response | None]:
    if ctx.body_error is not None:
        return {}, _invalid({"body": [ctx.body_error]})
    if ctx.body is None and allow_empty:
        return {}, None
    if not isinstance(ctx.body, dict):
        return {}, _invalid({"body": ["The request body must be a JSON object."]})
    return ctx.body, None


def _check_promo(body: Mapping[str, Any], errors: dict[str, list[str]]) -> None:
    if "promo_code" not in body or body["promo_code"] is None:
        return
    if not isinstance(body["promo_code"], str):
        errors["promo_code"] = ["The promo code field must be a string."]
    elif body["promo_code"] not in data.PROMO_CODES:
        errors["promo_code"] = ["The selected promo code is invalid."]


def _paginated_json(
    fragments: list[bytes], total: int, page: int, per_page: int, path: str
) -> bytes:
    """``_dumps(_paginated(items, ...))``, from the items already encoded."""
    envelope = _paginated(fragments, total, page, per_page, path)
    envelope["data"] = []
    encoded = _dumps(envelope)
    # The empty list encodes as '{"data":[]...': the items go between its brackets.
    return b"".join((_DATA_OPEN, b",".join(fragments), encoded[len(_DATA_OPEN) :]))


_DATA_OPEN: Final = b'{"data":['


def _paginated(
    items: Sequence[object], total: int, page: int, per_page: int, path: str
) -> dict[str, Any]:
    """Laravel's ``LengthAwarePaginator`` resource shape (``data``, ``links``, ``meta``)."""
    last_page = max(math.ceil(total / per_page), 1)

    def url(n: int) -> str:
        return f"{path}?page={max(n, 1)}"

    prev_url = url(page - 1) if page > 1 else None
    next_url = url(page + 1) if page < last_page else None
    links: list[dict[str, Any]] = [{"url": prev_url, "label": "« Previous", "active": False}]
    for element in _url_window(page, last_page):
        if element is None:
            links.append({"url": None, "label": "...", "active": False})
        else:
            links.extend({"url": url(n), "label": str(n), "active": n == page} for n in element)
    links.append({"url": next_url, "label": "Next »", "active": False})
    first_item = (page - 1) * per_page + 1 if items else None
    return {
        "data": items,
        "links": {"first": url(1), "last": url(last_page), "prev": prev_url, "next": next_url},
        "meta": {
            "current_page": page,
            "from": first_item,
            "last_page": last_page,
            "links": links,
            "path": path,
            "per_page": per_page,
            "to": first_item + len(items) - 1 if first_item is not None else None,
            "total": total,
        },
    }


def _url_window(page: int, last_page: int, on_each_side: int = 3) -> list[range | None]:
    """Laravel's ``UrlWindow``: page ranges, with None where it renders ``...``."""
    if last_page < on_each_side * 2 + 8:
        return [range(1, last_page + 1)]
    window = on_each_side + 4
    start, finish = range(1, 3), range(last_page - 1, last_page + 1)
    if page <= window:
        return [range(1, window + on_each_side + 1), None, finish]
    if page > last_page - window:
        return [start, None, range(last_page - (window + (on_each_side - 1)), last_page + 1)]
    return [start, None, range(page - on_each_side, page + on_each_side + 1), None, finish]


def main(argv: list[str] | None = None) -> int:
    """Run the fake API until SIGINT/SIGTERM (``vpsorg-fake-api``)."""
    parser = argparse.ArgumentParser(
        prog="vpsorg-fake-api", description="Serve a fake VPS.org API on loopback."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--token", default=None, help="read+write token (random if unset)")
    parser.add_argument("--read-only-token", default=None, help="read-only token")
    parser.add_argument("--orders", type=int, default=1796, help="number of seeded orders")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each response")
    args = parser.parse_args(argv)
    api = FakeVpsOrgApi(
        token=args.token,
        read_only_token=args.read_only_token,
        host=args.host,
        port=args.port,
        order_count=args.orders,
        seed=args.seed,
        latency=args.latency,
    )
    done = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        done.set()

    previous: dict[signal.Signals, Any] = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        # Outside the main thread signals cannot be caught; the caller stops us another way.
        with contextlib.suppress(ValueError):
            previous[sig] = signal.signal(sig, on_signal)
    api.start()
    try:
        print(f"VPSORG_API_URL={api.url}", flush=True)
        print(f"VPSORG_API_TOKEN={api.token}", flush=True)
        print(f"VPSORG_API_READ_ONLY_TOKEN={api.read_only_token}", flush=True)
        while not done.wait(0.2):
            pass
    finally:
        api.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
