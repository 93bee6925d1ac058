"""pulumi-vpsorg: the VPS.org API as code, for Pulumi programs in Python."""

from __future__ import annotations

from ._errors import (
    APIError,
    AuthenticationError,
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
from .client import VpsOrgClient
from .orders.models import (
    Invoice,
    Order,
    OrderPage,
    OrderStatus,
    OrderType,
    PaymentInformation,
    PaymentMethod,
    Promo,
    Service,
)
from .plans.models import Plan, PlanDetails

__all__ = [
    "APIError",
    "AuthenticationError",
    "ConfigurationError",
    "ConnectionFailedError",
    "Invoice",
    "LockedError",
    "NotFoundError",
    "Order",
    "OrderPage",
    "OrderStatus",
    "OrderType",
    "PaymentInformation",
    "PaymentMethod",
    "PermissionDeniedError",
    "Plan",
    "PlanDetails",
    "Promo",
    "RateLimitError",
    "ServerError",
    "Service",
    "UnexpectedResponseError",
    "ValidationError",
    "VpsOrgClient",
    "VpsOrgError",
    "__version__",
]
