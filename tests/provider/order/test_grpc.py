"""``Order`` through the real ``python -m pulumi.dynamic`` gRPC server, as the engine drives it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pulumi.output import Unknown
from pulumi.runtime import rpc

from pulumi_vpsorg.provider.order import OrderProvider
from pulumi_vpsorg.testing import FakeVpsOrgApi
from tests.provider.dynamic_server import DynamicProviderServer, ProviderCallError

WRITES = ("PATCH", "POST", "DELETE")


@pytest.fixture
def fake_api() -> Iterator[FakeVpsOrgApi]:
    with FakeVpsOrgApi(order_count=8) as api:
        yield api


def deployment(fake_api: FakeVpsOrgApi) -> DynamicProviderServer:
    """A provider process, as one ``pulumi up`` or ``pulumi destroy`` starts it."""
    srv = DynamicProviderServer(OrderProvider()).start()
    srv.configure(
        {"vpsorg:apiToken": fake_api.token, "vpsorg:apiUrl": fake_api.url},
        secret_keys=["vpsorg:apiToken"],
    )
    return srv


@pytest.fixture
def server(fake_api: FakeVpsOrgApi) -> Iterator[DynamicProviderServer]:
    with deployment(fake_api) as srv:
        yield srv


@pytest.fixture
def later(fake_api: FakeVpsOrgApi) -> Iterator[DynamicProviderServer]:
    """The provider process of a later deployment (``pulumi destroy``)."""
    with deployment(fake_api) as srv:
        yield srv


def writes(api: FakeVpsOrgApi) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in api.requests if r.method in WRITES]


def assert_token_nowhere(api: FakeVpsOrgApi, server: DynamicProviderServer) -> None:
    for token in (api.token, api.read_only_token):
        assert token.encode() not in server.transcript_bytes()
        assert token.encode() not in server.pickled_provider_bytes()
        assert (server.serialized_provider or "").find(token) == -1


CARD = {"last_4": 4242, "brand": "visa", "expiry_month": 3, "expiry_year": 2033}


def test_full_lifecycle(fake_api: FakeVpsOrgApi, server: DynamicProviderServer) -> None:
    order = fake_api.add_order(auto_pay=True, payment_information=CARD)
    oid = order["id"]
    urn = server.urn("Order", "renewal")
    program = {"order_id": oid, "auto_pay": False, "billing_cycle": 6, "paid": True}

    # preview: an input still unknown is accepted and reported as a change
    preview = server.check(urn, {}, {**program, "billing_cycle": rpc.UNKNOWN})
    assert preview.failures == []
    assert isinstance(preview.properties["billing_cycle"], Unknown)

    checked = server.check(urn, {}, program)
    assert checked.failures == []
    assert checked.outputs() == {**program, "delete_on_destroy": False}
    assert fake_api.requests == []  # check and preview make no API call

    created = server.create(urn, checked.properties)
    assert created.id == str(oid)
    state = created.properties
    outs = created.outputs()
    assert outs["status"] == "paid"
    assert outs["auto_pay"] is False
    assert [s["service_billing_cycle"] for s in outs["services"]] == [6, 1]
    assert {"invoices", "amount_with_vat", "due_at", "payment_date"} <= set(outs)
    assert outs["payment_information"]["last_4"] == "4242"  # a secret: see test_resource
    assert fake_api.pay_count(oid) == 1

    # an unchanged program: no diff (state numbers come back as doubles)
    assert server.diff(created.id, urn, state, checked.properties).changes is False
    # the same program with a freshly pickled provider: still no diff
    again = server.check(urn, state, program)
    assert again.properties == checked.properties
    assert server.diff(created.id, urn, state, again.properties).changes is False

    # refresh with no drift: same state
    refreshed = server.read(created.id, urn, state)
    assert refreshed.id == str(oid)
    assert refreshed.inputs is None
    assert refreshed.outputs() == outs

    # drift: auto_pay flipped outside Pulumi; refresh shows it, the next diff reports it
    fake_api.update_order(oid, auto_pay=True)
    drifted = server.read(created.id, urn, state)
    assert drifted.properties["auto_pay"] is True
    diff = server.diff(created.id, urn, drifted.properties, checked.properties)
    assert diff.changes is True and diff.replaces == []

    # update converges, with one PATCH and no second payment
    fake_api.clear_requests()
    updated = server.update(created.id, urn, drifted.properties, checked.properties)
    assert writes(fake_api) == [("PATCH", f"/api/v1/orders/{oid}")]
    assert updated.properties["auto_pay"] is False
    assert server.diff(created.id, urn, updated.properties, checked.properties).changes is False
    assert fake_api.pay_count(oid) == 1

    # changing order_id replaces
    other = fake_api.add_order()
    moved = server.check(urn, updated.properties, {**program, "order_id": other["id"]})
    diff = server.diff(created.id, urn, updated.properties, moved.properties)
    assert diff.changes is True and diff.replaces == ["order_id"]

    # destroy: forgets the order by default
    fake_api.clear_requests()
    server.delete(str(created.id), urn, updated.properties)
    assert fake_api.requests == []
    assert oid in fake_api.orders

    assert_token_nowhere(fake_api, server)
    size = len(server.pickled_provider_bytes())
    assert size < 2048
    print(f"pickled provider in __provider: {size} bytes")


def test_delete_on_destroy_through_grpc(
    fake_api: FakeVpsOrgApi, server: DynamicProviderServer, later: DynamicProviderServer
) -> None:
    unpaid = fake_api.add_order()
    urn = server.urn("Order", "pending")
    checked = server.check(urn, {}, {"order_id": unpaid["id"], "delete_on_destroy": True})
    created = server.create(urn, checked.properties)
    later.delete(str(created.id), urn, created.properties)
    assert unpaid["id"] not in fake_api.orders
    later.delete(str(created.id), urn, created.properties)  # 404: already done

    paid = fake_api.add_order(status="paid")
    checked = server.check(urn, {}, {"order_id": paid["id"], "delete_on_destroy": True})
    created = server.create(urn, checked.properties)
    with pytest.raises(ProviderCallError) as info:
        later.delete(str(created.id), urn, created.properties)
    assert f"order {paid['id']} is paid; it cannot be deleted" in info.value.details
    assert paid["id"] in fake_api.orders
    assert_token_nowhere(fake_api, server)


def test_read_by_id_and_refresh_of_a_deleted_order(
    fake_api: FakeVpsOrgApi, server: DynamicProviderServer
) -> None:
    order = fake_api.add_order(auto_pay=False)
    urn = server.urn("Order", "adopted")
    # A read that carries the provider but no prior outputs (a user-driven get): fresh outputs.
    # The dynamic provider server (pulumi 3.260) finds the provider in the properties only.
    wanted = {"order_id": order["id"]}
    imported = server.read(str(order["id"]), urn, wanted, inputs=wanted)
    assert imported.id == str(order["id"])
    assert imported.inputs is not None
    assert imported.inputs.pop("__provider") == server.serialized_provider
    assert imported.inputs == {
        "order_id": order["id"], "delete_on_destroy": False, "auto_pay": False, "billing_cycle": 1
    }
    assert imported.properties["status"] == "pending_payment"
    program = server.check(urn, imported.inputs, {"order_id": order["id"], "auto_pay": False})
    assert server.diff(imported.id or "", urn, imported.properties, program.properties).changes is (
        False
    )

    fake_api.remove_order(order["id"])
    gone = server.read(str(order["id"]), urn, imported.properties)
    assert gone.id == ""
    assert_token_nowhere(fake_api, server)


def test_the_engines_import_request_cannot_reach_a_dynamic_provider(
    server: DynamicProviderServer,
) -> None:
    # What the engine sends for ResourceOptions(import_=...) (ImportStep: Read with the id and
    # URN only): no state, no inputs, hence no pickled provider (pulumi/pulumi#16175). This is
    # why Order refuses import_ up front. If Pulumi ever fixes it, this test says so.
    urn = server.urn("Order", "imported")
    with pytest.raises(ProviderCallError, match="__provider"):
        server.read("7736", urn, {}, inputs=None)


def test_check_failures_through_grpc(server: DynamicProviderServer) -> None:
    urn = server.urn("Order", "bad")
    reply = server.check(urn, {}, {"order_id": 0, "billing_cycle": 48, "colour": "red"})
    props = dict(reply.failures)
    assert set(props) == {"order_id", "billing_cycle", "colour"}
    assert "got 48" in props["billing_cycle"]


def test_read_only_token_through_grpc(fake_api: FakeVpsOrgApi) -> None:
    order = fake_api.add_order(auto_pay=True)
    with DynamicProviderServer(OrderProvider()) as server:
        server.configure(
            {"vpsorg:apiToken": fake_api.read_only_token, "vpsorg:apiUrl": fake_api.url},
            secret_keys=["vpsorg:apiToken"],
        )
        urn = server.urn("Order", "ro")
        checked = server.check(urn, {}, {"order_id": order["id"], "auto_pay": False})
        with pytest.raises(ProviderCallError) as info:
            server.create(urn, checked.properties)
        details = info.value.details
        assert "HTTP 403" in details
        assert "read-only or lacks write permission" in details
        assert_token_nowhere(fake_api, server)
    assert fake_api.get_order(order["id"])["auto_pay"] is True  # type: ignore[index]


def test_missing_token_is_a_configuration_error(fake_api: FakeVpsOrgApi) -> None:
    order = fake_api.add_order()
    with DynamicProviderServer(OrderProvider()) as server:
        server.configure({"vpsorg:apiUrl": fake_api.url})
        urn = server.urn("Order", "none")
        checked: dict[str, Any] = server.check(urn, {}, {"order_id": order["id"]}).properties
        with pytest.raises(ProviderCallError, match="vpsorg:apiToken"):
            server.create(urn, checked)


def test_an_accepted_payment_survives_the_engines_round_trips(
    fake_api: FakeVpsOrgApi, server: DynamicProviderServer
) -> None:
    # The record of an accepted payment crosses gRPC as state (numbers as doubles, a null
    # payment_method) and still stops every later payment while the order settles.
    order = fake_api.add_order(auto_pay=False)
    oid = order["id"]
    urn = server.urn("Order", "settling")
    program = {"order_id": oid, "paid": True}
    checked = server.check(urn, {}, program)
    state = server.create(urn, checked.properties).properties
    assert fake_api.pay_count(oid) == 1
    fake_api.update_order(oid, status="processing", payment_date=None)  # a slow bank transfer
    for method in (None, "card", "balance"):
        news = server.check(urn, state, {**program, "payment_method": method}).properties
        state = server.read(str(oid), urn, state).properties
        assert state["status"] == "processing"
        assert state["payment_status"] == "settling"
        assert state["accepted_payment"]["order_id"] == oid
        assert server.diff(str(oid), urn, state, news).changes is False
        state = server.update(str(oid), urn, state, news).properties  # e.g. `pulumi up --refresh`
        assert state["payment_status"] == "settling"
    assert fake_api.pay_count(oid) == 1
    assert fake_api.count_requests(method="POST") == 1
