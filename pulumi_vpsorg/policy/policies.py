"""The reusable policies: pulumi_policy objects wrapping :mod:`.validators`, with config schemas.

Build a pack from them in the pack's ``__main__.py``::

    PolicyPack("vpsorg-guardrails", policies=all_policies())

Config keys are camelCase, as in Pulumi policy config files; schema defaults equal the
validators' ``DEFAULT_*`` values, so a validator called without config behaves as the engine
would configure it.
"""

from __future__ import annotations

from typing import Any, Final

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyConfigSchema,
    ResourceValidationPolicy,
    StackValidationPolicy,
)

from . import validators as v
from .hosts import for_resources, for_stacks

__all__ = [
    "ORDERS_AUDIT",
    "ORDER_AUTO_PAY",
    "ORDER_DELETE_ON_DESTROY",
    "PLAN_ALLOWED_LOCATIONS",
    "PLAN_AVAILABLE",
    "PLAN_MAX_PRICE",
    "PLAN_MIN_RESOURCES",
    "PLAN_PRICE_CAP",
    "STACK_MONTHLY_BUDGET",
    "all_policies",
]

_MANDATORY: Final = EnforcementLevel.MANDATORY
_ADVISORY: Final = EnforcementLevel.ADVISORY


def _usd(description: str, default: float | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "number", "minimum": 0, "description": description}
    if default is not None:
        schema["default"] = default
    return schema


def _count(description: str, default: int | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "integer", "minimum": 0, "description": description}
    if default is not None:
        schema["default"] = default
    return schema


def _flag(description: str, default: bool) -> dict[str, Any]:
    return {"type": "boolean", "default": default, "description": description}


def _price_schema() -> dict[str, dict[str, Any]]:
    return {
        "maxPriceMonthly": _usd(
            "Highest monthly price of one plan, USD.", float(v.DEFAULT_MAX_PRICE_MONTHLY)
        ),
        "maxPriceHourly": _usd("Highest hourly price of one plan, USD (unset: not checked)."),
    }


_MINIMUMS: Final[dict[str, dict[str, Any]]] = {
    "minVcpus": _count("Fewest vCPUs a selected plan may have (unset: not checked)."),
    "minMemory": _count("Least memory a selected plan may have, MB (unset: not checked)."),
}

#: Resource policy on PlanLookup inputs: the price caps a lookup asks for.
PLAN_PRICE_CAP: Final = ResourceValidationPolicy(
    name="vpsorg-plan-price-cap",
    description=(
        "Prohibits PlanLookup price caps (max_price_monthly, max_price_hourly) above the "
        "configured maximum prices."
    ),
    validate=for_resources(v.validate_plan_price_cap),
    enforcement_level=_MANDATORY,
    config_schema=PolicyConfigSchema(
        {
            **_price_schema(),
            "requireCap": _flag(
                "Also require max_price_monthly on every lookup that pins no plan_id or slug.",
                v.DEFAULT_REQUIRE_CAP,
            ),
        }
    ),
)

#: Resource policy on PlanLookup inputs: placement.
PLAN_ALLOWED_LOCATIONS: Final = ResourceValidationPolicy(
    name="vpsorg-plan-allowed-locations",
    description="Requires every PlanLookup to set location to one of the allowed locations.",
    validate=for_resources(v.validate_plan_allowed_locations),
    enforcement_level=_MANDATORY,
    config_schema=PolicyConfigSchema(
        {
            "allowedLocations": {
                "type": "array",
                "items": {"type": "string"},
                "uniqueItems": True,
                "description": "Location slugs a PlanLookup may ask for (unset: any location).",
            }
        }
    ),
)

#: Resource policy on Order inputs: auto-pay.
ORDER_AUTO_PAY: Final = ResourceValidationPolicy(
    name="vpsorg-order-auto-pay",
    description="Requires every Order to set auto_pay to the configured value, true by default.",
    validate=for_resources(v.validate_order_auto_pay),
    enforcement_level=_MANDATORY,
    config_schema=PolicyConfigSchema(
        {"autoPay": _flag("The auto_pay value every Order must set.", v.DEFAULT_AUTO_PAY)}
    ),
)

