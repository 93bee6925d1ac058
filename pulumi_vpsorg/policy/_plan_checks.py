"""The PlanLookup validators: the caps and location a lookup asks for (its inputs), and the
price, size and availability of the plan it selected (its outputs)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pulumi_policy import ReportViolation, ResourceValidationArgs, StackValidationArgs

from ._checks import (
    LOOKUP_ONLY_OUTPUTS,
    PRICES,
    has_run,
    listing,
    number_problem,
    read_number,
    resources,
    selected,
)
from ._values import (
    UNKNOWN,
    config_bool,
    config_decimal,
    config_mapping,
    config_str,
    config_str_list,
    fmt,
    get,
    is_unknown,
)
from .defaults import (
    DEFAULT_MAX_PRICE_MONTHLY,
    DEFAULT_MONTHLY_BUDGET,
    DEFAULT_REQUIRE_CAP,
    DEFAULT_STACK_TAG,
)
from .tokens import PLAN_LOOKUP_TYPE

__all__ = [
    "validate_plan_allowed_locations",
    "validate_plan_available",
    "validate_plan_max_price",
    "validate_plan_min_resources",
    "validate_plan_price_cap",
    "validate_stack_monthly_budget",
]


def _price_limits(config: Mapping[str, Any]) -> dict[str, Decimal | None]:
    return {
        "maxPriceMonthly": config_decimal(config, "maxPriceMonthly", DEFAULT_MAX_PRICE_MONTHLY),
        "maxPriceHourly": config_decimal(config, "maxPriceHourly", None),
    }


# --- resource validators (inputs) -----------------------------------------------------------


def validate_plan_price_cap(
    args: ResourceValidationArgs, report_violation: ReportViolation
) -> None:
    """A PlanLookup's ``max_price_monthly``/``max_price_hourly`` cap must not exceed the limits.

    Config: ``maxPriceMonthly``, ``maxPriceHourly``, ``requireCap`` (a lookup that pins no plan
    by ``plan_id``/``slug`` must set ``max_price_monthly``).
    """
    if args.resource_type != PLAN_LOOKUP_TYPE:
        return
    config = args.get_config()
    limits = _price_limits(config)
    for _, cap_key, limit_key, unit in PRICES:
        limit = limits[limit_key]
        if limit is None:
            continue
        cap, problem = read_number(args.props, cap_key, required=False)
        if problem is not None:
            who, shown_limit = f"PlanLookup '{args.name}'", f"{fmt(limit)} {unit}"
            report_violation(number_problem(who, cap_key, problem, limit_key, shown_limit), None)
        elif cap is not None and cap > limit:
            report_violation(
                f"PlanLookup '{args.name}': {cap_key} {fmt(cap)} {unit} exceeds {limit_key} "
                f"{fmt(limit)} {unit}; lower {cap_key} to at most {fmt(limit)}.",
                None,
            )
    monthly = limits["maxPriceMonthly"]
    if monthly is None or not config_bool(config, "requireCap", DEFAULT_REQUIRE_CAP):
        return
    pins = [get(args.props, key) for key in ("plan_id", "slug", "max_price_monthly")]
    if all(value is None for value in pins):
        report_violation(
            f"PlanLookup '{args.name}' sets no max_price_monthly and pins no plan (plan_id or "
            f"slug), so it may select a plan above maxPriceMonthly {fmt(monthly)} USD "
            "(requireCap is on).",
            None,
        )


def validate_plan_allowed_locations(
    args: ResourceValidationArgs, report_violation: ReportViolation
) -> None:
    """A PlanLookup's ``location`` must be set and listed in ``allowedLocations`` (if configured)."""
    if args.resource_type != PLAN_LOOKUP_TYPE:
        return
    allowed = config_str_list(args.get_config(), "allowedLocations")
    if allowed is None:
        return
    location = get(args.props, "location")
    if location is UNKNOWN:
        return
    if isinstance(location, str):
        location = location.strip()  # as the lookup reads it
    listed = ", ".join(allowed) or "none"
    if location is None:
        report_violation(
            f"PlanLookup '{args.name}' sets no location, so its plan is not tied to "
            f"allowedLocations ({listed}); set location to one of them.",
            None,
        )
    elif location not in allowed:
        report_violation(
            f"PlanLookup '{args.name}': location {location!r} is not in allowedLocations "
            f"({listed}).",
            None,
        )


# --- stack validators (outputs) -------------------------------------------------------------


