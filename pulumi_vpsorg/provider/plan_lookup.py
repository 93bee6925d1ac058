"""``PlanLookup``: a plan chosen by ``plan_id``, ``slug`` or constraints, recorded in state.

Importing this module costs only Pulumi and a few small modules of this package. Check needs
only the constraint rules (no pydantic); plan selection, the catalogue memo and the models
(pydantic, ``requests``) are imported by the first call that reads the API.
"""

from __future__ import annotations

import threading
import uuid
import weakref
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any

import pulumi

from .._errors import ConfigurationError
from .._vocabulary import (
    NAMESPACE,
    PLAN_LOOKUP,
    PLAN_LOOKUP_INPUTS,
    PLAN_LOOKUP_OUTPUTS,
)
from ._base import BehaviourProvider, refuse_import
from ._behaviour import Changes, Checked, Created, Found, is_unknown
from ._lookup import LOOKUP_IMPORT_HINT, LookupBehaviour, changed, lookup_inputs

if TYPE_CHECKING:
    from ..plans.models import Plan

__all__ = ["PLAN_LOOKUP_INPUTS", "PlanLookup", "PlanLookupBehaviour", "PlanLookupProvider"]


#: Catalogue entries a host has already re-read for ``read()``: a ``pulumi refresh`` of many
#: lookups re-reads each list and plan once per provider process, not once per lookup.
_reread: weakref.WeakKeyDictionary[Any, set[Hashable]] = weakref.WeakKeyDictionary()
_reread_lock = threading.Lock()


def _criteria(state: Mapping[str, Any]) -> dict[str, Any]:
    """A lookup's state as criteria: ``plan_id`` and ``slug`` are outputs too, so each is kept
    only if it chose the plan (``selected_by``; state without it is kept whole)."""
    criteria = dict(state)
    selected_by = state.get("selected_by")
    if selected_by is not None:
        for key in ("plan_id", "slug"):
            if selected_by != key:
                criteria.pop(key, None)
    return criteria


class PlanLookupBehaviour(LookupBehaviour):
    """Selects a plan by ``plan_id``, ``slug`` or constraints; never changes anything."""

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> Checked:
        """Validate the criteria (no API call, no pydantic); failures name the property."""
        from .._constraints import check_plan_reference, constraint_problems

        inputs = lookup_inputs(news, PLAN_LOOKUP_INPUTS)
        failures: list[tuple[str, str]] = []
        known = {k: v for k, v in inputs.items() if not is_unknown(v)}
        pinned = "plan_id" in inputs or "slug" in inputs
        if "plan_id" in known and "slug" in known:
            failures.append(("slug", "give plan_id or slug, not both"))
        else:
            try:
                if pinned and ("plan_id" in known or "slug" in known):
                    check_plan_reference(known.get("plan_id"), known.get("slug"))
            except ConfigurationError as exc:
                name, _, reason = str(exc).partition(": ")
                failures.append((name, reason))
        failures.extend(constraint_problems(known))
        location = known.get("location")
        if isinstance(location, str) and location.strip():
            # Recorded as the selection reads it, so that a policy judges the same value.
            inputs["location"] = location.strip()
        if "available_only" not in inputs:
            # A pinned plan is taken as it is unless availability is asked for explicitly.
            inputs["available_only"] = not pinned
        return Checked(inputs, failures)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> Changes:
        """Changed criteria re-select in place (update), never replace."""
        return Changes(changed(_criteria(olds), news, PLAN_LOOKUP_INPUTS))

    def _first_reread(self, key: Hashable) -> bool:
        """True the first time this host re-reads ``key`` for a refresh, then False."""
        with _reread_lock:
            seen = _reread.setdefault(self.host, set())
            if key in seen:
                return False
            seen.add(key)
            return True

    def _evaluate(self, inputs: Mapping[str, Any], *, refresh: bool) -> dict[str, Any]:
        from .. import _catalogue
        from .._boundary import plan_state
        from ..selection import check_plan_reference, find_plan, parse_constraints
        from ..selection import select_plan as choose_plan

        criteria = lookup_inputs(inputs, PLAN_LOOKUP_INPUTS)
        plan_id, slug = criteria.get("plan_id"), criteria.get("slug")
        constraints = parse_constraints(criteria)
        client = self.host.client()
        plan: Plan
        if plan_id is not None or slug is not None:
            check_plan_reference(plan_id, slug)
            fresh = refresh and self._first_reread(("plans", None))
            pinned = find_plan(_catalogue.catalogue(client, refresh=fresh), plan_id, slug)
            plan = choose_plan([pinned], constraints)
            selected_by = "plan_id" if plan_id is not None else "slug"
        else:
            fresh = refresh and self._first_reread(("plans", None))
            plan = _catalogue.choose(client, constraints, refresh=fresh)
            selected_by = "constraints"
        fresh = refresh and self._first_reread(("plan", plan.id))
        details = _catalogue.plan_details(client, plan.id, refresh=fresh)
        return {
            **criteria,
            "available_only": constraints.available_only,
            **plan_state(details),
            "selected_by": selected_by,
        }

    def create(self, props: dict[str, Any]) -> Created:
        """Select the plan (catalogue read once per process)."""
        return Created(f"planlookup-{uuid.uuid4().hex}", self._evaluate(props, refresh=False))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        """Re-select with the new criteria."""
        return self._evaluate(news, refresh=False)

    def read(self, id_: str, props: dict[str, Any]) -> Found:
        """Re-evaluate against fresh API data (refresh shows price or availability changes).

        A pinned plan that no longer exists reads as gone.
        """
        from ..selection import UnknownPlanError

        try:
            return Found(id_, self._evaluate(_criteria(props), refresh=True))
        except UnknownPlanError:
            return Found("", {})


