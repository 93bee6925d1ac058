"""The read-only lookups, under the path they had before each got its own module.

States written by earlier versions pickle ``__provider`` as
``pulumi_vpsorg.provider.lookups.<Name>Provider``, and the providers still pickle under this path
(see their ``__module__``), so it stays importable. New code imports
:mod:`pulumi_vpsorg.provider` or the resource's own module (:mod:`.plan_lookup`,
:mod:`.orders_audit`, :mod:`.order_lookup`). Each name loads its module on first access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .. import _lazy

if TYPE_CHECKING:
    from .order_lookup import ORDER_LOOKUP_INPUTS, OrderLookup, OrderLookupProvider
    from .orders_audit import ORDERS_AUDIT_INPUTS, OrdersAudit, OrdersAuditProvider
    from .plan_lookup import PLAN_LOOKUP_INPUTS, PlanLookup, PlanLookupProvider

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

#: Where each exported name is defined.
_HOME: Final = {
    "ORDER_LOOKUP_INPUTS": ".order_lookup",
    "OrderLookup": ".order_lookup",
    "OrderLookupProvider": ".order_lookup",
    "ORDERS_AUDIT_INPUTS": ".orders_audit",
    "OrdersAudit": ".orders_audit",
    "OrdersAuditProvider": ".orders_audit",
    "PLAN_LOOKUP_INPUTS": ".plan_lookup",
    "PlanLookup": ".plan_lookup",
    "PlanLookupProvider": ".plan_lookup",
}


def __getattr__(name: str) -> Any:
    return _lazy.load(globals(), _HOME, name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
