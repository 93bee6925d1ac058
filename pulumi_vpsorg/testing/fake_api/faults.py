"""Injected failures: what a :class:`Fault` does, and the schedule that hands them out."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Literal

from pulumi_vpsorg import assumptions
from pulumi_vpsorg.testing.fake_api.responses import JSON, Response, dumps

if TYPE_CHECKING:
    from pulumi_vpsorg.testing.fake_api.request_log import RecordedRequest

__all__ = ["Fault", "FaultKind", "FaultSchedule"]

FaultKind = Literal["status", "drop", "drop_after_processing", "delay", "raw", "mutate_json", "cut"]


@dataclass(frozen=True)
class Fault:
    """One injected failure; build it with the class methods, schedule it with ``add_fault``."""

    kind: FaultKind
    code: int | None = None
    retry_after: int | None = None
    body: bytes | None = None
    content_type: str = JSON
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
        content_type: str = JSON,
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
        return cls.raw(code, b"", JSON, headers={"Location": location})

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

    def response(self) -> Response:
        """The answer of a ``status`` or ``raw`` fault."""
        code = self.code if self.code is not None else 500
        if self.kind == "raw":
            return Response(
                code, self.body or b"", content_type=self.content_type, headers=dict(self.headers)
            )
        body = self.body
        if body is None:
            try:
                body = dumps({"message": HTTPStatus(code).phrase})
            except ValueError:
                body = dumps({"message": f"Error {code}"})
        headers: dict[str, str] = {}
        if self.retry_after is not None or code == 429:
            headers[assumptions.RETRY_AFTER_HEADER] = str(self.retry_after or 0)
        headers.update(self.headers)
        return Response(code, body, content_type=self.content_type, headers=headers)


@dataclass
class _Rule:
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


class FaultSchedule:
    """Scheduled faults; every matching rule counts every matching request."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[_Rule] = []

    def add(
        self,
        fault: Fault,
        *,
        method: str | None,
        path: str | None,
        path_prefix: str | None,
        times: int,
        after: int,
        query: Mapping[str, str] | None,
    ) -> None:
        """Schedule ``fault`` (see :meth:`FakeVpsOrgApi.add_fault`)."""
        if times < 1 or after < 0:
            raise ValueError("times must be >= 1 and after >= 0")
        rule = _Rule(fault, method, path, path_prefix, dict(query) if query else None, times, after)
        with self._lock:
            self._rules.append(rule)

    def clear(self) -> None:
        """Remove every scheduled fault."""
        with self._lock:
            self._rules.clear()

    def take(self, request: RecordedRequest) -> Fault | None:
        """The fault due for ``request`` (the oldest due rule wins), noted on the request."""
        chosen: Fault | None = None
        with self._lock:
            for rule in self._rules:
                if not rule.matches(request):
                    continue
                if rule.after > 0:
                    rule.after -= 1
                elif chosen is None:
                    chosen = rule.fault
                    rule.times -= 1
            self._rules = [r for r in self._rules if r.times > 0]
        request.fault = chosen.kind if chosen is not None else None
        return chosen