#: Resource policy on Order inputs: deleting orders on destroy.
ORDER_DELETE_ON_DESTROY: Final = ResourceValidationPolicy(
    name="vpsorg-order-delete-on-destroy",
    description="Prohibits Orders with delete_on_destroy set unless it is explicitly allowed.",
    validate=for_resources(v.validate_order_delete_on_destroy),
    enforcement_level=_MANDATORY,
    config_schema=PolicyConfigSchema(
        {
            "allowDeleteOnDestroy": _flag(
                "Allow Orders with delete_on_destroy = true.", v.DEFAULT_ALLOW_DELETE_ON_DESTROY
            )
        }
    ),
)

#: Stack policy on PlanLookup outputs: the selected plan's prices.
PLAN_MAX_PRICE: Final = StackValidationPolicy(
    name="vpsorg-plan-max-price",
    description=(
        "Requires the monthly and hourly price of every selected plan to be at most the "
        "configured maximum prices."
    ),
    validate=for_stacks(v.validate_plan_max_price),
    enforcement_level=_MANDATORY,
    config_schema=PolicyConfigSchema(_price_schema()),
)

#: Stack policy on PlanLookup outputs: availability.
PLAN_AVAILABLE: Final = StackValidationPolicy(
    name="vpsorg-plan-available",
    description="Requires every selected plan to be available.",
    validate=for_stacks(v.validate_plan_available),
    enforcement_level=_MANDATORY,
)

#: Stack policy on PlanLookup outputs: minimum size, optionally per stack tag value.
PLAN_MIN_RESOURCES: Final = StackValidationPolicy(
    name="vpsorg-plan-min-resources",
    description=(
        "Requires every selected plan to have at least the minimum vCPUs and memory configured "
        "for the stack."
    ),
    validate=for_stacks(v.validate_plan_min_resources),
    enforcement_level=_MANDATORY,
    config_schema=PolicyConfigSchema(
        {
            **_MINIMUMS,
            "stackTag": {
                "type": "string",
                "minLength": 1,
                "default": v.DEFAULT_STACK_TAG,
                "description": "Stack tag whose value picks an entry of byStackTag.",
            },
            "byStackTag": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "properties": _MINIMUMS,
                    "additionalProperties": False,
                },
                "description": (
                    'Minimums per value of the stack tag, e.g. {"production": {"minVcpus": 2}}; '
                    "they override minVcpus and minMemory."
                ),
            },
        }
    ),
)

#: Stack policy on PlanLookup outputs: the stack's monthly total.
STACK_MONTHLY_BUDGET: Final = StackValidationPolicy(
    name="vpsorg-stack-monthly-budget",
    description=(
        "Requires the monthly prices of all selected plans in the stack to add up to at most "
        "the monthly budget."
    ),
    validate=for_stacks(v.validate_stack_monthly_budget),
    enforcement_level=_MANDATORY,
    config_schema=PolicyConfigSchema(
        {
            "monthlyBudget": _usd(
                "Highest sum of price_monthly over the stack's PlanLookups, USD.",
                float(v.DEFAULT_MONTHLY_BUDGET),
            )
        }
    ),
)

#: Stack policy on OrdersAudit outputs: overdue and unpaid orders (advisory).
ORDERS_AUDIT: Final = StackValidationPolicy(
    name="vpsorg-orders-audit",
    description=(
        "Prohibits OrdersAudit results with more overdue or unpaid orders than the configured "
        "thresholds."
    ),
    validate=for_stacks(v.validate_orders_audit),
    enforcement_level=_ADVISORY,
    config_schema=PolicyConfigSchema(
        {
            "maxOverdueCount": _count(
                "Most overdue orders an audit may report.", int(v.DEFAULT_MAX_OVERDUE_COUNT)
            ),
            "maxUnpaidCount": _count("Most unpaid orders an audit may report (unset: any)."),
            "maxUnpaidTotal": _usd("Highest unpaid_total an audit may report, USD (unset: any)."),
        }
    ),
)

_ALL: Final[tuple[Policy, ...]] = (
    PLAN_PRICE_CAP,
    PLAN_ALLOWED_LOCATIONS,
    PLAN_MAX_PRICE,
    PLAN_AVAILABLE,
    PLAN_MIN_RESOURCES,
    STACK_MONTHLY_BUDGET,
    ORDER_AUTO_PAY,
    ORDER_DELETE_ON_DESTROY,
    ORDERS_AUDIT,
)


def all_policies() -> list[Policy]:
    """Every policy of this package, in a new list (``PolicyPack`` wants a ``list``)."""
    return list(_ALL)
