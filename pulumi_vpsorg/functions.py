"""Data-source functions for Pulumi programs: plans, plan selection and order audits.

Each function has a plain form returning a typed result and an ``_output`` twin taking
``pulumi.Input`` values and returning a ``pulumi.Output`` (the ``get_x`` / ``get_x_output``
convention of Pulumi providers). Results are ``dict`` subclasses with the documented field names
as typed, read-only attributes, holding only Pulumi-serializable values (money as numbers,
timestamps as ISO-8601 strings), so ``pulumi.export("plan", result)`` gives plain JSON.

Settings: explicit ``api_token`` / ``api_url`` arguments, then stack config ``vpsorg:apiToken``
(secret) / ``vpsorg:apiUrl``, then ``VPSORG_API_TOKEN`` / ``VPSORG_API_URL``.

Request economy: the plan catalogue is read once per process, API, token and location
(:mod:`pulumi_vpsorg._catalogue`); plan details once per plan; orders audits read page 1 and then
the remaining pages concurrently.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Generic, TypeVar, overload

import pulumi

from . import _catalogue
from ._boundary import plain
from ._catalogue import Scope, clear_cache, token_fingerprint
from ._config import (
    CONFIG_NAMESPACE,
    CONFIG_TOKEN_KEY,
    CONFIG_URL_KEY,
    resolve_api_token,
    resolve_api_url,
)
from ._errors import ConfigurationError, NotFoundError
from .client import VpsOrgClient
from .orders.models import Order
from .orders.summary import summarize
from .plans.models import Plan, PlanDetails
from .selection import (
    check_plan_reference,
    filter_plans,
    find_plan,
    parse_constraints,
    sort_plans,
    unknown_plan,
)
from .selection import select_plan as _choose

__all__ = [
    "GetOrdersResult",
    "GetPlansResult",
    "InvoiceResult",
    "OrderResult",
    "OrdersSummaryResult",
    "PaymentInformationResult",
    "PlanDetailsResult",
    "PlanResult",
    "PromoResult",
    "ServiceResult",
    "clear_cache",
    "get_order",
    "get_order_output",
    "get_orders",
    "get_orders_output",
    "get_plan",
    "get_plan_output",
    "get_plans",
    "get_plans_output",
    "select_plan",
    "select_plan_output",
]

T = TypeVar("T")
R = TypeVar("R")

#: Parallel page reads of an orders audit.
ORDERS_CONCURRENCY = 8


# -- results -----------------------------------------------------------------------------


class _Field(Generic[T]):
    """A typed, read-only attribute reading the result's own key."""

    __slots__ = ("name",)

    def __init__(self) -> None:
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> _Field[T]: ...
    @overload
    def __get__(self, obj: _Result, owner: type | None = None) -> T: ...
    def __get__(self, obj: _Result | None, owner: type | None = None) -> _Field[T] | T:
        if obj is None:
            return self
        try:
            value: T = dict.__getitem__(obj, self.name)
        except KeyError:
            raise AttributeError(self.name) from None
        return value

    def __set__(self, obj: _Result, value: T) -> None:
        raise AttributeError(f"{self.name} is read-only")


