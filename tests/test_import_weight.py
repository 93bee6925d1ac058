"""What a Pulumi program pays to import the package's Pulumi parts: Pulumi and our thin code only.

``pulumi_vpsorg.functions``, ``pulumi_vpsorg.provider.lookups`` and ``pulumi_vpsorg.provider.order``
import the client (``requests``), pydantic and the models on first use, not at import. Checked in
fresh interpreters, by the modules imported (no timing: speed belongs in ``benchmarks/``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from pulumi_vpsorg import _catalogue, client, selection
from pulumi_vpsorg import functions as functions_module
from pulumi_vpsorg.provider import _base, lookups, order
from pulumi_vpsorg.provider.order import inputs as order_inputs

PULUMI_PARTS = (
    "pulumi_vpsorg.functions",
    "pulumi_vpsorg.provider.lookups",
    "pulumi_vpsorg.provider.order",
)
#: Modules (and packages, with their submodules) that importing the Pulumi parts must not add.
HEAVY = (
    "pydantic",
    "pydantic_core",
    "requests",
    "urllib3",
    "pulumi_vpsorg.client",
    "pulumi_vpsorg._http",
    "pulumi_vpsorg._boundary",
    "pulumi_vpsorg._catalogue",
    "pulumi_vpsorg.selection",
    "pulumi_vpsorg.orders",
    "pulumi_vpsorg.plans",
    "pulumi_vpsorg.provider.order.inputs",
)


def _run(code: str) -> dict[str, list[str]]:
    """Run ``code`` after ``import pulumi`` and the Pulumi parts in a fresh interpreter.

    :returns: ``{"added": modules the Pulumi parts imported, "used": modules ``code`` imported}``.
    """
    program = "\n".join(
        [
            "import json, sys",
            "import pulumi",
            "before = set(sys.modules)",
            *(f"import {name}" for name in PULUMI_PARTS),
            "imported = set(sys.modules)",
            code,
            "after = set(sys.modules)",
            "print(json.dumps({'added': sorted(imported - before),"
            " 'used': sorted(after - imported)}))",
        ]
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VPSORG_", "PULUMI_"))}
    completed = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    result: dict[str, list[str]] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)]


def test_pulumi_parts_import_neither_pydantic_nor_requests_nor_the_models() -> None:
    result = _run("")
    assert set(PULUMI_PARTS) <= set(result["added"])
    assert _heavy(result["added"]) == []


def test_checks_load_their_rules_on_first_use_and_no_pydantic() -> None:
    code = "\n".join(
        [
            "from pulumi_vpsorg.provider.order import OrderProvider",
            "from pulumi_vpsorg.provider.lookups import PlanLookupProvider",
            "checked = OrderProvider().check({}, {'order_id': 5.0, 'paid': True})",
            "assert checked.failures == [], checked.failures",
            "assert checked.inputs == {'order_id': 5, 'paid': True, 'delete_on_destroy': False}",
            "failures = PlanLookupProvider().check({}, {'min_vcpus': -1}).failures",
            "assert [f.property for f in failures] == ['min_vcpus'], failures",
        ]
    )
    used = _run(code)["used"]
    for name in ("pulumi_vpsorg.provider.order.rules", "pulumi_vpsorg._constraints"):
        assert name in used
    assert "pydantic" not in used


def test_lazy_names_resolve_in_a_fresh_interpreter() -> None:
    code = "\n".join(
        [
            "import pulumi_vpsorg.functions as functions",
            "from pulumi_vpsorg import _catalogue, client",
            "from pulumi_vpsorg.provider import _base, order",
            "from pulumi_vpsorg.provider.order import inputs as order_inputs",
            "assert functions.clear_cache is _catalogue.clear_cache",
            "assert order.OrderInputs is order_inputs.OrderInputs",
            "assert _base.VpsOrgClient is client.VpsOrgClient",
        ]
    )
    used = _run(code)["used"]
    assert "pulumi_vpsorg.client" in used


def test_lazy_names_are_the_real_objects() -> None:
    assert functions_module.clear_cache is _catalogue.clear_cache
    assert order.OrderInputs is order_inputs.OrderInputs
    assert order.WholeNumber is order_inputs.WholeNumber
    assert order.Text is order_inputs.Text
    assert _base.VpsOrgClient is client.VpsOrgClient
    for module in (functions_module, order, _base):
        assert not hasattr(module, "no_such_name")


def test_plan_lookup_inputs_follow_the_selection_constraints() -> None:
    # Spelled out in lookups so that importing it does not import selection (pydantic).
    assert ("plan_id", "slug", *selection.CONSTRAINT_FIELDS) == lookups.PLAN_LOOKUP_INPUTS
