"""What a dynamic-provider process imports: ``configure()`` loads every module the provider's
methods import (the engine calls them from a thread pool, where first imports could race), and a
``PlanLookup`` provider, which reads only plans, never loads the orders side. Checked in a fresh
interpreter, by the modules imported and the state of garbage collection after; and in Pulumi's own
host of dynamic providers (``python -m pulumi.dynamic``), frozen after ``configure()``, as reported
by a provider from inside it (no timing: speed belongs in ``benchmarks/``)."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from typing import Any

import pytest
from pulumi.dynamic import CreateResult

from pulumi_vpsorg.provider import PlanLookupProvider
from pulumi_vpsorg.testing import FakeVpsOrgApi
from tests.provider.lookup_support import serve

_PROGRAM = """
import gc, json, sys
from pulumi.dynamic import Config, ConfigureRequest
from pulumi_vpsorg.provider.lookups import {cls}

provider = {cls}()
provider.configure(ConfigureRequest(Config({config!r}, "p")))
configured = {{m for m in sys.modules if m.startswith("pulumi_vpsorg")}}
inputs = provider.check({{}}, {news!r}).inputs
created = provider.create(inputs)
provider.read(created.id, created.outs)
used = {{m for m in sys.modules if m.startswith("pulumi_vpsorg")}}
print(json.dumps({{
    "configured": sorted(configured),
    "later": sorted(used - configured),
    "collecting": gc.isenabled(),
    "frozen": gc.get_freeze_count(),
}}))
"""


def _modules(cls: str, news: dict[str, object], api: FakeVpsOrgApi) -> dict[str, Any]:
    config = {"vpsorg:apiToken": api.token, "vpsorg:apiUrl": api.url}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VPSORG_", "PULUMI_"))}
    done = subprocess.run(
        [sys.executable, "-c", _PROGRAM.format(cls=cls, config=config, news=news)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


@pytest.mark.parametrize(
    ("cls", "news"),
    [
        ("PlanLookupProvider", {"min_vcpus": 2}),
        ("OrdersAuditProvider", {"status": ["paid"]}),
        ("OrderLookupProvider", {"order_id": 6571}),
    ],
)
def test_configure_loads_what_check_create_and_read_import(
    fake_api: FakeVpsOrgApi, cls: str, news: dict[str, object]
) -> None:
    modules = _modules(cls, news, fake_api)
    assert "pulumi_vpsorg.client" in modules["configured"]
    assert modules["later"] == []
    # Imported with collection paused (pulumi_vpsorg._gc), which is back on after; nothing is
    # frozen outside Pulumi's provider host (the last test).
    assert modules["collecting"] is True
    assert modules["frozen"] == 0


def test_a_plan_lookup_provider_never_loads_the_orders_side(fake_api: FakeVpsOrgApi) -> None:
    modules = _modules("PlanLookupProvider", {"slug": "standard"}, fake_api)
    assert "pulumi_vpsorg.plans.client" in modules["configured"]
    orders = [m for m in modules["configured"] if m.startswith("pulumi_vpsorg.orders")]
    assert orders == []


class CollectorProbe(PlanLookupProvider):
    """A ``PlanLookup`` provider (its ``configure()``) whose Create reports the collector."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult("probe", {"collecting": gc.isenabled(), "frozen": gc.get_freeze_count()})


CollectorProbe.__module__ = __name__  # pickled by reference to this module


def test_the_host_is_frozen_after_configure_and_collects_again(api: FakeVpsOrgApi) -> None:
    with serve(CollectorProbe(), api) as server:
        created = server.create(server.urn("PlanLookup", "probe"), {})
    outputs = created.outputs()
    assert outputs["collecting"] is True
    assert outputs["frozen"] > 0
