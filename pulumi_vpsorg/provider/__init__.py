"""Pulumi dynamic resources for VPS.org: read-only lookups and the ``Order`` resource.

One module per resource: :mod:`.plan_lookup`, :mod:`.orders_audit` and :mod:`.order_lookup` over
the lookup base :mod:`._lookup`, and the :mod:`.order` package. Each resource's behaviour
(:mod:`._behaviour`) does not depend on how it is hosted; :mod:`._base` hosts it as a Pulumi
dynamic provider. :mod:`.lookups` keeps the lookups' earlier path, which pickled providers name.
"""

from __future__ import annotations

from .order import Order, OrderApplyError, OrderError, OrderProvider, PartialApplyError
from .order_lookup import OrderLookup, OrderLookupProvider
from .orders_audit import OrdersAudit, OrdersAuditProvider
from .plan_lookup import PlanLookup, PlanLookupProvider

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
