"""What ``pulumi import`` of an ``Order`` states: the order's settable inputs as they are today.

Read by id alone (no state, no inputs) is the engine's import. The inputs it returns become the
code ``pulumi import`` generates and the state's inputs, so they say what the order has now:
the next ``pulumi up`` of that code changes nothing, and editing one of them is a normal update.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...assumptions import BILLING_CYCLE_MAX, BILLING_CYCLE_MIN
from .changes import as_int, select_service

if TYPE_CHECKING:
    from ...orders.models import Order as OrderModel

__all__ = ["inputs_today"]


def inputs_today(order: OrderModel) -> dict[str, Any]:
    """``auto_pay``, ``promo_code`` (when a promo is applied) and ``billing_cycle`` (when one
    service's renewal period is the one an unqualified ``billing_cycle`` changes), as the order
    has them; ``order_id`` and ``delete_on_destroy`` are the caller's.

    ``paid`` and ``payment_method`` are requests (pay it, and how), not the order's settings:
    they are left out, as is a ``billing_cycle`` that could not be written back as it is (no
    changeable service, several to choose from, or a period outside the API's bounds).
    """
    from ..._boundary import plain

    inputs: dict[str, Any] = {"auto_pay": order.auto_pay}
    if order.promo is not None and order.promo.code.strip():
        inputs["promo_code"] = order.promo.code
    services: list[dict[str, Any]] = [plain(s) for s in order.services]
    service, _, _ = select_service(services, None, None)
    if service is not None and service.get("is_period_changeable"):
        cycle = as_int(service.get("service_billing_cycle"))
        if cycle is not None and BILLING_CYCLE_MIN <= cycle <= BILLING_CYCLE_MAX:
            inputs["billing_cycle"] = cycle
    return inputs
