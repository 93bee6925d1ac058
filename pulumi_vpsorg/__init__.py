"""pulumi-vpsorg: the VPS.org API as code, for Pulumi programs in Python.

Names load on first use (PEP 562), so ``import pulumi_vpsorg`` costs almost nothing and the
client alone never imports Pulumi. ``vpsorg.Order`` is the Pulumi resource; the API model of an
order is :class:`pulumi_vpsorg.orders.Order`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _lazy
from ._errors import (
    APIError,
    AuthenticationError,
    CallTimeoutError,
    ConfigurationError,
    ConnectionFailedError,
    LockedError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
    ValidationError,
    VpsOrgError,
)
from ._version import __version__

if TYPE_CHECKING:
    from .client import VpsOrgClient
    from .functions import (
        get_order,
        get_order_output,
        get_orders,
        get_orders_output,
        get_plan,
        get_plan_output,
        get_plans,
        get_plans_output,
        select_plan,
        select_plan_output,
    )
    from .orders.names import OrderStatus, OrderType, PaymentMethod
    from .plans.models import Plan, PlanDetails
    from .provider.lookups import OrderLookup, OrdersAudit, PlanLookup
    from .provider.order import Order, OrderApplyError, OrderError, PartialApplyError
    from .selection import NoMatchingPlanError, UnknownPlanError

_LAZY: dict[str, str] = {
    "VpsOrgClient": ".client",
    "Plan": ".plans.models",
    "PlanDetails": ".plans.models",
    "OrderStatus": ".orders.names",
    "OrderType": ".orders.names",
    "PaymentMethod": ".orders.names",
    "NoMatchingPlanError": ".selection",
    "UnknownPlanError": ".selection",
    "OrderError": ".provider.order",
    "OrderApplyError": ".provider.order",
    "PartialApplyError": ".provider.order",
    "get_plans": ".functions",
    "get_plans_output": ".functions",
    "get_plan": ".functions",
    "get_plan_output": ".functions",
    "select_plan": ".functions",
    "select_plan_output": ".functions",
    "get_orders": ".functions",
    "get_orders_output": ".functions",
    "get_order": ".functions",
    "get_order_output": ".functions",
    "PlanLookup": ".provider.lookups",
    "OrdersAudit": ".provider.lookups",
    "OrderLookup": ".provider.lookups",
    "Order": ".provider.order",
}

__all__ = [
    "APIError",
    "AuthenticationError",
    "CallTimeoutError",
    "ConfigurationError",
    "ConnectionFailedError",
    "LockedError",
    "NoMatchingPlanError",
    "NotFoundError",
    "Order",
    "OrderApplyError",
    "OrderError",
    "OrderLookup",
    "OrderStatus",
    "OrderType",
    "OrdersAudit",
    "PartialApplyError",
    "PaymentMethod",
    "PermissionDeniedError",
    "Plan",
    "PlanDetails",
    "PlanLookup",
    "RateLimitError",
    "ServerError",
    "UnexpectedResponseError",
    "UnknownPlanError",
    "ValidationError",
    "VpsOrgClient",
    "VpsOrgError",
    "__version__",
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


def __getattr__(name: str) -> Any:
    return _lazy.load(globals(), _LAZY, name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
