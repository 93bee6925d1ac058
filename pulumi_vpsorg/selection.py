"""Choosing plans by constraints: pure functions over :class:`~pulumi_vpsorg.plans.models.Plan`.

No I/O and no Pulumi here: :mod:`pulumi_vpsorg.functions` and the ``PlanLookup`` provider feed
these functions the catalogue they read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from ._constraints import (
    RANGES,
    available_only_constraint,
    check_plan_reference,
    constraint_problems,
    count_constraint,
    location_constraint,
    price_constraint,
    range_problem,
)
from ._errors import ConfigurationError, VpsOrgError
from ._numbers import shown
from ._vocabulary import (
    CONSTRAINT_FIELDS,
    COUNT_CONSTRAINTS,
    PRICE_CONSTRAINTS,
    SORT_DIRECTIONS,
    SORT_FIELDS,
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

    # The rules are pulumi_vpsorg._constraints': PlanLookup's Check applies them without pydantic.
    _counts = field_validator(*COUNT_CONSTRAINTS, mode="before")(count_constraint)
    _prices = field_validator(*PRICE_CONSTRAINTS, mode="before")(price_constraint)
    _location = field_validator("location", mode="before")(location_constraint)
    _available_only = field_validator("available_only", mode="before")(available_only_constraint)

    @model_validator(mode="after")
    def _ranges(self) -> PlanConstraints:
        for low, high in RANGES:
            reason = range_problem(low, getattr(self, low), high, getattr(self, high))
            if reason is not None:
                raise ValueError(reason)
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


def parse_constraints(values: Mapping[str, Any]) -> PlanConstraints:
    """Build :class:`PlanConstraints` from raw values (unknown keys ignored).

    :raises ConfigurationError: naming each bad field (:func:`constraint_problems`).
    """
    problems = constraint_problems(values)
    if problems:
        raise ConfigurationError("; ".join(f"{name}: {reason}" for name, reason in problems))
    return PlanConstraints.model_validate({k: values[k] for k in CONSTRAINT_FIELDS if k in values})


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


def unknown_plan(plans: Iterable[Plan], plan_id: int | None, slug: str | None) -> UnknownPlanError:
    """The error for a missing plan, naming what was asked for and the slugs that exist."""
    wanted = f"plan_id {plan_id}" if plan_id is not None else f"slug {slug!r}"
    known = ", ".join(f"{p.slug} (id {p.id})" for p in sorted(plans, key=lambda p: p.id))
    return UnknownPlanError(f"No plan with {wanted}; plans that exist: {known or 'none'}")
