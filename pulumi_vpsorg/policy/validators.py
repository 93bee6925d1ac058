"""Pure validators behind the policies in :mod:`pulumi_vpsorg.policy.policies`.

Each is ``(args, report_violation) -> None`` as pulumi_policy expects. They read their config with
``args.get_config()`` (falling back to the ``DEFAULT_*`` values below, which the config schemas
advertise too), skip resources of other types, report nothing for values that are unknown (during
``pulumi preview``), and name in every message the value and the limit it broke. Money is compared
as ``Decimal(str(x))``; memory is in MB.

They fail closed: a price, count or total that is there but cannot be read as a finite number
(``inf``, ``NaN``, ``"9e999999"``, text) is a violation of every check that needs it, never a skip;
a limit in the config that cannot be read stops the run (:class:`PolicyConfigError`).

Resource validators see a resource's *inputs* (that is what the engine analyses before a step);
stack validators see every resource's *outputs* (the selected plan, an audit's counts).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any, Final

from pulumi_policy import (
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    StackValidationArgs,
)

from .._vocabulary import PRICE_CONSTRAINTS, PRICE_FIELDS
from ._values import (
    UNKNOWN,
    UnreadableNumberError,
    config_bool,
    config_decimal,
    config_mapping,
    config_str,
    config_str_list,
    fmt,
    get,
    is_unknown,
    to_decimal,
)
from .tokens import ORDER_TYPE, ORDERS_AUDIT_TYPE, PLAN_LOOKUP_TYPE

__all__ = [
    "DEFAULT_ALLOW_DELETE_ON_DESTROY",
    "DEFAULT_AUTO_PAY",
    "DEFAULT_MAX_OVERDUE_COUNT",
    "DEFAULT_MAX_PRICE_MONTHLY",
    "DEFAULT_MONTHLY_BUDGET",
    "DEFAULT_REQUIRE_CAP",
    "DEFAULT_STACK_TAG",
    "validate_order_auto_pay",
    "validate_order_delete_on_destroy",
    "validate_orders_audit",
    "validate_plan_allowed_locations",
    "validate_plan_available",
    "validate_plan_max_price",
    "validate_plan_min_resources",
    "validate_plan_price_cap",
    "validate_stack_monthly_budget",
]

#: ``maxPriceMonthly`` default, USD per month (every documented plan fits).
DEFAULT_MAX_PRICE_MONTHLY: Final = Decimal(50)
#: ``requireCap`` default.
DEFAULT_REQUIRE_CAP: Final = False
#: ``monthlyBudget`` default, USD per month for the whole stack.
DEFAULT_MONTHLY_BUDGET: Final = Decimal(200)
#: ``stackTag`` default: the stack tag whose value selects a ``byStackTag`` entry.
DEFAULT_STACK_TAG: Final = "environment"
#: ``autoPay`` default: the value every Order's ``auto_pay`` must have.
DEFAULT_AUTO_PAY: Final = True
#: ``allowDeleteOnDestroy`` default.
DEFAULT_ALLOW_DELETE_ON_DESTROY: Final = False
#: ``maxOverdueCount`` default.
DEFAULT_MAX_OVERDUE_COUNT: Final = Decimal(0)

#: How many items a message lists before summarising the rest.
_LIST_LIMIT: Final = 10

#: (output key, cap input key, config key, unit), monthly then hourly.
_PRICES: Final = tuple(
    (price, cap, limit, "USD")
    for price, cap, limit in zip(
        PRICE_FIELDS, PRICE_CONSTRAINTS, ("maxPriceMonthly", "maxPriceHourly"), strict=True
    )
)


def _price_limits(config: Mapping[str, Any]) -> dict[str, Decimal | None]:
    return {
        "maxPriceMonthly": config_decimal(config, "maxPriceMonthly", DEFAULT_MAX_PRICE_MONTHLY),
        "maxPriceHourly": config_decimal(config, "maxPriceHourly", None),
    }


def _read(props: Mapping[str, Any], key: str) -> tuple[Decimal | None, str | None]:
    """``(number, None)``; ``(None, None)`` when absent or unknown; ``(None, shown)`` when the value
    is there but is not a finite number (the caller reports it: fail closed)."""
    try:
        return to_decimal(get(props, key)), None
    except UnreadableNumberError as exc:
        return None, exc.shown


def _unreadable(who: str, key: str, text: str, limit_key: str, limit: str) -> str:
    return (
        f"{who}: {key} {text} is not a finite number (at most 1E+15), so it cannot be shown to "
        f"be within {limit_key} {limit}."
    )


def _resources(args: StackValidationArgs, resource_type: str) -> Iterator[PolicyResource]:
    return (r for r in args.resources if r.resource_type == resource_type)


def _ident(value: object) -> str | None:
    """An id as text: ``4`` for 4 or 4.0 (protobuf numbers are floats); ``None`` when unknown."""
    try:
        number = to_decimal(value)
    except UnreadableNumberError:
        number = None
    if number is not None:
        return fmt(number)
    return value if isinstance(value, str) and not is_unknown(value) else None


def _selected(name: str, props: Mapping[str, Any]) -> str:
    """``PlanLookup 'web' selected plan 'standard' (plan_id 2)``, with whatever is known."""
    slug, plan_id = get(props, "slug"), _ident(get(props, "plan_id"))
    plan = f" '{slug}'" if isinstance(slug, str) else ""
    if plan_id is not None:
        plan += f" (plan_id {plan_id})"
    return f"PlanLookup '{name}' selected plan{plan}"


def _listing(items: list[str]) -> str:
    shown = ", ".join(items[:_LIST_LIMIT])
    rest = len(items) - _LIST_LIMIT
    return shown + (f" and {rest} more" if rest > 0 else "")


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
    for _, cap_key, limit_key, unit in _PRICES:
        limit = limits[limit_key]
        if limit is None:
            continue
        cap, unreadable = _read(args.props, cap_key)
        if unreadable is not None:
            who, shown_limit = f"PlanLookup '{args.name}'", f"{fmt(limit)} {unit}"
            report_violation(_unreadable(who, cap_key, unreadable, limit_key, shown_limit), None)
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


def validate_order_auto_pay(
    args: ResourceValidationArgs, report_violation: ReportViolation
) -> None:
    """An Order must set ``auto_pay`` explicitly to the configured ``autoPay``."""
    if args.resource_type != ORDER_TYPE:
        return
    required = config_bool(args.get_config(), "autoPay", DEFAULT_AUTO_PAY)
    auto_pay = get(args.props, "auto_pay")
    if auto_pay is UNKNOWN or auto_pay is required:
        return
    wanted = str(required).lower()
    if auto_pay is None:
        report_violation(
            f"Order '{args.name}' does not set auto_pay; autoPay requires auto_pay = {wanted}.",
            None,
        )
    else:
        shown = str(auto_pay).lower() if isinstance(auto_pay, bool) else repr(auto_pay)
        report_violation(
            f"Order '{args.name}': auto_pay = {shown}, but autoPay requires auto_pay = {wanted}.",
            None,
        )


def validate_order_delete_on_destroy(
    args: ResourceValidationArgs, report_violation: ReportViolation
) -> None:
    """An Order must not set ``delete_on_destroy`` unless ``allowDeleteOnDestroy`` is true."""
    if args.resource_type != ORDER_TYPE:
        return
    if config_bool(args.get_config(), "allowDeleteOnDestroy", DEFAULT_ALLOW_DELETE_ON_DESTROY):
        return
    if get(args.props, "delete_on_destroy") is True:
        report_violation(
            f"Order '{args.name}': delete_on_destroy = true would delete the order at VPS.org on "
            "destroy, and allowDeleteOnDestroy is false.",
            None,
        )


# --- stack validators (outputs) -------------------------------------------------------------


def validate_plan_max_price(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """Each selected plan's ``price_monthly``/``price_hourly`` must be at most the limits."""
    limits = _price_limits(args.get_config())
    for resource in _resources(args, PLAN_LOOKUP_TYPE):
        for price_key, _, limit_key, unit in _PRICES:
            limit = limits[limit_key]
            if limit is None:
                continue
            price, unreadable = _read(resource.props, price_key)
            if unreadable is not None:
                who, shown_limit = _selected(resource.name, resource.props), f"{fmt(limit)} {unit}"
                report_violation(
                    _unreadable(who, price_key, unreadable, limit_key, shown_limit), resource.urn
                )
            elif price is not None and price > limit:
                report_violation(
                    f"{_selected(resource.name, resource.props)}: {price_key} {fmt(price)} {unit} "
                    f"exceeds {limit_key} {fmt(limit)} {unit}.",
                    resource.urn,
                )


