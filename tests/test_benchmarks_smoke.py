"""Smoke test: ``python -m benchmarks --quick`` runs end to end and prints every row; and the
engine section's shaped no-op records what a ``PlanLookup`` does.

No timing is asserted: the numbers depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks._noop_provider import RECORDS_ENV, PlanShapedNoopProvider
from benchmarks.engine import RESOURCES, lookup_inputs, plan_lookup_records
from pulumi_vpsorg.provider.plan_lookup import PlanLookupProvider
from pulumi_vpsorg.testing import FakeVpsOrgApi
from pulumi_vpsorg.testing.engine import find_cli
from tests.provider.lookup_support import serve

ROOT = Path(__file__).resolve().parent.parent

EXPECTED_ROWS = (
    "zero latency: OrdersAudit wall (CPU-bound part)",
    "ideal raw reader (anchor)",
    "OrdersAudit / ideal reader",
    "get_orders / ideal reader",
    "speed-up vs sequential per_page 5",
    "(server max)",
    "EXTRAPOLATED linearly",
    "lookup(s) via functions",
    "lookup(s) via PlanLookup provider",
    "no-op resources shaped like PlanLookup",
    "of which the shape",
    "of which this package",
    "baseline: no-op provider, cold start to first Create",
    "PlanLookup: pickled provider",
    "OrdersAudit: pickled provider",
    "OrderLookup: pickled provider",
    "Order: pickled provider",
    "Order: cold start to first Create / no-op provider",
    "Order: provider start, to the first Check answered / no-op",
    "PlanLookup: cold start to first Create / no-op provider",
    "import pulumi",
    "import pulumi_vpsorg (alone) / import pulumi",
    "Pulumi parts of pulumi_vpsorg added to import pulumi",
    "of which pydantic + requests alone",
    "250-order audit: peak memory / raw JSON",
    "1000-order audit: peak memory / raw JSON",
    "growth of the audit's memory, 250 -> 1000 orders",
)


def test_quick_benchmark_runs_and_prints_every_row(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("VPSORG_")}
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--json", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    table = completed.stdout
    for label in EXPECTED_ROWS:
        assert label in table, f"missing row {label!r} in:\n{table}"
    for lookups in (1, 10, 100):
        assert f"{lookups} lookup(s) via functions" in table
    data = json.loads(out.read_text())
    rows = data["rows"]
    assert {r["section"] for r in rows} == {
        "1. orders audit",
        "2. plan lookups",
        "3. dynamic providers",
        "4. import time",
        "5. memory",
        "6. engine",
    }
    assert all(r["result"] in {"PASS", "MISS", "info"} for r in rows)
    # Every target is a ratio against an anchor measured in the same run (or a count or size).
    for row in rows:
        if row["target"] and row["unit"] == "s":
            raise AssertionError(f"a target on an absolute time: {row['name']}")
    # Functional facts, not timings: these hold on any machine.
    catalogue = [r for r in rows if r["section"] == "2. plan lookups"]
    assert catalogue and all(r["value"] == 1 for r in catalogue)
    pickled = [r for r in rows if r["name"].endswith("pickled provider")]
    assert len(pickled) == 4 and all(r["value"] > 0 for r in pickled)
    engine = {r["name"] for r in rows if r["section"] == "6. engine"}
    if find_cli() is None:
        assert engine == {"Pulumi CLI"}
    else:
        # --quick: one example, 5 resources a side (python -m benchmarks runs 4 and 50).
        assert "5 PlanLookups vs 5 no-op resources" in engine
        assert "pulumi up: order-settings" in engine
        assert "pulumi preview: order-settings" in engine


def test_markdown_table_renders() -> None:
    from benchmarks._support import Row
    from benchmarks.cli import render

    rows = [
        Row("s", "a", 1.5, "s", "<= 2 s", True, "note"),
        Row("s", "b", 3, "B", note="x | y"),
    ]
    text = render(rows, markdown=True)
    lines = text.splitlines()
    assert lines[0].startswith("| Measurement |")
    assert "PASS" in lines[2] and "info" in lines[3]
    assert lines[3].count("|") == 6  # a pipe inside a cell is escaped


def test_the_shaped_no_op_checks_and_records_what_a_plan_lookup_does(
    fake_api: FakeVpsOrgApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine benchmark's shaped no-op stands for ``PlanLookup`` as the engine sees it: given
    the records the benchmark makes, for each input the benchmark gives, the same checked inputs
    and the same outputs as the real provider over gRPC against the fake API."""
    records = plan_lookup_records(fake_api, RESOURCES)
    assert sorted(records) == ["1", "2", "3", "4"]
    monkeypatch.setenv(RECORDS_ENV, json.dumps(records))
    shaped = PlanShapedNoopProvider()
    distinct = {str(inputs["min_vcpus"]): inputs for inputs in lookup_inputs(RESOURCES)}
    with serve(PlanLookupProvider(), fake_api) as server:
        for key, inputs in sorted(distinct.items()):
            urn = server.urn("PlanLookup", f"web-{key}")
            checked = server.check(urn, {}, inputs)
            created = server.create(urn, checked.properties)

            shaped_checked = shaped.check({}, dict(inputs))
            assert shaped_checked.inputs == without_provider(checked.properties)
            outputs = shaped.create(shaped_checked.inputs).outs
            assert outputs == without_provider(created.outputs()), key


def without_provider(properties: dict[str, Any]) -> dict[str, Any]:
    """The properties without ``__provider``, which the dynamic-provider host adds to each."""
    return {key: value for key, value in properties.items() if key != "__provider"}
