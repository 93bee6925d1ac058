"""Each resource's behaviour runs without a dynamic provider: any host with a client will do."""

from __future__ import annotations

from pulumi_vpsorg.client import VpsOrgClient
from pulumi_vpsorg.provider.order.behaviour import OrderBehaviour
from pulumi_vpsorg.provider.order_lookup import OrderLookupBehaviour
from pulumi_vpsorg.provider.orders_audit import OrdersAuditBehaviour
from pulumi_vpsorg.provider.plan_lookup import PlanLookupBehaviour
from pulumi_vpsorg.testing import FakeVpsOrgApi


class PlainHost:
    """Not a Pulumi provider: a client and the settings it was made from."""

    def __init__(self, api: FakeVpsOrgApi) -> None:
        self.api = api
        self._client = VpsOrgClient(api.token, api.url)

    def client(self) -> VpsOrgClient:
        return self._client

    def settings(self) -> tuple[str | None, str | None]:
        return self.api.token, self.api.url


def test_order_behaviour_on_a_plain_host(api: FakeVpsOrgApi) -> None:
    host = PlainHost(api)
    behaviour = OrderBehaviour(host)
    oid = api.add_order(auto_pay=True)["id"]
    checked = behaviour.check({}, {"order_id": oid, "auto_pay": False, "paid": True})
    assert checked.failures == []
    created = behaviour.create(checked.inputs)
    assert created.id == str(oid)
    assert created.outs["auto_pay"] is False and created.outs["payment_status"] == "settled"
    assert behaviour.diff(created.id, created.outs, checked.inputs).changed == []
    found = behaviour.read(created.id, created.outs)
    assert found.id == str(oid) and found.inputs is None
    outs = behaviour.update(created.id, found.outs, {**checked.inputs, "auto_pay": True})
    assert outs["auto_pay"] is True
    behaviour.delete(created.id, outs)  # forgets
    assert api.pay_count(oid) == 1
    host.client().close()


def test_lookup_behaviours_on_a_plain_host(api: FakeVpsOrgApi) -> None:
    host = PlainHost(api)
    plan = PlanLookupBehaviour(host)
    checked = plan.check({}, {"slug": "standard"})
    assert checked.failures == []
    assert plan.create(checked.inputs).outs["slug"] == "standard"
    oid = next(iter(api.orders))
    order = OrderLookupBehaviour(host).create({"order_id": oid})
    assert order.id == f"order-{oid}"
    audit = OrdersAuditBehaviour(host).create({"status": ["paid"]})
    assert audit.outs["count"] == sum(o["status"] == "paid" for o in api.orders.values())
    assert OrdersAuditBehaviour(host).diff(audit.id, audit.outs, {"status": ["paid"]}).changed == []
    host.client().close()
