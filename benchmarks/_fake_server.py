"""The fake API in its own process, so that its CPU and memory never count as the client's.

The real API is on another machine: serving pages in the benchmark's own interpreter would make
the fake compete with the client for the GIL. ``python -m benchmarks._fake_server`` prints one
JSON line (``url``, ``token``) once listening, and serves until its stdin closes.
"""

from __future__ import annotations

import argparse
import json
import sys

from pulumi_vpsorg.testing import FakeVpsOrgApi


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks._fake_server")
    parser.add_argument("--orders", type=int, required=True)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--max-per-page", type=int, default=100)
    args = parser.parse_args(argv)
    api = FakeVpsOrgApi(
        order_count=args.orders, latency=args.latency, max_per_page=args.max_per_page
    )
    with api:
        print(json.dumps({"url": api.url, "token": api.token}), flush=True)
        sys.stdin.read()  # until the parent closes our stdin (or exits)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
