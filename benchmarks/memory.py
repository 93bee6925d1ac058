"""Benchmark 5: peak memory of an orders audit (every status) in a fresh process, against the raw
JSON the audit reads.

The audit runs in a child interpreter (``benchmarks._child memory``), the fake API in another, so
that only the client's memory counts. Peak RSS is the process's high-water mark (``VmHWM`` on
Linux, else ``getrusage(RUSAGE_SELF).ru_maxrss``); the baseline is the same figure after the
imports, before the audit, and what the audit adds is the difference. The raw JSON is every page
of the same listing as the server sends it, read by the ideal reader (:mod:`benchmarks._ideal`).
"""

from __future__ import annotations

import json
import subprocess
import sys

from ._ideal import read_raw
from ._support import ALL_STATUSES, REPO_ROOT, FakeServerProcess, Row, child_env

__all__ = ["run"]

SECTION = "5. memory"
RAW_TARGET = 3.0


def _one(orders: int, max_per_page: int) -> dict[str, float]:
    with FakeServerProcess(orders=orders, latency=0.0, max_per_page=max_per_page) as srv:
        raw = sum(map(len, read_raw(srv.url, srv.token, ALL_STATUSES, max_per_page)))
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks._child", "memory", srv.url, srv.token],
            capture_output=True,
            text=True,
            check=True,
            env=child_env(),
            cwd=REPO_ROOT,
        ).stdout
    result = json.loads(out)
    if result["count"] != orders:
        raise RuntimeError(f"the audit counted {result['count']} orders, expected {orders}")
    return {
        "raw_mb": raw / 2**20,
        "peak_mb": result["peak_kb"] / 1024,
        "baseline_mb": result["baseline_kb"] / 1024,
        "added_mb": (result["peak_kb"] - result["baseline_kb"]) / 1024,
        "wall": result["wall"],
    }


def run(sizes: tuple[int, ...], max_per_page: int) -> list[Row]:
    rows: list[Row] = []
    measured: dict[int, dict[str, float]] = {}
    largest = max(sizes)
    for orders in sizes:
        got = measured[orders] = _one(orders, max_per_page)
        ratio = got["added_mb"] / got["raw_mb"]
        # The target is on the largest audit (100,000 orders by default); smaller ones
        # carry fixed costs (threads, pools, the first pages' buffers) and are for information.
        rows.append(
            Row(
                SECTION,
                f"{orders}-order audit: peak memory / raw JSON",
                ratio,
                "x",
                f"<= {RAW_TARGET:g}x" if orders == largest else "",
                ratio <= RAW_TARGET if orders == largest else None,
                note=(
                    f"the audit adds {got['added_mb']:.1f} MB to the {got['baseline_mb']:.0f} MB "
                    f"after imports (peak RSS {got['peak_mb']:.0f} MB); raw JSON "
                    f"{got['raw_mb']:.1f} MB"
                ),
                extra=got,
            )
        )
    if len(measured) >= 2:
        small, large = min(measured), max(measured)
        growth = measured[large]["added_mb"] / max(measured[small]["added_mb"], 1e-9)
        rows.append(
            Row(
                SECTION,
                f"growth of the audit's memory, {small} -> {large} orders",
                growth,
                "x",
                note=(
                    f"{measured[small]['added_mb']:.1f} -> {measured[large]['added_mb']:.1f} MB for "
                    f"{large / small:g}x the orders (raw JSON {measured[large]['raw_mb'] / measured[small]['raw_mb']:.2f}x)"
                ),
                extra={"sizes": [small, large]},
            )
        )
    return rows
