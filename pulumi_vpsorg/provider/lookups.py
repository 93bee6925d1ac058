"""Read-only dynamic resources: ``PlanLookup``, ``OrdersAudit`` and ``OrderLookup``.

The data-source functions of :mod:`pulumi_vpsorg.functions` leave nothing in state; these
resources record the same lookups as resource outputs, so policy packs can see them and
``pulumi refresh`` shows drift (a price change, an order paid). ``create`` and ``update`` only
read from the API; ``delete`` forgets. Type tokens are ``pulumi-python:dynamic/vpsorg:<Name>``;
state keys follow CONTRIBUTING.md.

The providers take ``vpsorg:apiToken`` / ``vpsorg:apiUrl`` from stack config in ``configure()``
(falling back to ``VPSORG_API_TOKEN`` / ``VPSORG_API_URL``); nothing secret is stored on the
provider object, so the pickled ``__provider`` property stays free of it.

Importing this module costs only Pulumi and a few small modules of this package: the client, the
models, plan selection, the catalogue memo and the summary (pydantic, ``requests``) are imported
by the provider methods that use them, on first call.
"""

from __future__ import annotations

import threading
import uuid
import weakref
from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import pulumi
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from .._config import resolve_api_token, resolve_api_url
from .._errors import ConfigurationError, NotFoundError
from .._numbers import shown
from ._base import ClientProvider, is_unknown, refuse_import, whole

if TYPE_CHECKING:
    from .._catalogue import Scope
    from ..plans.models import Plan

__all__ = [
    "ORDERS_AUDIT_INPUTS",
    "ORDER_LOOKUP_INPUTS",
    "PLAN_LOOKUP_INPUTS",
    "OrderLookup",
    "OrderLookupProvider",
    "OrdersAudit",
    "OrdersAuditProvider",
    "PlanLookup",
    "PlanLookupProvider",
]

#: ``plan_id``, ``slug`` and then :data:`pulumi_vpsorg.selection.CONSTRAINT_FIELDS` (spelled out
#: so that importing this module does not import selection; a test keeps the two in step).
PLAN_LOOKUP_INPUTS: Final = (
    "plan_id",
    "slug",
    "min_vcpus",
    "max_vcpus",
    "min_memory",
    "max_memory",
    "min_storage",
    "min_bandwidth",
    "max_price_monthly",
    "max_price_hourly",
    "location",
    "available_only",
)
ORDERS_AUDIT_INPUTS: Final = ("status", "type")
ORDER_LOOKUP_INPUTS: Final = ("order_id",)
_PLAN_OUTPUTS: Final = (
    "plan_id",
    "name",
    "slug",
    "vcpus",
    "memory",
    "storage",
    "bandwidth",
    "price_monthly",
    "price_hourly",
    "available",
    "locations",
    "description",
    "features",
    "recommended_for",
    "selected_by",
)
_AUDIT_OUTPUTS: Final = (
    "count",
    "count_by_status",
    "count_by_type",
    "total_amount",
    "total_amount_with_vat",
    "unpaid_count",
    "unpaid_total",
    "overdue_count",
    "overdue_order_ids",
    "order_ids",
)
_ORDER_OUTPUTS: Final = (
    "tax_rate",
    "amount",
    "amount_with_vat",
    "amount_from_balance",
    "payment_method",
    "status",
    "type",
    "auto_pay",
    "promo_applicable",
    "created_at",
    "due_at",
    "payment_date",
    "promo",
    "payment_information",
    "invoices",
    "services",
)

#: Catalogue entries a provider has already re-read for ``read()``: a ``pulumi refresh`` of many
#: lookups re-reads each list and plan once per provider process, not once per lookup.
_reread: weakref.WeakKeyDictionary[ResourceProvider, set[Hashable]] = weakref.WeakKeyDictionary()
_reread_lock = threading.Lock()
_LOOKUP_IMPORT_HINT: Final = "A lookup needs no import: declaring it reads the API."


