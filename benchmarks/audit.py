"""Benchmark 1: orders audits against an ideal raw reader, the latency floor and the sequential
reader.

Two audits, each what a program runs:

- ``OrdersAudit``: ``OrdersAuditProvider.create`` (``VpsOrgClient.summarize_orders``: page 1,
  then the other pages ``concurrency`` at a time, each counted into the summary as it arrives);
- ``get_orders``: the data source, every order turned into its output (``OrderResult``) as its
  page arrives, plus the summary.

The anchor is the ideal reader (:mod:`benchmarks._ideal`): the same requests to the same server,
keeping the raw bytes and doing nothing else. Runs alternate (ideal, ``OrdersAudit``,
``get_orders``) and medians are compared, so the ratios come from one run on one machine. The
fake API runs in another process with ``latency`` seconds slept before each answer.

Floor: ``(1 + ceil((pages - 1) / concurrency)) * latency``: page 1 alone, then the rest in rounds
of ``concurrency`` requests, each round costing one latency. Nothing else (transfer, parsing,
validation) is in it, so on a slow CPU it cannot be reached; the zero-latency run shows that
CPU-bound part separately.

Sequential reader, the naive way: ``VpsOrgClient.iter_orders`` page by page, at the documented
example ``per_page`` (5) and at the server's maximum. When the per_page 5 reader would take more
than ``seq_page_limit`` pages, only that many are read and the time is extrapolated linearly to
every page; the row says so.
"""

from __future__ import annotations

import itertools
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from pulumi_vpsorg import VpsOrgClient
from pulumi_vpsorg._client_registry import close_shared_clients
from pulumi_vpsorg.provider.lookups import OrdersAuditProvider

from ._ideal import read_raw
from ._support import ALL_STATUSES, FakeServerProcess, Row, env_vars, median

__all__ = ["AuditSettings", "floor_seconds", "run"]

SECTION = "1. orders audit"
DOC_PER_PAGE = 5
IDEAL_TARGET = 1.1
SPEEDUP_TARGET = 5.0
CONCURRENCY = 8


@dataclass(frozen=True)
class AuditSettings:
    sizes: tuple[int, ...]
    latencies: tuple[float, ...]
    max_per_page: int
    runs: int
    seq_page_limit: int


def floor_seconds(pages: int, concurrency: int, latency: float) -> float:
    """The latency floor of reading ``pages`` pages ``concurrency`` at a time."""
    return (1 + math.ceil(max(pages - 1, 0) / concurrency)) * latency


#: One measured run: wall seconds, client CPU seconds, fake CPU seconds, orders seen.
Sample = tuple[float, float, float, int]


def _timed(server: FakeServerProcess, fn: Callable[[], int]) -> Sample:
    server_cpu = server.cpu_seconds()
    cpu = time.process_time()
    start = time.perf_counter()
    count = fn()
    wall = time.perf_counter() - start
    return wall, time.process_time() - cpu, server.cpu_seconds() - server_cpu, count


def _ideal(server: FakeServerProcess, per_page: int) -> Callable[[], int]:
    def read() -> int:
        bodies = read_raw(server.url, server.token, ALL_STATUSES, per_page, CONCURRENCY)
        return sum(map(len, bodies))  # bytes: what the raw JSON of the audit weighs

    return read


def _orders_audit() -> int:
    """One audit in a fresh provider (and client), as a fresh provider process would run it."""
    provider = OrdersAuditProvider()
    try:
        return int(provider.create({"status": ALL_STATUSES}).outs["count"])
    finally:
        close_shared_clients()


def _get_orders() -> int:
    """``get_orders`` with a fresh client: every order as an output, and the summary."""
    from pulumi_vpsorg import functions

    try:
        result = functions.get_orders(status=ALL_STATUSES)
        return len(result.orders)
    finally:
        close_shared_clients()


def _alternating(
    server: FakeServerProcess, runs: int, ways: dict[str, Callable[[], int]]
) -> dict[str, dict[str, float]]:
    """Each way ``runs`` times, alternating, after one warm-up each; medians."""
    with env_vars({"VPSORG_API_URL": server.url, "VPSORG_API_TOKEN": server.token}):
        for fn in ways.values():  # warm-up: imports, the fake's caches, first connections
            _timed(server, fn)
        samples: dict[str, list[Sample]] = {name: [] for name in ways}
        for _ in range(runs):
            for name, fn in ways.items():
                samples[name].append(_timed(server, fn))
    return {
        name: {
            "wall": median([s[0] for s in got]),
            "best": min(s[0] for s in got),
            "cpu": median([s[1] for s in got]),
            "server_cpu": median([s[2] for s in got]),
            "count": got[-1][3],
        }
        for name, got in samples.items()
    }


def _sequential(client: VpsOrgClient, per_page: int, pages: int, limit: int) -> tuple[float, int]:
    """Seconds to read every page one after another (extrapolated past ``limit`` pages)."""
    read = min(pages, limit)
    iterator = client.iter_orders(ALL_STATUSES, per_page=per_page)
    start = time.perf_counter()
    count = sum(1 for _ in itertools.islice(iterator, read * per_page))
    wall = time.perf_counter() - start
    if count == 0:
        raise RuntimeError("the sequential reader read no orders")
    return (wall / read * pages if read < pages else wall), read


