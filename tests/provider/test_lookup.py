"""What the lookups share: the resource classes in a Pulumi program (mocks: type tokens, inputs,
secret outputs), and check and diff without the API."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest
from pulumi.runtime.mocks import MockMonitor

from pulumi_vpsorg.provider import (
    OrderLookup,
    OrderLookupProvider,
    OrdersAudit,
    OrdersAuditProvider,
    PlanLookup,
    PlanLookupProvider,
)
from pulumi_vpsorg.testing import FakeVpsOrgApi
from tests.provider.lookup_support import serve


class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        outputs = dict(args.inputs)
        if args.typ.endswith(":PlanLookup"):
            outputs.update(plan_id=2, slug="standard", price_monthly=10.0)
        return f"{args.name}-id", outputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], None]:
        return {}, None


class RecordingMonitor(MockMonitor):
    def __init__(self, mocks: pulumi.runtime.Mocks) -> None:
        super().__init__(mocks)
        self.registrations: list[Any] = []

    def RegisterResource(self, request: Any) -> Any:
        self.registrations.append(request)
        return super().RegisterResource(request)


@pytest.fixture
def monitor() -> RecordingMonitor:
    mocks = Mocks()
    recording = RecordingMonitor(mocks)
    pulumi.runtime.set_mocks(mocks, preview=False, monitor=recording)
    return recording


def test_resources_register_with_the_contract_tokens(monitor: RecordingMonitor) -> None:
    @pulumi.runtime.test
    def program() -> pulumi.Output[Any]:
        plan = PlanLookup("web", min_vcpus=2, max_price_monthly=15, location="eu-central")
        audit = OrdersAudit("audit", status=["pending_payment"])
        order = OrderLookup("o", order_id=7412)

        def check(args: list[Any]) -> None:
            slug, price, status, order_id = args
            assert slug == "standard" and price == 10.0
            assert status == ["pending_payment"] and order_id == 7412

        return pulumi.Output.all(plan.slug, plan.price_monthly, audit.status, order.order_id).apply(
            check
        )

    program()
    by_type = {r.type: r for r in monitor.registrations if r.type != "pulumi:pulumi:Stack"}
    prefix = "pulumi-python:dynamic/vpsorg:"
    assert set(by_type) == {prefix + n for n in ("PlanLookup", "OrdersAudit", "OrderLookup")}
    assert list(by_type[prefix + "OrderLookup"].additionalSecretOutputs) == ["payment_information"]
    assert list(by_type[prefix + "PlanLookup"].additionalSecretOutputs) == []


def test_secret_outputs_merge_with_user_options(monitor: RecordingMonitor) -> None:
    @pulumi.runtime.test
    def program() -> None:
        OrderLookup(
            "o",
            order_id=1,
            opts=pulumi.ResourceOptions(additional_secret_outputs=["promo"], protect=True),
        )

    program()
    (registration,) = [r for r in monitor.registrations if r.type.endswith(":OrderLookup")]
    assert set(registration.additionalSecretOutputs) == {"payment_information", "promo"}
    assert registration.protect is True


def test_check_and_diff_need_no_api() -> None:
    # No configure, no token anywhere: check and diff never build a client.
    provider = PlanLookupProvider()
    checked = provider.check({}, {"plan_id": 2.0, "min_vcpus": 1.0})
    assert checked.failures == [] and checked.inputs["plan_id"] == 2
    olds = {**checked.inputs, "selected_by": "plan_id", "slug": "standard"}
    assert (
        provider.diff("x", olds, {"plan_id": 2, "min_vcpus": 1, "available_only": False}).changes
        is False
    )
    orders = OrderLookupProvider()
    diff = orders.diff("order-1", {"order_id": 1.0}, {"order_id": 2})
    assert diff.changes is True and diff.replaces == ["order_id"]


def test_unknown_values_pass_check_during_preview() -> None:
    unknown = pulumi.output.Unknown()
    checked = PlanLookupProvider().check({}, {"min_vcpus": unknown, "slug": unknown})
    assert checked.failures == []
    assert OrderLookupProvider().check({}, {"order_id": unknown}).failures == []


def test_check_failures_name_the_property(api: FakeVpsOrgApi) -> None:
    with serve(PlanLookupProvider(), api) as server:
        urn = server.urn("PlanLookup", "bad")
        failures = dict(
            server.check(
                urn,
                {},
                {
                    "plan_id": 2,
                    "slug": "standard",
                    "min_vcpus": -1,
                    "min_memory": 8192,
                    "max_memory": 1024,
                    "max_price_monthly": "cheap",
                    "location": "",
                    "available_only": "yes",
                },
            ).failures
        )
        assert set(failures) == {
            "slug",
            "min_vcpus",
            "min_memory",
            "max_price_monthly",
            "location",
            "available_only",
        }
        assert "not both" in failures["slug"]
    with serve(OrdersAuditProvider(), api) as server:
        urn = server.urn("OrdersAudit", "bad")
        failures = dict(server.check(urn, {}, {"status": [], "type": ["a,b"]}).failures)
        assert set(failures) == {"status", "type"}
        typo = dict(server.check(urn, {}, {"type": ["renew-service", "renew_service"]}).failures)
        assert "did you mean 'renew-service'" in typo["type"]
    with serve(OrderLookupProvider(), api) as server:
        urn = server.urn("OrderLookup", "bad")
        assert [f for f, _ in server.check(urn, {}, {"order_id": -4}).failures] == ["order_id"]
        assert [f for f, _ in server.check(urn, {}, {}).failures] == ["order_id"]
    assert api.count_requests() == 0
