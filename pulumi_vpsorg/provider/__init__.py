"""Pulumi dynamic resources for VPS.org: read-only lookups and the ``Order`` resource.

One module per resource: :mod:`.plan_lookup`, :mod:`.orders_audit` and :mod:`.order_lookup` over
the lookup base :mod:`._lookup`, and the :mod:`.order` package. Each resource's behaviour
(:mod:`._behaviour`) does not depend on how it is hosted; :mod:`._base` hosts it as a Pulumi
dynamic provider. :mod:`.lookups` keeps the lookups' earlier path, which pickled providers name.

Each name loads its module on first access, so a program pays only for the resources it uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .. import _lazy

if TYPE_CHECKING:
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

#: Where each exported name is defined.
_HOME: Final = {
    "Order": ".order",
    "OrderApplyError": ".order",
    "OrderError": ".order",
    "OrderProvider": ".order",
    "PartialApplyError": ".order",
    "OrderLookup": ".order_lookup",
    "OrderLookupProvider": ".order_lookup",
    "OrdersAudit": ".orders_audit",
    "OrdersAuditProvider": ".orders_audit",
    "PlanLookup": ".plan_lookup",
    "PlanLookupProvider": ".plan_lookup",
}


def __getattr__(name: str) -> Any:
    return _lazy.load(globals(), _HOME, name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