def run(settings: AuditSettings, concurrency: int = CONCURRENCY) -> list[Row]:
    rows: list[Row] = []
    for n in settings.sizes:
        # Zero latency: what is left is CPU (client parsing + the fake serving) on this machine.
        with FakeServerProcess(orders=n, latency=0.0, max_per_page=settings.max_per_page) as srv:
            zero = _alternating(srv, settings.runs, {"audit": _orders_audit})["audit"]
        rows.append(
            Row(
                SECTION,
                f"{n} orders, zero latency: OrdersAudit wall (CPU-bound part)",
                zero["wall"],
                "s",
                note=(
                    f"client CPU {zero['cpu']:.2f} s, fake CPU {zero['server_cpu']:.2f} s "
                    f"on {os.cpu_count()} cores"
                ),
                extra=zero,
            )
        )
        for latency in settings.latencies:
            rows.extend(_at_latency(settings, n, latency, concurrency, zero["wall"]))
    return rows


def _at_latency(
    settings: AuditSettings, n: int, latency: float, concurrency: int, zero_wall: float
) -> list[Row]:
    ms = f"{latency * 1000:g} ms"
    label = f"{n} orders @ {ms}"
    server = FakeServerProcess(orders=n, latency=latency, max_per_page=settings.max_per_page)
    with server as srv, VpsOrgClient(api_token=srv.token, api_url=srv.url) as client:
        per_page = client.list_orders_page(1, status=ALL_STATUSES).meta.per_page
        measured = _alternating(
            srv,
            settings.runs,
            {
                "ideal": _ideal(srv, per_page),
                "OrdersAudit": _orders_audit,
                "get_orders": _get_orders,
            },
        )
        pages = max(1, math.ceil(n / per_page))
        pages5 = max(1, math.ceil(n / DOC_PER_PAGE))
        seq5, read5 = _sequential(client, DOC_PER_PAGE, pages5, settings.seq_page_limit)
        max_pages = max(1, math.ceil(n / settings.max_per_page))
        seqmax, _ = _sequential(client, settings.max_per_page, max_pages, max_pages)
    ideal, audit = measured["ideal"], measured["OrdersAudit"]
    for name in ("OrdersAudit", "get_orders"):
        if measured[name]["count"] != n:
            raise RuntimeError(f"{name} counted {measured[name]['count']} orders, expected {n}")
    floor = floor_seconds(pages, concurrency, latency)
    raw_bytes = int(ideal["count"])
    seq5_note = f"{pages5} pages of {DOC_PER_PAGE}: {seq5:.1f} s"
    if read5 < pages5:
        seq5_note += f" EXTRAPOLATED linearly from the first {read5} pages"
    else:
        seq5_note += " (measured, every page)"
    rows = [
        Row(
            SECTION,
            f"{label}: ideal raw reader (anchor)",
            ideal["wall"],
            "s",
            note=(
                f"median of {settings.runs}; {pages} pages of {per_page}, {concurrency} in "
                f"flight, {raw_bytes / 1e6:.1f} MB raw; CPU {ideal['cpu']:.2f} s; "
                f"latency floor {floor:.3f} s"
            ),
            extra={**ideal, "pages": pages, "per_page": per_page, "floor": floor},
        )
    ]
    for name, what in (("OrdersAudit", "summary"), ("get_orders", "every order as output")):
        got = measured[name]
        ratio = got["wall"] / ideal["wall"]
        rows.append(
            Row(
                SECTION,
                f"{label}: {name} / ideal reader",
                ratio,
                "x",
                f"<= {IDEAL_TARGET}x",
                ratio <= IDEAL_TARGET,
                note=(
                    f"{got['wall']:.3f} s ({what}), median of {settings.runs} alternating; "
                    f"client CPU {got['cpu']:.2f} s; / latency floor {got['wall'] / floor:.2f}x"
                ),
                extra={**got, "ideal": ideal["wall"], "floor": floor},
            )
        )
    rows.extend(
        [
            Row(
                SECTION,
                f"{label}: speed-up vs sequential per_page {DOC_PER_PAGE}",
                seq5 / audit["wall"],
                "x",
                f">= {SPEEDUP_TARGET:g}x",
                seq5 / audit["wall"] >= SPEEDUP_TARGET,
                note=seq5_note,
                extra={"sequential_seconds": seq5, "pages_read": read5, "pages": pages5},
            ),
            Row(
                SECTION,
                f"{label}: speed-up vs sequential per_page {settings.max_per_page} (server max)",
                seqmax / audit["wall"],
                "x",
                note=(
                    f"{max_pages} pages of {settings.max_per_page}: {seqmax:.2f} s "
                    "(measured, every page)"
                ),
                extra={"sequential_seconds": seqmax, "pages": max_pages},
            ),
        ]
    )
    return rows