def validate_plan_available(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """Each selected plan must report ``available = true``."""
    for resource in _resources(args, PLAN_LOOKUP_TYPE):
        if get(resource.props, "available") is False:
            report_violation(
                f"{_selected(resource.name, resource.props)}, which is not available "
                "(available = false); keep available_only = true or pick another plan.",
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
    for resource in _resources(args, PLAN_LOOKUP_TYPE):
        for key, limit_key, minimum, unit in checks:
            if minimum is None:
                continue
            actual, unreadable = _read(resource.props, key)
            if unreadable is not None:
                who, shown_limit = _selected(resource.name, resource.props), f"{fmt(minimum)}{unit}"
                report_violation(
                    _unreadable(who, key, unreadable, limit_key, shown_limit), resource.urn
                )
            elif actual is not None and actual < minimum:
                report_violation(
                    f"{_selected(resource.name, resource.props)}: {key} {fmt(actual)}{unit} is "
                    f"below {limit_key} {fmt(minimum)}{unit}{where}.",
                    resource.urn,
                )


def validate_stack_monthly_budget(
    args: StackValidationArgs, report_violation: ReportViolation
) -> None:
    """The selected plans' ``price_monthly`` must add up to at most ``monthlyBudget``.

    Plans whose price is unknown are left out of the sum, so a violation is certain when reported;
    a price that cannot be read as a finite number is a violation of its own.
    """
    budget = config_decimal(args.get_config(), "monthlyBudget", DEFAULT_MONTHLY_BUDGET)
    if budget is None:
        return
    total, parts, unknown = Decimal(0), [], 0
    for resource in _resources(args, PLAN_LOOKUP_TYPE):
        price, unreadable = _read(resource.props, "price_monthly")
        if unreadable is not None:
            who = _selected(resource.name, resource.props)
            shown_budget = f"{fmt(budget)} USD (the stack's total)"
            report_violation(
                _unreadable(who, "price_monthly", unreadable, "monthlyBudget", shown_budget),
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
        f"{fmt(budget)} USD: {_listing(parts)}{skipped}.",
        None,
    )


def validate_orders_audit(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """An OrdersAudit's ``overdue_count``, ``unpaid_count``, ``unpaid_total`` must not exceed
    ``maxOverdueCount``, ``maxUnpaidCount``, ``maxUnpaidTotal`` (USD)."""
    config = args.get_config()
    checks = (
        ("overdue_count", "maxOverdueCount", DEFAULT_MAX_OVERDUE_COUNT, ""),
        ("unpaid_count", "maxUnpaidCount", None, ""),
        ("unpaid_total", "maxUnpaidTotal", None, " USD"),
    )
    limits = [
        (key, limit_key, config_decimal(config, limit_key, default), unit)
        for key, limit_key, default, unit in checks
    ]
    for resource in _resources(args, ORDERS_AUDIT_TYPE):
        for key, limit_key, limit, unit in limits:
            if limit is None:
                continue
            actual, unreadable = _read(resource.props, key)
            if unreadable is not None:
                who, shown_limit = f"OrdersAudit '{resource.name}'", f"{fmt(limit)}{unit}"
                report_violation(
                    _unreadable(who, key, unreadable, limit_key, shown_limit), resource.urn
                )
                continue
            if actual is None or actual <= limit:
                continue
            detail = ""
            ids = get(resource.props, "overdue_order_ids")
            if key == "overdue_count" and isinstance(ids, list) and ids:
                shown = [text for text in map(_ident, ids) if text is not None]
                detail = f" (overdue orders: {_listing(shown)})" if shown else ""
            report_violation(
                f"OrdersAudit '{resource.name}': {key} {fmt(actual)}{unit} exceeds {limit_key} "
                f"{fmt(limit)}{unit}{detail}.",
                resource.urn,
            )