def validate_plan_max_price(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """Each selected plan's ``price_monthly``/``price_hourly`` must be at most the limits."""
    limits = _price_limits(args.get_config())
    for resource in resources(args, PLAN_LOOKUP_TYPE):
        ran = has_run(resource.props, LOOKUP_ONLY_OUTPUTS)
        for price_key, _, limit_key, unit in PRICES:
            limit = limits[limit_key]
            if limit is None:
                continue
            price, problem = read_number(resource.props, price_key, required=ran)
            who = selected(resource.name, resource.props)
            if problem is not None:
                shown_limit = f"{fmt(limit)} {unit}"
                report_violation(
                    number_problem(who, price_key, problem, limit_key, shown_limit), resource.urn
                )
            elif price is not None and price > limit:
                report_violation(
                    f"{who}: {price_key} {fmt(price)} {unit} exceeds {limit_key} "
                    f"{fmt(limit)} {unit}.",
                    resource.urn,
                )


def validate_plan_available(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """Each selected plan must report ``available = true``: ``false``, and a value that is
    missing or not a boolean once the lookup has run, are violations."""
    for resource in resources(args, PLAN_LOOKUP_TYPE):
        available = get(resource.props, "available")
        if available is True or is_unknown(available):
            continue
        who = selected(resource.name, resource.props)
        if available is False:
            report_violation(
                f"{who}, which is not available (available = false); keep available_only = "
                "true or pick another plan.",
                resource.urn,
            )
        elif available is None:
            if has_run(resource.props, LOOKUP_ONLY_OUTPUTS):
                report_violation(
                    f"{who}: available is missing or null, so the plan cannot be shown to be "
                    "available.",
                    resource.urn,
                )
        else:
            report_violation(
                f"{who}: available = {available!r} is not a boolean, so the plan cannot be "
                "shown to be available.",
                resource.urn,
            )


def _minimums(
    config: Mapping[str, Any], stack_tags: Mapping[str, str]
) -> tuple[Decimal | None, Decimal | None, str]:
    """Effective ``(minVcpus, minMemory, where)`` for this stack."""
    min_vcpus = config_decimal(config, "minVcpus", None)
    min_memory = config_decimal(config, "minMemory", None)
    tag = config_str(config, "stackTag", DEFAULT_STACK_TAG)
    by_tag = config_mapping(config, "byStackTag")
    value = stack_tags.get(tag)
    if value is None or value not in by_tag:
        return min_vcpus, min_memory, ""
    override, path = by_tag[value], f"byStackTag.{value}."
    return (
        config_decimal(override, "minVcpus", min_vcpus, path=path),
        config_decimal(override, "minMemory", min_memory, path=path),
        f" for stack tag {tag}={value}",
    )


def validate_plan_min_resources(
    args: StackValidationArgs, report_violation: ReportViolation
) -> None:
    """Each selected plan must have at least the minimum ``vcpus`` and ``memory`` (MB).

    Config: ``minVcpus``, ``minMemory``, and ``byStackTag`` entries (keyed by the value of the
    stack tag ``stackTag``) that override them.
    """
    # ``stack_tags`` is missing from older pulumi-policy releases: treat it as no tags.
    stack_tags: Mapping[str, str] = getattr(args, "stack_tags", None) or {}
    min_vcpus, min_memory, where = _minimums(args.get_config(), stack_tags)
    checks = (("vcpus", "minVcpus", min_vcpus, ""), ("memory", "minMemory", min_memory, " MB"))
    for resource in resources(args, PLAN_LOOKUP_TYPE):
        ran = has_run(resource.props, LOOKUP_ONLY_OUTPUTS)
        for key, limit_key, minimum, unit in checks:
            if minimum is None:
                continue
            actual, problem = read_number(resource.props, key, required=ran)
            who = selected(resource.name, resource.props)
            if problem is not None:
                shown_limit = f"{fmt(minimum)}{unit}"
                report_violation(
                    number_problem(who, key, problem, limit_key, shown_limit), resource.urn
                )
            elif actual is not None and actual < minimum:
                report_violation(
                    f"{who}: {key} {fmt(actual)}{unit} is below {limit_key} "
                    f"{fmt(minimum)}{unit}{where}.",
                    resource.urn,
                )


def validate_stack_monthly_budget(
    args: StackValidationArgs, report_violation: ReportViolation
) -> None:
    """The selected plans' ``price_monthly`` must add up to at most ``monthlyBudget``.

    Lookups that have not run yet (preview) are left out of the sum, so a violation is certain
    when reported; a price that is missing once its lookup has run, or that cannot be read as a
    finite number, is a violation of its own.
    """
    budget = config_decimal(args.get_config(), "monthlyBudget", DEFAULT_MONTHLY_BUDGET)
    if budget is None:
        return
    total, parts, unknown = Decimal(0), [], 0
    for resource in resources(args, PLAN_LOOKUP_TYPE):
        ran = has_run(resource.props, LOOKUP_ONLY_OUTPUTS)
        price, problem = read_number(resource.props, "price_monthly", required=ran)
        if problem is not None:
            who = selected(resource.name, resource.props)
            shown_budget = f"{fmt(budget)} USD (the stack's total)"
            report_violation(
                number_problem(who, "price_monthly", problem, "monthlyBudget", shown_budget),
                resource.urn,
            )
            continue
        if price is None:
            unknown += 1
            continue
        total += price
        slug = get(resource.props, "slug")
        plan = f" ({slug})" if isinstance(slug, str) else ""
        parts.append(f"{resource.name}{plan} {fmt(price)} USD")
    if total <= budget:
        return
    skipped = f"; {unknown} PlanLookup(s) with unknown price not counted" if unknown else ""
    report_violation(
        f"Selected plans cost {fmt(total)} USD per month in total, over monthlyBudget "
        f"{fmt(budget)} USD: {listing(parts)}{skipped}.",
        None,
    )
