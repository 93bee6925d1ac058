"""``examples/policy-pack`` as shipped, from a project directory the way its README says:
``pulumi install`` in the pack's directory once, then ``pulumi preview --policy-pack DIR
--policy-pack-config FILE`` (or ``pulumi up``) in the project's."""

from __future__ import annotations

from collections.abc import Callable

from pulumi_vpsorg.testing.engine import ProjectStack, install

from .conftest import EXAMPLES

PACK = EXAMPLES / "policy-pack"
PACK_CONFIG = PACK / "policy-config.example.json"
WITH_PACK = ("--policy-pack", str(PACK), "--policy-pack-config", str(PACK_CONFIG))


def with_pack(stack: ProjectStack, command: str, *args: str) -> tuple[int, str]:
    """``pulumi COMMAND --policy-pack ... ARGS`` after ``pulumi install`` in the pack's
    directory; returns the exit status and what it printed."""
    install(stack.backend, PACK)
    done = stack.pulumi(command, *WITH_PACK, *args, check=False)
    return done.returncode, done.stdout + done.stderr


def test_a_mandatory_violation_fails_the_preview_naming_policy_and_resource(
    project: Callable[..., ProjectStack],
) -> None:
    # The example config allows eu-central and us-east only.
    stack = project("select-plan", location="asia-pacific")

    status, output = with_pack(stack, "preview")

    assert status != 0, output
    assert "[mandatory]  vpsorg-plan-allowed-locations" in output
    assert "selected" in output  # the PlanLookup's name
    assert "asia-pacific" in output


def test_an_advisory_violation_only_warns(project: Callable[..., ProjectStack]) -> None:
    # The fake has far more than the 3 unpaid orders the example config tolerates. The audit's
    # figures are outputs, known after create: the stack policy sees them during `up`.
    stack = project("order-audit")

    status, output = with_pack(stack, "up", "--yes")

    assert status == 0, output
    assert stack.last_changes().get("create"), stack.last_changes()
    assert "[advisory]  vpsorg-orders-audit" in output
    assert "OrdersAudit: unpaid" in output
    assert "[mandatory]" not in output


def test_a_compliant_stack_passes(project: Callable[..., ProjectStack]) -> None:
    stack = project("select-plan")  # 2 vCPUs, 4096 MB in eu-central: 10 USD a month

    status, output = with_pack(stack, "up", "--yes")

    assert status == 0, output
    assert stack.last_changes().get("create"), stack.last_changes()
    assert "vpsorg-guardrails@v" in output
    assert "[advisory]" not in output and "[mandatory]" not in output
