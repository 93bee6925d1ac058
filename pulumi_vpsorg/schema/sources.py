"""What the schema is generated from: the models, functions and resources it publishes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import pulumi.dynamic
from pydantic import BaseModel

from .. import functions
from .._boundary import order_state, plain, plan_state
from .._vocabulary import CONFIG_TOKEN_KEY, CONFIG_URL_KEY
from ..orders.models import Invoice, Order, PaymentInformation, Promo, Service
from ..orders.summary import OrdersSummary
from ..plans.models import Plan, PlanDetails
from ..provider import Order as OrderResource
from ..provider import OrderLookup, OrdersAudit, PlanLookup

__all__ = [
    "CONFIG_ARGUMENTS",
    "DISTRIBUTION",
    "FUNCTIONS",
    "NOT_PROPERTIES",
    "OBJECT_TYPES",
    "RESOURCES",
    "result_class",
]

#: The installed distribution whose metadata describes the package.
DISTRIBUTION: Final = "pulumi-vpsorg"

#: Object types, in the order they are documented; the token name is the model's class name.
OBJECT_TYPES: Final[tuple[type[BaseModel], ...]] = (
    Plan,
    PlanDetails,
    Order,
    Promo,
    PaymentInformation,
    Invoice,
    Service,
    OrdersSummary,
)
#: Data-source functions; tokens are the camelCased names.
FUNCTIONS: Final[tuple[Callable[..., Any], ...]] = (
    functions.get_plans,
    functions.get_plan,
    functions.select_plan,
    functions.get_orders,
    functions.get_order,
)
#: Resources with the model their state is made of and the boundary function writing it.
RESOURCES: Final[
    tuple[tuple[type[pulumi.dynamic.Resource], type[BaseModel], Callable[..., Any]], ...]
] = (
    (PlanLookup, PlanDetails, plan_state),
    (OrdersAudit, OrdersSummary, plain),
    (OrderLookup, Order, order_state),
    (OrderResource, Order, order_state),
)
#: Arguments of the Python functions that are provider configuration in the schema.
CONFIG_ARGUMENTS: Final = {"api_token": CONFIG_TOKEN_KEY, "api_url": CONFIG_URL_KEY}
#: Constructor parameters that are not resource properties.
NOT_PROPERTIES: Final = frozenset({"self", "resource_name", "opts"})


def result_class(model: type[BaseModel]) -> type | None:
    """The function result class mirroring ``model`` (``PlanResult`` for ``Plan``), if any."""
    result = getattr(functions, f"{model.__name__}Result", None)
    return result if isinstance(result, type) else None
