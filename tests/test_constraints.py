"""The constraint rules without pydantic (``PlanLookup``'s Check) agree with the model that
applies them (:class:`~pulumi_vpsorg.selection.PlanConstraints`), on any input."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pulumi_vpsorg import ConfigurationError
from pulumi_vpsorg._constraints import RANGES, check_plan_reference, constraint_problems
from pulumi_vpsorg._vocabulary import CONSTRAINT_FIELDS
from pulumi_vpsorg.selection import PlanConstraints, parse_constraints

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=0, max_value=8),
    st.integers(min_value=-(2**60), max_value=2**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", " ", " eu-central ", "7", "-1", "nan", "1e20", "1_0", "cheap"]),
    st.text(max_size=4),
    st.lists(st.integers(), max_size=2),
)
BAGS = st.dictionaries(
    st.sampled_from((*CONSTRAINT_FIELDS, "plan_id", "slug", "unrelated")), VALUES, max_size=6
)


def model_verdict(values: dict[str, Any]) -> list[tuple[str, str]]:
    """The problems as the model reports them: its field errors, then (pydantic skips the
    model's range check once a field failed) every range whose two ends it accepted."""
    data = {k: values[k] for k in CONSTRAINT_FIELDS if k in values}
    try:
        PlanConstraints.model_validate(data)
    except pydantic.ValidationError as exc:
        errors = exc.errors()
    else:
        return []
    problems = [
        (str(e["loc"][0]), str(e["msg"]).removeprefix("Value error, ")) for e in errors if e["loc"]
    ]
    failed = {name for name, _ in problems}
    for low, high in RANGES:
        if low in failed or high in failed:
            continue
        ends = {}
        for name in (low, high):
            try:
                ends[name] = PlanConstraints.model_validate({name: data.get(name)})
            except pydantic.ValidationError:
                break
        else:
            lo, hi = getattr(ends[low], low), getattr(ends[high], high)
            if lo is not None and hi is not None and lo > hi:
                problems.append((low, f"{low} {lo} is greater than {high} {hi}"))
    return problems


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BAGS)
def test_the_rules_report_exactly_what_the_model_refuses(values: dict[str, Any]) -> None:
    assert constraint_problems(values) == model_verdict(values)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BAGS)
def test_parse_constraints_builds_the_model_or_names_each_problem(values: dict[str, Any]) -> None:
    problems = constraint_problems(values)
    if problems:
        with pytest.raises(ConfigurationError) as raised:
            parse_constraints(values)
        assert str(raised.value) == "; ".join(f"{name}: {reason}" for name, reason in problems)
    else:
        data = {k: values[k] for k in CONSTRAINT_FIELDS if k in values}
        assert parse_constraints(values) == PlanConstraints.model_validate(data)


def test_a_model_level_range_error_is_the_rules_message() -> None:
    values = {"min_vcpus": 4, "max_vcpus": 2.0, "min_memory": 8, "max_memory": 4}
    assert constraint_problems(values) == [
        ("min_vcpus", "min_vcpus 4 is greater than max_vcpus 2"),
        ("min_memory", "min_memory 8 is greater than max_memory 4"),
    ]
    with pytest.raises(pydantic.ValidationError, match="min_vcpus 4 is greater than max_vcpus 2"):
        PlanConstraints.model_validate(values)


def test_values_as_the_model_keeps_them() -> None:
    constraints = parse_constraints(
        {
            "min_vcpus": 2.0,
            "max_price_hourly": "0.50",
            "location": " us-east ",
            "available_only": None,
        }
    )
    assert constraints.min_vcpus == 2
    assert constraints.max_price_hourly == Decimal("0.50")
    assert constraints.location == "us-east"
    assert constraints.available_only is True


@pytest.mark.parametrize(
    ("plan_id", "slug", "message"),
    [
        (None, None, "plan_id or slug: give exactly one of them, got neither"),
        (2, "basic", "plan_id or slug: give exactly one of them, got plan_id=2 and slug='basic'"),
        (0, None, "plan_id: expected a positive integer of at most 2**53, got 0"),
        (True, None, "plan_id: expected a positive integer of at most 2**53, got True"),
        (None, " ", "slug: expected a non-empty string, got ' '"),
    ],
)
def test_plan_references(plan_id: Any, slug: Any, message: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        check_plan_reference(plan_id, slug)
    assert str(raised.value) == message
