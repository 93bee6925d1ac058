"""The plan catalogue memo, keyed by the client's own scope (plans URL and token fingerprint)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pulumi_vpsorg import VpsOrgClient, _catalogue
from pulumi_vpsorg.selection import parse_constraints
from pulumi_vpsorg.testing import FakeVpsOrgApi

PLANS = "/api/v1/plans/"


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    _catalogue.clear_cache()
    yield
    _catalogue.clear_cache()


def test_one_request_per_client_scope_whatever_the_locations(fake_api: FakeVpsOrgApi) -> None:
    client = VpsOrgClient(fake_api.token, fake_api.url)
    again = VpsOrgClient(fake_api.token, fake_api.url)
    assert client.scope == again.scope and fake_api.token not in repr(client.scope)
    assert _catalogue.catalogue(client) == _catalogue.catalogue(again)
    assert _catalogue.catalogue(client, "asia-pacific") == _catalogue.catalogue(
        again, "asia-pacific"
    )
    assert _catalogue.catalogue(client, "nowhere") == ()
    assert fake_api.count_requests(path=PLANS) == 1
    assert [r.query for r in fake_api.requests] == [{}]
    other_token = VpsOrgClient(fake_api.read_only_token, fake_api.url)
    assert other_token.scope != client.scope
    _catalogue.catalogue(other_token)
    assert fake_api.count_requests(path=PLANS) == 2


@pytest.mark.parametrize("location", ["us-west", "asia-pacific", "eu-central", "nowhere"])
def test_a_location_keeps_what_the_apis_location_filter_lists(
    fake_api: FakeVpsOrgApi, location: str
) -> None:
    # Assumption A13, checked against the fake (written from the documents).
    client = VpsOrgClient(fake_api.token, fake_api.url)
    filtered = _catalogue.catalogue(client, location)
    assert filtered == tuple(client.list_plans(location))
    assert all(location in plan.locations for plan in filtered)


def test_details_and_choice_use_the_clients_scope(fake_api: FakeVpsOrgApi) -> None:
    client = VpsOrgClient(fake_api.token, fake_api.url)
    assert _catalogue.plan_details(client, 2) is _catalogue.plan_details(client, 2)
    chosen = _catalogue.choose(client, parse_constraints({"min_vcpus": 2}))
    assert chosen.vcpus >= 2
    assert fake_api.count_requests(path="/api/v1/plans/2/") == 1


# -- one catalogue fetch per program --------------------------------------------------------------


def test_a_program_fetches_the_catalogue_once_for_every_lookup_and_selection(
    fake_api: FakeVpsOrgApi,
) -> None:
    """Functions and ``PlanLookup`` resources, several locations: one ``GET /plans/`` in all."""
    import pulumi

    import pulumi_vpsorg as vpsorg
    from pulumi_vpsorg.testing import run_program

    creds = {"api_token": fake_api.token, "api_url": fake_api.url}

    def program() -> None:
        slugs = [vpsorg.get_plan(slug=s, **creds).slug for s in ("starter", "standard", "starter")]
        picks = [
            vpsorg.select_plan(min_vcpus=1 + i % 3, location=loc, **creds).slug
            for i, loc in enumerate(["eu-central", "asia-pacific", None, "us-west", "eu-central"])
        ]
        listed = vpsorg.get_plans(location="us-east", **creds).count
        lookups = [
            vpsorg.PlanLookup(f"l{i}", min_vcpus=1 + i % 4, location=loc)
            for i, loc in enumerate(["eu-central", "asia-pacific", "us-west", None, "eu-central"])
        ]
        pinned = vpsorg.PlanLookup("pinned", slug="standard")
        pulumi.export("slugs", slugs + picks)
        pulumi.export("listed", listed)
        pulumi.export("lookups", pulumi.Output.all(*(r.slug for r in [*lookups, pinned])))

    result = run_program(program, api_url=fake_api.url, api_token=fake_api.token)
    assert len(result.outputs["lookups"]) == 6 and result.outputs["listed"] >= 1
    assert fake_api.count_requests(method="GET", path=PLANS) == 1
    assert [r.query for r in fake_api.requests if r.path == PLANS] == [{}]


def test_a_provider_process_fetches_the_catalogue_once_for_all_its_lookups(
    fake_api: FakeVpsOrgApi,
) -> None:
    """The real dynamic provider process: 12 ``PlanLookup`` creates over 4 locations, one fetch."""
    from pulumi_vpsorg.provider.lookups import PlanLookupProvider
    from tests.provider.lookup_support import serve

    with serve(PlanLookupProvider(), fake_api) as server:
        for i in range(12):
            news: dict[str, object] = {"min_vcpus": 1 + i % 2}
            location = ["eu-central", "asia-pacific", "us-west", None][i % 4]
            if location is not None:
                news["location"] = location
            urn = server.urn("PlanLookup", f"l{i}")
            checked = server.check(urn, {}, news)
            assert not checked.failures
            assert server.create(urn, checked.properties).id
    assert fake_api.count_requests(method="GET", path=PLANS) == 1
