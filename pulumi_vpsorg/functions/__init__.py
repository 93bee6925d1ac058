"""Data-source functions for Pulumi programs: plans, plan selection and order audits.

Each function has a plain form returning a typed result and an ``_output`` twin taking
``pulumi.Input`` values and ``opts: pulumi.InvokeOutputOptions`` and returning a
``pulumi.Output`` (the ``get_x`` / ``get_x_output`` convention of Pulumi providers). Results are
typed classes (:mod:`.results`) with the documented field names as attributes (``plan.slug``;
``to_dict()`` for a plain dict), so ``pulumi.export("plan", result)`` gives plain JSON.

- :mod:`.plans`: ``get_plans``, ``get_plan``, ``select_plan``;
- :mod:`.orders`: ``get_orders``, ``get_order``;
- :mod:`._client`: arguments, stack config and environment turned into a shared client;
- :mod:`._output`: how the ``_output`` twins run (Inputs, ``depends_on``, off the event loop).

Importing this package costs only Pulumi and a few small modules of this package: the client,
the models, plan selection, the catalogue memo and the summary (pydantic, ``requests``) are
imported by the functions on first call (``clear_cache`` loads the memo on first access).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .orders import (
    ORDERS_CONCURRENCY as ORDERS_CONCURRENCY,
)
from .orders import (
    get_order,
    get_order_output,
    get_orders,
    get_orders_output,
)
from .plans import (
    get_plan,
    get_plan_output,
    get_plans,
    get_plans_output,
    select_plan,
    select_plan_output,
)
from .results import (
    GetOrdersResult,
    GetPlansResult,
    InvoiceResult,
    OrderResult,
    OrdersSummaryResult,
    PaymentInformationResult,
    PlanDetailsResult,
    PlanResult,
    PromoResult,
    ServiceResult,
)

if TYPE_CHECKING:
    from .._catalogue import clear_cache

__all__ = [
    "GetOrdersResult",
    "GetPlansResult",
    "InvoiceResult",
    "OrderResult",
    "OrdersSummaryResult",
    "PaymentInformationResult",
    "PlanDetailsResult",
    "PlanResult",
    "PromoResult",
    "ServiceResult",
    "clear_cache",
    "get_order",
    "get_order_output",
    "get_orders",
    "get_orders_output",
    "get_plan",
    "get_plan_output",
    "get_plans",
    "get_plans_output",
    "select_plan",
    "select_plan_output",
]


def __getattr__(name: str) -> Any:
    # ``clear_cache`` is the catalogue memo's own function; the memo loads on first access.
    if name == "clear_cache":
        from .._catalogue import clear_cache

        globals()[name] = clear_cache
        return clear_cache
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
