"""Benchmark 2: a program making 1, 10 and 100 plan lookups.

The program alternates ``get_plan(slug=...)`` and ``select_plan(...)`` over the documented plans,
as a stack with many servers would, through the real data-source functions with the process-wide
catalogue memo cleared first. The same count of ``PlanLookup`` resources is then run through
their provider (a fresh provider object per resource, as the engine unpickles one per resource).
Requests are counted at the fake API (in this process: its CPU does not matter here).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from pulumi_vpsorg import functions
from pulumi_vpsorg._client_registry import close_shared_clients
from pulumi_vpsorg.assumptions import PLANS_PATH
from pulumi_vpsorg.provider.lookups import PlanLookupProvider
from pulumi_vpsorg.testing import FakeVpsOrgApi
from pulumi_vpsorg.testing.fake_api import API_PREFIX

from ._support import Row, env_vars

__all__ = ["run"]

SECTION = "2. plan lookups"
CATALOGUE_PATH = API_PREFIX + PLANS_PATH
_MEMORY_STEPS = (None, 4096, 8192, 2048, 16384)


def _function_lookup(api: FakeVpsOrgApi, slugs: list[str]) -> Callable[[int], Any]:
    def lookup(i: int) -> Any:
        if i % 2 == 0:
            return functions.get_plan(
                slug=slugs[(i // 2) % len(slugs)], api_token=api.token, api_url=api.url
            )
        return functions.select_plan(
            min_memory=_MEMORY_STEPS[(i // 2) % len(_MEMORY_STEPS)],
            api_token=api.token,
            api_url=api.url,
        )

    return lookup


def _provider_lookup(slugs: list[str]) -> Callable[[int], Any]:
    def lookup(i: int) -> Any:
        provider = PlanLookupProvider()
        if i % 2 == 0:
            news: dict[str, Any] = {"slug": slugs[(i // 2) % len(slugs)]}
        else:
            news = {"min_memory": _MEMORY_STEPS[(i // 2) % len(_MEMORY_STEPS)]}
        try:
            return provider.create(provider.check({}, news).inputs)
        finally:
            close_shared_clients()

    return lookup


def _measure(
    api: FakeVpsOrgApi, count: int, lookup: Callable[[int], Any]
) -> tuple[float, int, int]:
    functions.clear_cache()
    api.clear_requests()
    start = time.perf_counter()
    for i in range(count):
        lookup(i)
    wall = time.perf_counter() - start
    total = api.count_requests()
    catalogue = api.count_requests(method="GET", path=CATALOGUE_PATH)
    return wall, total, catalogue


def run(counts: tuple[int, ...], latency: float) -> list[Row]:
    rows: list[Row] = []
    ms = f"{latency * 1000:g} ms"
    with FakeVpsOrgApi(latency=latency, order_count=10) as api:
        slugs = [p["slug"] for p in api.plans]
        ways = (
            ("functions", _function_lookup(api, slugs)),
            ("PlanLookup provider", _provider_lookup(slugs)),
        )
        with env_vars({"VPSORG_API_URL": api.url, "VPSORG_API_TOKEN": api.token}):
            for way, lookup in ways:
                for count in counts:
                    wall, total, catalogue = _measure(api, count, lookup)
                    details = total - catalogue
                    rows.append(
                        Row(
                            SECTION,
                            f"{count} lookup(s) via {way} @ {ms}: catalogue requests",
                            catalogue,
                            "",
                            "== 1",
                            catalogue == 1,
                            note=(
                                f"{total} requests in all ({details} plan-detail, at most one "
                                f"per plan); wall {wall:.3f} s = {wall / max(latency, 1e-9):.1f} latencies"
                            ),
                            extra={"wall": wall, "requests": total, "catalogue": catalogue},
                        )
                    )
    functions.clear_cache()
    return rows
