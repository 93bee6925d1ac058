"""Plan selection semantics: constraints, ordering, the no-match message; properties via hypothesis."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pulumi_vpsorg import ConfigurationError, VpsOrgError
from pulumi_vpsorg.plans.models import Plan, PlanList
from pulumi_vpsorg.selection import (
    NoMatchingPlanError,
    PlanConstraints,
    UnknownPlanError,
    constraint_problems,
    failed_constraints,
    filter_plans,
    find_plan,
    parse_constraints,
    select_plan,
    selection_key,
    sort_plans,
)

FIXTURES = Path(__file__).parent / "fixtures"
DOCUMENTED = list(
    PlanList.model_validate(json.loads((FIXTURES / "plans_list.json").read_text())).results
)
LOCATIONS = ("us-west", "us-east", "eu-central", "asia-pacific")


def plan(**overrides: Any) -> Plan:
    base: dict[str, Any] = {
        "id": 1,
        "name": "P",
        "slug": "p",
        "vcpus": 1,
        "memory": 1024,
        "storage": 10,
        "bandwidth": 100,
        "price_monthly": "5.00",
        "price_hourly": "0.007",
        "available": True,
        "locations": ["us-west"],
        "description": "d",
    }
    base.update(overrides)
    return Plan.model_validate(base)


# -- documented catalogue -------------------------------------------------------------------


def test_no_constraints_picks_the_cheapest() -> None:
    assert select_plan(DOCUMENTED, PlanConstraints()).slug == "starter"


@pytest.mark.parametrize(
    ("constraints", "slug"),
    [
        ({"min_vcpus": 2}, "standard"),
        ({"min_vcpus": 3}, "performance"),
        ({"min_memory": 8192}, "performance"),
        ({"min_storage": 300}, "enterprise"),
        ({"min_bandwidth": 2048, "max_price_monthly": 10}, "standard"),
        ({"location": "asia-pacific"}, "standard"),
        ({"max_price_hourly": "0.007"}, "starter"),
        ({"min_vcpus": 2, "max_vcpus": 2, "max_memory": 4096}, "standard"),
    ],
)
def test_documented_selection(constraints: dict[str, Any], slug: str) -> None:
    assert select_plan(DOCUMENTED, parse_constraints(constraints)).slug == slug


def test_ties_prefer_more_vcpus_then_more_memory_then_lower_id() -> None:
    plans = [
        plan(id=5, slug="a", vcpus=2, memory=2048),
        plan(id=4, slug="b", vcpus=2, memory=4096),
        plan(id=3, slug="c", vcpus=1, memory=8192),
        plan(id=2, slug="d", vcpus=2, memory=4096),
    ]
    assert select_plan(plans, PlanConstraints()).slug == "d"
    assert [p.slug for p in sort_plans(plans)] == ["d", "b", "a", "c"]


def test_unavailable_plans_are_skipped_unless_asked() -> None:
    plans = [plan(id=1, slug="gone", available=False), plan(id=2, slug="ok", price_monthly=9)]
    assert select_plan(plans, PlanConstraints()).slug == "ok"
    assert select_plan(plans, PlanConstraints(available_only=False)).slug == "gone"


def test_no_match_restates_constraints_and_nearest_failures() -> None:
    constraints = parse_constraints({"min_vcpus": 4, "max_price_monthly": 15})
    with pytest.raises(NoMatchingPlanError) as info:
        select_plan(DOCUMENTED, constraints)
    message = str(info.value)
    assert "min_vcpus=4" in message and "max_price_monthly=15" in message
    assert "standard (id 2): vcpus 2 < min_vcpus 4" in message
    assert "performance (id 3): price_monthly 20.0 > max_price_monthly 15" in message
    assert len(info.value.nearest) == 3
    assert all(len(f) == 1 for _, f in info.value.nearest)
    assert isinstance(info.value, VpsOrgError) and isinstance(info.value, LookupError)


def test_no_match_on_location_and_empty_catalogue() -> None:
    with pytest.raises(NoMatchingPlanError, match="location mars not in"):
        select_plan(DOCUMENTED, PlanConstraints(location="mars"))
    with pytest.raises(NoMatchingPlanError, match="catalogue is empty"):
        select_plan([], PlanConstraints())


# -- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"min_vcpus": -1}, "min_vcpus"),
        ({"min_memory": 1.5}, "min_memory"),
        ({"min_storage": True}, "min_storage"),
        ({"min_bandwidth": "lots"}, "min_bandwidth"),
        ({"max_price_monthly": -1}, "max_price_monthly"),
        ({"max_price_hourly": "cheap"}, "max_price_hourly"),
        ({"location": ""}, "location"),
        ({"location": 3}, "location"),
        ({"available_only": "yes"}, "available_only"),
        ({"min_vcpus": 4, "max_vcpus": 2}, "min_vcpus"),
        ({"min_memory": 4096, "max_memory": 1024}, "min_memory"),
    ],
)
def test_bad_constraints_name_the_field(values: dict[str, Any], field: str) -> None:
    problems = constraint_problems(values)
    assert [name for name, _ in problems] == [field]
    with pytest.raises(ConfigurationError, match=f"^{field}: "):
        parse_constraints(values)


def test_range_reported_alongside_field_errors() -> None:
    problems = dict(constraint_problems({"min_vcpus": -1, "min_memory": 5, "max_memory": 1}))
    assert set(problems) == {"min_vcpus", "min_memory"}


def test_integral_floats_and_price_strings_are_accepted() -> None:
    c = parse_constraints({"min_vcpus": 2.0, "max_price_monthly": "10.50", "location": " us-west "})
    assert c.min_vcpus == 2 and c.max_price_monthly == Decimal("10.50") and c.location == "us-west"


def test_sort_validation_and_directions() -> None:
    with pytest.raises(ConfigurationError, match="sort_by"):
        sort_plans(DOCUMENTED, "colour")
    with pytest.raises(ConfigurationError, match="sort_direction"):
        sort_plans(DOCUMENTED, "vcpus", "up")
    assert [p.id for p in sort_plans(DOCUMENTED, "vcpus", "desc")] == [4, 3, 2, 1]
    assert [p.slug for p in sort_plans(DOCUMENTED, "slug")] == [
        "enterprise",
        "performance",
        "standard",
        "starter",
    ]


def test_find_plan() -> None:
    assert find_plan(DOCUMENTED, slug="standard").id == 2
    assert find_plan(DOCUMENTED, plan_id=3).slug == "performance"
    with pytest.raises(UnknownPlanError) as info:
        find_plan(DOCUMENTED, slug="huge")
    assert "'huge'" in str(info.value) and "starter (id 1)" in str(info.value)
    with pytest.raises(ConfigurationError, match="exactly one"):
        find_plan(DOCUMENTED)
    with pytest.raises(ConfigurationError, match="exactly one"):
        find_plan(DOCUMENTED, plan_id=1, slug="starter")


# -- properties ------------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=200, places=2)
plans_strategy = st.lists(
    st.builds(
        lambda i, v, m, s, b, pm, ph, a, locs: plan(
            id=i,
            slug=f"p{i}",
            vcpus=v,
            memory=m,
            storage=s,
            bandwidth=b,
            price_monthly=pm,
            price_hourly=ph,
            available=a,
            locations=locs,
        ),
        st.integers(1, 10_000),
        st.integers(1, 16),
        st.sampled_from([512, 1024, 2048, 4096, 8192]),
        st.integers(10, 500),
        st.integers(100, 10_000),
        money,
        st.decimals(min_value=0, max_value=1, places=3),
        st.booleans(),
        st.lists(st.sampled_from(LOCATIONS), max_size=4, unique=True),
    ),
    max_size=12,
    unique_by=lambda p: p.id,
)
constraints_strategy = st.builds(
    PlanConstraints,
    min_vcpus=st.none() | st.integers(0, 8),
    max_vcpus=st.none() | st.integers(8, 32),
    min_memory=st.none() | st.sampled_from([0, 1024, 4096]),
    max_memory=st.none() | st.sampled_from([4096, 8192, 16384]),
    min_storage=st.none() | st.integers(0, 300),
    min_bandwidth=st.none() | st.integers(0, 5_000),
    max_price_monthly=st.none() | money,
    max_price_hourly=st.none() | st.decimals(min_value=0, max_value=1, places=3),
    location=st.none() | st.sampled_from(LOCATIONS),
    available_only=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(plans_strategy, constraints_strategy)
def test_selection_is_the_best_match(plans: list[Plan], constraints: PlanConstraints) -> None:
    matches = filter_plans(plans, constraints)
    if not matches:
        with pytest.raises(NoMatchingPlanError) as info:
            select_plan(plans, constraints)
        assert all(f for _, f in info.value.nearest)
        assert len(info.value.nearest) == min(3, len(plans))
        return
    chosen = select_plan(plans, constraints)
    assert failed_constraints(chosen, constraints) == []
    for other in matches:
        # Nothing satisfying is strictly preferable: cheaper, or as cheap with more vcpus, ...
        assert selection_key(chosen) <= selection_key(other)
    # Deterministic whatever the input order, and the first of get_plans' default order.
    assert select_plan(list(reversed(plans)), constraints) == chosen
    assert sort_plans(matches)[0] == chosen


@settings(max_examples=200, deadline=None)
@given(plans_strategy, constraints_strategy)
def test_filter_is_the_conjunction(plans: list[Plan], constraints: PlanConstraints) -> None:
    for p in plans:
        c = constraints
        expected = (
            (c.min_vcpus is None or p.vcpus >= c.min_vcpus)
            and (c.max_vcpus is None or p.vcpus <= c.max_vcpus)
            and (c.min_memory is None or p.memory >= c.min_memory)
            and (c.max_memory is None or p.memory <= c.max_memory)
            and (c.min_storage is None or p.storage >= c.min_storage)
            and (c.min_bandwidth is None or p.bandwidth >= c.min_bandwidth)
            and (c.max_price_monthly is None or p.price_monthly <= c.max_price_monthly)
            and (c.max_price_hourly is None or p.price_hourly <= c.max_price_hourly)
            and (c.location is None or c.location in p.locations)
            and (not c.available_only or p.available)
        )
        assert (p in filter_plans([p], constraints)) == expected


def test_nearest_plans_are_the_ones_that_miss_by_the_least() -> None:
    with pytest.raises(NoMatchingPlanError) as info:
        select_plan(DOCUMENTED, PlanConstraints(min_vcpus=16, location="eu-central"))
    assert [p.slug for p, _ in info.value.nearest] == ["enterprise", "performance", "standard"]
    with pytest.raises(NoMatchingPlanError) as info:
        select_plan(DOCUMENTED, PlanConstraints(max_price_monthly=Decimal(4)))
    assert info.value.nearest[0][0].slug == "starter"


def test_an_unknown_location_is_named_with_the_locations_that_exist() -> None:
    with pytest.raises(NoMatchingPlanError) as info:
        select_plan([], PlanConstraints(location="eu-centrall"), known_locations=LOCATIONS)
    message = str(info.value)
    assert "no plan is offered in location 'eu-centrall'" in message
    assert "catalogue is empty" not in message and "eu-central" in message
