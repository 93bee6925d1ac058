"""Plan functions against the fake API: results, arguments, and request economy."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from pulumi_vpsorg import ConfigurationError, functions
from pulumi_vpsorg.functions import PlanDetailsResult, PlanResult, get_plan, get_plans, select_plan
from pulumi_vpsorg.selection import NoMatchingPlanError, UnknownPlanError
from pulumi_vpsorg.testing import FakeVpsOrgApi

PLANS = "/api/v1/plans/"


def test_get_plans_all_sorted_and_typed(fake_api: FakeVpsOrgApi, creds: dict[str, str]) -> None:
    result = get_plans(**creds)
    assert result.count == 4 and [p.slug for p in result.plans] == [
        "starter",
        "standard",
        "performance",
        "enterprise",
    ]
    first = result.plans[0]
    assert isinstance(first, PlanResult)
    assert first.id == 1 and first.memory == 2048 and first.price_monthly == 5.0
    assert isinstance(first.price_hourly, float) and first.locations[0] == "us-west"


def test_get_plans_filters_and_sort(fake_api: FakeVpsOrgApi, creds: dict[str, str]) -> None:
    result = get_plans("asia-pacific", min_vcpus=2, sort_by="vcpus", sort_direction="desc", **creds)
    assert [p.slug for p in result.plans] == ["enterprise", "performance", "standard"]
    # The whole catalogue, filtered here by location (A13): one request, no location sent.
    assert [r.query for r in fake_api.requests] == [{}]
    assert all("asia-pacific" in p.locations for p in result.plans)
    assert get_plans(max_price_monthly=10, **creds).count == 2
    assert get_plans(min_memory=100_000, **creds).count == 0


def test_bad_arguments_fail_before_any_request(
    fake_api: FakeVpsOrgApi, creds: dict[str, str]
) -> None:
    with pytest.raises(ConfigurationError, match=r"^min_vcpus"):
        get_plans(min_vcpus=-2, **creds)
    with pytest.raises(ConfigurationError, match="sort_by"):
        get_plans(sort_by="colour", **creds)
    with pytest.raises(ConfigurationError, match="exactly one"):
        get_plan(**creds)
    with pytest.raises(ConfigurationError, match="exactly one"):
        get_plan(2, "standard", **creds)
    with pytest.raises(ConfigurationError, match="max_price_monthly"):
        select_plan(max_price_monthly=-1, **creds)
    assert fake_api.count_requests() == 0


def test_get_plan_by_id_and_slug(fake_api: FakeVpsOrgApi, creds: dict[str, str]) -> None:
    by_id = get_plan(2, **creds)
    assert isinstance(by_id, PlanDetailsResult)
    assert by_id.slug == "standard" and "SSD Storage" in by_id.features
    assert by_id.recommended_for
    assert get_plan(slug="standard", **creds) == by_id


def test_get_plan_unknown_names_it_and_the_slugs(
    fake_api: FakeVpsOrgApi, creds: dict[str, str]
) -> None:
    with pytest.raises(UnknownPlanError) as info:
        get_plan(99, **creds)
    assert "plan_id 99" in str(info.value)
    for slug in ("starter", "standard", "performance", "enterprise"):
        assert slug in str(info.value)
    with pytest.raises(UnknownPlanError, match=r"slug 'huge'.*starter"):
        get_plan(slug="huge", **creds)


def test_select_plan(fake_api: FakeVpsOrgApi, creds: dict[str, str]) -> None:
    assert select_plan(min_vcpus=3, **creds).slug == "performance"
    assert select_plan(min_memory=4096, location="asia-pacific", **creds).slug == "standard"
    with pytest.raises(NoMatchingPlanError, match=r"standard \(id 2\): vcpus 2 < min_vcpus 3"):
        select_plan(min_vcpus=3, max_price_monthly=15, **creds)


def test_select_plan_with_a_mistyped_location_lists_the_real_ones(
    fake_api: FakeVpsOrgApi, creds: dict[str, str]
) -> None:
    with pytest.raises(NoMatchingPlanError, match=r"location 'eu-centrall'.*asia-pacific"):
        select_plan(min_vcpus=1, location="eu-centrall", **creds)
    # The whole catalogue, once: the location is filtered here (A13), the real ones listed from it.
    assert [r.query for r in fake_api.requests] == [{}]


# -- request economy ------------------------------------------------------------------------------


def test_many_lookups_one_catalogue_request_whatever_the_location(
    fake_api: FakeVpsOrgApi, creds: dict[str, str]
) -> None:
    for i in range(100):
        select_plan(min_vcpus=i % 8, **creds)
        get_plans(sort_by="memory", **creds)
        select_plan(location="eu-central", **creds)
        get_plan(slug="performance", **creds)
    assert fake_api.count_requests("GET", PLANS) == 1  # every location from one catalogue
    assert fake_api.count_requests("GET", "/api/v1/plans/3/") == 1
    assert fake_api.count_requests() == 2


def test_concurrent_first_use_makes_one_request() -> None:
    with FakeVpsOrgApi(latency=0.05) as api:

        def lookup(i: int) -> str:
            return select_plan(min_vcpus=i % 4, api_token=api.token, api_url=api.url).slug

        with ThreadPoolExecutor(max_workers=16) as pool:
            slugs = list(pool.map(lookup, range(64)))
        assert set(slugs) == {"starter", "standard", "performance"}
        assert api.count_requests("GET", PLANS) == 1


def test_tokens_do_not_share_the_memo(fake_api: FakeVpsOrgApi) -> None:
    get_plans(api_token=fake_api.token, api_url=fake_api.url)
    get_plans(api_token=fake_api.read_only_token, api_url=fake_api.url)
    assert fake_api.count_requests("GET", PLANS) == 2
    tokens = {r.header("Authorization") for r in fake_api.requests}
    assert tokens == {f"Bearer {fake_api.token}", f"Bearer {fake_api.read_only_token}"}


def test_clear_cache_reads_again(fake_api: FakeVpsOrgApi, creds: dict[str, str]) -> None:
    get_plans(**creds)
    functions.clear_cache()
    get_plans(**creds)
    assert fake_api.count_requests("GET", PLANS) == 2


def test_errors_read_as_pulumi_run_errors_and_keep_their_class(
    fake_api: FakeVpsOrgApi, creds: dict[str, str]
) -> None:
    # Pulumi prints a RunError raised by a program as its message alone, without a traceback.
    import pulumi

    with pytest.raises(NoMatchingPlanError) as info:
        select_plan(min_vcpus=99, **creds)
    assert isinstance(info.value, pulumi.RunError)
    with pytest.raises(ConfigurationError) as bad:
        get_plans(min_vcpus=-1, **creds)
    assert isinstance(bad.value, pulumi.RunError)
