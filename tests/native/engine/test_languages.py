"""examples/typescript-orders-audit and examples/go-plan-reference from their directories under
the real CLI and the Node.js and Go language hosts, with the SDKs generated under sdk/: up, a
no-op up, refresh showing drift, destroy."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from pulumi_vpsorg.testing import FakeVpsOrgApi
from pulumi_vpsorg.testing.engine import ProjectStack

from .conftest import EXAMPLES

ROOT = EXAMPLES.parent
NODE_SDK = ROOT / "sdk" / "nodejs"


def run(args: list[str], cwd: Path) -> None:
    # npm answers from its cache first and asks the registry only for what it lacks: the same
    # install as the README's `npm install`, without revalidating each of ~300 packages (a fresh
    # clone's two installs took 11 and 7 s, 4 and 5 s this way).
    env = {**os.environ, "npm_config_prefer_offline": "true"}
    done = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    assert done.returncode == 0, f"{' '.join(args)} in {cwd}:\n{done.stdout}{done.stderr}"


@pytest.fixture(scope="module")
def node_example() -> Path:
    """The TypeScript example with its packages, the SDK built as its README says."""
    if shutil.which("npm") is None:
        pytest.fail("npm is not on PATH: the TypeScript example needs Node.js 20 and npm")
    run(["npm", "install", "--no-audit", "--no-fund", "--no-package-lock"], NODE_SDK)
    run(["npx", "tsc"], NODE_SDK)
    for name in ("package.json", "README.md"):
        shutil.copy(NODE_SDK / name, NODE_SDK / "bin" / name)
    example = EXAMPLES / "typescript-orders-audit"
    run(["npm", "install", "--no-audit", "--no-fund"], example)
    return example


def lifecycle(stack: ProjectStack, api: FakeVpsOrgApi, resources: int) -> dict[str, object]:
    stack.up()  # with its preview; the later steps skip theirs: their outcomes are under test
    assert stack.last_changes() == {"create": resources + 1}
    outputs = stack.outputs()
    stack.up("--skip-preview", "--expect-no-changes")
    # Cheaper than every plan: a plan chosen by constraints stays chosen, at the new price.
    api.update_plan(int(stack_plan(stack)["planId"]), price_monthly=1.25)
    stack.refresh("--skip-preview")
    assert stack_plan(stack)["priceMonthly"] == 1.25
    stack.destroy("--skip-preview")
    assert stack.resources() == []
    return outputs


def stack_plan(stack: ProjectStack) -> dict[str, object]:
    found = [r for r in stack.resources() if r["type"] == "vpsorg:index:PlanLookup"]
    assert len(found) == 1
    outputs: dict[str, object] = found[0]["outputs"]
    return outputs


def test_typescript_orders_audit(
    node_example: Path, project: Callable[..., ProjectStack], api: FakeVpsOrgApi
) -> None:
    stack = project(node_example.name)
    outputs = lifecycle(stack, api, resources=2)
    assert outputs["webPlan"] == outputs["cheapestSlug"]
    assert isinstance(outputs["unpaidCount"], int)
    assert outputs["unpaidCount"] == sum(
        1 for o in api.orders.values() if o["status"] in ("pending_payment", "awaiting_payment")
    )


def test_go_plan_reference(project: Callable[..., ProjectStack], api: FakeVpsOrgApi) -> None:
    if shutil.which("go") is None:
        pytest.fail("go is not on PATH: the Go example needs Go 1.22 or later")
    stack = project("go-plan-reference", planSlug="standard")
    outputs = lifecycle(stack, api, resources=1)
    assert outputs["planName"] == "Standard VPS"
    assert outputs["recommendedFor"]
