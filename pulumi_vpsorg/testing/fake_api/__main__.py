"""``vpsorg-fake-api``: serve the fake API until SIGINT/SIGTERM, printing its settings."""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading
from types import FrameType
from typing import Any

from pulumi_vpsorg.testing.fake_api.server import FakeVpsOrgApi

__all__ = ["main"]


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
