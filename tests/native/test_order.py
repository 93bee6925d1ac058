"""``vpsorg:index:Order`` through the real plugin process, as the engine drives it."""

from __future__ import annotations

from concurrent import futures
from typing import Any

import grpc
import pytest
from google.protobuf import empty_pb2
from pulumi.output import Unknown
from pulumi.runtime import rpc
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc

from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault
from tests.native.plugin_server import PluginServer, ProviderCallError

CARD = {"last_4": 4242, "brand": "visa", "expiry_month": 3, "expiry_year": 2033}
PROMO = {"code": "SPRING10", "percentage": 10, "minimum_billing_cycle": 1}


def with_cycles(services: list[dict[str, Any]], cycle: int) -> list[dict[str, Any]]:
    """The order's services with the server's renewal period set to ``cycle`` months."""
    return [
        {**s, "service_billing_cycle": cycle} if s["service_type"] == "server" else s
        for s in services
    ]


def writes(api: FakeVpsOrgApi) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in api.requests if r.method in ("PATCH", "POST", "DELETE")]


def test_check_refuses_bad_input_naming_the_schema_field(
    api: FakeVpsOrgApi, plugin: PluginServer
) -> None:
    order = api.add_order()
    checked = plugin.check("Order", {}, {"orderId": order["id"], "billingCycle": 99, "bogus": 1})
    fields = [field for field, _ in checked.failures]
    assert fields == ["bogus", "billingCycle"]
    assert checked.failures[1][1] == "expected 1 to 24 months, got 99"
    assert api.requests == []


def test_lifecycle_pays_once_marks_secrets_and_updates_in_place(
    api: FakeVpsOrgApi, plugin: PluginServer
) -> None:
    order = api.add_order(auto_pay=True, payment_information=CARD)
    oid = order["id"]
    program = {"orderId": oid, "autoPay": False, "paid": True}

    preview = plugin.check("Order", {}, {**program, "billingCycle": rpc.UNKNOWN})
    assert preview.failures == []
    assert isinstance(preview.properties["billingCycle"], Unknown)
    planned = plugin.create("Order", preview.properties, preview=True)
    assert isinstance(planned.properties["status"], Unknown)
    assert planned.properties["autoPay"] is False
    assert api.requests == []

    checked = plugin.check("Order", {}, program)
    assert checked.properties == {**program, "deleteOnDestroy": False}
    created = plugin.create("Order", checked.properties)
    assert created.id == str(oid)
    outs = created.properties
    assert outs["status"] == "paid"
    assert outs["paymentStatus"] == "settled"
    assert outs["acceptedPayment"]["order_id"] == oid
    assert outs["services"][0]["serviceBillingCycle"] == 1
    assert rpc.is_rpc_secret(outs["paymentInformation"])
    assert rpc.unwrap_rpc_secret(outs["paymentInformation"])["last4"] == "4242"
    assert not rpc.is_rpc_secret(outs["status"])
    assert api.pay_count(oid) == 1

    assert plugin.diff("Order", str(oid), outs, checked.properties).changes is False
    edited = plugin.check("Order", checked.properties, {**program, "autoPay": True})
    diff = plugin.diff("Order", str(oid), outs, edited.properties)
    assert diff.changes is True
    assert diff.replaces == []
    updated = plugin.update("Order", str(oid), outs, edited.properties)
    assert updated.properties["autoPay"] is True
    assert api.pay_count(oid) == 1  # the recorded payment is never made again

    other = plugin.check("Order", {}, {"orderId": oid + 1000})
    assert plugin.diff("Order", str(oid), outs, other.properties).replaces == ["orderId"]


