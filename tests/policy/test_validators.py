"""Every validator with props shaped as the dynamic resources produce them, including unknowns.

Each test runs twice: on plain dicts, and on what pulumi_policy's analyzer hands validators (the
props through a protobuf Struct, so every number a float, then its unknown-checking proxy, where
reading an unknown value raises instead of returning it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import pytest
from google.protobuf import json_format
from hypothesis import given
from hypothesis import strategies as st
from pulumi_policy import (
    PolicyCustomTimeouts,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    StackValidationArgs,
)
from pulumi_policy.deserialize import deserialize_properties
from pulumi_policy.proxy import unknown_checking_proxy

from pulumi_vpsorg.policy import PolicyConfigError, validators
from tests.policy.props import (
    ORDER_TYPE,
    ORDERS_AUDIT_TYPE,
    PLAN_LOOKUP_TYPE,
    UNKNOWN,
    UNKNOWN_NUMBER,
    audit_outputs,
    audit_preview,
    engine_struct,
    order_inputs,
    orders,
    plan_lookup_inputs,
    plan_lookup_outputs,
    plan_lookup_preview,
    urn,
)

Shape = Callable[[dict[str, Any]], Mapping[str, Any]]


def _plain(props: dict[str, Any]) -> Mapping[str, Any]:
    return props


def _engine(props: dict[str, Any]) -> Mapping[str, Any]:
    """What the analyzer hands a validator: Struct round trip, secrets unwrapped, proxied."""
    as_dict = json_format.MessageToDict(engine_struct(props))
    return unknown_checking_proxy(deserialize_properties(as_dict))  # type: ignore[no-any-return]


@pytest.fixture(params=[_plain, _engine], ids=["plain", "engine"])
def shape(request: pytest.FixtureRequest) -> Shape:
    return request.param  # type: ignore[no-any-return]


class Violations(list[tuple[str, "str | None"]]):
    """A ``report_violation`` that records its calls."""

    def __call__(self, message: str, urn: str | None = None) -> None:
        self.append((message, urn))

    @property
    def messages(self) -> list[str]:
        return [message for message, _ in self]


def _opts() -> PolicyResourceOptions:
    return PolicyResourceOptions(False, [], None, [], PolicyCustomTimeouts(0, 0, 0), [])


def run_resource(
    validate: Callable[[ResourceValidationArgs, Violations], None],
    shape: Shape,
    resource_type: str,
    props: dict[str, Any],
    config: dict[str, Any] | None = None,
    name: str = "web",
) -> Violations:
    args = ResourceValidationArgs(
        resource_type, shape(props), urn(resource_type, name), name, _opts(), None, config
    )
    found = Violations()
    validate(args, found)
    return found


def run_stack(
    validate: Callable[[StackValidationArgs, Violations], None],
    shape: Shape,
    resources: list[tuple[str, str, dict[str, Any]]],
    config: dict[str, Any] | None = None,
    tags: dict[str, str] | None = None,
) -> Violations:
    policy_resources = [
        PolicyResource(kind, shape(props), urn(kind, name), name, _opts(), None, None, [], {})
        for kind, name, props in resources
    ]
    found = Violations()
    validate(StackValidationArgs(policy_resources, config, tags), found)
    return found


# --- vpsorg-plan-price-cap -------------------------------------------------------------------

cap = validators.validate_plan_price_cap


def test_price_cap_within_default_limit_passes(shape: Shape) -> None:
    props = plan_lookup_inputs(min_vcpus=2, max_price_monthly=40.0, location="eu-central")
    assert run_resource(cap, shape, PLAN_LOOKUP_TYPE, props) == []


def test_price_cap_above_default_limit_names_value_and_limit(shape: Shape) -> None:
    found = run_resource(cap, shape, PLAN_LOOKUP_TYPE, plan_lookup_inputs(max_price_monthly=60.0))
    assert found.messages == [
        "PlanLookup 'web': max_price_monthly 60 USD exceeds maxPriceMonthly 50 USD; "
        "lower max_price_monthly to at most 50."
    ]
    assert found[0][1] is None


def test_price_cap_hourly_and_configured_limits(shape: Shape) -> None:
    props = plan_lookup_inputs(max_price_monthly=20.0, max_price_hourly=0.05)
    config = {"maxPriceMonthly": 10.0, "maxPriceHourly": 0.03}
    found = run_resource(cap, shape, PLAN_LOOKUP_TYPE, props, config)
    assert [m.split(";")[0] for m in found.messages] == [
        "PlanLookup 'web': max_price_monthly 20 USD exceeds maxPriceMonthly 10 USD",
        "PlanLookup 'web': max_price_hourly 0.05 USD exceeds maxPriceHourly 0.03 USD",
    ]


def test_price_cap_equal_to_limit_passes_without_float_noise(shape: Shape) -> None:
    props = plan_lookup_inputs(max_price_monthly=0.1 + 0.2, max_price_hourly=0.007)
    config = {"maxPriceMonthly": 0.30000000000000004, "maxPriceHourly": 0.007}
    assert run_resource(cap, shape, PLAN_LOOKUP_TYPE, props, config) == []


def test_price_cap_unknown_during_preview_reports_nothing(shape: Shape) -> None:
    props = plan_lookup_inputs(max_price_monthly=UNKNOWN, max_price_hourly=UNKNOWN_NUMBER)
    config = {"maxPriceMonthly": 1.0, "maxPriceHourly": 0.001, "requireCap": True}
    assert run_resource(cap, shape, PLAN_LOOKUP_TYPE, props, config) == []


def test_price_cap_ignores_other_types(shape: Shape) -> None:
    props = order_inputs(max_price_monthly=1000.0)
    assert run_resource(cap, shape, ORDER_TYPE, props) == []


def test_price_cap_require_cap(shape: Shape) -> None:
    config = {"requireCap": True}
    found = run_resource(cap, shape, PLAN_LOOKUP_TYPE, plan_lookup_inputs(min_vcpus=4), config)
    assert found.messages == [
        "PlanLookup 'web' sets no max_price_monthly and pins no plan (plan_id or slug), so it "
        "may select a plan above maxPriceMonthly 50 USD (requireCap is on)."
    ]
    for pinned in ({"slug": "standard"}, {"plan_id": 2}, {"slug": UNKNOWN}):
        assert run_resource(cap, shape, PLAN_LOOKUP_TYPE, plan_lookup_inputs(**pinned), config) == []


def test_price_cap_outputs_of_a_lookup_are_judged_by_their_cap(shape: Shape) -> None:
    props = plan_lookup_outputs("enterprise", max_price_monthly=45.0)
    assert run_resource(cap, shape, PLAN_LOOKUP_TYPE, props, {"maxPriceMonthly": 40.0}) != []


@pytest.mark.parametrize(
    ("config", "key"),
    [
        ({"maxPriceMonthly": "cheap"}, "maxPriceMonthly"),
        ({"maxPriceMonthly": -1}, "maxPriceMonthly"),
        ({"maxPriceHourly": True}, "maxPriceHourly"),
        ({"requireCap": "yes"}, "requireCap"),
    ],
)
def test_price_cap_bad_config_names_the_key(shape: Shape, config: dict[str, Any], key: str) -> None:
    with pytest.raises(PolicyConfigError, match=key):
        run_resource(cap, shape, PLAN_LOOKUP_TYPE, plan_lookup_inputs(max_price_monthly=1.0), config)


# --- vpsorg-plan-allowed-locations ----------------------------------------------------------

locations = validators.validate_plan_allowed_locations
ALLOWED = {"allowedLocations": ["eu-central", "us-east"]}


def test_locations_unconfigured_allows_anything(shape: Shape) -> None:
    assert run_resource(locations, shape, PLAN_LOOKUP_TYPE, plan_lookup_inputs()) == []
    props = plan_lookup_inputs(location="asia-pacific")
    assert run_resource(locations, shape, PLAN_LOOKUP_TYPE, props) == []


def test_locations_allowed_passes(shape: Shape) -> None:
    props = plan_lookup_inputs(location="eu-central", min_memory=4096)
    assert run_resource(locations, shape, PLAN_LOOKUP_TYPE, props, ALLOWED) == []


def test_locations_are_judged_as_the_lookup_reads_them(shape: Shape) -> None:
    """The lookup selects in ``eu-central`` for `` eu-central ``: the policy agrees."""
    props = plan_lookup_inputs(location=" eu-central ")
    assert run_resource(locations, shape, PLAN_LOOKUP_TYPE, props, ALLOWED) == []


def test_locations_outside_list_names_location_and_list(shape: Shape) -> None:
    props = plan_lookup_inputs(location="asia-pacific")
    found = run_resource(locations, shape, PLAN_LOOKUP_TYPE, props, ALLOWED)
    assert found.messages == [
        "PlanLookup 'web': location 'asia-pacific' is not in allowedLocations "
        "(eu-central, us-east)."
    ]


def test_locations_missing_location_is_a_violation(shape: Shape) -> None:
    found = run_resource(locations, shape, PLAN_LOOKUP_TYPE, plan_lookup_inputs(slug="starter"), ALLOWED)
    assert found.messages == [
        "PlanLookup 'web' sets no location, so its plan is not tied to allowedLocations "
        "(eu-central, us-east); set location to one of them."
    ]


def test_locations_unknown_during_preview_reports_nothing(shape: Shape) -> None:
    props = plan_lookup_inputs(location=UNKNOWN)
    assert run_resource(locations, shape, PLAN_LOOKUP_TYPE, props, ALLOWED) == []


def test_locations_bad_config(shape: Shape) -> None:
    with pytest.raises(PolicyConfigError, match="allowedLocations"):
        run_resource(locations, shape, PLAN_LOOKUP_TYPE, plan_lookup_inputs(), {"allowedLocations": "eu"})


# --- vpsorg-order-auto-pay ----------------------------------------------------------------

auto_pay = validators.validate_order_auto_pay


def test_auto_pay_on_passes(shape: Shape) -> None:
    props = order_inputs(order_id=7736, auto_pay=True, promo_code="fall2403")
    assert run_resource(auto_pay, shape, ORDER_TYPE, props, name="renewal") == []


def test_auto_pay_off_is_a_violation(shape: Shape) -> None:
    props = order_inputs(order_id=7546, auto_pay=False)
    found = run_resource(auto_pay, shape, ORDER_TYPE, props, name="deposit")
    assert found.messages == [
        "Order 'deposit': auto_pay = false, but autoPay requires auto_pay = true."
    ]


def test_auto_pay_unset_is_a_violation(shape: Shape) -> None:
    found = run_resource(auto_pay, shape, ORDER_TYPE, order_inputs(order_id=7546), name="deposit")
    assert found.messages == [
        "Order 'deposit' does not set auto_pay; autoPay requires auto_pay = true."
    ]


def test_auto_pay_configured_off(shape: Shape) -> None:
    config = {"autoPay": False}
    assert run_resource(auto_pay, shape, ORDER_TYPE, order_inputs(auto_pay=False), config) == []
    found = run_resource(auto_pay, shape, ORDER_TYPE, order_inputs(auto_pay=True), config)
    assert found.messages == ["Order 'web': auto_pay = true, but autoPay requires auto_pay = false."]


def test_auto_pay_unknown_and_other_types_report_nothing(shape: Shape) -> None:
    assert run_resource(auto_pay, shape, ORDER_TYPE, order_inputs(auto_pay=UNKNOWN)) == []
    assert run_resource(auto_pay, shape, PLAN_LOOKUP_TYPE, plan_lookup_inputs()) == []


# --- vpsorg-order-delete-on-destroy -----------------------------------------------------------

delete = validators.validate_order_delete_on_destroy


def test_delete_on_destroy_default_false_passes(shape: Shape) -> None:
    assert run_resource(delete, shape, ORDER_TYPE, order_inputs(auto_pay=True)) == []


def test_delete_on_destroy_true_is_a_violation(shape: Shape) -> None:
    props = order_inputs(auto_pay=True, delete_on_destroy=True)
    found = run_resource(delete, shape, ORDER_TYPE, props, name="scratch")
    assert found.messages == [
        "Order 'scratch': delete_on_destroy = true would delete the order at VPS.org on destroy, "
        "and allowDeleteOnDestroy is false."
    ]


def test_delete_on_destroy_allowed_or_unknown(shape: Shape) -> None:
    props = order_inputs(delete_on_destroy=True)
    assert run_resource(delete, shape, ORDER_TYPE, props, {"allowDeleteOnDestroy": True}) == []
    assert run_resource(delete, shape, ORDER_TYPE, order_inputs(delete_on_destroy=UNKNOWN)) == []


# --- vpsorg-plan-max-price ----------------------------------------------------------------------

max_price = validators.validate_plan_max_price


def test_max_price_selected_plan_over_limit(shape: Shape) -> None:
    resources = [
        (PLAN_LOOKUP_TYPE, "web", plan_lookup_outputs("standard", min_vcpus=2)),
        (PLAN_LOOKUP_TYPE, "db", plan_lookup_outputs("enterprise", min_memory=16384)),
        (ORDER_TYPE, "renewal", order_inputs(auto_pay=True, price_monthly=999.0)),
    ]
    found = run_stack(max_price, shape, resources, {"maxPriceMonthly": 20.0, "maxPriceHourly": 0.05})
    assert found == [
        (
            "PlanLookup 'db' selected plan 'enterprise' (plan_id 4): price_monthly 40 USD exceeds "
            "maxPriceMonthly 20 USD.",
            urn(PLAN_LOOKUP_TYPE, "db"),
        ),
        (
            "PlanLookup 'db' selected plan 'enterprise' (plan_id 4): price_hourly 0.06 USD "
            "exceeds maxPriceHourly 0.05 USD.",
            urn(PLAN_LOOKUP_TYPE, "db"),
        ),
    ]


def test_max_price_default_limit_admits_every_seed_plan(shape: Shape) -> None:
    resources = [(PLAN_LOOKUP_TYPE, slug, plan_lookup_outputs(slug)) for slug in
                 ("starter", "standard", "performance", "enterprise")]
    assert run_stack(max_price, shape, resources) == []


def test_max_price_preview_reports_nothing(shape: Shape) -> None:
    resources = [
        (PLAN_LOOKUP_TYPE, "web", plan_lookup_preview(min_vcpus=8)),
        (PLAN_LOOKUP_TYPE, "db", plan_lookup_inputs(slug="enterprise")),
    ]
    assert run_stack(max_price, shape, resources, {"maxPriceMonthly": 1.0}) == []


# --- vpsorg-plan-available --------------------------------------------------------------------

available = validators.validate_plan_available


def test_available_false_is_a_violation(shape: Shape) -> None:
    gone = plan_lookup_outputs("performance", available_only=False)
    gone["available"] = False
    resources = [
        (PLAN_LOOKUP_TYPE, "web", plan_lookup_outputs("standard")),
        (PLAN_LOOKUP_TYPE, "batch", gone),
        (PLAN_LOOKUP_TYPE, "next", plan_lookup_preview()),
    ]
    found = run_stack(available, shape, resources)
    assert found == [
        (
            "PlanLookup 'batch' selected plan 'performance' (plan_id 3), which is not available "
            "(available = false); keep available_only = true or pick another plan.",
            urn(PLAN_LOOKUP_TYPE, "batch"),
        )
    ]


# --- vpsorg-plan-min-resources ----------------------------------------------------------------

minimum = validators.validate_plan_min_resources
MINIMUMS = {
    "minVcpus": 1.0,
    "minMemory": 2048.0,
    "byStackTag": {"production": {"minVcpus": 2.0, "minMemory": 4096.0}},
}


def test_min_resources_stack_tag_override(shape: Shape) -> None:
    resources = [
        (PLAN_LOOKUP_TYPE, "web", plan_lookup_outputs("starter")),
        (PLAN_LOOKUP_TYPE, "db", plan_lookup_outputs("standard")),
    ]
    found = run_stack(minimum, shape, resources, MINIMUMS, {"environment": "production"})
    assert found == [
        (
            "PlanLookup 'web' selected plan 'starter' (plan_id 1): vcpus 1 is below minVcpus 2 "
            "for stack tag environment=production.",
            urn(PLAN_LOOKUP_TYPE, "web"),
        ),
        (
            "PlanLookup 'web' selected plan 'starter' (plan_id 1): memory 2048 MB is below "
            "minMemory 4096 MB for stack tag environment=production.",
            urn(PLAN_LOOKUP_TYPE, "web"),
        ),
    ]


def test_min_resources_other_tag_uses_top_level(shape: Shape) -> None:
    resources = [(PLAN_LOOKUP_TYPE, "web", plan_lookup_outputs("starter"))]
    assert run_stack(minimum, shape, resources, MINIMUMS, {"environment": "dev"}) == []
    found = run_stack(minimum, shape, resources, {**MINIMUMS, "minMemory": 3000.0})
    assert found.messages == [
        "PlanLookup 'web' selected plan 'starter' (plan_id 1): memory 2048 MB is below "
        "minMemory 3000 MB."
    ]


def test_min_resources_custom_tag_and_partial_override(shape: Shape) -> None:
    config = {"minMemory": 8192.0, "stackTag": "tier", "byStackTag": {"gold": {"minVcpus": 4}}}
    resources = [(PLAN_LOOKUP_TYPE, "web", plan_lookup_outputs("performance"))]
    assert run_stack(minimum, shape, resources, config, {"tier": "gold"}) == []
    found = run_stack(minimum, shape, resources, {**config, "minMemory": 9000}, {"tier": "gold"})
    assert found.messages == [
        "PlanLookup 'web' selected plan 'performance' (plan_id 3): memory 8192 MB is below "
        "minMemory 9000 MB for stack tag tier=gold."
    ]


def test_min_resources_unconfigured_or_unknown(shape: Shape) -> None:
    resources = [(PLAN_LOOKUP_TYPE, "web", plan_lookup_outputs("starter"))]
    assert run_stack(minimum, shape, resources) == []
    preview = [(PLAN_LOOKUP_TYPE, "web", plan_lookup_preview())]
    assert run_stack(minimum, shape, preview, MINIMUMS, {"environment": "production"}) == []


def test_min_resources_bad_nested_config_names_the_path(shape: Shape) -> None:
    config = {"byStackTag": {"production": {"minVcpus": "two"}}}
    resources = [(PLAN_LOOKUP_TYPE, "web", plan_lookup_outputs("starter"))]
    with pytest.raises(PolicyConfigError, match=r"byStackTag\.production\.minVcpus"):
        run_stack(minimum, shape, resources, config, {"environment": "production"})


# --- vpsorg-stack-monthly-budget --------------------------------------------------------------

budget = validators.validate_stack_monthly_budget


def test_budget_sum_over_limit_lists_contributions(shape: Shape) -> None:
    resources = [
        (PLAN_LOOKUP_TYPE, "web", plan_lookup_outputs("standard")),
        (PLAN_LOOKUP_TYPE, "db", plan_lookup_outputs("performance")),
        (PLAN_LOOKUP_TYPE, "cache", plan_lookup_outputs("starter")),
        (ORDERS_AUDIT_TYPE, "billing", audit_outputs(orders())),
    ]
    found = run_stack(budget, shape, resources, {"monthlyBudget": 30.0})
    assert found == [
        (
            "Selected plans cost 35 USD per month in total, over monthlyBudget 30 USD: "
            "web (standard) 10 USD, db (performance) 20 USD, cache (starter) 5 USD.",
            None,
        )
    ]


def test_budget_at_limit_passes(shape: Shape) -> None:
    resources = [(PLAN_LOOKUP_TYPE, s, plan_lookup_outputs(s)) for s in ("standard", "performance")]
    assert run_stack(budget, shape, resources, {"monthlyBudget": 30.0}) == []


def test_budget_default_is_200(shape: Shape) -> None:
    resources = [(PLAN_LOOKUP_TYPE, f"node{i}", plan_lookup_outputs("enterprise")) for i in range(6)]
    found = run_stack(budget, shape, resources)
    assert len(found) == 1
    assert found.messages[0].startswith(
        "Selected plans cost 240 USD per month in total, over monthlyBudget 200 USD:"
    )


def test_budget_skips_unknown_prices_and_says_so(shape: Shape) -> None:
    resources = [
        (PLAN_LOOKUP_TYPE, "web", plan_lookup_outputs("enterprise")),
        (PLAN_LOOKUP_TYPE, "next", plan_lookup_preview(max_price_monthly=40.0)),
    ]
    found = run_stack(budget, shape, resources, {"monthlyBudget": 30.0})
    assert found.messages == [
        "Selected plans cost 40 USD per month in total, over monthlyBudget 30 USD: "
        "web (enterprise) 40 USD; 1 PlanLookup(s) with unknown price not counted."
    ]
    assert run_stack(budget, shape, resources, {"monthlyBudget": 40.0}) == []


def test_budget_decimal_sum_has_no_float_noise(shape: Shape) -> None:
    cheap = []
    for name, price in (("a", 0.1), ("b", 0.2)):
        props = plan_lookup_outputs("starter")
        props["price_monthly"] = price
        cheap.append((PLAN_LOOKUP_TYPE, name, props))
    assert 0.1 + 0.2 > 0.3
    assert run_stack(budget, shape, cheap, {"monthlyBudget": 0.3}) == []


@given(
    prices=st.lists(
        st.decimals(min_value=0, max_value=500, places=2, allow_nan=False, allow_infinity=False),
        min_size=1,
        max_size=12,
    )
)
def test_budget_exact_sum_never_violates_and_one_cent_less_does(prices: list[Decimal]) -> None:
    resources = []
    for index, price in enumerate(prices):
        props = plan_lookup_outputs("starter")
        props["price_monthly"] = float(price)
        resources.append((PLAN_LOOKUP_TYPE, f"p{index}", props))
    total = sum(prices, Decimal(0))
    assert run_stack(budget, _plain, resources, {"monthlyBudget": float(total)}) == []
    if total >= Decimal("0.01"):
        found = run_stack(budget, _plain, resources, {"monthlyBudget": float(total - Decimal("0.01"))})
        assert len(found) == 1


# --- vpsorg-orders-audit --------------------------------------------------------------------------

audit = validators.validate_orders_audit


def test_audit_overdue_default_threshold_zero(shape: Shape) -> None:
    props = audit_outputs(orders({7546: "pending_payment", 7413: "awaiting_payment"}))
    found = run_stack(audit, shape, [(ORDERS_AUDIT_TYPE, "billing", props)])
    assert found == [
        (
            "OrdersAudit 'billing': overdue_count 2 exceeds maxOverdueCount 0 "
            "(overdue orders: 7546, 7413).",
            urn(ORDERS_AUDIT_TYPE, "billing"),
        )
    ]


def test_audit_unpaid_thresholds(shape: Shape) -> None:
    props = audit_outputs(orders({7546: "pending_payment", 7413: "processing"}), status=["pending_payment", "paid"])
    config = {"maxOverdueCount": 5.0, "maxUnpaidCount": 1.0, "maxUnpaidTotal": 49.99}
    found = run_stack(audit, shape, [(ORDERS_AUDIT_TYPE, "billing", props)], config)
    assert found.messages == [
        "OrdersAudit 'billing': unpaid_count 2 exceeds maxUnpaidCount 1.",
        "OrdersAudit 'billing': unpaid_total 50 USD exceeds maxUnpaidTotal 49.99 USD.",
    ]
    relaxed = {**config, "maxUnpaidCount": 2, "maxUnpaidTotal": 50}
    assert run_stack(audit, shape, [(ORDERS_AUDIT_TYPE, "billing", props)], relaxed) == []


def test_audit_all_paid_or_unknown_reports_nothing(shape: Shape) -> None:
    resources = [
        (ORDERS_AUDIT_TYPE, "billing", audit_outputs(orders())),
        (ORDERS_AUDIT_TYPE, "later", audit_preview(type=["new-service"])),
    ]
    config = {"maxUnpaidCount": 0, "maxUnpaidTotal": 0}
    assert run_stack(audit, shape, resources, config) == []
