"""Providers that do nothing: the cold-start baseline of ``pulumi.dynamic`` itself, and a no-op
with ``PlanLookup``'s shape, which splits the engine benchmark's ratio into what the resource's
shape costs the engine and what this package's code adds."""

from __future__ import annotations

import functools
import json
import os
from typing import Any, Final

from pulumi.dynamic import CheckResult, CreateResult, Resource, ResourceProvider


class NoopProvider(ResourceProvider):
    """Creates nothing, imports nothing beyond ``pulumi.dynamic``."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult("noop", {})


class NoopResource(Resource, module="bench", name="Noop"):
    """A dynamic resource of :class:`NoopProvider`: the engine's floor for one dynamic resource."""

    def __init__(self, name: str) -> None:
        super().__init__(NoopProvider(), name, {})


#: The environment variable that carries, as JSON, what a ``PlanLookup`` records for each
#: ``min_vcpus`` of the benchmark (:func:`benchmarks.engine.plan_lookup_records`, from the real
#: provider): the shaped no-op's provider process reads it instead of importing this package.
RECORDS_ENV: Final = "BENCH_PLAN_LOOKUP_RECORDS"


@functools.cache
def _records() -> dict[str, dict[str, Any]]:
    records: dict[str, dict[str, Any]] = json.loads(os.environ[RECORDS_ENV])
    return records


class PlanShapedNoopProvider(ResourceProvider):
    """Checks and creates like ``PlanLookup`` as the engine sees it (the same inputs, defaults and
    outputs: the records in :data:`RECORDS_ENV`), with no code behind it: no validation, no
    request, no import of this package."""

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return CheckResult({"available_only": True, **news}, [])

    def create(self, props: dict[str, Any]) -> CreateResult:
        record = _records()[str(int(props["min_vcpus"]))]
        return CreateResult(f"planlookup-{record['slug']}", {**props, **record})


class PlanShapedNoop(Resource, module="bench", name="PlanShapedNoop"):
    """A dynamic resource declaring ``PlanLookup``'s properties (``names``), of
    :class:`PlanShapedNoopProvider`."""

    def __init__(self, name: str, names: tuple[str, ...], **inputs: Any) -> None:
        super().__init__(PlanShapedNoopProvider(), name, {**dict.fromkeys(names), **inputs})
