"""The fake API itself: settings, lifecycle, auth and dispatch, and the helpers tests use."""

from __future__ import annotations

import contextlib
import hmac
import secrets
import socket
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, Final
from urllib.parse import urlsplit

from pulumi_vpsorg import assumptions
from pulumi_vpsorg.testing.fake_api import settings
from pulumi_vpsorg.testing.fake_api.faults import Fault, FaultSchedule
from pulumi_vpsorg.testing.fake_api.handler import Server
from pulumi_vpsorg.testing.fake_api.request_log import RecordedRequest, RequestLog
from pulumi_vpsorg.testing.fake_api.responses import Response, json_response, message
from pulumi_vpsorg.testing.fake_api.routes import ROUTES, Ctx, Route
from pulumi_vpsorg.testing.fake_api.store import Store

__all__ = ["API_PREFIX", "ORDERS_PREFIX", "WRITE_METHODS", "FakeVpsOrgApi"]

#: Path prefix of the API on the fake's host, taken from the plans document's base URL (A1).
API_PREFIX: Final = urlsplit(assumptions.DEFAULT_API_URL).path.rstrip("/")
#: Path prefix on the fake's orders host, taken from the orders document's base URL (A1).
ORDERS_PREFIX: Final = urlsplit(assumptions.DEFAULT_ORDERS_API_URL).path.rstrip("/")
WRITE_METHODS: Final = frozenset({"POST", "PATCH", "PUT", "DELETE"})
_SERVER_ERRORS_KEPT: Final = 100


def _accepts_json(accept: str | None) -> bool:
    """Whether an ``Accept`` value lets the answer be JSON: none or an empty one is the
    documented default (A15), and ``*/*`` or ``application/*`` take it too."""
    if not accept or not accept.strip():
        return True
    wanted = {assumptions.ORDERS_ACCEPT, "application/*", "*/*"}
    return any(part.split(";", 1)[0].strip().lower() in wanted for part in accept.split(","))


