"""``OrdersAudit`` through the real dynamic-provider gRPC server, driven like the engine."""

from __future__ import annotations

from pulumi_vpsorg.client import VpsOrgClient
from pulumi_vpsorg.orders.summary import summarize
from pulumi_vpsorg.provider.orders_audit import OrdersAuditProvider
from pulumi_vpsorg.testing import FakeVpsOrgApi
from tests.provider.lookup_support import assert_token_nowhere, serve


def test_orders_audit_lifecycle(api: FakeVpsOrgApi) -> None:
    with (
        VpsOrgClient(api_token=api.token, api_url=api.url) as client,
        serve(OrdersAuditProvider(), api) as server,
    ):
        urn = server.urn("OrdersAudit", "audit")
        checked = server.check(urn, {}, {"status": ["pending_payment", "paid"]})
        created = server.create(urn, checked.properties)
        outs = created.outputs()
        expected = summarize(client.list_orders(["pending_payment", "paid"]))
        assert outs["count"] == expected.count
        assert outs["order_ids"] == list(expected.order_ids)
        assert outs["unpaid_total"] == float(expected.unpaid_total)
        assert outs["count_by_status"] == dict(expected.count_by_status)
        assert outs["status"] == ["pending_payment", "paid"]

        late = api.add_order(due_at="2020-01-01T00:00:00Z")
        refreshed = server.read(created.id, urn, created.properties)
        assert refreshed.outputs()["count"] == outs["count"] + 1
        assert late["id"] in refreshed.outputs()["overdue_order_ids"]

        news = server.check(urn, created.properties, {"type": "renew-service"})
        diff = server.diff(created.id, urn, created.properties, news.properties)
        assert diff.changes is True and diff.replaces == []
        updated = server.update(created.id, urn, created.properties, news.properties)
        assert set(updated.outputs()["count_by_type"]) == {"renew-service"}
        server.delete(created.id, urn, updated.properties)
        assert {r.method for r in api.requests} == {"GET"}
        assert_token_nowhere(server, api, outs, updated.properties)
