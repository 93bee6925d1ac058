"""What a dynamic-provider process imports, and when. Pulumi's host (``python -m pulumi.dynamic``)
unpickles a provider and runs its ``configure()`` under its own lock, then calls the methods from
a thread pool, where first imports of modules that import each other could race (an
``ImportError`` about a partially initialized module). So: ``configure()`` loads every module
``check()`` and ``diff()`` import, and ``load_runtime()`` (the first Create, Read, Update or
Delete that calls the API; a lookup's Delete calls nothing) loads the client, ``requests`` and the rest, under a lock of ours;
after it, no method imports anything. A preview (Check and Diff) never loads the client, and
unpickling a provider imports nothing that either step imports, since it runs under the host's
lock, not ours. A ``PlanLookup`` provider never loads the orders side.

Checked in fresh interpreters, by every module in ``sys.modules`` after each step (no prefix:
a standard-library or third-party first import races as well); and in Pulumi's own host, frozen
after its imports, as reported by a provider from inside it (no timing: speed belongs in
``benchmarks/``)."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from pulumi.dynamic import CreateResult
from pulumi.dynamic.dynamic import serialize_provider

from pulumi_vpsorg.provider import (
    OrderLookupProvider,
    OrderProvider,
    OrdersAuditProvider,
    PlanLookupProvider,
)
from pulumi_vpsorg.testing import FakeVpsOrgApi
from tests.provider.lookup_support import serve

#: What the host has imported before it unpickles a provider.
_HOST = "import grpc, pulumi.dynamic.dynamic, pulumi.runtime.proto.provider_pb2_grpc"

_PROGRAM = """
import base64, gc, json, sys
import dill
from pulumi.dynamic import Config, ConfigureRequest
{host}

def loaded():
    return set(sys.modules)

start = loaded()
provider = dill.loads(base64.b64decode({blob!r}))
unpickled = loaded()
provider.configure(ConfigureRequest(Config({config!r}, "p")))
configured = loaded()
refused = provider.check({{}}, {bad!r})
assert refused.failures, refused.inputs
checked = provider.check({{}}, {news!r})
assert not checked.failures, checked.failures
provider.diff("previewed", checked.inputs, checked.inputs)
if {lookup!r}:
    provider.delete("destroyed", checked.inputs)  # a lookup's destroy calls nothing
previewed = loaded()
provider.load_runtime()
runtime = loaded()
created = provider.create(checked.inputs)
provider.diff(created.id, created.outs, checked.inputs)
provider.read(created.id, created.outs)
if {by_id!r}:
    provider.read(created.id, {{}})  # by id alone, as the plugin's import reads
provider.update(created.id, created.outs, checked.inputs)
provider.delete(created.id, created.outs)
used = loaded()
print(json.dumps({{
    "unpickled": sorted(unpickled - start),
    "configured": sorted(configured - unpickled),
    "previewed": sorted(previewed - configured),
    "runtime": sorted(runtime - previewed),
    "later": sorted(used - runtime),
    "all": sorted(used),
    "collecting": gc.isenabled(),
    "frozen": gc.get_freeze_count(),
}}))
"""

#: Each provider, the inputs it is created with, and inputs its Check refuses.
_CASES: dict[str, tuple[type[Any], dict[str, object], dict[str, object]]] = {
    "PlanLookup": (PlanLookupProvider, {"min_vcpus": 2}, {"min_vcpus": -1}),
    "OrdersAudit": (
        OrdersAuditProvider,
        {"status": ["paid"], "type": ["vps"]},
        {"status": ["nope"]},
    ),
    "OrderLookup": (OrderLookupProvider, {"order_id": 6571}, {"order_id": 0}),
    "Order": (
        OrderProvider,
        {"order_id": 6571, "billing_cycle": 12},
        {"order_id": 6571, "billing_cycle": 0},
    ),
}
#: What the client brings: never loaded by configure(), Check or Diff; loaded by load_runtime().
_CLIENT = ("pulumi_vpsorg.client", "pulumi_vpsorg._settings", "requests", "urllib3")


def _run(name: str, api: FakeVpsOrgApi) -> dict[str, Any]:
    cls, news, bad = _CASES[name]
    config = {"vpsorg:apiToken": api.token, "vpsorg:apiUrl": api.url}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VPSORG_", "PULUMI_"))}
    program = _PROGRAM.format(
        host=_HOST,
        blob=serialize_provider(cls()),
        config=config,
        news=news,
        bad=bad,
        by_id=name == "Order",
        lookup=name != "Order",
    )
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


@pytest.fixture(scope="module")
def runs() -> Iterator[dict[str, dict[str, Any]]]:
    """Each provider's steps in a fresh interpreter, against one fake API."""
    with FakeVpsOrgApi() as api:
        yield {name: _run(name, api) for name in _CASES}