class _Result(dict[str, Any]):
    """Base of the results: a plain dict for Pulumi, attributes for Python code."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict.__repr__(self)})"


class PlanResult(_Result):
    """A plan as ``GET /plans/`` lists it (prices in USD as numbers)."""

    __slots__ = ()
    id = _Field[int]()
    name = _Field[str]()
    slug = _Field[str]()
    vcpus = _Field[int]()
    memory = _Field[int]()  # MB
    storage = _Field[int]()  # GB
    bandwidth = _Field[int]()  # GB per month
    price_monthly = _Field[float]()
    price_hourly = _Field[float]()
    available = _Field[bool]()
    locations = _Field[list[str]]()
    description = _Field[str]()


class PlanDetailsResult(PlanResult):
    """A plan with its details, as ``GET /plans/{plan_id}/`` returns it."""

    __slots__ = ()
    features = _Field[list[str]]()
    recommended_for = _Field[list[str]]()


class GetPlansResult(_Result):
    """The plans matching the filters, in the requested order."""

    __slots__ = ()
    plans = _Field[list[PlanResult]]()
    count = _Field[int]()
    sort_by = _Field[str]()
    sort_direction = _Field[str]()


class PromoResult(_Result):
    """A promo code applied to an order."""

    __slots__ = ()
    code = _Field[str]()
    percentage = _Field[float]()
    minimum_billing_cycle = _Field[int | None]()


class PaymentInformationResult(_Result):
    """How an order was paid (card or bitcoin fields)."""

    __slots__ = ()
    last_4 = _Field[str | None]()
    brand = _Field[str | None]()
    expiry_month = _Field[int | None]()
    expiry_year = _Field[int | None]()
    tx_hash = _Field[str | None]()
    tx_amount = _Field[float | None]()
    confirmed_at = _Field[str | None]()


class InvoiceResult(_Result):
    """An invoice of an order."""

    __slots__ = ()
    id = _Field[int]()
    invoice_number = _Field[str]()
    created_at = _Field[str]()
    amount = _Field[float]()
    amount_with_vat = _Field[float]()
    type = _Field[str]()
    order_ids = _Field[list[int]]()


class ServiceResult(_Result):
    """A service line of an order."""

    __slots__ = ()
    label = _Field[str]()
    sublabel = _Field[str | None]()
    period_from = _Field[str | None]()
    period_to = _Field[str | None]()
    is_period_changeable = _Field[bool]()
    service_id = _Field[int]()
    service_billing_cycle = _Field[int | None]()
    service_minimum_billing_cycle = _Field[int | None]()
    service_type = _Field[str | None]()
    amount = _Field[float]()
    amount_with_vat = _Field[float]()
    amount_sublabel = _Field[str | None]()
    promo = _Field[Any]()


class OrderResult(_Result):
    """An order: every documented field (amounts in USD as numbers, times as ISO strings)."""

    __slots__ = ()
    id = _Field[int]()
    tax_rate = _Field[float]()
    amount = _Field[float]()
    amount_with_vat = _Field[float]()
    amount_from_balance = _Field[float]()
    payment_method = _Field[str]()
    status = _Field[str]()
    type = _Field[str]()
    auto_pay = _Field[bool]()
    promo_applicable = _Field[bool]()
    created_at = _Field[str]()
    due_at = _Field[str]()
    payment_date = _Field[str | None]()
    promo = _Field[PromoResult | None]()
    payment_information = _Field[PaymentInformationResult | None]()
    invoices = _Field[list[InvoiceResult]]()
    services = _Field[list[ServiceResult]]()


class OrdersSummaryResult(_Result):
    """Counts and totals of an orders audit (unpaid: status neither paid nor cancelled)."""

    __slots__ = ()
    count = _Field[int]()
    count_by_status = _Field[dict[str, int]]()
    count_by_type = _Field[dict[str, int]]()
    total_amount = _Field[float]()
    total_amount_with_vat = _Field[float]()
    unpaid_count = _Field[int]()
    unpaid_total = _Field[float]()
    overdue_count = _Field[int]()
    overdue_order_ids = _Field[list[int]]()
    order_ids = _Field[list[int]]()


class GetOrdersResult(_Result):
    """Every matching order, newest first, and their summary."""

    __slots__ = ()
    orders = _Field[list[OrderResult]]()
    summary = _Field[OrdersSummaryResult]()
    status = _Field[list[str] | None]()
    type = _Field[list[str] | None]()


def _plan_result(plan: Plan) -> PlanResult:
    if isinstance(plan, PlanDetails):
        return PlanDetailsResult(plain(plan))
    return PlanResult(plain(plan))


def _order_result(order: Order) -> OrderResult:
    data: dict[str, Any] = plain(order)
    if data.get("promo") is not None:
        data["promo"] = PromoResult(data["promo"])
    if data.get("payment_information") is not None:
        data["payment_information"] = PaymentInformationResult(data["payment_information"])
    data["invoices"] = [InvoiceResult(i) for i in data.get("invoices") or []]
    data["services"] = [ServiceResult(s) for s in data.get("services") or []]
    return OrderResult(data)


# -- settings and clients ----------------------------------------------------------------

_clients_lock = threading.Lock()
_clients: dict[Scope, VpsOrgClient] = {}


def _stack_config() -> tuple[str | None, str | None]:
    # Outside a Pulumi program (scripts, tests) Config may be unusable: fall back to env.
    try:
        config = pulumi.Config(CONFIG_NAMESPACE)
        return config.get(CONFIG_TOKEN_KEY), config.get(CONFIG_URL_KEY)
    except Exception:
        return None, None


def _client(api_token: str | None, api_url: str | None) -> tuple[VpsOrgClient, Scope]:
    """The shared client for these settings (one per API URL and token, per process)."""
    configured_token, configured_url = _stack_config()
    token = resolve_api_token(api_token, configured_token)
    url = resolve_api_url(api_url, configured_url)
    scope: Scope = (url, token_fingerprint(token))
    with _clients_lock:
        existing = _clients.get(scope)
        if existing is None:
            existing = VpsOrgClient(api_token=token, api_url=url)
            _clients[scope] = existing
        return existing, scope


def _names(name: str, value: str | Sequence[str] | None) -> list[str] | None:
    if value is None:
        return None
    values = [value] if isinstance(value, str) else list(value)
    if not values or any(not isinstance(v, str) or not v.strip() for v in values):
        raise ConfigurationError(
            f"{name}: expected a name or a non-empty list of names, got {value!r}"
        )
    return [v.strip() for v in values]


# -- plans -------------------------------------------------------------------------------


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

    :param location: only plans offered there (sent to the API as ``location``).
    :param available_only: drop plans not currently available (default, as in ``select_plan``).
    :param sort_by: a plan field: id, name, slug, vcpus, memory, storage, bandwidth,
        price_monthly, price_hourly.
    :param sort_direction: ``"asc"`` or ``"desc"``.
    :raises ConfigurationError: for a bad argument (naming it) or no token, before any request.
    """
    constraints = parse_constraints(
        {
            "min_vcpus": min_vcpus,
            "max_vcpus": max_vcpus,
            "min_memory": min_memory,
            "max_memory": max_memory,
            "min_storage": min_storage,
            "min_bandwidth": min_bandwidth,
            "max_price_monthly": max_price_monthly,
            "max_price_hourly": max_price_hourly,
            "location": location,
            "available_only": available_only,
        }
    )
    sort_plans([], sort_by, sort_direction)  # validates before any request
    client, scope = _client(api_token, api_url)
    plans = _catalogue.catalogue(client, scope, constraints.location)
    chosen = sort_plans(filter_plans(plans, constraints), sort_by, sort_direction)
    return GetPlansResult(
        plans=[_plan_result(p) for p in chosen],
        count=len(chosen),
        sort_by=sort_by,
        sort_direction=sort_direction,
    )


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
    check_plan_reference(plan_id, slug)
    client, scope = _client(api_token, api_url)
    if plan_id is None:
        plan_id = find_plan(_catalogue.catalogue(client, scope), slug=slug).id
    try:
        details = _catalogue.plan_details(client, scope, plan_id)
    except NotFoundError:
        raise unknown_plan(_catalogue.catalogue(client, scope), plan_id, slug) from None
    result = _plan_result(details)
    assert isinstance(result, PlanDetailsResult)
    return result


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
    :raises NoMatchingPlanError: restating the constraints and what the nearest plans fail.
    """
    constraints = parse_constraints(
        {
            "min_vcpus": min_vcpus,
            "max_vcpus": max_vcpus,
            "min_memory": min_memory,
            "max_memory": max_memory,
            "min_storage": min_storage,
            "min_bandwidth": min_bandwidth,
            "max_price_monthly": max_price_monthly,
            "max_price_hourly": max_price_hourly,
            "location": location,
            "available_only": available_only,
        }
    )
    client, scope = _client(api_token, api_url)
    return _plan_result(
        _choose(_catalogue.catalogue(client, scope, constraints.location), constraints)
    )


# -- orders ------------------------------------------------------------------------------


def get_orders(
    status: str | Sequence[str] | None = None,
    type: str | Sequence[str] | None = None,
    *,
    api_token: str | None = None,
    api_url: str | None = None,
) -> GetOrdersResult:
    """Every matching order across all pages (newest first) and their summary.

    :param status: one status or several, sent as ``filter[status]``; ``None`` is the API
        default, ``pending_payment`` and ``paid``.
    :param type: one order type or several (e.g. ``"new-service"``), filtered client-side: the
        API has no type filter.
    """
    statuses = _names("status", status)
    types = _names("type", type)
    client, _ = _client(api_token, api_url)
    orders = client.list_orders(statuses, concurrency=ORDERS_CONCURRENCY)
    if types is not None:
        orders = [o for o in orders if o.type in types]
    summary = summarize(orders)
    return GetOrdersResult(
        orders=[_order_result(o) for o in orders],
        summary=OrdersSummaryResult(plain(summary)),
        status=statuses,
        type=types,
    )


def get_order(
    order_id: int, *, api_token: str | None = None, api_url: str | None = None
) -> OrderResult:
    """One order with its invoices and services.

    :raises NotFoundError: when no order has this id.
    """
    if isinstance(order_id, bool) or not isinstance(order_id, int) or order_id < 1:
        raise ConfigurationError(f"order_id: expected a positive integer, got {order_id!r}")
    client, _ = _client(api_token, api_url)
    return _order_result(client.get_order(order_id))


# -- Output twins ------------------------------------------------------------------------


def _in_thread(fn: Callable[..., R]) -> Callable[[Mapping[str, Any]], Any]:
    """Run ``fn(**args)`` off the event loop, so lookups in one program overlap."""

    def run(args: Mapping[str, Any]) -> Any:
        call = functools.partial(fn, **args)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return call()
        return loop.run_in_executor(None, call)

    return run


def _output(fn: Callable[..., R], **inputs: Any) -> pulumi.Output[R]:
    given = {k: v for k, v in inputs.items() if v is not None}
    # from_input resolves the Inputs inside the dict; secrets and dependencies carry over.
    result: pulumi.Output[R] = pulumi.Output.from_input(given).apply(_in_thread(fn))
    return result


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
) -> pulumi.Output[GetPlansResult]:
    """:func:`get_plans` taking ``pulumi.Input`` values."""
    return _output(
        get_plans,
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
) -> pulumi.Output[PlanDetailsResult]:
    """:func:`get_plan` taking ``pulumi.Input`` values."""
    return _output(get_plan, plan_id=plan_id, slug=slug, api_token=api_token, api_url=api_url)


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
) -> pulumi.Output[PlanResult]:
    """:func:`select_plan` taking ``pulumi.Input`` values."""
    return _output(
        select_plan,
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


def get_orders_output(
    status: pulumi.Input[str | Sequence[str]] | None = None,
    type: pulumi.Input[str | Sequence[str]] | None = None,
    *,
    api_token: pulumi.Input[str] | None = None,
    api_url: pulumi.Input[str] | None = None,
) -> pulumi.Output[GetOrdersResult]:
    """:func:`get_orders` taking ``pulumi.Input`` values."""
    return _output(get_orders, status=status, type=type, api_token=api_token, api_url=api_url)


def get_order_output(
    order_id: pulumi.Input[int],
    *,
    api_token: pulumi.Input[str] | None = None,
    api_url: pulumi.Input[str] | None = None,
) -> pulumi.Output[OrderResult]:
    """:func:`get_order` taking ``pulumi.Input`` values."""
    return _output(get_order, order_id=order_id, api_token=api_token, api_url=api_url)