def _inputs(props: Mapping[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    return {k: whole(props[k]) for k in keys if props.get(k) is not None}


def _changed(olds: Mapping[str, Any], news: Mapping[str, Any], keys: Sequence[str]) -> list[str]:
    return [k for k in keys if whole(olds.get(k)) != whole(news.get(k))]


class _LookupProvider(ClientProvider):
    """Shared behaviour: credentials scope for the catalogue memo; delete is a no-op."""

    def scope(self) -> Scope:
        """Whose view of the API this provider has: ``(api_url, token fingerprint)``, resolved
        from the same settings as :meth:`client` (call that first: it reports bad settings)."""
        from .._catalogue import token_fingerprint

        token, url = self.settings()
        return resolve_api_url(url), token_fingerprint(resolve_api_token(token))

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        """Read-only: nothing to delete at the API."""


# -- PlanLookup --------------------------------------------------------------------------


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


class PlanLookupProvider(_LookupProvider):
    """Selects a plan by ``plan_id``, ``slug`` or constraints; never changes anything."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate the criteria (no API call); failures name the property."""
        from ..selection import check_plan_reference, constraint_problems

        inputs = _inputs(news, PLAN_LOOKUP_INPUTS)
        failures: list[CheckFailure] = []
        known = {k: v for k, v in inputs.items() if not is_unknown(v)}
        pinned = "plan_id" in inputs or "slug" in inputs
        if "plan_id" in known and "slug" in known:
            failures.append(CheckFailure("slug", "give plan_id or slug, not both"))
        else:
            try:
                if pinned and ("plan_id" in known or "slug" in known):
                    check_plan_reference(known.get("plan_id"), known.get("slug"))
            except ConfigurationError as exc:
                name, _, reason = str(exc).partition(": ")
                failures.append(CheckFailure(name, reason))
        failures.extend(CheckFailure(n, r) for n, r in constraint_problems(known))
        if "available_only" not in inputs:
            # A pinned plan is taken as it is unless availability is asked for explicitly.
            inputs["available_only"] = not pinned
        return CheckResult(inputs, failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Changed criteria re-select in place (update), never replace."""
        changes = _changed(_criteria(olds), news, PLAN_LOOKUP_INPUTS)
        return DiffResult(changes=bool(changes), replaces=[], delete_before_replace=False)

    def _first_reread(self, key: Hashable) -> bool:
        """True the first time this provider re-reads ``key`` for a refresh, then False."""
        with _reread_lock:
            seen = _reread.setdefault(self, set())
            if key in seen:
                return False
            seen.add(key)
            return True

    def _evaluate(self, inputs: Mapping[str, Any], *, refresh: bool) -> dict[str, Any]:
        from .. import _catalogue
        from .._boundary import plan_state
        from ..selection import check_plan_reference, find_plan, parse_constraints
        from ..selection import select_plan as choose_plan

        criteria = _inputs(inputs, PLAN_LOOKUP_INPUTS)
        plan_id, slug = criteria.get("plan_id"), criteria.get("slug")
        constraints = parse_constraints(criteria)
        client, scope = self.client(), self.scope()
        plan: Plan
        if plan_id is not None or slug is not None:
            check_plan_reference(plan_id, slug)
            fresh = refresh and self._first_reread(("plans", None))
            pinned = find_plan(_catalogue.catalogue(client, scope, refresh=fresh), plan_id, slug)
            plan = choose_plan([pinned], constraints)
            selected_by = "plan_id" if plan_id is not None else "slug"
        else:
            fresh = refresh and self._first_reread(("plans", constraints.location))
            plan = _catalogue.choose(client, scope, constraints, refresh=fresh)
            selected_by = "constraints"
        fresh = refresh and self._first_reread(("plan", plan.id))
        details = _catalogue.plan_details(client, scope, plan.id, refresh=fresh)
        return {
            **criteria,
            "available_only": constraints.available_only,
            **plan_state(details),
            "selected_by": selected_by,
        }

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Select the plan (catalogue read once per process and location)."""
        return CreateResult(f"planlookup-{uuid.uuid4().hex}", self._evaluate(props, refresh=False))

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Re-select with the new criteria."""
        return UpdateResult(self._evaluate(news, refresh=False))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Re-evaluate against fresh API data (refresh shows price or availability changes).

        A pinned plan that no longer exists reads as gone.
        """
        from ..selection import UnknownPlanError

        try:
            return ReadResult(id_, self._evaluate(_criteria(props), refresh=True))
        except UnknownPlanError:
            return ReadResult("", {})


class PlanLookup(pulumi.dynamic.Resource, module="vpsorg", name="PlanLookup"):
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
        props: dict[str, Any] = dict.fromkeys(_PLAN_OUTPUTS)
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
        refuse_import(opts, "PlanLookup", _LOOKUP_IMPORT_HINT)
        super().__init__(PlanLookupProvider(), resource_name, props, opts)


# -- OrdersAudit -------------------------------------------------------------------------


def _name_list(value: Any) -> list[str] | str | None:
    """A list of names, ``None``, or the reason the value is not one."""
    if value is None:
        return None
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values:
        return f"expected a non-empty list of names or null, got {value!r}"
    for item in values:
        if is_unknown(item):
            continue
        if not isinstance(item, str) or not item.strip() or "," in item:
            return f"expected names such as 'paid', got {item!r}"
    return [v.strip() if isinstance(v, str) else v for v in values]


class OrdersAuditProvider(_LookupProvider):
    """Audits orders matching ``status`` (API filter) and ``type`` (filtered here)."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate the filters (no API call); failures name the property."""
        inputs = _inputs(news, ORDERS_AUDIT_INPUTS)
        failures: list[CheckFailure] = []
        for key in ORDERS_AUDIT_INPUTS:
            if key not in inputs or is_unknown(inputs[key]):
                continue
            parsed = _name_list(inputs[key])
            if isinstance(parsed, str):
                failures.append(CheckFailure(key, parsed))
                continue
            inputs[key] = parsed
            if key == "type" and parsed is not None:
                from ..orders.models import order_type_problem

                problems = [p for p in map(order_type_problem, parsed) if p]
                if problems:
                    failures.append(CheckFailure(key, "; ".join(problems)))
        return CheckResult(inputs, failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Changed filters re-audit in place (update)."""
        changes = _changed(olds, news, ORDERS_AUDIT_INPUTS)
        return DiffResult(changes=bool(changes), replaces=[], delete_before_replace=False)

    def _evaluate(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        from .._boundary import plain

        filters = _inputs(inputs, ORDERS_AUDIT_INPUTS)
        status, types = filters.get("status"), filters.get("type")
        summary: dict[str, Any] = plain(self.client().summarize_orders(status, types))
        return {"status": status, "type": types, **summary}

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Read every matching order and summarize."""
        return CreateResult(f"ordersaudit-{uuid.uuid4().hex}", self._evaluate(props))

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Audit again with the new filters."""
        return UpdateResult(self._evaluate(news))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Audit again (refresh shows orders paid, added or gone overdue)."""
        return ReadResult(id_, self._evaluate(props))


class OrdersAudit(pulumi.dynamic.Resource, module="vpsorg", name="OrdersAudit"):
    """A summary of the orders matching ``status`` and ``type``, recorded in state.

    ``status`` ``None`` is the API default (``pending_payment`` and ``paid``); ``type`` ``None``
    is every type. Unpaid: status neither paid nor cancelled; overdue: unpaid past ``due_at``.
    """

    status: pulumi.Output[list[str] | None]
    type: pulumi.Output[list[str] | None]
    count: pulumi.Output[int]
    count_by_status: pulumi.Output[dict[str, int]]
    count_by_type: pulumi.Output[dict[str, int]]
    total_amount: pulumi.Output[float]
    total_amount_with_vat: pulumi.Output[float]
    unpaid_count: pulumi.Output[int]
    unpaid_total: pulumi.Output[float]
    overdue_count: pulumi.Output[int]
    overdue_order_ids: pulumi.Output[list[int]]
    order_ids: pulumi.Output[list[int]]

    def __init__(
        self,
        resource_name: str,
        *,
        status: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        type: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = dict.fromkeys(_AUDIT_OUTPUTS)
        props.update(status=status, type=type)
        refuse_import(opts, "OrdersAudit", _LOOKUP_IMPORT_HINT)
        super().__init__(OrdersAuditProvider(), resource_name, props, opts)


# -- OrderLookup -------------------------------------------------------------------------


def _order_id_problem(value: Any) -> str | None:
    value = whole(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return f"expected a positive integer order id, got {shown(value)}"
    return None


class OrderLookupProvider(_LookupProvider):
    """Reads one order by id; a different ``order_id`` is a different resource (replace)."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate ``order_id`` (no API call)."""
        inputs = _inputs(news, ORDER_LOOKUP_INPUTS)
        failures: list[CheckFailure] = []
        if "order_id" not in inputs:
            failures.append(CheckFailure("order_id", "required: the id of the order to read"))
        elif not is_unknown(inputs["order_id"]):
            problem = _order_id_problem(inputs["order_id"])
            if problem:
                failures.append(CheckFailure("order_id", problem))
        return CheckResult(inputs, failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Another ``order_id`` replaces the lookup."""
        changes = _changed(olds, news, ORDER_LOOKUP_INPUTS)
        return DiffResult(
            changes=bool(changes), replaces=changes, delete_before_replace=bool(changes)
        )

    def _evaluate(self, props: Mapping[str, Any]) -> dict[str, Any]:
        from .._boundary import order_state

        order_id = whole(props.get("order_id"))
        problem = _order_id_problem(order_id)
        if problem:
            raise ConfigurationError(f"order_id: {problem}")
        return order_state(self.client().get_order(order_id))

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Read the order."""
        outs = self._evaluate(props)
        return CreateResult(f"order-{outs['order_id']}", outs)

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Read the order again."""
        return UpdateResult(self._evaluate(news))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Read the order again; a deleted order reads as gone."""
        try:
            return ReadResult(id_, self._evaluate(props))
        except NotFoundError:
            return ReadResult("", {})


class OrderLookup(pulumi.dynamic.Resource, module="vpsorg", name="OrderLookup"):
    """One order by id, every documented field recorded in state.

    ``payment_information`` is a secret output.
    """

    order_id: pulumi.Output[int]
    tax_rate: pulumi.Output[float]
    amount: pulumi.Output[float]
    amount_with_vat: pulumi.Output[float]
    amount_from_balance: pulumi.Output[float]
    payment_method: pulumi.Output[str]
    status: pulumi.Output[str]
    type: pulumi.Output[str]
    auto_pay: pulumi.Output[bool]
    promo_applicable: pulumi.Output[bool]
    created_at: pulumi.Output[str]
    due_at: pulumi.Output[str]
    payment_date: pulumi.Output[str | None]
    promo: pulumi.Output[dict[str, Any] | None]
    payment_information: pulumi.Output[dict[str, Any] | None]
    invoices: pulumi.Output[list[dict[str, Any]]]
    services: pulumi.Output[list[dict[str, Any]]]

    def __init__(
        self,
        resource_name: str,
        *,
        order_id: pulumi.Input[int],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = dict.fromkeys(_ORDER_OUTPUTS)
        props["order_id"] = order_id
        secret = pulumi.ResourceOptions(additional_secret_outputs=["payment_information"])
        refuse_import(opts, "OrderLookup", _LOOKUP_IMPORT_HINT)
        super().__init__(
            OrderLookupProvider(),
            resource_name,
            props,
            pulumi.ResourceOptions.merge(secret, opts),
        )
