"""``pulumi-resource-vpsorg``: start the gRPC server, print its port, serve until stopped.

The engine runs the plugin with flags such as ``--logtostderr`` or ``-v=9`` and its own address
as the last argument; the plugin reads its settings from ``Configure``, not from the arguments,
and uses only the address, to send warnings to the engine's log.
"""

from __future__ import annotations

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
    """Serve until the engine closes the plugin (SIGTERM / SIGINT / stdin closed is not used)."""
    from .engine_log import engine_address

    server, port = serve(engine_address(sys.argv[1:] if argv is None else argv))
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    signal.signal(signal.SIGTERM, lambda *_: server.stop(0))  # type: ignore[attr-defined]
    try:
        server.wait_for_termination()  # type: ignore[attr-defined]
    except KeyboardInterrupt:
        server.stop(0)  # type: ignore[attr-defined]
    return 0
