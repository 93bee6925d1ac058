"""``OrderLookup`` through the real dynamic-provider gRPC server, driven like the engine."""

from __future__ import annotations

from pulumi_vpsorg.provider.order_lookup import OrderLookupProvider
from pulumi_vpsorg.testing import FakeVpsOrgApi
from tests.provider.lookup_support import assert_token_nowhere, serve


def test_order_lookup_lifecycle(api: FakeVpsOrgApi) -> None:
    carded = next(i for i, o in api.orders.items() if o["payment_information"])
    with serve(OrderLookupProvider(), api) as server:
        urn = server.urn("OrderLookup", "o")
        checked = server.check(urn, {}, {"order_id": carded})
        created = server.create(urn, checked.properties)
        outs = created.outputs()
        assert created.id == f"order-{carded}"
        assert outs["order_id"] == carded and outs["payment_information"]["brand"]
        assert isinstance(outs["amount"], float) and outs["created_at"].endswith("Z")
        for key in ("tax_rate", "amount_with_vat", "status", "type", "invoices", "due_at"):
            assert key in outs

        other = server.check(urn, created.properties, {"order_id": carded + 1})
        diff = server.diff(created.id, urn, created.properties, other.properties)
        assert diff.changes is True and diff.replaces == ["order_id"]
        same = server.check(urn, created.properties, {"order_id": carded})
        assert server.diff(created.id, urn, created.properties, same.properties).changes is False

        api.update_order(carded, auto_pay=not outs["auto_pay"])
        refreshed = server.read(created.id, urn, created.properties)
        assert refreshed.outputs()["auto_pay"] is (not outs["auto_pay"])

        api.remove_order(carded)
        gone = server.read(created.id, urn, created.properties)
        assert gone.id == ""
        server.delete(created.id, urn, created.properties)
        assert {r.method for r in api.requests} == {"GET"}
        assert_token_nowhere(server, api, outs)
