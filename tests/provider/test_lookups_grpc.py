"""The read-only lookups through the real dynamic-provider gRPC server, driven like the engine."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest

from pulumi_vpsorg.client import VpsOrgClient
from pulumi_vpsorg.orders.summary import summarize
from pulumi_vpsorg.provider.lookups import (
    OrderLookupProvider,
    OrdersAuditProvider,
    PlanLookupProvider,
)
from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault
from tests.provider.dynamic_server import DynamicProviderServer, ProviderCallError

PLANS = "/api/v1/plans/"


@pytest.fixture
def api() -> Iterator[FakeVpsOrgApi]:
    with FakeVpsOrgApi(order_count=60) as fake:
        yield fake


def serve(provider: Any, api: FakeVpsOrgApi) -> DynamicProviderServer:
    server = DynamicProviderServer(provider).start()
    server.configure(
        {"vpsorg:apiToken": api.token, "vpsorg:apiUrl": api.url, "project:other": "x"},
        secret_keys=["vpsorg:apiToken"],
    )
    return server


def assert_token_nowhere(server: DynamicProviderServer, api: FakeVpsOrgApi, *outs: Any) -> None:
    for token in (api.token, api.read_only_token):
        assert token.encode() not in server.transcript_bytes()
        assert token.encode() not in server.pickled_provider_bytes()
        assert token not in server.serialized_provider  # type: ignore[operator]
        for out in outs:
            assert token not in repr(out)


def test_pickled_providers_are_tiny_and_hold_nothing_secret(api: FakeVpsOrgApi) -> None:
    for cls in (PlanLookupProvider, OrdersAuditProvider, OrderLookupProvider):
        provider = cls()
        server = DynamicProviderServer(provider)
        raw = server.pickled_provider_bytes()
        assert len(raw) < 120, (cls.__name__, len(raw))
        assert cls.__name__.encode() in raw  # pickled by reference to the importable class
        assert api.token.encode() not in raw


def test_plan_lookup_lifecycle(api: FakeVpsOrgApi) -> None:
    with serve(PlanLookupProvider(), api) as server:
        urn = server.urn("PlanLookup", "web")
        checked = server.check(urn, {}, {"min_vcpus": 3, "location": "eu-central"})
        assert checked.failures == []
        assert api.count_requests() == 0  # check never calls the API

        created = server.create(urn, checked.properties)
        outs = created.outputs()
        assert created.id.startswith("planlookup-")
        assert outs["slug"] == "performance" and outs["plan_id"] == 3
        assert outs["price_monthly"] == 20.0 and outs["selected_by"] == "constraints"
        assert outs["features"] and outs["recommended_for"]
        assert outs["min_vcpus"] == 3 and outs["available_only"] is True
        for key in ("name", "vcpus", "memory", "storage", "bandwidth", "price_hourly"):
            assert key in outs
        assert api.requests[0].query == {"location": "eu-central"}

        same = server.check(urn, created.properties, {"min_vcpus": 3, "location": "eu-central"})
        assert server.diff(created.id, urn, created.properties, same.properties).changes is False

        news = server.check(urn, created.properties, {"min_vcpus": 5, "location": "eu-central"})
        diff = server.diff(created.id, urn, created.properties, news.properties)
        assert diff.changes is True and diff.replaces == []
        updated = server.update(created.id, urn, created.properties, news.properties)
        assert updated.outputs()["slug"] == "enterprise"

        # The price changes at the API: refresh (Read) bypasses the memo and shows it.
        def pricier(body: Any) -> Any:
            for plan in body.get("results", [body]):
                if plan["slug"] == "enterprise":
                    plan["price_monthly"] = 44.0
            return body

        # Both the list and the plan's details answer with the new price.
        api.add_fault(Fault.mutate_json(pricier), method="GET", path_prefix=PLANS, times=2)
        before = api.count_requests("GET", PLANS)
        refreshed = server.read(created.id, urn, updated.properties, news.properties)
        assert refreshed.id == created.id
        assert refreshed.outputs()["price_monthly"] == 44.0
        assert api.count_requests("GET", PLANS) == before + 1

        server.delete(created.id, urn, refreshed.properties)
        assert {r.method for r in api.requests} == {"GET"}  # read-only, delete included
        assert_token_nowhere(server, api, outs, updated.properties, refreshed.properties)


def test_plan_lookup_by_slug_then_constraints_reselects(api: FakeVpsOrgApi) -> None:
    with serve(PlanLookupProvider(), api) as server:
        urn = server.urn("PlanLookup", "pinned")
        checked = server.check(urn, {}, {"slug": "standard"})
        assert checked.properties["available_only"] is False
        created = server.create(urn, checked.properties)
        assert created.outputs()["plan_id"] == 2 and created.outputs()["selected_by"] == "slug"
        # plan_id is an output here, not a criterion: an unchanged program has no diff.
        again = server.check(urn, created.properties, {"slug": "standard"})
        assert server.diff(created.id, urn, created.properties, again.properties).changes is False
        # Dropping the pin for (no) constraints re-selects the cheapest available plan.
        cheapest = server.check(urn, created.properties, {})
        diff = server.diff(created.id, urn, created.properties, cheapest.properties)
        assert diff.changes is True and diff.replaces == []
        updated = server.update(created.id, urn, created.properties, cheapest.properties)
        assert updated.outputs()["slug"] == "starter"
        assert "slug" in updated.outputs() and updated.outputs()["selected_by"] == "constraints"


def test_pinned_plan_checked_against_constraints(api: FakeVpsOrgApi) -> None:
    with serve(PlanLookupProvider(), api) as server:
        urn = server.urn("PlanLookup", "capped")
        checked = server.check(urn, {}, {"slug": "performance", "max_price_monthly": 15})
        with pytest.raises(ProviderCallError) as info:
            server.create(urn, checked.properties)
        assert "performance (id 3): price_monthly 20 > max_price_monthly 15" in info.value.details
        unknown = server.check(urn, {}, {"plan_id": 99})
        with pytest.raises(ProviderCallError, match=r"plan_id 99.*starter"):
            server.create(urn, unknown.properties)
        assert_token_nowhere(server, api)


def test_many_plan_lookups_read_the_catalogue_once_per_location(api: FakeVpsOrgApi) -> None:
    with serve(PlanLookupProvider(), api) as server:
        for i in range(30):
            props = {"min_vcpus": i % 5} if i % 2 else {"location": "us-west", "min_vcpus": i % 3}
            checked = server.check(server.urn("PlanLookup", f"p{i}"), {}, props)
            server.create(server.urn("PlanLookup", f"p{i}"), checked.properties)
        assert api.count_requests("GET", PLANS) == 2
        details = [r.path for r in api.requests if r.path != PLANS]
        assert len(details) == len(set(details))  # each plan's details read once


def test_refreshing_many_lookups_rereads_each_list_and_plan_once(api: FakeVpsOrgApi) -> None:
    with serve(PlanLookupProvider(), api) as server:
        created = []
        for i in range(10):
            urn = server.urn("PlanLookup", f"p{i}")
            checked = server.check(urn, {}, {"location": "us-west", "min_vcpus": 1 + i % 2})
            created.append((urn, server.create(urn, checked.properties)))
        api.clear_requests()
        for urn, resource in created:
            server.read(resource.id, urn, resource.properties)
        # One fresh list for us-west and one fresh detail per selected plan (starter, standard),
        # not two requests per lookup.
        assert api.count_requests("GET", PLANS) == 1
        assert sorted(r.path for r in api.requests if r.path != PLANS) == [
            "/api/v1/plans/1/",
            "/api/v1/plans/2/",
        ]


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


def test_missing_token_is_a_clear_error(api: FakeVpsOrgApi) -> None:
    with DynamicProviderServer(PlanLookupProvider()) as server:
        server.configure({"vpsorg:apiUrl": api.url})
        urn = server.urn("PlanLookup", "x")
        checked = server.check(urn, {}, {})
        with pytest.raises(ProviderCallError, match="vpsorg:apiToken"):
            server.create(urn, checked.properties)
    assert api.count_requests() == 0


def test_token_from_environment_of_the_provider_process(api: FakeVpsOrgApi) -> None:
    env = {"VPSORG_API_TOKEN": api.read_only_token, "VPSORG_API_URL": api.url}
    with DynamicProviderServer(OrderLookupProvider(), env=env) as server:
        server.configure({})
        urn = server.urn("OrderLookup", "o")
        order_id = next(iter(api.orders))
        created = server.create(urn, server.check(urn, {}, {"order_id": order_id}).properties)
        assert created.outputs()["order_id"] == order_id
        assert api.requests[-1].header("Authorization") == f"Bearer {api.read_only_token}"
        assert api.read_only_token.encode() not in server.transcript_bytes()


def test_serialized_provider_round_trips_as_the_sdk_does() -> None:
    server = DynamicProviderServer(PlanLookupProvider())
    assert server.serialized_provider is not None
    assert base64.b64decode(server.serialized_provider) == server.pickled_provider_bytes()