class PlanLookupProvider(BehaviourProvider):
    """Hosts :class:`PlanLookupBehaviour` as a dynamic provider."""

    behaviour = PlanLookupBehaviour
    check_modules = ("pulumi_vpsorg._constraints",)
    reads_orders = False


# Pickled by reference: the path states written before the provider modules were split name.
PlanLookupProvider.__module__ = "pulumi_vpsorg.provider.lookups"


class PlanLookup(pulumi.dynamic.Resource, module=NAMESPACE, name=PLAN_LOOKUP):
    """A plan chosen by ``plan_id``, ``slug`` or constraints, recorded in state.

    With ``plan_id``/``slug`` the plan is pinned (constraints, if given, are checked against it);
    otherwise the cheapest matching plan is selected as by :func:`pulumi_vpsorg.select_plan`.
    Memory in MB, storage and bandwidth in GB, prices in USD.
    """

    plan_id: pulumi.Output[int]
    name: pulumi.Output[str]
    slug: pulumi.Output[str]
    vcpus: pulumi.Output[int]
    memory: pulumi.Output[int]
    storage: pulumi.Output[int]
    bandwidth: pulumi.Output[int]
    price_monthly: pulumi.Output[float]
    price_hourly: pulumi.Output[float]
    available: pulumi.Output[bool]
    locations: pulumi.Output[list[str]]
    description: pulumi.Output[str]
    features: pulumi.Output[list[str]]
    recommended_for: pulumi.Output[list[str]]
    #: ``"plan_id"``, ``"slug"`` or ``"constraints"``: what chose the plan.
    selected_by: pulumi.Output[str]
    min_vcpus: pulumi.Output[int | None]
    max_vcpus: pulumi.Output[int | None]
    min_memory: pulumi.Output[int | None]
    max_memory: pulumi.Output[int | None]
    min_storage: pulumi.Output[int | None]
    min_bandwidth: pulumi.Output[int | None]
    max_price_monthly: pulumi.Output[float | None]
    max_price_hourly: pulumi.Output[float | None]
    location: pulumi.Output[str | None]
    available_only: pulumi.Output[bool]

    def __init__(
        self,
        resource_name: str,
        *,
        plan_id: pulumi.Input[int] | None = None,
        slug: pulumi.Input[str] | None = None,
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
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = dict.fromkeys(PLAN_LOOKUP_OUTPUTS)
        props.update(
            plan_id=plan_id,
            slug=slug,
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
        refuse_import(opts, "PlanLookup", LOOKUP_IMPORT_HINT)
        super().__init__(PlanLookupProvider(), resource_name, props, opts)