def test_import_reads_by_id_and_the_next_up_changes_nothing(
    api: FakeVpsOrgApi, plugin: PluginServer
) -> None:
    order = api.add_order(auto_pay=True, promo=PROMO)
    oid = order["id"]
    api.update_order(oid, services=with_cycles(order["services"], 3))
    imported = plugin.read("Order", str(oid))
    assert imported.id == str(oid)
    # the order's settings as they are today: what `pulumi import` writes into the code
    assert imported.inputs == {
        "orderId": oid,
        "deleteOnDestroy": False,
        "autoPay": True,
        "billingCycle": 3,
        "promoCode": "SPRING10",
    }
    assert imported.properties["status"] == "pending_payment"
    assert imported.properties["autoPay"] is True
    checked = plugin.check("Order", imported.inputs, imported.inputs)
    assert checked.failures == []
    assert plugin.diff("Order", str(oid), imported.properties, checked.properties).changes is False

    refreshed = plugin.read("Order", str(oid), imported.properties, imported.inputs)
    assert refreshed.inputs == imported.inputs
    api.update_order(oid, auto_pay=False)
    drifted = plugin.read("Order", str(oid), imported.properties, imported.inputs)
    assert drifted.properties["autoPay"] is False
    assert drifted.inputs == imported.inputs  # refresh keeps the desired inputs: drift shows

    plugin.delete("Order", str(oid), imported.properties)
    assert writes(api) == []
    assert api.get_order(oid) is not None

    api.remove_order(oid)
    assert plugin.read("Order", str(oid), imported.properties, imported.inputs).id == ""


def test_an_imported_renewal_period_and_auto_pay_edit_as_normal_updates(
    api: FakeVpsOrgApi, plugin: PluginServer
) -> None:
    order = api.add_order(auto_pay=False)
    oid = order["id"]
    server = order["services"][0]
    imported = plugin.read("Order", str(oid))
    assert imported.inputs is not None
    assert (imported.inputs["autoPay"], imported.inputs["billingCycle"]) == (False, 1)
    edited = plugin.check(
        "Order", imported.inputs, {**imported.inputs, "billingCycle": 6, "autoPay": True}
    )
    diff = plugin.diff("Order", str(oid), imported.properties, edited.properties)
    assert sorted(diff.message.diffs) == ["autoPay", "billingCycle"]
    assert diff.replaces == []
    plugin.update("Order", str(oid), imported.properties, edited.properties)
    assert writes(api) == [
        ("PATCH", f"/api/v1/orders/{oid}"),
        ("PATCH", f"/api/v1/orders/{oid}/server/{server['service_id']}"),
    ]
    now = api.get_order(oid)
    assert now is not None
    assert now["auto_pay"] is True
    assert now["services"][0]["service_billing_cycle"] == 6


@pytest.mark.parametrize(
    ("changeable", "cycles"),
    [
        ((False, False), (12, 12)),  # no renewal period can be set: stating one says nothing
        ((True, True), (1, 12)),  # two to choose from: billingCycle alone would not say which
        ((True, False), (36, 1)),  # outside the API's 1..24: check would refuse it
    ],
)
def test_import_leaves_out_a_renewal_period_it_cannot_state(
    api: FakeVpsOrgApi,
    plugin: PluginServer,
    changeable: tuple[bool, bool],
    cycles: tuple[int, int],
) -> None:
    order = api.add_order(auto_pay=False)
    services = [
        {**s, "is_period_changeable": c, "service_billing_cycle": n}
        for s, c, n in zip(order["services"], changeable, cycles, strict=True)
    ]
    api.update_order(order["id"], services=services)
    imported = plugin.read("Order", str(order["id"]))
    assert imported.inputs == {"orderId": order["id"], "deleteOnDestroy": False, "autoPay": False}
    assert plugin.check("Order", imported.inputs, imported.inputs).failures == []


def test_delete_on_destroy_deletes_an_unpaid_order(
    api: FakeVpsOrgApi, plugin: PluginServer
) -> None:
    order = api.add_order()
    checked = plugin.check("Order", {}, {"orderId": order["id"], "deleteOnDestroy": True})
    created = plugin.create("Order", checked.properties)
    with PluginServer() as later:  # `pulumi destroy`: a later deployment's plugin process
        later.configure({"apiToken": api.token, "apiUrl": api.url}, secret_keys=["apiToken"])
        later.delete("Order", created.id or "", created.properties)
    assert api.get_order(order["id"]) is None


def test_a_replacement_adopting_the_same_order_deletes_nothing(
    api: FakeVpsOrgApi, plugin: PluginServer
) -> None:
    order = api.add_order()
    wanted = {"orderId": order["id"], "deleteOnDestroy": True}
    with PluginServer() as earlier:
        earlier.configure({"apiToken": api.token, "apiUrl": api.url}, secret_keys=["apiToken"])
        old = earlier.create("Order", earlier.check("Order", {}, wanted).properties)
    # `pulumi up --replace`: one process creates the new resource, then deletes the old one.
    plugin.create("Order", plugin.check("Order", {}, wanted).properties)
    plugin.delete("Order", old.id or "", old.properties)
    assert api.get_order(order["id"]) is not None
    assert api.count_requests("DELETE") == 0


