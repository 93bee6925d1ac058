"""Benchmark 5: peak memory of an orders audit (every status) in a fresh process.

The audit runs in a child interpreter (``benchmarks._child memory``), the fake API in another, so
that only the client's memory counts. Peak RSS is the process's high-water mark (``VmHWM`` on
Linux, else ``getrusage(RUSAGE_SELF).ru_maxrss``); the baseline is the same figure after the
imports, before the audit.
"""

from __future__ import annotations

import json
import subprocess
import sys

from ._support import REPO_ROOT, FakeServerProcess, Row, child_env

__all__ = ["run"]

SECTION = "5. memory"
PEAK_TARGET_MB = 200


def run(orders: int, max_per_page: int) -> list[Row]:
    with FakeServerProcess(orders=orders, latency=0.0, max_per_page=max_per_page) as srv:
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
    peak_mb = result["peak_kb"] / 1024
    baseline_mb = result["baseline_kb"] / 1024
    return [
        Row(
            SECTION,
            f"{orders}-order audit: peak RSS",
            peak_mb,
            "MB",
            f"< {PEAK_TARGET_MB} MB",
            peak_mb < PEAK_TARGET_MB,
            note=f"{baseline_mb:.0f} MB after imports; the audit adds {peak_mb - baseline_mb:.0f} MB",
            extra=result,
        )
    ]
