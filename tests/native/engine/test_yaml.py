"""examples/yaml-select-and-import from its directory under the real CLI and the YAML language
host: an existing order adopted with ``pulumi import``, then up, a no-op up, refresh, an edit
that is a normal update, and destroy leaving the order at the API. And the code ``pulumi import``
generates, adopted as it is: it states the order's settings today and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pulumi_vpsorg.testing import FakeVpsOrgApi
from pulumi_vpsorg.testing.engine import ProjectStack
from tests.native.test_lookups import LOOKUP_REFUSAL

IMPORTED_CODE = """resources:
  adopted:
    type: vpsorg:Order
    properties:
      autoPay: {auto_pay}
      billingCycle: {cycle}
      deleteOnDestroy: false
      orderId: {order_id}
"""


def test_select_and_import(
    project: Callable[..., ProjectStack], api: FakeVpsOrgApi
) -> None:
    order = api.add_order(auto_pay=False)
    oid = order["id"]
    stack = project("yaml-select-and-import", orderId=oid)

    imported = stack.pulumi("import", "vpsorg:index:Order", "adopted", str(oid), "--yes",
                            "--protect=false").stdout
    assert IMPORTED_CODE.format(order_id=oid, auto_pay="false", cycle=1) in imported
    assert stack.last_changes() == {"create": 1, "import": 1}
    lookup = stack.pulumi("import", "vpsorg:index:PlanLookup", "web2", "3", "--yes", check=False)
    assert lookup.returncode != 0
    assert f"vpsorg:index:PlanLookup '3': {LOOKUP_REFUSAL}" in lookup.stdout + lookup.stderr
    assert len(stack.resources()) == 3  # the stack, its provider and the order: nothing added

    stack.up()  # with its preview; the later steps skip theirs: their outcomes are under test
    assert stack.last_changes() == {"create": 1, "same": 2}  # the order: no change after import
    outputs = stack.outputs()
    assert outputs["selectedSlug"] == outputs["webPlan"]
    assert outputs["orderStatus"] == "pending_payment"
    assert api.pay_count(oid) == 0

    stack.up("--skip-preview", "--expect-no-changes")
    api.update_order(oid, auto_pay=True)  # drift, seen by refresh and converged by the next up
    stack.refresh("--skip-preview")
    assert stack.last_changes() == {"same": 2, "update": 1}, stack.last_changes()
    stack.up("--skip-preview")
    assert api.get_order(oid)["auto_pay"] is False

    stack.config_set("autoPay", True)  # a later edit is a normal update
    stack.up("--skip-preview")
    assert stack.last_changes() == {"same": 2, "update": 1}, stack.last_changes()
    assert api.get_order(oid)["auto_pay"] is True

    stack.destroy("--skip-preview")
    assert api.get_order(oid) is not None  # deleteOnDestroy false: forgotten, not deleted
    assert api.pay_count(oid) == 0
    for res in stack.resources():
        assert api.token not in str(res)


def test_the_generated_code_states_todays_settings_and_changes_nothing(
    project: Callable[..., ProjectStack], api: FakeVpsOrgApi, tmp_path: Path
) -> None:
    order = api.add_order(auto_pay=True)
    oid = order["id"]
    program = tmp_path / "Pulumi.yaml"
    program.write_text("name: adopt-an-order\nruntime: yaml\n")
    stack = project(tmp_path)

    stack.pulumi("import", "vpsorg:index:Order", "adopted", str(oid), "--yes", "--protect=false",
                 "--out", "adopted.yaml")
    generated = (tmp_path / "adopted.yaml").read_text()
    assert generated == IMPORTED_CODE.format(order_id=oid, auto_pay="true", cycle=1)
    program.write_text(program.read_text() + generated)  # adopted as generated

    stack.up("--skip-preview", "--expect-no-changes")
    assert stack.last_changes() == {"same": 2}
    assert api.count_requests("PATCH") == 0

    # later edits, of auto-pay and of the renewal period, are a normal update
    program.write_text(
        program.read_text().replace("autoPay: true", "autoPay: false")
        .replace("billingCycle: 1", "billingCycle: 3")
    )
    stack.up("--skip-preview")
    assert stack.last_changes() == {"same": 1, "update": 1}, stack.last_changes()
    now = api.get_order(oid)
    assert now is not None
    assert now["auto_pay"] is False
    assert now["services"][0]["service_billing_cycle"] == 3
    stack.up("--skip-preview", "--expect-no-changes")

    stack.destroy("--skip-preview")
    assert api.get_order(oid) is not None
    assert api.pay_count(oid) == 0
