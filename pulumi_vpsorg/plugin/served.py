"""What the plugin serves: resource type tokens to the behaviours the dynamic providers host too,
function tokens to the data-source functions Python programs call."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from .._errors import ConfigurationError
from .._vocabulary import NAMESPACE, ORDER, ORDER_LOOKUP, ORDERS_AUDIT, PLAN_LOOKUP

if TYPE_CHECKING:
    from ..provider._behaviour import Behaviour

__all__ = [
    "BEHAVIOURS",
    "UnknownTokenError",
    "behaviour_class",
    "canonical_token",
    "function",
    "resource_token",
]

#: Resource name -> the module and class of its behaviour (imported on first use).
BEHAVIOURS: Final = {
    PLAN_LOOKUP: ("pulumi_vpsorg.provider.plan_lookup", "PlanLookupBehaviour"),
    ORDERS_AUDIT: ("pulumi_vpsorg.provider.orders_audit", "OrdersAuditBehaviour"),
    ORDER_LOOKUP: ("pulumi_vpsorg.provider.order_lookup", "OrderLookupBehaviour"),
    ORDER: ("pulumi_vpsorg.provider.order.behaviour", "OrderBehaviour"),
}


class UnknownTokenError(ConfigurationError):
    """A type or function token this package does not have."""


def resource_token(name: str) -> str:
    """``Order`` -> ``vpsorg:index:Order``."""
    return f"{NAMESPACE}:index:{name}"


def _resource_name(token: str) -> str:
    parts = token.split(":")
    name = parts[-1]
    module = parts[1] if len(parts) == 3 else "index"
    if parts[0] != NAMESPACE or len(parts) not in (2, 3) or name not in BEHAVIOURS or (
        module.split("/")[0] != "index"
    ):
        known = ", ".join(resource_token(n) for n in BEHAVIOURS)
        raise UnknownTokenError(f"unknown resource type {token!r}; this plugin serves {known}")
    return name


def behaviour_class(token: str) -> type[Behaviour]:
    """The behaviour of the resource type ``token``.

    :raises UnknownTokenError: for a type this package does not have.
    """
    module, cls = BEHAVIOURS[_resource_name(token)]
    found: type[Behaviour] = getattr(importlib.import_module(module), cls)
    return found


def canonical_token(token: str) -> str:
    """``vpsorg:index:Order`` for any spelling the engine may use (``vpsorg:Order``).

    :raises UnknownTokenError: for a type this package does not have.
    """
    return resource_token(_resource_name(token))


def function(token: str) -> tuple[str, Callable[..., Any]]:
    """``(canonical token, function)`` for a function token, short forms included
    (``vpsorg:getPlan``, ``vpsorg:index:getPlan``, ``vpsorg:index/getPlan:getPlan``).

    :raises UnknownTokenError: for a function this package does not have.
    """
    from ..schema.naming import function_token
    from ..schema.sources import FUNCTIONS

    name = token.rpartition(":")[2]
    for fn in FUNCTIONS:
        canonical = function_token(fn.__name__)
        if token.startswith(f"{NAMESPACE}:") and canonical.rpartition(":")[2] == name:
            return canonical, fn
    known = ", ".join(function_token(fn.__name__) for fn in FUNCTIONS)
    raise UnknownTokenError(f"unknown function {token!r}; this plugin serves {known}")
