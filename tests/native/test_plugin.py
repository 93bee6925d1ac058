"""The plugin process itself: schema, configuration, functions, unknown tokens."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import struct_pb2
from google.protobuf.json_format import MessageToDict
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from pulumi_vpsorg._version import __version__
from pulumi_vpsorg.plugin.wire import SECRET, SIG
from pulumi_vpsorg.schema import build_schema
from pulumi_vpsorg.testing import FakeVpsOrgApi
from tests.native.plugin_server import PluginServer, ProviderCallError, secret

ROOT = Path(__file__).resolve().parents[2]


def test_get_schema_is_schema_json_with_the_provider_section(plugin: PluginServer) -> None:
    served = plugin.schema()
    assert served == json.loads((ROOT / "schema.json").read_text(encoding="utf-8"))
    assert served == build_schema()
    provider = served["provider"]["inputProperties"]
    assert set(provider) == {"apiToken", "apiUrl", "ordersApiUrl", "ordersApiToken"}
    assert provider["apiToken"]["secret"] is True
    assert provider["ordersApiToken"]["secret"] is True


def test_invoke_serves_the_five_functions(api: FakeVpsOrgApi, plugin: PluginServer) -> None:
    slug = api.plans[0]["slug"]
    plan = plugin.invoke("vpsorg:index/getPlan:getPlan", {"slug": slug})
    assert plan["slug"] == slug
    assert "recommendedFor" in plan
    assert plugin.invoke("vpsorg:getPlan", {"planId": plan["id"]})["slug"] == slug
    plans = plugin.invoke("vpsorg:index/getPlans:getPlans", {"minVcpus": 2, "sortBy": "vcpus"})
    assert plans["count"] == len(plans["plans"]) > 0
    assert all(p["vcpus"] >= 2 for p in plans["plans"])
    chosen = plugin.invoke("vpsorg:index/selectPlan:selectPlan", {"minMemory": 4096})
    assert chosen["memory"] >= 4096
    orders = plugin.invoke("vpsorg:index/getOrders:getOrders", {"status": ["paid"]})
    # Paid orders hold card details: the list arrives secret (see the test below).
    listed = orders["orders"]["value"]
    assert {o["status"] for o in listed} == {"paid"}
    assert orders["summary"]["count"] == len(listed)
    one = plugin.invoke("vpsorg:index/getOrder:getOrder", {"orderId": listed[0]["id"]})
    assert one["id"] == listed[0]["id"]
    assert "amountWithVat" in one


def test_function_errors_are_one_line(plugin: PluginServer) -> None:
    with pytest.raises(ProviderCallError) as caught:
        plugin.invoke("vpsorg:index/getPlan:getPlan", {"slug": "no-such-plan"})
    assert "no-such-plan" in caught.value.details
    assert "\n" not in caught.value.details
    with pytest.raises(ProviderCallError) as caught:
        plugin.invoke("vpsorg:index/getNothing:getNothing", {})
    assert caught.value.details.startswith("unknown function 'vpsorg:index/getNothing:getNothing'")


@pytest.mark.parametrize(
    ("token", "args", "said"),
    [
        ("vpsorg:index/getOrder:getOrder", {}, "orderId: required"),
        ("vpsorg:index/getPlans:getPlans", {"minVcpu": 2}, "minVcpu: unknown property; expected"),
        ("vpsorg:index/getPlans:getPlans", {"min_vcpus": 2}, "min_vcpus: unknown property"),
        (
            "vpsorg:index/getPlans:getPlans",
            {"minVcpus": 8, "maxVcpus": 2},
            "minVcpus: minVcpus 8 is greater than maxVcpus 2",
        ),
        (
            "vpsorg:index/getOrders:getOrders",
            {"status": ["PAID"], "allowUnknownStatus": "false"},
            "allowUnknownStatus: expected true or false, got 'false'",
        ),
    ],
    ids=["missing", "unknown", "snake-case", "range", "not-a-boolean"],
)
def test_bad_function_arguments_are_named_as_the_schema_spells_them(
    api: FakeVpsOrgApi, plugin: PluginServer, token: str, args: dict[str, Any], said: str
) -> None:
    with pytest.raises(ProviderCallError) as caught:
        plugin.invoke(token, args)
    assert caught.value.details.startswith(said), caught.value.details
    assert "Error:" not in caught.value.details and "\n" not in caught.value.details
    assert api.requests == []


@pytest.mark.parametrize(
    ("type_name", "news", "failures"),
    [
        ("OrdersAudit", {"statuss": ["paid"]}, [("statuss", "unknown property")]),
        ("PlanLookup", {"maxPriceMonthy": 5}, [("maxPriceMonthy", "unknown property")]),
        ("PlanLookup", {"minVcpus": 2, "min_vcpus": 64}, [("min_vcpus", "unknown property")]),
        ("Order", {"orderId": 1, "autoPey": True}, [("autoPey", "unknown property")]),
        ("PlanLookup", {"planId": 1, "slug": "x"}, [("slug", "give planId or slug, not both")]),
        (
            "Order",
            {"orderId": 1, "serviceId": 5},
            [("serviceId", "serviceId only selects the service billingCycle applies to")],
        ),
    ],
    ids=["audit-typo", "lookup-typo", "snake-alias", "order-typo", "both-references", "order"],
)
def test_check_names_properties_as_the_schema_spells_them(
    api: FakeVpsOrgApi,
    plugin: PluginServer,
    type_name: str,
    news: dict[str, Any],
    failures: list[tuple[str, str]],
) -> None:
    checked = plugin.check(type_name, {}, news)
    assert [name for name, _ in checked.failures] == [name for name, _ in failures]
    for (_, reason), (_, said) in zip(checked.failures, failures, strict=True):
        assert reason.startswith(said) and "_" not in reason, reason
    assert api.requests == []


def test_a_value_given_as_a_secret_is_not_quoted_in_a_check_failure(
    api: FakeVpsOrgApi, plugin: PluginServer
) -> None:
    # The engine prints the reasons beside the properties: a secret input's value stays out.
    order = plugin.check(
        "Order",
        {},
        {
            "orderId": 7,
            "billingCycle": 3,
            "serviceType": secret("SECRET/x"),
            "paymentMethod": secret(36.0),
            "autoPay": "yes",
        },
    )
    assert order.failures == [
        ("autoPay", "expected true or false, got 'yes'"),
        ("serviceType", "must not contain '/', got [secret]"),
        ("paymentMethod", "expected a string, got [secret]"),
    ]
    lookup = plugin.check(
        "PlanLookup",
        {},
        {"maxPriceMonthly": secret("topsecret"), "minVcpus": secret(4.0), "maxVcpus": 2},
    )
    assert lookup.failures == [
        ("maxPriceMonthly", "expected a number, got [secret]"),
        ("minVcpus", "minVcpus [secret] is greater than maxVcpus 2"),
    ]
    assert api.requests == []


def test_unknown_resource_type_is_refused(plugin: PluginServer) -> None:
    with pytest.raises(ProviderCallError) as caught:
        plugin.check("Server", {}, {})
    assert caught.value.details.startswith("unknown resource type 'vpsorg:index:Server'")


def test_explicit_provider_inputs_with_an_orders_host(api: FakeVpsOrgApi) -> None:
    with PluginServer() as plugin:
        plugin.configure(
            {"apiToken": api.token, "apiUrl": api.url, "ordersApiUrl": api.orders_url},
            secret_keys=["apiToken"],
            variables=False,
        )
        checked = plugin.check("OrdersAudit", {}, {})
        assert plugin.create("OrdersAudit", checked.properties).properties["count"] > 0
        assert api.token.encode() not in plugin.transcript_bytes()


def test_environment_fallback_for_the_token(api: FakeVpsOrgApi) -> None:
    with PluginServer(env={"VPSORG_API_TOKEN": api.token}) as plugin:
        plugin.configure({"apiUrl": api.url})
        assert plugin.invoke("vpsorg:getPlans", {})["count"] > 0


def test_check_config_names_a_bad_url(plugin: PluginServer) -> None:
    from pulumi.runtime.proto import provider_pb2

    from tests.provider.dynamic_server import _serialize

    response = plugin.call(
        "CheckConfig",
        provider_pb2.CheckRequest(
            urn="urn:pulumi:stack::project::pulumi:providers:vpsorg::explicit",
            olds=_serialize({}),
            news=_serialize({"apiUrl": "http://example.com/api", "version": __version__}),
        ),
    )
    assert [(f.property, f.reason) for f in response.failures] == [
        (
            "apiUrl",
            "'http://example.com/api' uses plain http; only https is allowed except on "
            "loopback hosts",
        )
    ]


def test_the_console_script_is_installed() -> None:
    from tests.native.plugin_server import plugin_command

    assert os.access(plugin_command()[0], os.X_OK)


def _is_secret(value: Any) -> bool:
    return isinstance(value, dict) and value.get(SIG) == SECRET


def _raw_invoke(plugin: PluginServer, token: str, args: dict[str, Any]) -> dict[str, Any]:
    """The function's result as the plugin sent it (``pulumi.runtime.rpc`` would lift a nested
    secret to the property holding it, as the SDKs do)."""
    request = provider_pb2.InvokeRequest(tok=token, args=_struct(args))
    response = plugin.call("Invoke", request)
    raw: dict[str, Any] = MessageToDict(getattr(response, "return"))
    return raw


def _struct(args: dict[str, Any]) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(args)
    return struct


def test_payment_information_in_function_results_is_secret(
    api: FakeVpsOrgApi, plugin: PluginServer
) -> None:
    """Card details are secret outputs of ``Order`` and ``OrderLookup``; ``getOrder`` and each
    order of ``getOrders`` return them marked secret too (7546 was paid by card, 7736 from the
    balance)."""
    card = _raw_invoke(plugin, "vpsorg:index/getOrder:getOrder", {"orderId": 7546})
    assert _is_secret(card["paymentInformation"])
    assert card["paymentInformation"]["value"]["last4"] == "4242"
    assert not _is_secret(card["status"])
    balance = _raw_invoke(plugin, "vpsorg:index/getOrder:getOrder", {"orderId": 7736})
    assert balance.get("paymentInformation") is None
    orders = _raw_invoke(plugin, "vpsorg:index/getOrders:getOrders", {"status": ["paid"]})
    listed = orders["orders"]
    held = [o for o in listed if o.get("paymentInformation") is not None]
    assert held and all(_is_secret(o["paymentInformation"]) for o in held)
    assert not any(_is_secret(o["id"]) or _is_secret(o["status"]) for o in listed)
    # As an SDK reads it, the secret lifts to the list: nothing of it is shown in the clear.
    assert _is_secret(
        plugin.invoke("vpsorg:index/getOrders:getOrders", {"status": ["paid"]})["orders"]
    )


@pytest.mark.parametrize(
    "bad", [float("inf"), float("-inf"), float("nan")], ids=["inf", "-inf", "nan"]
)
def test_inf_and_nan_are_refused_naming_the_property(
    api: FakeVpsOrgApi, plugin: PluginServer, bad: float
) -> None:
    """Protobuf's JSON has no inf or NaN: before, the request failed in protobuf's own words."""
    checked = plugin.check("PlanLookup", {}, {"minVcpus": 1, "maxPriceMonthly": bad})
    assert checked.failures == [("maxPriceMonthly", "expected a finite number, not inf or NaN")]
    order = plugin.check("Order", {}, {"orderId": bad})
    assert order.failures == [("orderId", "expected a finite number, not inf or NaN")]
    # reported with the request's other failures, and its property not also called required
    both = plugin.check("Order", {}, {"orderId": bad, "billingCycle": 99, "bogus": 1})
    assert [field for field, _ in both.failures] == ["orderId", "bogus", "billingCycle"]
    assert both.failures[2][1] == "expected 1 to 24 months, got 99"
    with pytest.raises(ProviderCallError) as caught:
        plugin.invoke("vpsorg:index/selectPlan:selectPlan", {"minMemory": bad})
    assert "minMemory: expected a finite number, not inf or NaN" in caught.value.details
    assert "Traceback" not in plugin.stderr()
    assert api.requests == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_the_plugin_ends_with_status_0_on_the_engines_signal(
    api: FakeVpsOrgApi, sig: signal.Signals
) -> None:
    """The engine ends a plugin with SIGINT to its process group, and waits for it, at the end
    of every command; the plugin stops serving and exits 0 (without the interpreter's
    teardown), having printed nothing but its port."""
    from tests.native.plugin_server import plugin_command

    process = subprocess.Popen(
        [*plugin_command(), "127.0.0.1:1"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        port = int(process.stdout.readline())
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = provider_pb2_grpc.ResourceProviderStub(channel)
            args = _struct({"apiToken": api.token, "apiUrl": api.url})
            stub.Configure(provider_pb2.ConfigureRequest(args=args))
            invoked = stub.Invoke(
                provider_pb2.InvokeRequest(tok="vpsorg:index/getPlans:getPlans", args=_struct({}))
            )
            assert MessageToDict(getattr(invoked, "return"))["count"] == 4
        os.killpg(process.pid, sig)
        assert process.wait(timeout=30) == 0
        assert (process.stdout.read(), process.stderr.read()) == (b"", b"")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
