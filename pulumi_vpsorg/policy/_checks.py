"""What the validators share: reading a value a check needs (failing closed when it is missing
or mistyped), telling a resource that has run from one about to run, and naming both in messages.

A stack policy sees a resource's outputs. During ``pulumi preview`` a lookup that is about to run
has none yet (the engine hands over its inputs only, or its outputs as unknowns): its checks wait.
A resource with any known output has run, so an output a check needs that is missing, null or of
the wrong type is a violation naming the field, never a pass.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any, Final

from pulumi_policy import PolicyResource, StackValidationArgs

from .._vocabulary import (
    ORDERS_AUDIT_OUTPUTS,
    PLAN_LOOKUP_INPUTS,
    PLAN_LOOKUP_OUTPUTS,
    PRICE_CONSTRAINTS,
    PRICE_FIELDS,
)
from ._values import UnreadableNumberError, fmt, get, is_unknown, to_decimal

__all__ = [
    "AUDIT_ONLY_OUTPUTS",
    "LOOKUP_ONLY_OUTPUTS",
    "PRICES",
    "has_run",
    "ident",
    "listing",
    "number_problem",
    "read_number",
    "resources",
    "selected",
]

#: How many items a message lists before summarising the rest.
_LIST_LIMIT: Final = 10

#: (output key, cap input key, config key, unit), monthly then hourly.
PRICES: Final = tuple(
    (price, cap, limit, "USD")
    for price, cap, limit in zip(
        PRICE_FIELDS, PRICE_CONSTRAINTS, ("maxPriceMonthly", "maxPriceHourly"), strict=True
    )
)
#: Outputs a PlanLookup has only once it has run (``plan_id`` and ``slug`` may be inputs).
LOOKUP_ONLY_OUTPUTS: Final = tuple(k for k in PLAN_LOOKUP_OUTPUTS if k not in PLAN_LOOKUP_INPUTS)
#: Outputs an OrdersAudit has only once it has run.
AUDIT_ONLY_OUTPUTS: Final = ORDERS_AUDIT_OUTPUTS


def has_run(props: Mapping[str, Any], outputs: tuple[str, ...]) -> bool:
    """Whether any of ``outputs`` has a known value: the resource has run (not a preview of one
    about to run), so every output a check needs must be there."""
    for key in outputs:
        value = get(props, key)
        if value is not None and not is_unknown(value):
            return True
    return False


def read_number(
    props: Mapping[str, Any], key: str, *, required: bool
) -> tuple[Decimal | None, str | None]:
    """``props[key]`` as a number, or why it cannot be one.

    :param required: whether an absent or null value is a problem (the resource has run).
    :returns: ``(number, None)``; ``(None, None)`` when unknown (preview), or absent and not
        required; ``(None, problem)`` otherwise, ``problem`` continuing ``"<key> "`` in a message.
    """
    value = get(props, key)
    if value is None:
        return None, ("is missing or null" if required else None)
    try:
        return to_decimal(value), None
    except UnreadableNumberError as exc:
        return None, f"{exc.shown} is not a finite number (at most 1E+15)"


def number_problem(who: str, key: str, problem: str, limit_key: str, limit: str) -> str:
    """The violation for a value that cannot be read: it cannot be shown to meet the limit."""
    return f"{who}: {key} {problem}, so it cannot be shown to be within {limit_key} {limit}."


def resources(args: StackValidationArgs, resource_type: str) -> Iterator[PolicyResource]:
    return (r for r in args.resources if r.resource_type == resource_type)


def ident(value: object) -> str | None:
    """An id as text: ``4`` for 4 or 4.0 (protobuf numbers are floats); ``None`` when unknown."""
    try:
        number = to_decimal(value)
    except UnreadableNumberError:
        number = None
    if number is not None:
        return fmt(number)
    return value if isinstance(value, str) and not is_unknown(value) else None


def selected(name: str, props: Mapping[str, Any]) -> str:
    """``PlanLookup 'web' selected plan 'standard' (plan_id 2)``, with whatever is known."""
    slug, plan_id = get(props, "slug"), ident(get(props, "plan_id"))
    plan = f" '{slug}'" if isinstance(slug, str) else ""
    if plan_id is not None:
        plan += f" (plan_id {plan_id})"
    return f"PlanLookup '{name}' selected plan{plan}"


def listing(items: list[str]) -> str:
    shown = ", ".join(items[:_LIST_LIMIT])
    rest = len(items) - _LIST_LIMIT
    return shown + (f" and {rest} more" if rest > 0 else "")
