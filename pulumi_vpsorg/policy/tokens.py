"""Type tokens of this package's dynamic resources (see CONTRIBUTING.md, "Interface contracts")."""

from __future__ import annotations

from typing import Final

__all__ = [
    "ORDERS_AUDIT_TYPE",
    "ORDER_LOOKUP_TYPE",
    "ORDER_TYPE",
    "PLAN_LOOKUP_TYPE",
    "TYPE_PREFIX",
]

#: Prefix of every dynamic resource type token of this package.
TYPE_PREFIX: Final = "pulumi-python:dynamic/vpsorg:"

PLAN_LOOKUP_TYPE: Final = TYPE_PREFIX + "PlanLookup"
ORDERS_AUDIT_TYPE: Final = TYPE_PREFIX + "OrdersAudit"
ORDER_LOOKUP_TYPE: Final = TYPE_PREFIX + "OrderLookup"
ORDER_TYPE: Final = TYPE_PREFIX + "Order"