def test_errors_are_one_line_messages(api: FakeVpsOrgApi, plugin: PluginServer) -> None:
    with pytest.raises(ProviderCallError) as caught:
        plugin.create("Order", {"orderId": 999999, "deleteOnDestroy": False})
    assert caught.value.details.startswith("order 999999 does not exist (404)")
    assert "Traceback" not in caught.value.details
    assert "\n" not in caught.value.details


def test_no_token_is_a_clear_error(api: FakeVpsOrgApi) -> None:
    with PluginServer() as plugin:
        plugin.configure({"apiUrl": api.url})
        with pytest.raises(ProviderCallError) as caught:
            plugin.create("Order", {"orderId": 7736, "deleteOnDestroy": False})
    assert caught.value.details.startswith("No VPS.org API token")
    assert api.requests == []


def test_refresh_warns_of_an_unconfirmed_payment_as_the_dynamic_host_does(
    api: FakeVpsOrgApi, plugin: PluginServer
) -> None:
    """The API answered the payment 2xx but said it failed: a refresh says so, naming the
    schema's ``clearPaymentRecord``. With no engine listening at the address given, the warning
    goes to the plugin's stderr, as the dynamic host writes it (the test below has an engine)."""
    order = api.add_order(auto_pay=False)
    oid = order["id"]
    declined = b'{"success": false, "message": "card declined"}'
    api.add_fault(Fault.raw(200, declined, "application/json"), method="POST")
    checked = plugin.check("Order", {}, {"orderId": oid, "paid": True})
    created = plugin.create("Order", checked.properties)
    assert created.properties["paymentStatus"] == "unconfirmed"
    assert "warning:" not in plugin.stderr()

    plugin.read("Order", str(oid), created.properties, checked.properties)
    warned = [line for line in plugin.stderr().splitlines() if line.startswith("warning: ")]
    assert len(warned) == 1, plugin.stderr()
    assert f"Order {oid}: the payment made at " in warned[0]
    assert "card declined" in warned[0] and "set clearPaymentRecord=" in warned[0]
    assert api.pay_count(oid) == 0


class _Engine(engine_pb2_grpc.EngineServicer):  # type: ignore[misc]
    """The engine's log service, recording what a provider logs."""

    def __init__(self) -> None:
        self.logged: list[Any] = []

    def Log(self, request: Any, context: Any) -> Any:
        self.logged.append(request)
        return empty_pb2.Empty()


