"""``PlanLookup`` through the real dynamic-provider gRPC server, driven like the engine."""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_vpsorg.provider.plan_lookup import PlanLookupProvider
from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault
from tests.provider.dynamic_server import ProviderCallError
from tests.provider.lookup_support import PLANS, assert_token_nowhere, serve


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
        assert api.requests[0].query == {}  # the whole catalogue, filtered here (A13)

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


def test_a_location_is_recorded_as_the_selection_reads_it(api: FakeVpsOrgApi) -> None:
    """Stripped, as the selection reads it: the state and a policy see ``eu-central``."""
    with serve(PlanLookupProvider(), api) as server:
        urn = server.urn("PlanLookup", "padded")
        checked = server.check(urn, {}, {"min_vcpus": 1, "location": " eu-central "})
        assert checked.failures == []
        assert checked.properties["location"] == "eu-central"
        created = server.create(urn, checked.properties)
        assert created.properties["location"] == "eu-central"
        assert "eu-central" in created.properties["locations"]


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


def test_many_plan_lookups_read_the_catalogue_once(api: FakeVpsOrgApi) -> None:
    with serve(PlanLookupProvider(), api) as server:
        for i in range(30):
            props = {"min_vcpus": i % 5} if i % 2 else {"location": "us-west", "min_vcpus": i % 3}
            checked = server.check(server.urn("PlanLookup", f"p{i}"), {}, props)
            server.create(server.urn("PlanLookup", f"p{i}"), checked.properties)
        assert api.count_requests("GET", PLANS) == 1  # with and without a location
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
