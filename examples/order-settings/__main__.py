"""Adopt an existing VPS.org order and set its auto-pay and the renewal billing cycle.

Orders are created by VPS.org when services are bought or renewed; ``Order`` adopts one by id
and converges it to the settings below. Destroying the stack forgets the order and leaves it as
it is (``delete_on_destroy`` is off). Nothing is paid: ``paid`` is not set.

Stack config: ``orderId`` (required: the order to manage, e.g. an unpaid renewal),
``autoPay`` (default true), ``billingCycle`` in months, 1-24 (default 12). A value out of range
stops the program naming the key: it is never replaced by the default.
"""

from __future__ import annotations

import pulumi

import pulumi_vpsorg as vpsorg

config = pulumi.Config()


def whole(key: str, low: int, high: int, default: int | None = None) -> int:
    """Stack config ``key`` as a whole number from ``low`` to ``high``; ``default`` only if unset."""
    value = config.get_int(key)
    if value is None:
        # Unset: the default, or Pulumi's own "missing required configuration" error.
        return config.require_int(key) if default is None else default
    if not low <= value <= high:
        raise pulumi.RunError(
            f"config {pulumi.get_project()}:{key}: expected a whole number from {low} to "
            f"{high}, got {value}"
        )
    return value


order_id = whole("orderId", 1, 2**31 - 1)
auto_pay = config.get_bool("autoPay")
billing_cycle = whole("billingCycle", 1, 24, default=12)

order = vpsorg.Order(
    "order",
    order_id=order_id,
    auto_pay=True if auto_pay is None else auto_pay,
    billing_cycle=billing_cycle,
)

pulumi.export("orderId", order.order_id)
pulumi.export("status", order.status)
pulumi.export("type", order.type)
pulumi.export("autoPay", order.auto_pay)
pulumi.export("amountWithVatUsd", order.amount_with_vat)
pulumi.export("dueAt", order.due_at)
pulumi.export(
    "renewal",
    order.services.apply(
        lambda services: [
            {
                # Numbers arrive from the engine as floats: 9574.0 is service 9574.
                "service": f"{s['service_type']} {int(s['service_id'])}",
                "label": s["label"],
                "billingCycleMonths": int(s["service_billing_cycle"]),
                "periodTo": s["period_to"],
            }
            for s in services
            if s.get("is_period_changeable")
        ]
    ),
)
