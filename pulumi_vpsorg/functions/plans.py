"""Plan data sources: ``get_plans``, ``get_plan``, ``select_plan`` and their ``_output`` twins.

The plan catalogue is read once per process, API and token, whatever the locations asked for
(:mod:`pulumi_vpsorg._catalogue`); plan details once per plan.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pulumi

from .._errors import NotFoundError
from .._run_errors import run_errors
from ._client import client_for
from ._output import output_of
from .results import (
    GetPlansResult,
    PlanDetailsResult,
    PlanResult,
    details_result,
    make,
    plan_result,
)

if TYPE_CHECKING:
    from ..selection import PlanConstraints

__all__ = [
    "get_plan",
    "get_plan_output",
    "get_plans",
    "get_plans_output",
    "select_plan",
    "select_plan_output",
]


def _constraints(**values: Any) -> PlanConstraints:
    from ..selection import parse_constraints

    return parse_constraints(values)


@run_errors
def get_plans(
    location: str | None = None,
    *,
    min_vcpus: int | None = None,
    max_vcpus: int | None = None,
    min_memory: int | None = None,
    max_memory: int | None = None,
    min_storage: int | None = None,
    min_bandwidth: int | None = None,
    max_price_monthly: float | Decimal | str | None = None,
    max_price_hourly: float | Decimal | str | None = None,
    available_only: bool = True,
    sort_by: str = "price_monthly",
    sort_direction: str = "asc",
    api_token: str | None = None,
    api_url: str | None = None,
) -> GetPlansResult:
    """The plans matching every filter (the filters of :func:`select_plan`), sorted.

    Ties in ``sort_by`` keep the selection preference (more vcpus, more memory, lower id), so
    with the defaults the first plan is the one :func:`select_plan` picks.

    :param location: only plans offered there (those whose ``locations`` include it, A13).
    :param available_only: drop plans not currently available (default, as in ``select_plan``).
    :param sort_by: a plan field: id, name, slug, vcpus, memory, storage, bandwidth,
        price_monthly, price_hourly.
    :param sort_direction: ``"asc"`` or ``"desc"``.
    :raises ConfigurationError: for a bad argument (naming it) or no token, before any request.
    """
    from .. import _catalogue
    from ..selection import filter_plans, sort_plans

    constraints = _constraints(
        min_vcpus=min_vcpus,
        max_vcpus=max_vcpus,
        min_memory=min_memory,
        max_memory=max_memory,
        min_storage=min_storage,
        min_bandwidth=min_bandwidth,
        max_price_monthly=max_price_monthly,
        max_price_hourly=max_price_hourly,
        location=location,
        available_only=available_only,
    )
    sort_plans([], sort_by, sort_direction)  # validates before any request
    client = client_for(api_token, api_url)
    plans = _catalogue.catalogue(client, constraints.location)
    chosen = sort_plans(filter_plans(plans, constraints), sort_by, sort_direction)
    return make(
        GetPlansResult,
        dict(
            plans=[plan_result(p) for p in chosen],
            count=len(chosen),
            sort_by=sort_by,
            sort_direction=sort_direction,
        ),
    )


@run_errors
def get_plan(
    plan_id: int | None = None,
    slug: str | None = None,
    *,
    api_token: str | None = None,
    api_url: str | None = None,
) -> PlanDetailsResult:
    """One plan with its details (features, recommended_for), by id or by slug (exactly one).

    :raises ConfigurationError: unless exactly one of ``plan_id`` / ``slug`` is given.
    :raises UnknownPlanError: naming the id or slug and the slugs that exist.
    """
    from .. import _catalogue
    from ..selection import check_plan_reference, find_plan, unknown_plan

    check_plan_reference(plan_id, slug)
    client = client_for(api_token, api_url)
    if plan_id is None:
        plan_id = find_plan(_catalogue.catalogue(client), slug=slug).id
    try:
        details = _catalogue.plan_details(client, plan_id)
    except NotFoundError:
        raise unknown_plan(_catalogue.catalogue(client), plan_id, slug) from None
    return details_result(details)


@run_errors
def select_plan(
    *,
    min_vcpus: int | None = None,
    max_vcpus: int | None = None,
    min_memory: int | None = None,
    max_memory: int | None = None,
    min_storage: int | None = None,
    min_bandwidth: int | None = None,
    max_price_monthly: float | Decimal | str | None = None,
    max_price_hourly: float | Decimal | str | None = None,
    location: str | None = None,
    available_only: bool = True,
    api_token: str | None = None,
    api_url: str | None = None,
) -> PlanResult:
    """The cheapest plan (monthly) satisfying every constraint; ties: more vcpus, more memory,
    lower id.

    Memory in MB, storage and bandwidth in GB, prices in USD.

    :raises ConfigurationError: for a bad constraint (naming it), before any request.
    :raises NoMatchingPlanError: restating the constraints and what the nearest plans miss.
    """
    from .. import _catalogue

    constraints = _constraints(
        min_vcpus=min_vcpus,
        max_vcpus=max_vcpus,
        min_memory=min_memory,
        max_memory=max_memory,
        min_storage=min_storage,
        min_bandwidth=min_bandwidth,
        max_price_monthly=max_price_monthly,
        max_price_hourly=max_price_hourly,
        location=location,
        available_only=available_only,
    )
    client = client_for(api_token, api_url)
    return plan_result(_catalogue.choose(client, constraints))


def get_plans_output(
    location: pulumi.Input[str] | None = None,
    *,
    min_vcpus: pulumi.Input[int] | None = None,
    max_vcpus: pulumi.Input[int] | None = None,
    min_memory: pulumi.Input[int] | None = None,
    max_memory: pulumi.Input[int] | None = None,
    min_storage: pulumi.Input[int] | None = None,
    min_bandwidth: pulumi.Input[int] | None = None,
    max_price_monthly: pulumi.Input[float] | None = None,
    max_price_hourly: pulumi.Input[float] | None = None,
    available_only: pulumi.Input[bool] | None = None,
    sort_by: pulumi.Input[str] | None = None,
    sort_direction: pulumi.Input[str] | None = None,
    api_token: pulumi.Input[str] | None = None,
    api_url: pulumi.Input[str] | None = None,
    opts: pulumi.InvokeOutputOptions | None = None,
) -> pulumi.Output[GetPlansResult]:
    """:func:`get_plans` taking ``pulumi.Input`` values, run after ``opts.depends_on``."""
    return output_of(
        get_plans,
        opts,
        location=location,
        min_vcpus=min_vcpus,
        max_vcpus=max_vcpus,
        min_memory=min_memory,
        max_memory=max_memory,
        min_storage=min_storage,
        min_bandwidth=min_bandwidth,
        max_price_monthly=max_price_monthly,
        max_price_hourly=max_price_hourly,
        available_only=available_only,
        sort_by=sort_by,
        sort_direction=sort_direction,
        api_token=api_token,
        api_url=api_url,
    )


def get_plan_output(
    plan_id: pulumi.Input[int] | None = None,
    slug: pulumi.Input[str] | None = None,
    *,
    api_token: pulumi.Input[str] | None = None,
    api_url: pulumi.Input[str] | None = None,
    opts: pulumi.InvokeOutputOptions | None = None,
) -> pulumi.Output[PlanDetailsResult]:
    """:func:`get_plan` taking ``pulumi.Input`` values, run after ``opts.depends_on``."""
    return output_of(
        get_plan, opts, plan_id=plan_id, slug=slug, api_token=api_token, api_url=api_url
    )


def select_plan_output(
    *,
    min_vcpus: pulumi.Input[int] | None = None,
    max_vcpus: pulumi.Input[int] | None = None,
    min_memory: pulumi.Input[int] | None = None,
    max_memory: pulumi.Input[int] | None = None,
    min_storage: pulumi.Input[int] | None = None,
    min_bandwidth: pulumi.Input[int] | None = None,
    max_price_monthly: pulumi.Input[float] | None = None,
    max_price_hourly: pulumi.Input[float] | None = None,
    location: pulumi.Input[str] | None = None,
    available_only: pulumi.Input[bool] | None = None,
    api_token: pulumi.Input[str] | None = None,
    api_url: pulumi.Input[str] | None = None,
    opts: pulumi.InvokeOutputOptions | None = None,
) -> pulumi.Output[PlanResult]:
    """:func:`select_plan` taking ``pulumi.Input`` values, run after ``opts.depends_on``."""
    return output_of(
        select_plan,
        opts,
        min_vcpus=min_vcpus,
        max_vcpus=max_vcpus,
        min_memory=min_memory,
        max_memory=max_memory,
        min_storage=min_storage,
        min_bandwidth=min_bandwidth,
        max_price_monthly=max_price_monthly,
        max_price_hourly=max_price_hourly,
        location=location,
        available_only=available_only,
        api_token=api_token,
        api_url=api_url,
    )
