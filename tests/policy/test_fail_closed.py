"""Policies fail closed on missing and mistyped values (issue 21, item 7).

Native resources, other programs and older states can hand a policy props that lack a field or
carry the wrong type. A check that cannot read what it needs reports a violation naming the field;
it never passes silently. A lookup or audit that has not run yet (preview: its inputs only, or its
outputs unknown) is still left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest

from pulumi_vpsorg.policy import validators
from tests.policy.props import (
    ORDER_TYPE,
    ORDERS_AUDIT_TYPE,
    PLAN_LOOKUP_TYPE,
    UNKNOWN,
    audit_outputs,
    audit_preview,
    order_inputs,
    orders,
    plan_lookup_inputs,
    plan_lookup_outputs,
    plan_lookup_preview,
    urn,
)
from tests.policy.test_validators import _engine, _plain, run_resource, run_stack

Shape = Callable[[dict[str, Any]], Mapping[str, Any]]
ABSENT = object()  # the key left out of the props


@pytest.fixture(params=[_plain, _engine], ids=["plain", "engine"])
def shape(request: pytest.FixtureRequest) -> Shape:
    return request.param  # type: ignore[no-any-return]


def _lookup(key: str, value: object, slug: str = "standard") -> dict[str, Any]:
    """Outputs of a lookup that has run, ``key`` set to ``value`` (or left out)."""
    props = plan_lookup_outputs(slug)
    if value is ABSENT:
        del props[key]
    else:
        props[key] = value
    return props


def _audit(key: str, value: object) -> dict[str, Any]:
    props = audit_outputs(orders())
    if value is ABSENT:
        del props[key]
    else:
        props[key] = value
    return props


# -- vpsorg-plan-available -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (ABSENT, "available is missing or null"),
        (None, "available is missing or null"),
        ("false", "available = 'false' is not a boolean"),
        ("true", "available = 'true' is not a boolean"),
        (0, "is not a boolean"),
        (1, "is not a boolean"),
        ([True], "is not a boolean"),
    ],
)
def test_available_that_cannot_be_read_is_a_violation(
    shape: Shape, value: object, says: str
) -> None:
    resources = [(PLAN_LOOKUP_TYPE, "web", _lookup("available", value))]

    found = run_stack(validators.validate_plan_available, shape, resources)

    assert len(found) == 1, found
    message, where = found[0]
    assert message.startswith("PlanLookup 'web' selected plan 'standard' (plan_id 2): ")
    assert says in message and "cannot be shown to be available" in message
    assert where == urn(PLAN_LOOKUP_TYPE, "web")


def test_available_true_unknown_or_not_yet_run_passes(shape: Shape) -> None:
    resources = [
        (PLAN_LOOKUP_TYPE, "web", _lookup("available", True)),
        (PLAN_LOOKUP_TYPE, "unknown", _lookup("available", UNKNOWN)),
        (PLAN_LOOKUP_TYPE, "preview", plan_lookup_preview()),
        (PLAN_LOOKUP_TYPE, "create", plan_lookup_inputs(min_vcpus=2)),
    ]
    assert run_stack(validators.validate_plan_available, shape, resources) == []


# -- prices: vpsorg-plan-max-price and vpsorg-stack-monthly-budget ---------------------------


@pytest.mark.parametrize("value", [ABSENT, None])
def test_a_missing_monthly_price_is_a_violation_of_both_price_checks(
    shape: Shape, value: object
) -> None:
    resources = [(PLAN_LOOKUP_TYPE, "web", _lookup("price_monthly", value))]

    capped = run_stack(validators.validate_plan_max_price, shape, resources)
    budget = run_stack(validators.validate_stack_monthly_budget, shape, resources)

    assert capped.messages == [
        "PlanLookup 'web' selected plan 'standard' (plan_id 2): price_monthly is missing or "
        "null, so it cannot be shown to be within maxPriceMonthly 50 USD."
    ]
    assert budget.messages == [
        "PlanLookup 'web' selected plan 'standard' (plan_id 2): price_monthly is missing or "
        "null, so it cannot be shown to be within monthlyBudget 200 USD (the stack's total)."
    ]


def test_a_missing_hourly_price_counts_only_where_a_limit_needs_it(shape: Shape) -> None:
    resources = [(PLAN_LOOKUP_TYPE, "web", _lookup("price_hourly", ABSENT))]

    assert run_stack(validators.validate_plan_max_price, shape, resources) == []
    found = run_stack(
        validators.validate_plan_max_price, shape, resources, {"maxPriceHourly": 0.05}
    )
    assert len(found) == 1
    assert "price_hourly is missing or null" in found.messages[0]
    assert "maxPriceHourly 0.05 USD" in found.messages[0]


def test_prices_of_lookups_not_yet_run_are_still_skipped(shape: Shape) -> None:
    resources = [
        (PLAN_LOOKUP_TYPE, "preview", plan_lookup_preview(min_vcpus=8)),
        (PLAN_LOOKUP_TYPE, "create", plan_lookup_inputs(slug="enterprise")),
        (PLAN_LOOKUP_TYPE, "web", plan_lookup_outputs("standard")),
    ]
    assert run_stack(validators.validate_plan_max_price, shape, resources) == []
    assert run_stack(validators.validate_stack_monthly_budget, shape, resources) == []


# -- vpsorg-plan-min-resources ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "limit"), [("vcpus", "minVcpus 2"), ("memory", "minMemory 4096 MB")]
)
@pytest.mark.parametrize("value", [ABSENT, None, "two", True])
def test_a_size_that_cannot_be_read_is_a_violation(
    shape: Shape, key: str, limit: str, value: object
) -> None:
    resources = [(PLAN_LOOKUP_TYPE, "web", _lookup(key, value))]
    config = {"minVcpus": 2, "minMemory": 4096}

    found = run_stack(validators.validate_plan_min_resources, shape, resources, config)

    assert len(found) == 1, found
    assert found.messages[0].startswith(
        f"PlanLookup 'web' selected plan 'standard' (plan_id 2): {key} "
    )
    assert limit in found.messages[0]


def test_sizes_are_only_needed_when_a_minimum_is_set(shape: Shape) -> None:
    resources = [(PLAN_LOOKUP_TYPE, "web", _lookup("vcpus", ABSENT))]
    assert run_stack(validators.validate_plan_min_resources, shape, resources) == []


# -- vpsorg-orders-audit ---------------------------------------------------------------------


@pytest.mark.parametrize("value", [ABSENT, None, "none", False])
def test_an_overdue_count_that_cannot_be_read_is_a_violation(shape: Shape, value: object) -> None:
    resources = [(ORDERS_AUDIT_TYPE, "billing", _audit("overdue_count", value))]

    found = run_stack(validators.validate_orders_audit, shape, resources)

    assert len(found) == 1, found
    message, where = found[0]
    assert message.startswith("OrdersAudit 'billing': overdue_count ")
    assert "cannot be shown to be within maxOverdueCount 0" in message
    assert where == urn(ORDERS_AUDIT_TYPE, "billing")


def test_unpaid_figures_are_needed_only_when_their_limit_is_set(shape: Shape) -> None:
    resources = [(ORDERS_AUDIT_TYPE, "billing", _audit("unpaid_total", ABSENT))]
    relaxed = {"maxOverdueCount": 10**6}

    assert run_stack(validators.validate_orders_audit, shape, resources, relaxed) == []
    found = run_stack(
        validators.validate_orders_audit, shape, resources, {**relaxed, "maxUnpaidTotal": 100}
    )
    assert found.messages == [
        "OrdersAudit 'billing': unpaid_total is missing or null, so it cannot be shown to be "
        "within maxUnpaidTotal 100 USD."
    ]


def test_an_audit_not_yet_run_is_still_skipped(shape: Shape) -> None:
    resources = [
        (ORDERS_AUDIT_TYPE, "preview", audit_preview()),
        (ORDERS_AUDIT_TYPE, "create", audit_preview() | {"overdue_count": None}),
    ]
    create_only = {k: v for k, v in audit_preview().items() if v != UNKNOWN}
    resources.append((ORDERS_AUDIT_TYPE, "inputs", create_only))
    assert run_stack(validators.validate_orders_audit, shape, resources) == []


# -- vpsorg-order-delete-on-destroy ----------------------------------------------------------


@pytest.mark.parametrize("value", ["true", "false", "yes", 1, 0, 1.0, [True]])
def test_delete_on_destroy_that_is_not_a_boolean_is_a_violation(
    shape: Shape, value: object
) -> None:
    found = run_resource(
        validators.validate_order_delete_on_destroy,
        shape,
        ORDER_TYPE,
        order_inputs(delete_on_destroy=value, auto_pay=True),
    )

    assert len(found) == 1, found
    message = found.messages[0]
    assert message.startswith("Order 'web': delete_on_destroy = ")
    assert "is not a boolean, so it cannot be shown to be false" in message


def test_delete_on_destroy_false_unset_unknown_or_allowed_passes(shape: Shape) -> None:
    check = validators.validate_order_delete_on_destroy
    unset = order_inputs(auto_pay=True)
    del unset["delete_on_destroy"]
    for props in (
        order_inputs(delete_on_destroy=False),
        unset,
        order_inputs(delete_on_destroy=UNKNOWN),
    ):
        assert run_resource(check, shape, ORDER_TYPE, props) == []
    allowed = {"allowDeleteOnDestroy": True}
    assert (
        run_resource(check, shape, ORDER_TYPE, order_inputs(delete_on_destroy="true"), allowed)
        == []
    )


@pytest.mark.parametrize("value", ["true", 1, "yes"])
def test_auto_pay_that_is_not_a_boolean_is_a_violation(shape: Shape, value: object) -> None:
    found = run_resource(
        validators.validate_order_auto_pay, shape, ORDER_TYPE, order_inputs(auto_pay=value)
    )
    assert len(found) == 1 and "auto_pay = " in found.messages[0]
