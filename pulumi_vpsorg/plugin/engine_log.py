"""Warnings for the user, sent to the engine's log.

The engine shows a dynamic provider's stderr under the command's diagnostics, but hides a native
resource plugin's (debug level only), so the plugin sends its warnings through ``Engine.Log``,
at the address the engine passes as its last argument. Without a reachable engine (a test, a
plugin run by hand) they go to stderr, as the dynamic host writes them.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from ..provider._behaviour import one_line, warn

__all__ = ["EngineLog", "engine_address"]

#: Seconds one log call may take; a warning is not worth holding up the operation longer.
_TIMEOUT = 10.0


def engine_address(argv: Sequence[str]) -> str | None:
    """The engine's address: the last argument, after flags such as ``-v=9`` or ``--tracing X``."""
    if argv and not argv[-1].startswith("-"):
        return argv[-1]
    return None


class EngineLog:
    """Warnings about a resource, to the engine's log (``urn`` names the resource there)."""

    def __init__(self, address: str | None) -> None:
        self._address = address
        self._stub: Any = None
        self._lock = threading.Lock()

    def warn(self, urn: str, texts: Sequence[str]) -> None:
        """Log each of ``texts`` as a warning; what the engine does not take goes to stderr."""
        for text in texts:
            line = one_line(text)
            if not self._send(urn, line):
                warn([line])

    def _send(self, urn: str, line: str) -> bool:
        import grpc
        from pulumi.runtime.proto import engine_pb2

        stub = self._engine()
        if stub is None:
            return False
        request = engine_pb2.LogRequest(severity=engine_pb2.WARNING, message=line, urn=urn)
        try:
            stub.Log(request, timeout=_TIMEOUT)
        except grpc.RpcError:
            return False
        return True

    def _engine(self) -> Any:
        if self._address is None:
            return None
        with self._lock:
            if self._stub is None:
                import grpc
                from pulumi.runtime.proto import engine_pb2_grpc

                self._stub = engine_pb2_grpc.EngineStub(grpc.insecure_channel(self._address))
            return self._stub
