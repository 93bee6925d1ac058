"""Benchmark 6: the real Pulumi CLI.

Wall time of ``pulumi preview`` and ``pulumi up`` (a fresh stack each time) for every example, as
Automation API inline programs with a local file backend against the fake API on loopback; and
``pulumi up`` of 50 ``PlanLookup`` resources against the same program with 50 no-op dynamic
resources, the engine's own floor for 50 dynamic resources (runs alternate, medians compared).
A third program of 50 no-ops shaped like ``PlanLookup`` (the same properties declared, checked and
recorded, no code behind them) splits that ratio in two: what the resource's shape costs the
engine, and what this package's code adds to it.
``--quick`` (the smoke test) runs one example and 5 resources of each kind, and destroys nothing:
the backend is thrown away with every stack in it.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Sequence
from typing import Any

from pulumi_vpsorg._vocabulary import ENV_TOKEN, ENV_URL, PLAN_LOOKUP_INPUTS, PLAN_LOOKUP_OUTPUTS
from pulumi_vpsorg.quickstart import FAKE_API_CONFIG, default_examples_dir, find_examples
from pulumi_vpsorg.testing import FakeVpsOrgApi
from pulumi_vpsorg.testing.engine import LocalBackend, find_cli, set_stack_config

from ._noop_provider import RECORDS_ENV
from ._support import REPO_ROOT, Row, env_vars, median

__all__ = ["lookup_inputs", "plan_lookup_records", "run"]

SECTION = "6. engine"
RESOURCES = 50
RATIO_TARGET = 1.1


def _configured(stack: Any, api: FakeVpsOrgApi, config: dict[str, Any]) -> Any:
    return set_stack_config(stack, api_url=api.url, api_token=api.token, config=config)


def _timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def lookup_inputs(count: int) -> list[dict[str, Any]]:
    """The inputs of the benchmark's ``count`` ``PlanLookup``s, in order; its shaped no-ops take
    the same ones."""
    return [{"min_vcpus": 1 + i % 4, "location": "eu-central"} for i in range(count)]


def _lookups(count: int) -> Callable[[], None]:
    def lookups() -> None:
        import pulumi_vpsorg as vpsorg

        for i, inputs in enumerate(lookup_inputs(count)):
            vpsorg.PlanLookup(f"lookup-{i}", **inputs)

    return lookups


def _noops(count: int) -> Callable[[], None]:
    def noops() -> None:
        from ._noop_provider import NoopResource

        for i in range(count):
            NoopResource(f"noop-{i}")

    return noops


def plan_lookup_records(api: FakeVpsOrgApi, count: int) -> dict[str, dict[str, Any]]:
    """What ``PlanLookup``'s provider records for each of :func:`lookup_inputs` (by
    ``min_vcpus``), made in this process by the real provider against ``api``: the records the
    shaped no-op returns (:data:`benchmarks._noop_provider.RECORDS_ENV`)."""
    from pulumi_vpsorg._client_registry import close_shared_clients
    from pulumi_vpsorg.provider.plan_lookup import PlanLookupProvider

    records: dict[str, dict[str, Any]] = {}
    with env_vars({ENV_URL: api.url, ENV_TOKEN: api.token}):
        try:
            for inputs in lookup_inputs(count):
                key = str(inputs["min_vcpus"])
                if key not in records:
                    provider = PlanLookupProvider()
                    checked = provider.check({}, dict(inputs))
                    records[key] = dict(provider.create(checked.inputs).outs or {})
        finally:
            close_shared_clients()
    return records


def _shaped_noops(count: int) -> Callable[[], None]:
    def shaped_noops() -> None:
        from ._noop_provider import PlanShapedNoop

        names = (*PLAN_LOOKUP_OUTPUTS, *PLAN_LOOKUP_INPUTS)
        for i, inputs in enumerate(lookup_inputs(count)):
            PlanShapedNoop(f"shaped-{i}", names, **inputs)

    return shaped_noops


def run(
    runs: int,
    *,
    examples: Sequence[str] | None = None,
    resources: int = RESOURCES,
    destroy: bool = True,
) -> list[Row]:
    """The engine rows.

    :param examples: the examples to preview and up (default: every one).
    :param resources: ``PlanLookup``s and no-op resources in the comparison.
    :param destroy: destroy each stack after it is measured (``False`` leaves it to the
        throwaway backend).
    """
    cli = find_cli()
    if cli is None:
        return [Row(SECTION, "Pulumi CLI", "not found", note="run scripts/install-pulumi-cli")]
    rows: list[Row] = []
    # The no-op provider is pickled by reference: the provider process must import benchmarks.
    # An empty PYTHONDONTWRITEBYTECODE lets the provider processes use bytecode caches, as an
    # installed package has (as in the providers and imports sections): where the environment sets
    # it, each PlanLookup provider compiled this package's modules from source, the no-op's not.
    env = {"PYTHONPATH": str(REPO_ROOT), "PYTHONDONTWRITEBYTECODE": ""}
    with FakeVpsOrgApi(token=f"bench-{secrets.token_hex(8)}") as api, LocalBackend(cli) as backend:
        for example in find_examples(default_examples_dir()):
            if examples is not None and example.name not in examples:
                continue
            config = dict(FAKE_API_CONFIG.get(example.name, {}))
            previews: list[float] = []
            ups: list[float] = []
            for i in range(runs):
                stack = _configured(
                    backend.inline_stack(example, f"bench{i}", env=env), api, config
                )
                previews.append(_timed(stack.preview))
                ups.append(_timed(stack.up))
                if destroy:
                    stack.destroy()
            for verb, times in (("preview", previews), ("up", ups)):
                rows.append(
                    Row(
                        SECTION,
                        f"pulumi {verb}: {example.name}",
                        median(times),
                        "s",
                        note=f"median of {runs}, fresh stack",
                    )
                )
        records = json.dumps(plan_lookup_records(api, resources))
        shaped_env = {**env, RECORDS_ENV: records}
        lookup_times: list[float] = []
        noop_times: list[float] = []
        shaped_times: list[float] = []
        for i in range(runs):
            for program, times, program_env in (
                (_lookups(resources), lookup_times, env),
                (_noops(resources), noop_times, env),
                (_shaped_noops(resources), shaped_times, shaped_env),
            ):
                name = program.__name__
                stack = _configured(
                    backend.inline_stack(f"bench-{name}", f"run{i}", program, env=program_env),
                    api,
                    {},
                )
                times.append(_timed(stack.up))
                if destroy:
                    stack.destroy()
        lookup, noop, shaped = median(lookup_times), median(noop_times), median(shaped_times)
        rows.append(Row(SECTION, f"pulumi up: {resources} PlanLookups", lookup, "s"))
        rows.append(Row(SECTION, f"pulumi up: {resources} no-op dynamic resources", noop, "s"))
        rows.append(
            Row(
                SECTION,
                f"pulumi up: {resources} no-op resources shaped like PlanLookup",
                shaped,
                "s",
            )
        )
        ratio = lookup / noop
        rows.append(
            Row(
                SECTION,
                f"{resources} PlanLookups vs {resources} no-op resources",
                ratio,
                "x",
                target=f"<= {RATIO_TARGET}x",
                ok=ratio <= RATIO_TARGET,
                note=f"median of {runs} alternating ups each, CLI {cli.version_text}",
            )
        )
        rows.append(
            Row(
                SECTION,
                f"  of which the shape: {resources} shaped no-ops vs {resources} no-op resources",
                shaped / noop,
                "x",
                note="PlanLookup's properties declared, checked and recorded; no code",
            )
        )
        rows.append(
            Row(
                SECTION,
                f"  of which this package: {resources} PlanLookups vs {resources} shaped no-ops",
                lookup / shaped,
                "x",
                note="imports, validation, the catalogue fetch, the records",
            )
        )
    return rows
