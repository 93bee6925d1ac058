"""``examples/policy-pack`` as shipped, loaded by the engine with its example config file:
``pulumi preview --policy-pack examples/policy-pack --policy-pack-config ...``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .conftest import EXAMPLES, changes, failure

PACK = EXAMPLES / "policy-pack"
PACK_CONFIG = PACK / "policy-config.example.json"


def preview_with_pack(stack: Any) -> Any:
    return stack.preview(policy_packs=[str(PACK)], policy_pack_configs=[str(PACK_CONFIG)])


def test_a_mandatory_violation_fails_the_preview_naming_policy_and_resource(
    example_stack: Callable[..., Any],
) -> None:
    # The example config allows eu-central and us-east only.
    stack = example_stack("select-plan", location="asia-pacific")

    output = failure(lambda: preview_with_pack(stack))

    assert "[mandatory]  vpsorg-plan-allowed-locations" in output
    assert "selected" in output  # the PlanLookup's name
    assert "asia-pacific" in output


def test_an_advisory_violation_only_warns(example_stack: Callable[..., Any]) -> None:
    # The fake has far more than the 3 unpaid orders the example config tolerates. The audit's
    # figures are outputs, known after create: the stack policy sees them during `up`.
    stack = example_stack("order-audit")

    up = stack.up(policy_packs=[str(PACK)], policy_pack_configs=[str(PACK_CONFIG)])

    assert "create" in changes(up)
    assert "[advisory]  vpsorg-orders-audit" in up.stdout
    assert "OrdersAudit: unpaid" in up.stdout
    assert "[mandatory]" not in up.stdout


def test_a_compliant_stack_passes(example_stack: Callable[..., Any]) -> None:
    stack = example_stack("select-plan")  # 2 vCPUs, 4096 MB in eu-central: 10 USD a month

    up = stack.up(policy_packs=[str(PACK)], policy_pack_configs=[str(PACK_CONFIG)])

    assert "create" in changes(up)
    assert "vpsorg-guardrails@v" in up.stdout
    assert "[advisory]" not in up.stdout and "[mandatory]" not in up.stdout
