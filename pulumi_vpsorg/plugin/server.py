"""``pulumi-resource-vpsorg``: start the gRPC server, print its port, serve until stopped.

The engine runs the plugin with its own address as the first argument (and flags such as
``--logtostderr`` or ``-v=9``); the plugin reads its settings from ``Configure``, not from the
arguments, so it takes them all and uses none.
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


def serve() -> tuple[object, int]:
    """Start the server on a free loopback port; returns ``(server, port)``."""
    import grpc
    from pulumi.runtime.proto import provider_pb2_grpc

    from .servicer import VpsOrgProviderServicer

    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=_WORKERS),
        options=[
            ("grpc.max_receive_message_length", _MESSAGE_LIMIT),
            ("grpc.max_send_message_length", _MESSAGE_LIMIT),
        ],
    )
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(VpsOrgProviderServicer(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    return server, port


def main(argv: Sequence[str] | None = None) -> int:
    """Serve until the engine closes the plugin (SIGTERM / SIGINT / stdin closed is not used)."""
    del argv  # the engine address and logging flags: see the module docstring
    server, port = serve()
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    signal.signal(signal.SIGTERM, lambda *_: server.stop(0))  # type: ignore[attr-defined]
    try:
        server.wait_for_termination()  # type: ignore[attr-defined]
    except KeyboardInterrupt:
        server.stop(0)  # type: ignore[attr-defined]
    return 0
