"""Guardrails for stacks using pulumi-vpsorg, built on pulumi-policy.

:func:`all_policies` returns every policy; build the ``PolicyPack`` from it (or a selection of
the policy constants) in a policy pack's ``__main__.py``. The pure validators live in
:mod:`pulumi_vpsorg.policy.validators`.
"""

from __future__ import annotations

from ._values import UNKNOWN, PolicyConfigError
from .policies import (
    ORDER_AUTO_PAY,
    ORDER_DELETE_ON_DESTROY,
    ORDERS_AUDIT,
    PLAN_ALLOWED_LOCATIONS,
    PLAN_AVAILABLE,
    PLAN_MAX_PRICE,
    PLAN_MIN_RESOURCES,
    PLAN_PRICE_CAP,
    STACK_MONTHLY_BUDGET,
    all_policies,
)
from .tokens import ORDER_LOOKUP_TYPE, ORDER_TYPE, ORDERS_AUDIT_TYPE, PLAN_LOOKUP_TYPE

__all__ = [
    "ORDERS_AUDIT",
    "ORDERS_AUDIT_TYPE",
    "ORDER_AUTO_PAY",
    "ORDER_DELETE_ON_DESTROY",
    "ORDER_LOOKUP_TYPE",
    "ORDER_TYPE",
    "PLAN_ALLOWED_LOCATIONS",
    "PLAN_AVAILABLE",
    "PLAN_LOOKUP_TYPE",
    "PLAN_MAX_PRICE",
    "PLAN_MIN_RESOURCES",
    "PLAN_PRICE_CAP",
    "STACK_MONTHLY_BUDGET",
    "UNKNOWN",
    "PolicyConfigError",
    "all_policies",
]
