"""Policies fail closed on hostile numbers (issue 14, point 4): a price, count or total that is
there but cannot be read as a finite number is a violation, never a skip; a limit in the config
that cannot be read stops the run with :class:`PolicyConfigError`; no message formats an absurd
number out in full.

Each case runs on plain dicts and on props as the analyzer hands them (through a protobuf
``Struct``); values a ``Struct`` cannot carry (``inf``, ``NaN``, 5000-digit integers) on plain
dicts only.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pulumi_vpsorg._numbers import NumberRangeError, money
from pulumi_vpsorg.policy import PolicyConfigError, validators
from tests.policy.props import (
    ORDERS_AUDIT_TYPE,
    PLAN_LOOKUP_TYPE,
    UNKNOWN,
    audit_outputs,
    orders,
    plan_lookup_inputs,
    plan_lookup_outputs,
    urn,
)
from tests.policy.test_validators import _engine, _plain, run_resource, run_stack

Shape = Callable[[dict[str, Any]], Mapping[str, Any]]

#: Values a validator cannot read as a finite number, in both shapes.
HOSTILE: dict[str, Any] = {
    "text inf": "inf",
    "text NaN": "NaN",
    "text 9e999999": "9e999999",
    "text 1e1000000": "1e1000000",
    "text 1E+999999999999999999": "1E+999999999999999999",
    "text sNaN": "sNaN",
    "text cheap": "cheap",
    "true": True,
    "list": [1.0],
    "float 1e308": 1e308,
}
#: Values only plain dicts can carry: a Struct holds no integer beyond a double, and the analyzer's
#: ``MessageToDict`` refuses a NaN or infinite number before any validator runs.
HOSTILE_PLAIN: dict[str, Any] = {
    **HOSTILE,
    "inf": math.inf,
    "-inf": -math.inf,
    "nan": math.nan,
    "5000-digit int": 10**5000,
    "Decimal 1E+999999999": Decimal("1E+999999999"),
}


@pytest.fixture(params=[_plain, _engine], ids=["plain", "engine"])
def shape(request: pytest.FixtureRequest) -> Shape:
    return request.param  # type: ignore[no-any-return]


def _bounded(messages: list[str]) -> None:
    assert all(len(message) < 500 for message in messages), messages


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_plan_price_unreadable_is_a_violation(shape: Shape, value: Any) -> None:
    props = plan_lookup_outputs("standard")
    props["price_monthly"] = value
    found = run_stack(validators.validate_plan_max_price, shape, [(PLAN_LOOKUP_TYPE, "web", props)])
    assert len(found) == 1, found
    message, where = found[0]
    assert message.startswith("PlanLookup 'web' selected plan 'standard' (plan_id 2): price_monthly")
    assert "maxPriceMonthly 50 USD" in message
    assert where == urn(PLAN_LOOKUP_TYPE, "web")
    _bounded(found.messages)


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_price_cap_unreadable_is_a_violation(shape: Shape, value: Any) -> None:
    props = plan_lookup_inputs(max_price_monthly=value)
    found = run_resource(validators.validate_plan_price_cap, shape, PLAN_LOOKUP_TYPE, props)
    assert len(found) == 1, found
    assert found.messages[0].startswith("PlanLookup 'web': max_price_monthly ")
    assert "maxPriceMonthly 50 USD" in found.messages[0]
    _bounded(found.messages)


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_min_resources_unreadable_is_a_violation(shape: Shape, value: Any) -> None:
    props = plan_lookup_outputs("performance")
    props["memory"] = value
    found = run_stack(
        validators.validate_plan_min_resources,
        shape,
        [(PLAN_LOOKUP_TYPE, "db", props)],
        {"minMemory": 2048},
    )
    assert len(found) == 1, found
    assert ": memory " in found.messages[0] and "minMemory 2048 MB" in found.messages[0]
    _bounded(found.messages)


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_budget_unreadable_price_is_a_violation_not_left_out(shape: Shape, value: Any) -> None:
    odd = plan_lookup_outputs("starter")
    odd["price_monthly"] = value
    resources = [
        (PLAN_LOOKUP_TYPE, "web", plan_lookup_outputs("standard")),
        (PLAN_LOOKUP_TYPE, "odd", odd),
    ]
    found = run_stack(validators.validate_stack_monthly_budget, shape, resources)
    assert len(found) == 1, found
    message, where = found[0]
    assert message.startswith("PlanLookup 'odd' selected plan 'starter' (plan_id 1): price_monthly")
    assert "monthlyBudget 200 USD" in message
    assert where == urn(PLAN_LOOKUP_TYPE, "odd")
    _bounded(found.messages)


@pytest.mark.parametrize("key", ["overdue_count", "unpaid_count", "unpaid_total"])
@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_audit_unreadable_figure_is_a_violation(shape: Shape, value: Any, key: str) -> None:
    props = audit_outputs(orders())  # all paid: nothing over any threshold
    props[key] = value
    config = {"maxOverdueCount": 0, "maxUnpaidCount": 0, "maxUnpaidTotal": 0}
    found = run_stack(
        validators.validate_orders_audit, shape, [(ORDERS_AUDIT_TYPE, "billing", props)], config
    )
    assert len(found) == 1, found
    assert found.messages[0].startswith(f"OrdersAudit 'billing': {key} ")
    _bounded(found.messages)


@pytest.mark.parametrize("value", HOSTILE_PLAIN.values(), ids=HOSTILE_PLAIN.keys())
def test_plain_only_hostile_values_are_violations_too(value: Any) -> None:
    props = plan_lookup_outputs("standard")
    props["price_monthly"] = value
    resources = [(PLAN_LOOKUP_TYPE, "web", props)]
    assert len(run_stack(validators.validate_plan_max_price, _plain, resources)) == 1
    assert len(run_stack(validators.validate_stack_monthly_budget, _plain, resources)) == 1
    cap = plan_lookup_inputs(max_price_monthly=value)
    assert len(run_resource(validators.validate_plan_price_cap, _plain, PLAN_LOOKUP_TYPE, cap)) == 1
    audit = audit_outputs(orders())
    audit["unpaid_total"] = value
    config = {"maxUnpaidTotal": 0}
    resources = [(ORDERS_AUDIT_TYPE, "billing", audit)]
    assert len(run_stack(validators.validate_orders_audit, _plain, resources, config)) == 1


def test_huge_prices_that_are_numbers_still_sum_without_overflow() -> None:
    """Two prices at the top of the range: a total, a violation, no ``decimal.Overflow``."""
    resources = []
    for name in ("a", "b"):
        props = plan_lookup_outputs("enterprise")
        props["price_monthly"] = "1E+15"
        resources.append((PLAN_LOOKUP_TYPE, name, props))
    found = run_stack(validators.validate_stack_monthly_budget, _plain, resources)
    assert found.messages == [
        "Selected plans cost 2000000000000000 USD per month in total, over monthlyBudget 200 USD: "
        "a (enterprise) 1000000000000000 USD, b (enterprise) 1000000000000000 USD."
    ]


def test_unknown_values_are_still_not_violations(shape: Shape) -> None:
    props = plan_lookup_outputs("standard")
    props["price_monthly"] = UNKNOWN
    resources = [(PLAN_LOOKUP_TYPE, "web", props)]
    assert run_stack(validators.validate_plan_max_price, shape, resources) == []


@pytest.mark.parametrize(
    "value",
    [10**5000, math.inf, math.nan, 1e16, Decimal("sNaN"), Decimal("1E+999999999"), [5]],
    ids=["5000-digit int", "inf", "nan", "1e16", "sNaN", "Decimal 1E+999999999", "list"],
)
@pytest.mark.parametrize("key", ["monthlyBudget", "maxPriceMonthly", "maxUnpaidTotal"])
def test_unreadable_limit_stops_the_run_naming_the_key(value: Any, key: str) -> None:
    checks: dict[str, Callable[..., Any]] = {
        "monthlyBudget": validators.validate_stack_monthly_budget,
        "maxPriceMonthly": validators.validate_plan_max_price,
        "maxUnpaidTotal": validators.validate_orders_audit,
    }
    resources = [
        (PLAN_LOOKUP_TYPE, "web", plan_lookup_outputs("standard")),
        (ORDERS_AUDIT_TYPE, "billing", audit_outputs(orders())),
    ]
    with pytest.raises(PolicyConfigError, match=key) as info:
        run_stack(checks[key], _plain, resources, {key: value})
    assert len(str(info.value)) < 300


_any_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**5000), max_value=10**5000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.from_regex(r"\A-?\d{1,4}(\.\d{1,4})?([eE][-+]?\d{1,19})?\Z"),
    st.text(max_size=10),
    st.lists(st.floats(), max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(value=_any_value)
def test_any_price_is_judged_never_skipped_and_never_crashes(value: Any) -> None:
    """Null in a lookup that has run: one violation per check, naming the field. A number the
    package can read (its one money rule): judged against the limits. Anything else: one
    violation per check. Never an exception."""
    props = plan_lookup_outputs("standard")
    props["price_monthly"] = value
    resources = [(PLAN_LOOKUP_TYPE, "web", props)]
    found = run_stack(validators.validate_plan_max_price, _plain, resources)
    budget = run_stack(validators.validate_stack_monthly_budget, _plain, resources)
    _bounded(found.messages + budget.messages)
    if value is None:
        assert len(found) == 1 and len(budget) == 1
        assert "price_monthly is missing or null" in found.messages[0]
        assert "price_monthly is missing or null" in budget.messages[0]
        return
    try:
        price = money(value)
    except NumberRangeError:
        assert len(found) == 1 and len(budget) == 1
        assert "is not a finite number" in found.messages[0]
        return
    assert len(found) == (1 if price > 50 else 0)
    assert len(budget) == (1 if price > 200 else 0)