def test_under_the_engine_the_warning_goes_to_its_log_naming_the_resource(
    api: FakeVpsOrgApi,
) -> None:
    """The engine hides a native plugin's stderr: the warning goes through ``Engine.Log`` at
    the address the engine passes, as a warning about the order's resource."""
    engine = _Engine()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    engine_pb2_grpc.add_EngineServicer_to_server(engine, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        with PluginServer(engine=f"127.0.0.1:{port}") as plugin:
            plugin.configure({"apiToken": api.token, "apiUrl": api.url}, secret_keys=["apiToken"])
            oid = api.add_order(auto_pay=False)["id"]
            declined = b'{"success": false, "message": "card declined"}'
            api.add_fault(Fault.raw(200, declined, "application/json"), method="POST")
            checked = plugin.check("Order", {}, {"orderId": oid, "paid": True})
            created = plugin.create("Order", checked.properties)
            plugin.read("Order", str(oid), created.properties, checked.properties)
            stderr = plugin.stderr()
    finally:
        server.stop(None)
    assert [(r.severity, r.urn) for r in engine.logged] == [
        (engine_pb2.WARNING, PluginServer.urn("Order", "r"))
    ]
    assert "set clearPaymentRecord=" in engine.logged[0].message
    assert "warning:" not in stderr


def test_operation_errors_name_properties_as_the_schema_spells_them(
    api: FakeVpsOrgApi, plugin: PluginServer
) -> None:
    """Diff and Create errors come from the behaviours both hosts share; a YAML or TypeScript
    user reads ``billingCycle`` and ``deleteOnDestroy``, the names their SDK has."""
    oid = api.add_order(auto_pay=False)["id"]
    checked = plugin.check("Order", {}, {"orderId": oid, "deleteOnDestroy": True})
    created = plugin.create("Order", checked.properties)
    with pytest.raises(ProviderCallError) as diff:
        plugin.diff(
            "Order", created.id, created.properties, {"orderId": oid + 1, "deleteOnDestroy": False}
        )
    assert "orderId (" in diff.value.details and "Set deleteOnDestroy=false" in diff.value.details
    assert "delete_on_destroy" not in diff.value.details and "order_id" not in diff.value.details

    bare = api.add_order(auto_pay=False, services=[])["id"]
    bare_checked = plugin.check("Order", {}, {"orderId": bare, "billingCycle": 3})
    with pytest.raises(ProviderCallError) as create:
        plugin.create("Order", bare_checked.properties)
    assert f"order {bare}: billingCycle: the order has no services" in create.value.details
    assert writes(api) == []


def test_a_missing_token_names_the_providers_input(api: FakeVpsOrgApi) -> None:
    with PluginServer() as plugin:
        plugin.configure({"apiUrl": api.url})
        with pytest.raises(ProviderCallError) as caught:
            plugin.invoke("vpsorg:index/getPlans:getPlans", {})
    assert (
        "vpsorg:apiToken" in caught.value.details
        and "the apiToken argument" in caught.value.details
    )
    assert "api_token" not in caught.value.details
    assert api.requests == []


def test_a_promo_code_given_as_a_secret_is_secret_in_its_echo_and_never_quoted(
    api: FakeVpsOrgApi, plugin: PluginServer
) -> None:
    secret = rpc.wrap_rpc_secret
    applicable = api.add_order(auto_pay=False, promo_applicable=True)["id"]
    checked = plugin.check("Order", {}, {"orderId": applicable, "promoCode": secret("WELCOME10")})
    created = plugin.create("Order", checked.properties)
    outs = created.properties
    assert rpc.is_rpc_secret(outs["promoCode"])
    assert rpc.is_rpc_secret(outs["promo"])
    assert rpc.unwrap_rpc_secret(outs["promo"])["code"] == "WELCOME10"
    assert not rpc.is_rpc_secret(outs["autoPay"])
    # an update that leaves the code unset keeps its echo secret: the order still holds it
    later = plugin.check("Order", checked.properties, {"orderId": applicable, "autoPay": True})
    updated = plugin.update("Order", str(applicable), outs, later.properties).properties
    assert updated["autoPay"] is True
    assert rpc.is_rpc_secret(updated["promo"])
    # a state written before echoes were marked (the code secret, its echo not): the same
    old_state = {**outs, "promo": rpc.unwrap_rpc_secret(outs["promo"])}
    updated = plugin.update("Order", str(applicable), old_state, later.properties).properties
    assert rpc.is_rpc_secret(updated["promo"])
    # a refresh keeps it secret, from the state's secret echo or secret code alike
    plain_inputs = {"orderId": applicable}
    assert rpc.is_rpc_secret(
        plugin.read("Order", str(applicable), outs, plain_inputs).properties["promo"]
    )
    assert rpc.is_rpc_secret(
        plugin.read("Order", str(applicable), old_state, plain_inputs).properties["promo"]
    )
    # after an import (everything plain) and a program giving the code as a secret: refresh
    imported = {k: rpc.unwrap_rpc_secret(v) for k, v in outs.items()}
    secret_inputs = {"orderId": applicable, "promoCode": secret("WELCOME10")}
    refreshed = plugin.read("Order", str(applicable), imported, secret_inputs).properties
    assert rpc.is_rpc_secret(refreshed["promo"])
    # a failed check does not show the code either
    odd = plugin.check("Order", {}, {"orderId": applicable, "promoCode": secret(123456)})
    assert [field for field, _ in odd.failures] == ["promoCode"]
    assert "123456" not in odd.failures[0][1]

    other = api.add_order(auto_pay=False, promo_applicable=True)["id"]
    plain = plugin.check("Order", {}, {"orderId": other, "promoCode": "WELCOME10"})
    assert not rpc.is_rpc_secret(plugin.create("Order", plain.properties).properties["promo"])

    refused = plugin.check("Order", {}, {"orderId": other, "promoCode": secret("NOT-A-CODE-77")})
    with pytest.raises(ProviderCallError) as info:
        plugin.create("Order", refused.properties)
    assert "promoCode" in str(info.value)
    assert "NOT-A-CODE-77" not in str(info.value)
