"""Pulumi dynamic resources for VPS.org: read-only lookups and the ``Order`` resource."""

from __future__ import annotations

from .lookups import (
    OrderLookup,
    OrderLookupProvider,
    OrdersAudit,
    OrdersAuditProvider,
    PlanLookup,
    PlanLookupProvider,
)
from .order import Order, OrderApplyError, OrderError, OrderProvider, PartialApplyError

__all__ = [
    "Order",
    "OrderApplyError",
    "OrderError",
    "OrderLookup",
    "OrderLookupProvider",
    "OrderProvider",
    "OrdersAudit",
    "OrdersAuditProvider",
    "PartialApplyError",
    "PlanLookup",
    "PlanLookupProvider",
]
