"""The policy pack judges resources of the native plugin like the dynamic ones: a YAML program's
``vpsorg:index:PlanLookup`` in a location the pack's config does not allow fails the preview,
naming the policy and the resource; an allowed one passes."""

from __future__ import annotations

from collections.abc import Callable

from pulumi_vpsorg.testing import FakeVpsOrgApi
from pulumi_vpsorg.testing.engine import ProjectStack, install
from tests.engine.conftest import EXAMPLES

PACK = EXAMPLES / "policy-pack"
WITH_PACK = (
    "--policy-pack",
    str(PACK),
    "--policy-pack-config",
    str(PACK / "policy-config.example.json"),
)


def test_a_yaml_plan_lookup_is_checked_by_the_pack(
    project: Callable[..., ProjectStack], api: FakeVpsOrgApi
) -> None:
    order_id = next(iter(api.orders))
    # autoPay true: the pack's auto-pay policy wants it, so only the location is at fault.
    stack = project(
        "yaml-select-and-import", orderId=order_id, autoPay=True, location="asia-pacific"
    )
    install(stack.backend, PACK)

    refused = stack.pulumi("preview", *WITH_PACK, check=False)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "[mandatory]  vpsorg-plan-allowed-locations" in output
    assert "vpsorg:index:PlanLookup: web" in output
    assert "location 'asia-pacific' is not in allowedLocations" in output
    assert "can't be known during preview" not in output

    stack.config_set("location", "eu-central")
    allowed = stack.pulumi("preview", *WITH_PACK, check=False)
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert "[mandatory]" not in allowed.stdout
    # Stack policies read outputs still unknown at preview without failing on them.
    assert "can't be known during preview" not in allowed.stdout
