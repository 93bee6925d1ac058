"""The rules of plan constraints and plan references, without pydantic.

``PlanLookup``'s Check validates with these alone, so a preview never loads pydantic in the
provider process; :class:`~pulumi_vpsorg.selection.PlanConstraints` applies the same rule to each
of its fields when it is built.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Final

from ._errors import ConfigurationError
from ._numbers import money, shown
from ._vocabulary import (
    COUNT_CONSTRAINTS,
    PRICE_CONSTRAINTS,
    apply_rules,
    count,
    positive_id,
    require,
)

__all__ = [
    "RANGES",
    "RULES",
    "available_only_constraint",
    "check_plan_reference",
    "constraint_problems",
    "count_constraint",
    "location_constraint",
    "price_constraint",
    "range_problem",
]

#: Constraints that bound the same plan field from below and above, ``(low, high)``.
RANGES: Final = (("min_vcpus", "max_vcpus"), ("min_memory", "max_memory"))


def count_constraint(value: Any) -> int | None:
    """A count constraint (``min_vcpus``, ...): unset, or a whole number from 0 to ``2**53``.

    :raises ValueError: saying what is wrong with ``value``.
    """
    return None if value is None else count(value)


def price_constraint(value: Any) -> Decimal | None:
    """A price cap: unset, or money (:func:`pulumi_vpsorg._numbers.money`) that is not negative.

    :raises ValueError: saying what is wrong with ``value``.
    """
    if value is None:
        return None
    result = money(value)  # the one money rule: finite, at most 1E+15 (also for text)
    if result < 0:
        raise ValueError(f"expected a price >= 0, got {shown(value)}")
    return result


def location_constraint(value: Any) -> str | None:
    """A location: unset, or non-blank text, stripped.

    :raises ValueError: for anything else.
    """
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a non-empty location such as 'eu-central', got {shown(value)}")
    return value.strip()


def available_only_constraint(value: Any) -> bool:
    """``available_only``: ``True`` when unset.

    :raises ValueError: for anything but a boolean.
    """
    if value is None:
        return True
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {shown(value)}")
    return value


#: The rule of each constraint, by name, in :data:`CONSTRAINT_FIELDS` order.
RULES: Final[Mapping[str, Callable[[Any], Any]]] = {
    **dict.fromkeys(COUNT_CONSTRAINTS, count_constraint),
    **dict.fromkeys(PRICE_CONSTRAINTS, price_constraint),
    "location": location_constraint,
    "available_only": available_only_constraint,
}


def range_problem(low: str, lo: int | None, high: str, hi: int | None) -> str | None:
    """Why ``low`` and ``high`` contradict each other, or ``None`` when they do not."""
    if lo is not None and hi is not None and lo > hi:
        return f"{low} {lo} is greater than {high} {hi}"
    return None


def constraint_problems(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Validate raw constraint values; ``(field, reason)`` per problem, empty when valid.

    Each given field is checked by its rule, in ``CONSTRAINT_FIELDS`` order; then each range
    whose two ends are valid. Keys that are not constraints are ignored (callers pass whole input
    bags).
    """
    parsed, problems = apply_rules(RULES, values)
    for low, high in RANGES:  # an end that failed its rule is not in parsed
        reason = range_problem(low, parsed.get(low), high, parsed.get(high))
        if reason is not None:
            problems.append((low, reason))
    return problems


def check_plan_reference(plan_id: Any, slug: Any) -> None:
    """Validate that exactly one of ``plan_id`` / ``slug`` is given, and well-formed.

    :raises ConfigurationError: naming the argument.
    """
    if plan_id is None and slug is None:
        raise ConfigurationError("plan_id or slug: give exactly one of them, got neither")
    if plan_id is not None and slug is not None:
        raise ConfigurationError(
            "plan_id or slug: give exactly one of them, got "
            f"plan_id={shown(plan_id)} and slug={shown(slug)}"
        )
    if plan_id is not None:
        require("plan_id", positive_id, plan_id, ConfigurationError)
    if slug is not None and (not isinstance(slug, str) or not slug.strip()):
        raise ConfigurationError(f"slug: expected a non-empty string, got {shown(slug)}")
