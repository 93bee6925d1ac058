"""A stack whose state earlier versions wrote (``__provider`` pickled with an empty dict as its
state, tests/provider/earlier_states.py) previews and updates with no changes under the real CLI:
the pickle this version writes differs, and must not read as a change to any resource."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pulumi_vpsorg.testing import FakeVpsOrgApi

from ..provider.earlier_states import EARLIER_STATES
from .conftest import changes

#: The provider class each resource type pickles.
PROVIDERS = {
    "vpsorg:PlanLookup": "PlanLookupProvider",
    "vpsorg:OrdersAudit": "OrdersAuditProvider",
    "vpsorg:OrderLookup": "OrderLookupProvider",
    "vpsorg:Order": "OrderProvider",
}


def test_a_state_written_by_an_earlier_version_shows_no_changes(
    api: FakeVpsOrgApi, program_stack: Callable[..., Any]
) -> None:
    order_id = min(api.orders)

    def program() -> None:
        import pulumi_vpsorg as vpsorg

        vpsorg.PlanLookup("plan", slug="standard")
        vpsorg.OrdersAudit("audit")
        vpsorg.OrderLookup("looked-up", order_id=order_id)
        vpsorg.Order("adopted", order_id=order_id)

    stack = program_stack(program)
    stack.up()

    exported = stack.export_stack()
    rewritten = 0
    for resource in exported.deployment["resources"]:
        name = PROVIDERS.get(resource["type"].rpartition("/")[2])
        if name is None:
            continue
        for part in ("inputs", "outputs"):
            assert resource[part]["__provider"] != EARLIER_STATES[name]
            resource[part]["__provider"] = EARLIER_STATES[name]
            rewritten += 1
    assert rewritten == 2 * len(PROVIDERS)
    stack.import_stack(exported)

    assert set(changes(stack.preview())) == {"same"}
    assert set(changes(stack.up())) == {"same"}
    # An unchanged resource keeps its outputs: Read (refresh) and Delete get the earlier pickle.
    kept = {
        r["outputs"]["__provider"]
        for r in stack.export_stack().deployment["resources"]
        if r["type"].rpartition("/")[2] in PROVIDERS
    }
    assert kept == set(EARLIER_STATES.values())
    requests = api.count_requests()
    assert set(changes(stack.refresh())) == {"same"}
    assert api.count_requests() > requests
    assert set(changes(stack.destroy())) == {"delete"}
    assert order_id in api.orders  # adopted, so forgotten, not deleted
