"""Choosing plans by constraints: pure functions over :class:`~pulumi_vpsorg.plans.models.Plan`.

No I/O and no Pulumi here: :mod:`pulumi_vpsorg.functions` and the ``PlanLookup`` provider feed
these functions the catalogue they read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, Literal, TypeVar

import pydantic
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from ._errors import ConfigurationError, VpsOrgError
from ._numbers import money, shown
from ._vocabulary import (
    CONSTRAINT_FIELDS,
    COUNT_CONSTRAINTS,
    PRICE_CONSTRAINTS,
    SORT_DIRECTIONS,
    SORT_FIELDS,
    count,
    positive_id,
    require,
)
from .plans.models import Plan

__all__ = [
    "CONSTRAINT_FIELDS",
    "SORT_DIRECTIONS",
    "SORT_FIELDS",
    "NoMatchingPlanError",
    "PlanConstraints",
    "UnknownPlanError",
    "check_plan_reference",
    "constraint_problems",
    "failed_constraints",
    "filter_plans",
    "find_plan",
    "parse_constraints",
    "select_plan",
    "selection_key",
    "sort_plans",
    "unknown_plan",
]

P = TypeVar("P", bound=Plan)

SortDirection = Literal["asc", "desc"]
_NEAREST: Final = 3
_RANGES: Final = (("min_vcpus", "max_vcpus"), ("min_memory", "max_memory"))


class NoMatchingPlanError(VpsOrgError, LookupError):
    """No plan satisfies the constraints; the message names the nearest candidates.

    :ivar constraints: the constraints that matched nothing.
    :ivar nearest: ``(plan, [failed constraint, ...])`` for the closest plans.
    """

    def __init__(
        self,
        message: str,
        constraints: PlanConstraints,
        nearest: Sequence[tuple[Plan, list[str]]] = (),
    ) -> None:
        self.constraints = constraints
        self.nearest = list(nearest)
        super().__init__(message)


def _count(value: Any) -> int | None:
    return None if value is None else count(value)


def _price(value: Any) -> Decimal | None:
    if value is None:
        return None
    result = money(value)  # the one money rule: finite, at most 1E+15 (also for text)
    if result < 0:
        raise ValueError(f"expected a price >= 0, got {shown(value)}")
    return result


class PlanConstraints(BaseModel):
    """What a plan must satisfy; every field optional, all of them AND-ed.

    Memory in MB, storage and bandwidth in GB, prices in USD (as documented).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_vcpus: int | None = None
    max_vcpus: int | None = None
    min_memory: int | None = None
    max_memory: int | None = None
    min_storage: int | None = None
    min_bandwidth: int | None = None
    max_price_monthly: Decimal | None = None
    max_price_hourly: Decimal | None = None
    location: str | None = None
    available_only: bool = True

    @field_validator(*COUNT_CONSTRAINTS, mode="before")
    @classmethod
    def _counts(cls, value: Any) -> int | None:
        return _count(value)

    @field_validator(*PRICE_CONSTRAINTS, mode="before")
    @classmethod
    def _prices(cls, value: Any) -> Decimal | None:
        return _price(value)

    @field_validator("location", mode="before")
    @classmethod
    def _location(cls, value: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise ValueError(
                f"expected a non-empty location such as 'eu-central', got {shown(value)}"
            )
        return value.strip()

    @field_validator("available_only", mode="before")
    @classmethod
    def _available_only(cls, value: Any) -> bool:
        if value is None:
            return True
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {shown(value)}")
        return value

    @model_validator(mode="after")
    def _ranges(self) -> PlanConstraints:
        for low, high in _RANGES:
            lo, hi = getattr(self, low), getattr(self, high)
            if lo is not None and hi is not None and lo > hi:
                raise ValueError(f"{low} {lo} is greater than {high} {hi}")
        return self

    def describe(self) -> str:
        """The constraints that are set, e.g. ``min_vcpus=4, max_price_monthly=15``."""
        parts = []
        for name in CONSTRAINT_FIELDS:
            value = getattr(self, name)
            if name == "available_only":
                if value:
                    parts.append("available_only=True")
            elif value is not None:
                parts.append(f"{name}={value}")
        return ", ".join(parts) or "no constraints"


def _problem_field(error: Any) -> str:
    loc = error.get("loc") or ()
    if loc:
        return str(loc[0])
    # A model-level error ("min_x is greater than max_x") names the min field first.
    message = str(error.get("msg", ""))
    for name in CONSTRAINT_FIELDS:
        if name in message:
            return name
    return "constraints"


def _validate(values: Mapping[str, Any]) -> tuple[PlanConstraints | None, list[tuple[str, str]]]:
    """Validate once: the constraints, or ``None`` and ``(field, reason)`` per problem."""
    data = {k: values[k] for k in CONSTRAINT_FIELDS if k in values}
    try:
        return PlanConstraints.model_validate(data), []
    except pydantic.ValidationError as exc:
        problems = []
        for error in exc.errors():
            reason = str(error["msg"]).removeprefix("Value error, ")
            problems.append((_problem_field(error), reason))
        reported = {name for name, _ in problems}
        # pydantic skips the model-level range check when a field failed: report it anyway.
        for low, high in _RANGES:
            try:
                lo, hi = _count(data.get(low)), _count(data.get(high))
            except ValueError:
                continue
            if lo is not None and hi is not None and lo > hi and low not in reported:
                problems.append((low, f"{low} {lo} is greater than {high} {hi}"))
        return None, problems


def constraint_problems(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Validate raw constraint values; ``(field, reason)`` per problem, empty when valid.

    Keys that are not constraints are ignored (callers pass whole input bags).
    """
    return _validate(values)[1]


def parse_constraints(values: Mapping[str, Any]) -> PlanConstraints:
    """Build :class:`PlanConstraints` from raw values (unknown keys ignored).

    :raises ConfigurationError: naming each bad field.
    """
    constraints, problems = _validate(values)
    if constraints is None:
        raise ConfigurationError("; ".join(f"{name}: {reason}" for name, reason in problems))
    return constraints


def failed_constraints(plan: Plan, constraints: PlanConstraints) -> list[str]:
    """Each constraint ``plan`` fails, e.g. ``"vcpus 2 < min_vcpus 4"``; empty when it matches."""
    c = constraints
    failed: list[str] = []

    def at_least(field: str, actual: Any, name: str, bound: Any) -> None:
        if bound is not None and actual < bound:
            failed.append(f"{field} {actual} < {name} {bound}")

    def at_most(field: str, actual: Any, name: str, bound: Any) -> None:
        if bound is not None and actual > bound:
            failed.append(f"{field} {actual} > {name} {bound}")

    at_least("vcpus", plan.vcpus, "min_vcpus", c.min_vcpus)
    at_most("vcpus", plan.vcpus, "max_vcpus", c.max_vcpus)
    at_least("memory", plan.memory, "min_memory", c.min_memory)
    at_most("memory", plan.memory, "max_memory", c.max_memory)
    at_least("storage", plan.storage, "min_storage", c.min_storage)
    at_least("bandwidth", plan.bandwidth, "min_bandwidth", c.min_bandwidth)
    at_most("price_monthly", plan.price_monthly, "max_price_monthly", c.max_price_monthly)
    at_most("price_hourly", plan.price_hourly, "max_price_hourly", c.max_price_hourly)
    if c.location is not None and c.location not in plan.locations:
        failed.append(f"location {c.location} not in {', '.join(plan.locations) or 'none'}")
    if c.available_only and not plan.available:
        failed.append("not available (available_only)")
    return failed


def filter_plans(plans: Iterable[P], constraints: PlanConstraints) -> list[P]:
    """The plans satisfying every constraint, in their given order."""
    return [p for p in plans if not failed_constraints(p, constraints)]


def selection_key(plan: Plan) -> tuple[Decimal, int, int, int]:
    """The preference order: cheapest monthly, then more vcpus, more memory, lower id."""
    return (plan.price_monthly, -plan.vcpus, -plan.memory, plan.id)


def sort_plans(plans: Iterable[P], by: str = "price_monthly", direction: str = "asc") -> list[P]:
    """Sort plans by one field; ties keep the preference order of :func:`selection_key`.

    :param by: one of :data:`SORT_FIELDS`.
    :param direction: ``"asc"`` or ``"desc"``.
    :raises ConfigurationError: for an unknown field or direction.
    """
    if by not in SORT_FIELDS:
        raise ConfigurationError(
            f"sort_by: expected one of {', '.join(SORT_FIELDS)}, got {shown(by)}"
        )
    if direction not in SORT_DIRECTIONS:
        raise ConfigurationError(
            f"sort_direction: expected 'asc' or 'desc', got {shown(direction)}"
        )
    preferred = sorted(plans, key=selection_key)
    # sorted() is stable also with reverse=True, so ties stay in preference order.
    return sorted(preferred, key=lambda p: getattr(p, by), reverse=direction == "desc")


def miss_distance(plan: Plan, constraints: PlanConstraints) -> Decimal:
    """How far ``plan`` is from satisfying ``constraints``: the relative shortfall summed over
    the numeric bounds it misses, plus 1 per missed location or availability.
    """
    c = constraints
    total = Decimal(0)

    def gap(actual: Decimal | int, bound: Decimal | int | None, below: bool) -> None:
        nonlocal total
        if bound is None:
            return
        short = Decimal(bound) - Decimal(actual) if below else Decimal(actual) - Decimal(bound)
        if short > 0:
            total += short / max(Decimal(bound), Decimal(1))

    gap(plan.vcpus, c.min_vcpus, True)
    gap(plan.vcpus, c.max_vcpus, False)
    gap(plan.memory, c.min_memory, True)
    gap(plan.memory, c.max_memory, False)
    gap(plan.storage, c.min_storage, True)
    gap(plan.bandwidth, c.min_bandwidth, True)
    gap(plan.price_monthly, c.max_price_monthly, False)
    gap(plan.price_hourly, c.max_price_hourly, False)
    if c.location is not None and c.location not in plan.locations:
        total += 1
    if c.available_only and not plan.available:
        total += 1
    return total


def select_plan(
    plans: Iterable[P],
    constraints: PlanConstraints,
    *,
    known_locations: Sequence[str] | None = None,
) -> P:
    """The one plan to use: among matches, the first by :func:`selection_key`.

    :param known_locations: every location that has plans, named in the error when ``plans``
        is empty for the requested location (a typo, say).
    :raises NoMatchingPlanError: restating the constraints and, for up to three nearest plans
        (fewest failed constraints, then the smallest :func:`miss_distance`, then preference
        order), what each one fails.
    """
    candidates = list(plans)
    matches = filter_plans(candidates, constraints)
    if matches:
        return min(matches, key=selection_key)
    scored = sorted(
        ((p, failed_constraints(p, constraints)) for p in candidates),
        key=lambda pair: (
            len(pair[1]),
            miss_distance(pair[0], constraints),
            selection_key(pair[0]),
        ),
    )
    nearest = scored[:_NEAREST]
    if nearest:
        detail = "; ".join(f"{p.slug} (id {p.id}): {', '.join(f)}" for p, f in nearest)
        message = (
            f"No plan matches {constraints.describe()}. "
            f"Nearest of {len(candidates)} plans: {detail}"
        )
    elif constraints.location is not None:
        message = (
            f"No plan matches {constraints.describe()}: no plan is offered in location "
            f"{constraints.location!r}"
        )
        if known_locations:
            message += f" (locations with plans: {', '.join(known_locations)})"
    else:
        message = f"No plan matches {constraints.describe()}: the plan catalogue is empty"
    raise NoMatchingPlanError(message, constraints, [(p, f) for p, f in nearest])


class UnknownPlanError(VpsOrgError, LookupError):
    """No plan has the requested id or slug; the message lists the slugs that exist."""


def find_plan(plans: Iterable[P], plan_id: int | None = None, slug: str | None = None) -> P:
    """The plan with ``plan_id`` or ``slug`` (exactly one of them).

    :raises ConfigurationError: when both or neither are given, or one is malformed.
    :raises UnknownPlanError: naming the id or slug and the slugs that exist.
    """
    check_plan_reference(plan_id, slug)
    candidates = list(plans)
    for plan in candidates:
        if (plan_id is not None and plan.id == plan_id) or (slug is not None and plan.slug == slug):
            return plan
    raise unknown_plan(candidates, plan_id, slug)


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


def unknown_plan(plans: Iterable[Plan], plan_id: int | None, slug: str | None) -> UnknownPlanError:
    """The error for a missing plan, naming what was asked for and the slugs that exist."""
    wanted = f"plan_id {plan_id}" if plan_id is not None else f"slug {slug!r}"
    known = ", ".join(f"{p.slug} (id {p.id})" for p in sorted(plans, key=lambda p: p.id))
    return UnknownPlanError(f"No plan with {wanted}; plans that exist: {known or 'none'}")
