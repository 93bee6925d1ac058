"""``pulumi-resource-vpsorg``: start the gRPC server, print its port, serve until stopped.

The engine runs the plugin with flags such as ``--logtostderr`` or ``-v=9`` and its own address
as the last argument; the plugin reads its settings from ``Configure``, not from the arguments,
and uses only the address, to send warnings to the engine's log.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Sequence
from concurrent import futures

__all__ = ["main", "serve"]

#: The engine calls a provider from several goroutines at once (parallel resource operations).
_WORKERS = 8
_MESSAGE_LIMIT = 400 * 1024 * 1024


def serve(engine: str | None = None) -> tuple[object, int]:
    """Start the server on a free loopback port; returns ``(server, port)``.

    :param engine: the engine's address, for its log (warnings go to stderr without one).
    """
    import grpc
    from pulumi.runtime.proto import provider_pb2_grpc

    from .engine_log import EngineLog
    from .servicer import VpsOrgProviderServicer

    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=_WORKERS),
        options=[
            ("grpc.max_receive_message_length", _MESSAGE_LIMIT),
            ("grpc.max_send_message_length", _MESSAGE_LIMIT),
        ],
    )
    servicer = VpsOrgProviderServicer(EngineLog(engine))
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    return server, port


def main(argv: Sequence[str] | None = None) -> int:
    """Serve until the engine ends the plugin (SIGINT to its process group; SIGTERM too)."""
    from .engine_log import engine_address

    # The engine ends a plugin with SIGINT to its process group at the end of every command, and
    # waits for it to exit. The signals are blocked before any thread starts (threads inherit
    # the mask) and taken with sigwait: delivered to one of gRPC's threads instead, a signal
    # would reach a handler only when the main thread next ran Python.
    ending = {signal.SIGINT, signal.SIGTERM}
    takes_signals = hasattr(signal, "sigwait")  # not on Windows
    if takes_signals:
        signal.pthread_sigmask(signal.SIG_BLOCK, ending)
    server, port = serve(engine_address(sys.argv[1:] if argv is None else argv))
    sys.stdout.write(f"{port}\n")  # the one line the engine reads from a plugin's stdout
    sys.stdout.flush()
    if not takes_signals:
        try:
            server.wait_for_termination()  # type: ignore[attr-defined]
        except KeyboardInterrupt:
            server.stop(0)  # type: ignore[attr-defined]
        return 0
    signal.sigwait(ending)
    server.stop(0)  # type: ignore[attr-defined]
    # Then exit without waiting for calls still running and without the interpreter's
    # finalisation (gRPC's core and every module torn down: about 60 ms, which the engine waits
    # out); nothing but the two streams holds unwritten data.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
