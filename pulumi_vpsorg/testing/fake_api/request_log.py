"""The request log: every request as the fake received it, and how it answered."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from typing import Any

from pulumi_vpsorg.testing.fake_api.faults import FaultKind

__all__ = ["RecordedRequest", "RequestLog"]


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


class RequestLog:
    """The latest ``size`` :class:`RecordedRequest` (oldest first), thread-safe: a long-running
    fake keeps bounded memory."""

    def __init__(self, size: int) -> None:
        self._lock = threading.Lock()
        self._records: deque[RecordedRequest] = deque(maxlen=size)

    def append(self, record: RecordedRequest) -> None:
        """Log one request."""
        with self._lock:
            self._records.append(record)

    def snapshot(self) -> list[RecordedRequest]:
        """The logged requests, oldest first."""
        with self._lock:
            return list(self._records)

    def clear(self) -> None:
        """Forget every logged request."""
        with self._lock:
            self._records.clear()

    def count(
        self, method: str | None = None, path: str | None = None, path_prefix: str | None = None
    ) -> int:
        """Count logged requests matching all the given criteria."""
        with self._lock:
            return sum(
                1
                for r in self._records
                if (method is None or r.method == method.upper())
                and (path is None or r.path == path)
                and (path_prefix is None or r.path.startswith(path_prefix))
            )
