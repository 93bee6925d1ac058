"""Type tokens of this package's dynamic resources (see CONTRIBUTING.md, "Interface contracts").

Defined in :mod:`pulumi_vpsorg._vocabulary`; named here for policy packs.
"""

from __future__ import annotations

from .._vocabulary import DYNAMIC_TYPE_PREFIX as TYPE_PREFIX
from .._vocabulary import ORDER_LOOKUP_TYPE, ORDER_TYPE, ORDERS_AUDIT_TYPE, PLAN_LOOKUP_TYPE

__all__ = [
    "ORDERS_AUDIT_TYPE",
    "ORDER_LOOKUP_TYPE",
    "ORDER_TYPE",
    "PLAN_LOOKUP_TYPE",
    "TYPE_PREFIX",
]
