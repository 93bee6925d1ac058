"""The lookups through the real plugin process: the same behaviours as the dynamic providers."""

from __future__ import annotations

import pytest
from pulumi.output import Unknown
from pulumi.runtime import rpc

from pulumi_vpsorg.testing import FakeVpsOrgApi
from tests.native.plugin_server import PluginServer, ProviderCallError

LOOKUP_REFUSAL = (
    "importing a lookup means nothing: it owns nothing at the API to adopt; declare it in the "
    "program instead (pulumi up reads the API), and import an Order to adopt an existing order"
)


def test_plan_lookup_selects_refreshes_and_reselects_in_place(
    api: FakeVpsOrgApi, plugin: PluginServer
) -> None:
    checked = plugin.check("PlanLookup", {}, {"minVcpus": 2, "location": "eu-central"})
    assert checked.failures == []
    assert checked.properties == {"minVcpus": 2, "location": "eu-central", "availableOnly": True}
    created = plugin.create("PlanLookup", checked.properties)
    outs = created.properties
    assert outs["selectedBy"] == "constraints"
    assert outs["vcpus"] >= 2
    assert "eu-central" in outs["locations"]
    assert created.id and created.id.startswith("planlookup-")

    assert plugin.diff("PlanLookup", created.id, outs, checked.properties).changes is False
    pinned = plugin.check("PlanLookup", checked.properties, {"slug": outs["slug"]})
    diff = plugin.diff("PlanLookup", created.id, outs, pinned.properties)
    assert (diff.changes, diff.replaces) == (True, [])

    api.update_plan(int(outs["planId"]), price_monthly=outs["priceMonthly"] + 1)
    refreshed = plugin.read("PlanLookup", created.id, outs, checked.properties)
    assert refreshed.properties["priceMonthly"] == outs["priceMonthly"] + 1
    assert refreshed.inputs == checked.properties


def test_plan_lookup_check_names_the_field(api: FakeVpsOrgApi, plugin: PluginServer) -> None:
    checked = plugin.check("PlanLookup", {}, {"planId": 1, "slug": "starter"})
    assert [f for f, _ in checked.failures] == ["slug"]
    checked = plugin.check("PlanLookup", {}, {"minVcpus": 4, "maxVcpus": 2})
    assert checked.failures and checked.failures[0][0] in ("minVcpus", "maxVcpus")
    assert api.requests == []


def test_preview_with_unknown_criteria(api: FakeVpsOrgApi, plugin: PluginServer) -> None:
    checked = plugin.check("PlanLookup", {}, {"minVcpus": rpc.UNKNOWN})
    assert checked.failures == []
    planned = plugin.create("PlanLookup", checked.properties, preview=True)
    assert isinstance(planned.properties["planId"], Unknown)
    assert isinstance(planned.properties["minVcpus"], Unknown)
    assert api.requests == []


def test_orders_audit_keeps_data_keys_and_refuses_unknown_statuses(
    api: FakeVpsOrgApi, plugin: PluginServer
) -> None:
    refused = plugin.check("OrdersAudit", {}, {"status": ["bogus"]})
    assert [f for f, _ in refused.failures] == ["status"]
    checked = plugin.check("OrdersAudit", {}, {"type": ["renew-service"]})
    created = plugin.create("OrdersAudit", checked.properties)
    outs = created.properties
    assert set(outs["countByType"]) == {"renew-service"}  # a map's keys are data, not names
    assert outs["count"] == len(outs["orderIds"])
    assert "pending_payment" in outs["status"]


def test_order_lookup_replaces_on_another_id_and_keeps_payment_secret(
    api: FakeVpsOrgApi, plugin: PluginServer
) -> None:
    order = api.add_order()
    checked = plugin.check("OrderLookup", {}, {"orderId": order["id"]})
    created = plugin.create("OrderLookup", checked.properties)
    assert created.id == f"order-{order['id']}"
    other = plugin.check("OrderLookup", {}, {"orderId": order["id"] - 1})
    diff = plugin.diff("OrderLookup", created.id or "", created.properties, other.properties)
    assert diff.replaces == ["orderId"]
    assert diff.delete_before_replace is True


@pytest.mark.parametrize("type_name", ["PlanLookup", "OrdersAudit", "OrderLookup"])
def test_importing_a_lookup_says_it_means_nothing(
    api: FakeVpsOrgApi, plugin: PluginServer, type_name: str
) -> None:
    with pytest.raises(ProviderCallError) as caught:
        plugin.read(type_name, "anything")
    assert caught.value.details == (
        f"vpsorg:index:{type_name} 'anything': {LOOKUP_REFUSAL}"
    )
    assert api.requests == []
