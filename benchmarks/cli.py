"""Command line: run the benchmarks, print the table, optionally write JSON."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ._support import Row

__all__ = ["SECTIONS", "main", "render"]

SECTIONS = ("audit", "lookups", "providers", "imports", "memory", "engine")

_QUICK = {
    "sizes": [40, 250],
    "latency": [0.005],
    "max_per_page": 20,
    "runs": 1,
    "seq_page_limit": 20,
    "cold_runs": 1,
    "import_runs": 1,
    "memory_orders": [250, 1000],
    "engine_runs": 1,
    # One example, 5 resources a side, nothing destroyed: the smoke test checks that rows print.
    "engine_examples": ["order-settings"],
    "engine_resources": 5,
    "engine_destroy": False,
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Benchmarks of pulumi-vpsorg against the fake API with injected latency.",
    )
    parser.add_argument(
        "--quick", action="store_true", help="tiny sizes and one run each (smoke test)"
    )
    parser.add_argument(
        "--latency",
        type=float,
        nargs="+",
        default=None,
        metavar="SECONDS",
        help="latency per request, one or more (default: 0.03)",
    )
    parser.add_argument(
        "--max-per-page", type=int, default=None, help="the fake's max per_page (default 100)"
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=None,
        metavar="ORDERS",
        help="orders per audit (default: 1796 20000)",
    )
    parser.add_argument("--runs", type=int, default=None, help="audits per case (median; 5)")
    parser.add_argument(
        "--seq-page-limit",
        type=int,
        default=None,
        help="pages the per_page 5 sequential reader reads before extrapolating (400)",
    )
    parser.add_argument(
        "--lookups",
        type=int,
        nargs="+",
        default=[1, 10, 100],
        metavar="N",
        help="lookup counts (default: 1 10 100)",
    )
    parser.add_argument("--cold-runs", type=int, default=None, help="cold starts per provider (3)")
    parser.add_argument("--import-runs", type=int, default=None, help="interpreters per case (7)")
    parser.add_argument(
        "--memory-orders",
        type=int,
        nargs="+",
        default=None,
        help="orders in the memory audits (default: 20000 100000)",
    )
    parser.add_argument(
        "--engine-runs", type=int, default=None, help="pulumi runs per engine case (median; 5)"
    )
    parser.add_argument(
        "--only", nargs="+", choices=SECTIONS, default=None, help="run only these sections"
    )
    parser.add_argument("--json", type=Path, default=None, metavar="PATH", help="write rows here")
    parser.add_argument(
        "--markdown", action="store_true", help="print the table as Markdown (for the docs)"
    )
    return parser


def _settings(args: argparse.Namespace) -> dict[str, Any]:
    defaults: dict[str, Any] = {
        "sizes": [1796, 20000],
        "latency": [0.03],
        "max_per_page": 100,
        "runs": 5,
        "seq_page_limit": 400,
        "cold_runs": 3,
        "import_runs": 7,
        "memory_orders": [20000, 100000],
        "engine_runs": 5,
        "engine_examples": None,
        "engine_resources": 50,
        "engine_destroy": True,
    }
    if args.quick:
        defaults.update(_QUICK)
    chosen = {key: getattr(args, key, None) for key in defaults}
    return {key: defaults[key] if value is None else value for key, value in chosen.items()}


def render(rows: Sequence[Row], *, markdown: bool = False) -> str:
    """The results table: measurement, value, target, PASS/MISS/info, notes."""
    header = ("Measurement", "Value", "Target", "Result", "Notes")
    lines: list[tuple[str, ...]] = [
        (f"{r.section}: {r.name}", r.formatted_value(), r.target or "-", r.result, r.note)
        for r in rows
    ]
    if markdown:
        out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out.extend(
            "| " + " | ".join(cell.replace("|", "/") for cell in line) + " |" for line in lines
        )
        return "\n".join(out)
    widths = [max(len(header[i]), *(len(line[i]) for line in lines)) for i in range(4)]
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=False)) + "  Notes"]
    out.append("  ".join("-" * w for w in widths) + "  -----")
    out.extend(
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=False)) + "  " + line[4]
        for line in lines
    )
    return "\n".join(out)


def _loadavg() -> str:
    """The 1-minute load average (other work on the machine skews every timing)."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "n/a"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = _settings(args)
    sections = args.only or SECTIONS
    from . import audit, engine, imports, lookups, memory, providers

    plan: dict[str, Callable[[], list[Row]]] = {
        "audit": lambda: audit.run(
            audit.AuditSettings(
                sizes=tuple(settings["sizes"]),
                latencies=tuple(settings["latency"]),
                max_per_page=settings["max_per_page"],
                runs=settings["runs"],
                seq_page_limit=settings["seq_page_limit"],
            )
        ),
        "lookups": lambda: lookups.run(tuple(args.lookups), settings["latency"][0]),
        "providers": lambda: providers.run(settings["cold_runs"]),
        "imports": lambda: imports.run(settings["import_runs"]),
        "memory": lambda: memory.run(tuple(settings["memory_orders"]), settings["max_per_page"]),
        "engine": lambda: engine.run(
            settings["engine_runs"],
            examples=settings["engine_examples"],
            resources=settings["engine_resources"],
            destroy=settings["engine_destroy"],
        ),
    }
    rows: list[Row] = []
    load_before = _loadavg()
    started = time.perf_counter()
    for name in SECTIONS:
        if name not in sections:
            continue
        print(f"running {name} ...", file=sys.stderr, flush=True)
        rows.extend(plan[name]())
    elapsed = time.perf_counter() - started
    load_after = _loadavg()
    print(render(rows, markdown=args.markdown))
    missed = [r for r in rows if r.ok is False]
    print(
        f"\n{len(rows)} rows, {sum(1 for r in rows if r.ok)} PASS, {len(missed)} MISS, "
        f"in {elapsed:.0f} s on {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"1-min load average {load_before} before, {load_after} after"
    )
    if args.json is not None:
        args.json.write_text(
            json.dumps(
                {
                    "settings": settings,
                    "lookups": args.lookups,
                    "elapsed_seconds": elapsed,
                    "load_average": [load_before, load_after],
                    "machine": {
                        "cpus": os.cpu_count(),
                        "python": platform.python_version(),
                        "platform": platform.platform(),
                    },
                    "rows": [r.as_dict() for r in rows],
                },
                indent=2,
                default=str,
            )
        )
    return 0
