"""What a dynamic-provider process imports, in two steps: ``configure()`` loads every module
``check()`` and ``diff()`` import (the engine calls them from a thread pool, where first imports
could race), and the first Create loads the client, ``requests`` and the rest, which nothing after
it imports again; a preview (Check and Diff) never loads them. A ``PlanLookup`` provider, which
reads only plans, never loads the orders side. Checked in a fresh interpreter, by the modules
imported and the state of garbage collection after; and in Pulumi's own host of dynamic providers
(``python -m pulumi.dynamic``), frozen after ``configure()``, as reported by a provider from inside
it (no timing: speed belongs in ``benchmarks/``)."""

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
from {module} import {cls}

def loaded():
    return {{m for m in sys.modules if m.startswith(("pulumi_vpsorg", "requests", "urllib3"))}}

provider = {cls}()
provider.configure(ConfigureRequest(Config({config!r}, "p")))
configured = loaded()
checked = provider.check({{}}, {news!r})
assert not checked.failures, checked.failures
provider.diff("previewed", checked.inputs, checked.inputs)
previewed = loaded()
created = provider.create(checked.inputs)
after_create = loaded()
provider.diff(created.id, created.outs, checked.inputs)
provider.read(created.id, created.outs)
if {cls!r} == "OrderProvider":
    provider.read(created.id, {{}})  # by id alone, as the plugin's import reads
provider.update(created.id, created.outs, checked.inputs)
used = loaded()
print(json.dumps({{
    "configured": sorted(configured),
    "previewed": sorted(previewed - configured),
    "created": sorted(after_create - previewed),
    "later": sorted(used - after_create),
    "all": sorted(used),
    "collecting": gc.isenabled(),
    "frozen": gc.get_freeze_count(),
}}))
"""

_LOOKUPS = "pulumi_vpsorg.provider.lookups"
_CASES = [
    (_LOOKUPS, "PlanLookupProvider", {"min_vcpus": 2}),
    (_LOOKUPS, "OrdersAuditProvider", {"status": ["paid"], "type": ["vps"]}),
    (_LOOKUPS, "OrderLookupProvider", {"order_id": 6571}),
    ("pulumi_vpsorg.provider.order", "OrderProvider", {"order_id": 6571, "billing_cycle": 12}),
]


def _modules(
    cls: str, news: dict[str, object], api: FakeVpsOrgApi, module: str = _LOOKUPS
) -> dict[str, Any]:
    config = {"vpsorg:apiToken": api.token, "vpsorg:apiUrl": api.url}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VPSORG_", "PULUMI_"))}
    program = _PROGRAM.format(module=module, cls=cls, config=config, news=news)
    done = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


@pytest.mark.parametrize(("module", "cls", "news"), _CASES, ids=[c[1] for c in _CASES])
def test_configure_loads_what_check_and_diff_import_and_create_the_rest(
    fake_api: FakeVpsOrgApi, module: str, cls: str, news: dict[str, object]
) -> None:
    modules = _modules(cls, news, fake_api, module)
    assert modules["previewed"] == []
    for name in ("pulumi_vpsorg.client", "pulumi_vpsorg._settings", "requests", "urllib3"):
        assert name not in modules["configured"]
        assert name in modules["created"]
    assert modules["later"] == []
    # Imported with collection paused (pulumi_vpsorg._gc), which is back on after; nothing is
    # frozen outside Pulumi's provider host (the last test).
    assert modules["collecting"] is True
    assert modules["frozen"] == 0


@pytest.mark.parametrize(
    ("cls", "models"),
    [
        ("PlanLookupProvider", "pulumi_vpsorg.plans.models"),
        ("OrdersAuditProvider", "pulumi_vpsorg.orders.models"),
    ],
)
def test_a_check_that_validates_with_models_has_them_loaded_by_configure(
    fake_api: FakeVpsOrgApi, cls: str, models: str
) -> None:
    news = dict(next(case[2] for case in _CASES if case[1] == cls))
    assert models in _modules(cls, news, fake_api)["configured"]


def test_a_plan_lookup_provider_never_loads_the_orders_side(fake_api: FakeVpsOrgApi) -> None:
    modules = _modules("PlanLookupProvider", {"slug": "standard"}, fake_api)
    assert "pulumi_vpsorg.plans.client" in modules["all"]
    orders = [m for m in modules["all"] if m.startswith("pulumi_vpsorg.orders")]
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