class FakeVpsOrgApi:
    """The fake API: start it, point a client at :attr:`url` with :attr:`token`.

    It listens twice, as the documents put plans and orders on two hosts: :attr:`url` serves
    the plans document's paths (and the orders document's too, for a client given one URL, A1),
    :attr:`orders_url` only the orders document's, under its own prefix. Both share one store.

    :param token: read+write token (random if not given).
    :param read_only_token: read-only token (random if not given).
    :param order_count: orders in the store: the four documented ones plus generated ones.
    :param seed: seed of the deterministic order generator.
    :param latency: seconds slept before each response.
    :param max_per_page: the largest ``per_page`` served (larger ones are capped, A7).
    :param default_per_page: ``per_page`` when none is given (A7).
    :param plans: replaces the four documented plans.
    :param max_body_bytes: larger request bodies are answered 413 without being read.
    :param idle_timeout: seconds a connection may stay silent before it is closed.
    :param request_log_size: how many of the latest requests :attr:`requests` keeps.
    :param orders_port: the orders host's port (0: any free one).

    Every setting is checked here (:class:`ValueError` naming it), so a bad one fails at once.
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
        max_body_bytes: int = settings.DEFAULT_MAX_BODY_BYTES,
        idle_timeout: float = settings.DEFAULT_IDLE_TIMEOUT,
        request_log_size: int = settings.DEFAULT_REQUEST_LOG_SIZE,
        orders_port: int = 0,
    ) -> None:
        self.token: str = settings.check_token(
            "token", token if token is not None else f"fake-rw-{secrets.token_hex(16)}"
        )
        self.read_only_token: str = settings.check_token(
            "read_only_token",
            read_only_token if read_only_token is not None else f"fake-ro-{secrets.token_hex(16)}",
        )
        if self.read_only_token == self.token:
            raise ValueError("read_only_token must differ from token")
        self.host = host
        self.port = settings.check_port(port)
        self.orders_port = settings.check_port(orders_port, "orders_port")
        if self.orders_port and self.orders_port == self.port:
            raise ValueError("orders_port must differ from port (the two hosts listen apart)")
        self.latency = settings.check_seconds("latency", latency, 0, settings.MAX_LATENCY)
        self.max_per_page = settings.check_count(
            "max_per_page", max_per_page, 1, settings.MAX_PER_PAGE_SETTING
        )
        self.default_per_page = settings.check_count(
            "default_per_page", default_per_page, 1, settings.MAX_PER_PAGE_SETTING
        )
        self.max_body_bytes = settings.check_count(
            "max_body_bytes", max_body_bytes, 0, settings.MAX_BODY_BYTES
        )
        self.idle_timeout = settings.check_seconds(
            "idle_timeout", idle_timeout, 0, settings.MAX_IDLE_TIMEOUT, low_open=True
        )
        self.request_log_size = settings.check_count(
            "request_log_size", request_log_size, 0, settings.MAX_REQUEST_LOG_SIZE
        )
        settings.check_count("order_count", order_count, 0, settings.MAX_ORDERS)
        #: Informational ``X-RateLimit-Limit`` per minute; not enforced (use a 429 fault).
        self.rate_limit = 100_000
        self.on_request: Callable[[RecordedRequest], None] | None = None
        #: The latest exceptions raised while processing (answered as 500), for debugging tests.
        self.server_errors: list[BaseException] = []

        self._store = Store(plans=plans, order_count=order_count, seed=seed)
        self._requests = RequestLog(request_log_size)
        self._faults = FaultSchedule()
        self._lock = threading.Lock()
        self._window = (0, 0)
        self._connections: set[socket.socket] = set()
        self._connections_accepted = 0
        self._stopping = threading.Event()
        self._servers: list[Server] = []
        self._threads: list[threading.Thread] = []

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """API base URL, e.g. ``http://127.0.0.1:PORT/api/v1`` (known once started)."""
        if self.port == 0:
            raise RuntimeError("the fake API has no port yet; call start() first")
        return f"http://{self.host}:{self.port}{API_PREFIX}"

    @property
    def orders_url(self) -> str:
        """Orders base URL, e.g. ``http://127.0.0.1:PORT/v1``: the fake's orders host, on a port
        of its own with the orders document's prefix (``api.vpsbg.eu/v1``), as the documents put
        plans and orders on two hosts (known once started)."""
        if self.orders_port == 0:
            raise RuntimeError("the fake API has no port yet; call start() first")
        return f"http://{self.host}:{self.orders_port}{ORDERS_PREFIX}"

    def start(self) -> FakeVpsOrgApi:
        """Bind both hosts and serve each in a daemon thread."""
        if self._servers:
            raise RuntimeError("the fake API is already running")
        self._stopping.clear()
        hosts = [(self.port, API_PREFIX, False), (self.orders_port, ORDERS_PREFIX, True)]
        bound: dict[bool, Server] = {}
        # A given port first: a free one picked first could be the very port given for the other.
        for port, prefix, orders_only in sorted(hosts, key=lambda host: host[0] == 0):
            try:
                bound[orders_only] = self._bind(port, prefix, orders_only=orders_only)
            except BaseException:
                for server in bound.values():
                    server.server_close()
                raise
        plans, orders = bound[False], bound[True]
        self.port = int(plans.server_address[1])
        self.orders_port = int(orders.server_address[1])
        self._servers = [plans, orders]
        for server, port in ((plans, self.port), (orders, self.orders_port)):
            thread = threading.Thread(
                target=server.serve_forever,
                name=f"fake-vpsorg-api:{port}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)
        return self

    def _bind(self, port: int, prefix: str, *, orders_only: bool) -> Server:
        """One listening host; an :class:`OSError` names the address it could not bind."""
        try:
            return Server((self.host, port), self, prefix=prefix, orders_only=orders_only)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, f"{self.host}:{port}") from exc

    def stop(self) -> None:
        """Stop serving, close the listening sockets and every open connection."""
        servers, threads = self._servers, self._threads
        if not servers:
            return
        self._stopping.set()
        for server in servers:
            server.shutdown()
            server.server_close()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        for thread in threads:
            thread.join()
        self._servers = []
        self._threads = []

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
        """The latest requests received (up to ``request_log_size``), oldest first."""
        return self._requests.snapshot()

    def clear_requests(self) -> None:
        """Forget the request log."""
        self._requests.clear()

    def count_requests(
        self, method: str | None = None, path: str | None = None, path_prefix: str | None = None
    ) -> int:
        """Count logged requests matching all the given criteria."""
        return self._requests.count(method, path, path_prefix)

    def count_connections(self) -> int:
        """TCP connections accepted since the start (each new one would be a TLS handshake
        against the real API)."""
        with self._lock:
            return self._connections_accepted

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
        self._faults.add(
            fault,
            method=method,
            path=path,
            path_prefix=path_prefix,
            times=times,
            after=after,
            query=query,
        )

    def clear_faults(self) -> None:
        """Remove every scheduled fault."""
        self._faults.clear()

    # -- state -----------------------------------------------------------------------------

    @property
    def plans(self) -> list[dict[str, Any]]:
        """A copy of the plans, with ``features`` and ``recommended_for``."""
        return self._store.copy_plans()

    @property
    def orders(self) -> dict[int, dict[str, Any]]:
        """A copy of every order (full detail, with ``invoices`` and ``services``) by id."""
        return self._store.copy_orders()

    def get_order(self, order_id: int) -> dict[str, Any] | None:
        """A copy of one order, or None."""
        return self._store.copy_order(order_id)

    def add_order(self, **overrides: Any) -> dict[str, Any]:
        """Add a new unpaid renew-service order (newest, highest id), with ``overrides`` applied.

        Without overrides it has a changeable ``server`` service and a fixed ``server-addon`` one.
        """
        return self._store.add_order(overrides)

    def update_order(self, order_id: int, **fields: Any) -> dict[str, Any]:
        """Overwrite fields of an order (test setup); raises ``KeyError`` if it is missing."""
        return self._store.update_order(order_id, fields)

    def update_plan(self, plan_id: int, **fields: Any) -> dict[str, Any]:
        """Overwrite fields of a plan out of band (e.g. a new price); ``KeyError`` if missing."""
        return self._store.update_plan(plan_id, fields)

    def remove_order(self, order_id: int) -> None:
        """Remove an order; raises ``KeyError`` if it is missing."""
        self._store.remove_order(order_id)

    def lock_order(self, order_id: int, locked: bool = True) -> None:
        """Make every operation on the order answer 423 (or undo it)."""
        self._store.lock_order(order_id, locked)

    @property
    def payments(self) -> list[tuple[int, str]]:
        """Every payment made: ``(order_id, idempotency key or "")``."""
        return self._store.copy_payments()

    def pay_count(self, order_id: int) -> int:
        """How many times the order was actually paid."""
        return self._store.pay_count(order_id)

    # -- internals used by the handler -----------------------------------------------------

    def _track(self, conn: socket.socket, opened: bool) -> None:
        with self._lock:
            if opened:
                self._connections.add(conn)
                self._connections_accepted += 1
            else:
                self._connections.discard(conn)

    def _server_error(self, exc: BaseException) -> None:
        with self._lock:
            self.server_errors.append(exc)
            del self.server_errors[:-_SERVER_ERRORS_KEPT]

    def _wait(self, seconds: float) -> None:
        # An Event wait, so that stop() cuts long delays short.
        self._stopping.wait(seconds)

    def _rate_headers(self, status: int) -> dict[str, str]:
        minute = int(time.monotonic() // 60)
        with self._lock:
            start, used = self._window
            used = used + 1 if start == minute else 1
            self._window = (minute, used)
        remaining = 0 if status == 429 else max(self.rate_limit - used, 0)
        return {"X-RateLimit-Limit": str(self.rate_limit), "X-RateLimit-Remaining": str(remaining)}

    def _process(
        self,
        record: RecordedRequest,
        body: Any,
        body_error: str | None,
        host: str,
        server: Server,
    ) -> Response:
        """Route, authenticate and answer one request that reached ``server``."""
        path, prefix = record.path, server.prefix
        if not path.startswith(prefix + "/"):
            return message(404, "Not found.")
        rel = path[len(prefix) :]
        if server.orders_only and not _is_orders_path(rel):
            return message(404, "Not found.")
        found = _resolve(rel, record.method)
        if isinstance(found, list):
            if not found:
                return message(404, "Not found.")
            return json_response(
                405,
                {
                    "message": f"The {record.method} method is not supported for route "
                    f"{path.lstrip('/')}. Supported methods: {', '.join(found)}."
                },
                {"Allow": ", ".join(found)},
            )
        refused = self._authorize(record)
        if refused is not None:
            return refused
        if _is_orders_path(rel) and not _accepts_json(record.header("Accept")):
            return message(406, "The Accept header must be application/json.")
        handler, args = found
        ctx = Ctx(
            method=record.method,
            query=record.query,
            body=body,
            body_error=body_error,
            base_url=f"http://{host}{prefix}",
            idempotency_key=record.header(assumptions.IDEMPOTENCY_HEADER),
            default_per_page=self.default_per_page,
            max_per_page=self.max_per_page,
        )
        return handler(self._store, ctx, args)

    def _authorize(self, record: RecordedRequest) -> Response | None:
        """401 without a known bearer token, 403 for a write with the read-only one."""
        scheme, _, presented = (record.header("Authorization") or "").partition(" ")
        bearer = scheme.lower() == "bearer"
        given = presented.strip().encode()
        can_write = bearer and hmac.compare_digest(given, self.token.encode())
        can_read = can_write or (
            bearer and hmac.compare_digest(given, self.read_only_token.encode())
        )
        if not can_read:
            return message(401, "Unauthenticated.")
        if record.method in WRITE_METHODS and not can_write:
            return message(403, "This action is unauthorized. The token is read-only.")
        return None


def _is_orders_path(rel: str) -> bool:
    """Whether ``rel`` (relative to a prefix) is one of the orders document's paths."""
    return rel == assumptions.ORDERS_PATH or rel.startswith(assumptions.ORDERS_PATH + "/")


def _resolve(rel: str, method: str) -> tuple[Route, tuple[str, ...]] | list[str]:
    """The handler of ``method`` on ``rel`` and the path's groups, or the allowed methods."""
    allowed: list[str] = []
    for pattern, methods in ROUTES:
        match = pattern.fullmatch(rel)
        if match is None:
            continue
        handler = methods.get(method)
        if handler is not None:
            return handler, match.groups()
        allowed.extend(m for m in methods if m not in allowed)
    return allowed
