"""Benchmark 1: orders audits against the latency floor and the sequential reader.

The audit is what ``pulumi up`` runs for an ``OrdersAudit`` resource: ``OrdersAuditProvider.create``
(``VpsOrgClient.summarize_orders``: page 1, then the other pages ``concurrency`` at a time, each
counted into the summary as it arrives). The fake API runs in another process with ``latency``
seconds slept before each answer.

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
from dataclasses import dataclass

from pulumi_vpsorg import VpsOrgClient
from pulumi_vpsorg.provider.lookups import OrdersAuditProvider

from ._support import ALL_STATUSES, FakeServerProcess, Row, env_vars, median

__all__ = ["AuditSettings", "run"]

SECTION = "1. orders audit"
DOC_PER_PAGE = 5
FLOOR_TARGET = 1.3
SPEEDUP_TARGET = 5.0


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


def _audit_once(server: FakeServerProcess) -> tuple[float, float, float, int]:
    """One audit in a fresh provider: wall seconds, client CPU, fake CPU, orders counted."""
    with env_vars({"VPSORG_API_URL": server.url, "VPSORG_API_TOKEN": server.token}):
        provider = OrdersAuditProvider()
        server_cpu = server.cpu_seconds()
        cpu = time.process_time()
        start = time.perf_counter()
        created = provider.create({"status": ALL_STATUSES})
        wall = time.perf_counter() - start
        cpu = time.process_time() - cpu
        server_cpu = server.cpu_seconds() - server_cpu
        provider.client().close()
    return wall, cpu, server_cpu, int(created.outs["count"])


def _audits(server: FakeServerProcess, runs: int) -> dict[str, float]:
    _audit_once(server)  # warm-up: imports, the fake's sorted-id cache, first connections
    samples = [_audit_once(server) for _ in range(runs)]
    return {
        "wall": median([s[0] for s in samples]),
        "best": min(s[0] for s in samples),
        "cpu": median([s[1] for s in samples]),
        "server_cpu": median([s[2] for s in samples]),
        "count": samples[-1][3],
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


def run(settings: AuditSettings, concurrency: int = 8) -> list[Row]:
    rows: list[Row] = []
    for n in settings.sizes:
        # Zero latency: what is left is CPU (client parsing + the fake serving) on this machine.
        with FakeServerProcess(orders=n, latency=0.0, max_per_page=settings.max_per_page) as srv:
            zero = _audits(srv, settings.runs)
        rows.append(
            Row(
                SECTION,
                f"{n} orders, zero latency: wall (CPU-bound part)",
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
        audit = _audits(srv, settings.runs)
        pages = max(1, math.ceil(n / per_page))
        pages5 = max(1, math.ceil(n / DOC_PER_PAGE))
        seq5, read5 = _sequential(client, DOC_PER_PAGE, pages5, settings.seq_page_limit)
        max_pages = max(1, math.ceil(n / settings.max_per_page))
        seqmax, _ = _sequential(client, settings.max_per_page, max_pages, max_pages)
    if audit["count"] != n:
        raise RuntimeError(f"the audit counted {audit['count']} orders, expected {n}")
    floor = floor_seconds(pages, concurrency, latency)
    ratio = audit["wall"] / floor
    cpu_floor = max(floor, zero_wall)
    seq5_note = f"{pages5} pages of {DOC_PER_PAGE}: {seq5:.1f} s"
    if read5 < pages5:
        seq5_note += f" EXTRAPOLATED linearly from the first {read5} pages"
    else:
        seq5_note += " (measured, every page)"
    return [
        Row(
            SECTION,
            f"{label}: audit wall",
            audit["wall"],
            "s",
            note=(
                f"median of {settings.runs}; {pages} pages of {per_page}, concurrency "
                f"{concurrency}; client CPU {audit['cpu']:.2f} s"
            ),
            extra={**audit, "pages": pages, "per_page": per_page, "floor": floor},
        ),
        Row(
            SECTION,
            f"{label}: audit / latency floor",
            ratio,
            "x",
            f"<= {FLOOR_TARGET}x",
            ratio <= FLOOR_TARGET,
            note=(
                f"floor {floor:.3f} s; / max(floor, zero-latency wall {zero_wall:.3f} s) = "
                f"{audit['wall'] / cpu_floor:.2f}x"
            ),
            extra={"floor": floor, "cpu_adjusted_ratio": audit["wall"] / cpu_floor},
        ),
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