@pytest.mark.parametrize("name", list(_CASES))
def test_check_diff_and_a_lookups_delete_import_nothing_after_configure(
    runs: dict[str, dict[str, Any]], name: str
) -> None:
    run = runs[name]
    assert run["previewed"] == []
    for module in _CLIENT:
        assert module not in run["configured"]


@pytest.mark.parametrize("name", list(_CASES))
def test_load_runtime_loads_the_client_and_no_method_imports_after_it(
    runs: dict[str, dict[str, Any]], name: str
) -> None:
    run = runs[name]
    for module in _CLIENT:
        assert module in run["runtime"]
    assert run["later"] == []
    # Imported with collection paused (pulumi_vpsorg._gc), which is back on after; nothing is
    # frozen outside Pulumi's provider host (the last test).
    assert run["collecting"] is True
    assert run["frozen"] == 0


def test_unpickling_imports_nothing_that_configure_or_load_runtime_imports(
    runs: dict[str, dict[str, Any]],
) -> None:
    # The host unpickles under its lock, and load_runtime() runs under ours: one provider's
    # unpickling may run while another's runtime loads.
    unpickled = {m for run in runs.values() for m in run["unpickled"]}
    steps = {m for run in runs.values() for key in ("configured", "runtime") for m in run[key]}
    assert unpickled
    assert unpickled & steps == set()


@pytest.mark.parametrize("name", list(_CASES))
def test_a_check_by_rules_names_and_ids_loads_no_pydantic(
    runs: dict[str, dict[str, Any]], name: str
) -> None:
    # PlanLookup's criteria and Order's inputs are checked by the rules their models apply
    # (pulumi_vpsorg._constraints, pulumi_vpsorg.provider.order.rules); statuses, types and order
    # ids against the documents' names (pulumi_vpsorg.orders.names). No model: the first Check
    # is as quick as a no-op's.
    run = runs[name]
    assert "pydantic" not in run["configured"] + run["previewed"] + run["unpickled"]
    assert "pydantic" in run["runtime"]


def test_a_plan_lookup_provider_never_loads_the_orders_side(
    runs: dict[str, dict[str, Any]],
) -> None:
    loaded = runs["PlanLookup"]["all"]
    assert "pulumi_vpsorg.plans.client" in loaded
    assert [m for m in loaded if m.startswith("pulumi_vpsorg.orders")] == []


class CollectorProbe(PlanLookupProvider):
    """A ``PlanLookup`` provider whose Create loads the runtime, then reports the collector."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        self.load_runtime()
        return CreateResult(
            "probe", {"collecting": gc.isenabled(), "frozen": gc.get_freeze_count()}
        )


CollectorProbe.__module__ = __name__  # pickled by reference to this module


def test_the_host_is_frozen_after_its_imports_and_collects_again(api: FakeVpsOrgApi) -> None:
    with serve(CollectorProbe(), api) as server:
        created = server.create(server.urn("PlanLookup", "probe"), {})
    outputs = created.outputs()
    assert outputs["collecting"] is True
    assert outputs["frozen"] > 0
