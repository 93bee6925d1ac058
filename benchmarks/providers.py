"""Benchmark 3: the pickled provider of each dynamic resource, and its cold start.

Size: what ``pulumi.dynamic`` stores in every resource's ``__provider`` property,
``serialize_provider(Provider())`` (base64 of a dill pickle); the raw pickle bytes are measured.

Cold start: the engine launches ``python -m pulumi.dynamic``, reads its port, calls Configure,
then Check and Create with ``__provider`` in the properties (the server unpickles it on each
call: the first Check is the first to load this package's code). Timed from spawn to each
response, through the gRPC driver in ``tests/provider/dynamic_server.py``, against the fake API
(no latency: this measures start-up, not the network). Two ratios against a no-op provider:
to the first Check answered (the provider started, its code loaded, no API call yet: what the
issue calls provider start) and to the first Create answered (the first API call too). The
provider's ``configure()``, on the first call, loads what Check and Diff use (the inputs' rules
and names, no pydantic), and the first Create loads the client, pydantic, the models and
``requests``: a preview never does.
"""

from __future__ import annotations

import base64
import time
from typing import Any

from pulumi.dynamic import ResourceProvider
from pulumi.dynamic.dynamic import serialize_provider

from pulumi_vpsorg._vocabulary import TOKEN_CONFIG, URL_CONFIG
from pulumi_vpsorg.provider.lookups import (
    OrderLookupProvider,
    OrdersAuditProvider,
    PlanLookupProvider,
)
from pulumi_vpsorg.provider.order import OrderProvider
from pulumi_vpsorg.testing import FakeVpsOrgApi

from ._noop_provider import NoopProvider
from ._support import ALL_STATUSES, REPO_ROOT, Row, median

__all__ = ["run"]

SECTION = "3. dynamic providers"
SIZE_TARGET = 2048
START_TARGET = 1.1


def _cases(api: FakeVpsOrgApi) -> list[tuple[str, type[ResourceProvider], dict[str, Any]]]:
    order_id = min(api.orders)
    return [
        ("PlanLookup", PlanLookupProvider, {"slug": "standard"}),
        ("OrdersAudit", OrdersAuditProvider, {"status": ALL_STATUSES}),
        ("OrderLookup", OrderLookupProvider, {"order_id": order_id}),
        ("Order", OrderProvider, {"order_id": order_id}),
    ]


def _cold_start(
    provider: ResourceProvider, type_name: str, news: dict[str, Any], api: FakeVpsOrgApi
) -> dict[str, float]:
    from tests.provider.dynamic_server import DynamicProviderServer

    start = time.perf_counter()
    # The repo on PYTHONPATH only so that the baseline's benchmarks._noop_provider unpickles.
    # An empty PYTHONDONTWRITEBYTECODE lets it use bytecode caches, as an installed package has.
    server = DynamicProviderServer(
        provider, env={"PYTHONPATH": str(REPO_ROOT), "PYTHONDONTWRITEBYTECODE": ""}
    )
    try:
        server.start()
        started = time.perf_counter()
        server.configure(
            {TOKEN_CONFIG: api.token, URL_CONFIG: api.url},
            secret_keys=[TOKEN_CONFIG],
        )
        configured = time.perf_counter()
        urn = server.urn(type_name, "bench")
        checked = server.check(urn, {}, news)
        was_checked = time.perf_counter()
        reply = server.create(urn, checked.properties)
        done = time.perf_counter()
    finally:
        server.close()
    if checked.failures or not reply.id:
        raise RuntimeError(f"{type_name}: Check failed or Create returned no id")
    return {
        "total": done - start,
        "start": started - start,
        "configure": configured - started,
        "check": was_checked - configured,
        "to_check": was_checked - start,
        "create": done - was_checked,
    }


def run(cold_runs: int) -> list[Row]:
    rows: list[Row] = []
    with FakeVpsOrgApi(order_count=50) as api:
        _cold_start(NoopProvider(), "Noop", {}, api)  # warm-up: bytecode caches, page cache
        baseline: list[dict[str, float]] = []
        for type_name, cls, news in _cases(api):
            provider = cls()
            pickled = base64.b64decode(serialize_provider(provider))
            rows.append(
                Row(
                    SECTION,
                    f"{type_name}: pickled provider",
                    len(pickled),
                    "B",
                    f"< {SIZE_TARGET} B",
                    len(pickled) < SIZE_TARGET,
                    note=f"{len(serialize_provider(provider))} characters as base64 in state",
                )
            )
            samples: list[dict[str, float]] = []
            noops: list[dict[str, float]] = []
            for _ in range(cold_runs):  # alternating, so that both see the same machine
                noops.append(_cold_start(NoopProvider(), "Noop", {}, api))
                samples.append(_cold_start(provider, type_name, news, api))
            baseline.extend(noops)
            parts = {key: median([s[key] for s in samples]) for key in samples[0]}
            noop = {key: median([s[key] for s in noops]) for key in noops[0]}
            started = parts["to_check"] / noop["to_check"]
            rows.append(
                Row(
                    SECTION,
                    f"{type_name}: provider start, to the first Check answered / no-op",
                    started,
                    "x",
                    f"<= {START_TARGET}x",
                    started <= START_TARGET,
                    note=(
                        f"{parts['to_check']:.3f} s vs {noop['to_check']:.3f} s, medians of "
                        f"{cold_runs} alternating: this package's provider code loaded and its "
                        f"Check run ({parts['check'] * 1000:.0f} ms against the no-op's "
                        f"{noop['check'] * 1000:.0f} ms), before any API call"
                    ),
                    extra={**parts, "noop": noop["to_check"]},
                )
            )
            ratio = parts["total"] / noop["total"]
            rows.append(
                Row(
                    SECTION,
                    f"{type_name}: cold start to first Create / no-op provider",
                    ratio,
                    "x",
                    note=(
                        f"{parts['total']:.3f} s vs {noop['total']:.3f} s: spawn+imports to port "
                        f"{parts['start']:.2f} s, Configure {parts['configure'] * 1000:.0f} ms, "
                        f"Check {parts['check'] * 1000:.0f} ms, "
                        f"Create {parts['create'] * 1000:.0f} ms: the client's imports and the "
                        "first API call"
                    ),
                    extra={**parts, "noop": noop["total"]},
                )
            )
        rows.insert(
            0,
            Row(
                SECTION,
                "baseline: no-op provider, cold start to first Create (after a Check)",
                median([s["total"] for s in baseline]),
                "s",
                note="pulumi.dynamic itself (grpc, protobuf, pulumi imports): the anchor below",
                extra={key: median([s[key] for s in baseline]) for key in baseline[0]},
            ),
        )
    return rows
