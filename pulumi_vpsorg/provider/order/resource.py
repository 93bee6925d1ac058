"""The ``Order`` resource class that Pulumi programs declare."""

from __future__ import annotations

from typing import Any

import pulumi

from ..._vocabulary import NAMESPACE, ORDER, SECRET_ECHOES, SECRET_FIELDS
from .._base import refuse_import
from .properties import OUTPUT_ONLY
from .provider import OrderProvider

__all__ = ["Order"]


class Order(pulumi.dynamic.Resource, module=NAMESPACE, name=ORDER):
    """An existing VPS.org order, adopted by ``order_id`` and converged to the inputs.

    :param resource_name: the Pulumi resource name.
    :param order_id: the order to manage; changing it replaces the resource.
    :param auto_pay: whether the order pays itself automatically; unset leaves it as is.
    :param promo_code: a promo code to apply; unset leaves the order's code as is. The ``promo``
        output, which echoes the code, is plain only when this is plain text: given as an
        ``Output`` (a secret, say) or unset, it is a secret.
    :param billing_cycle: months (1..24) the renewed service renews for.
    :param service_id: the service ``billing_cycle`` applies to, when the order has several
        with a changeable period.
    :param service_type: the type of that service (e.g. ``"server"``), to disambiguate.
    :param paid: ``True`` ensures the order is paid (once): a payment the API accepted is
        recorded in ``accepted_payment`` and never made again, even while the order is still
        ``processing``; unset or ``False`` never pays.
    :param payment_method: how to pay when a payment is made (e.g. ``"balance"``, ``"card"``).
    :param delete_on_destroy: on destroy, delete the order if it is unpaid (fails if paid);
        default ``False`` forgets it and leaves it at the API. A replacement (a new
        ``order_id``) destroys the old resource with its *old* value; changing ``order_id`` and
        turning this off in one update is refused: turn it off first.
    :param clear_payment_record: the ``accepted_at`` of the payment in ``accepted_payment``,
        to say that payment did not happen (e.g. ``payment_status`` is ``unconfirmed``): the
        record is dropped and, with ``paid=True``, the order is paid again under a new
        idempotency key. Ignored once the record differs or the order is settled.
    :param opts: resource options; ``payment_information`` is always a secret output.
    """

    order_id: pulumi.Output[int]
    auto_pay: pulumi.Output[bool]
    promo_code: pulumi.Output[str | None]
    billing_cycle: pulumi.Output[int | None]
    service_id: pulumi.Output[int | None]
    service_type: pulumi.Output[str | None]
    paid: pulumi.Output[bool | None]
    payment_method: pulumi.Output[str]
    delete_on_destroy: pulumi.Output[bool]
    clear_payment_record: pulumi.Output[str | None]
    tax_rate: pulumi.Output[float]
    amount: pulumi.Output[float]
    amount_with_vat: pulumi.Output[float]
    amount_from_balance: pulumi.Output[float]
    status: pulumi.Output[str]
    type: pulumi.Output[str]
    promo_applicable: pulumi.Output[bool]
    created_at: pulumi.Output[str]
    due_at: pulumi.Output[str]
    payment_date: pulumi.Output[str | None]
    promo: pulumi.Output[dict[str, Any] | None]
    payment_information: pulumi.Output[dict[str, Any] | None]
    invoices: pulumi.Output[list[dict[str, Any]]]
    services: pulumi.Output[list[dict[str, Any]]]
    accepted_payment: pulumi.Output[dict[str, Any] | None]
    payment_status: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        order_id: pulumi.Input[int],
        *,
        auto_pay: pulumi.Input[bool] | None = None,
        promo_code: pulumi.Input[str] | None = None,
        billing_cycle: pulumi.Input[int] | None = None,
        service_id: pulumi.Input[int] | None = None,
        service_type: pulumi.Input[str] | None = None,
        paid: pulumi.Input[bool] | None = None,
        payment_method: pulumi.Input[str] | None = None,
        delete_on_destroy: pulumi.Input[bool] = False,
        clear_payment_record: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = {
            "order_id": order_id,
            "auto_pay": auto_pay,
            "promo_code": promo_code,
            "billing_cycle": billing_cycle,
            "service_id": service_id,
            "service_type": service_type,
            "paid": paid,
            "payment_method": payment_method,
            "delete_on_destroy": delete_on_destroy,
            "clear_payment_record": clear_payment_record,
        }
        # Output-only properties must be present (as None) to become attributes.
        for name in OUTPUT_ONLY:
            props[name] = None
        secret_outputs = list(SECRET_FIELDS)
        for name, echoes in SECRET_ECHOES.items():
            # Plain text is no secret. An Output may be one (known only later), and an unset
            # input leaves the value an earlier run may have set as a secret: the echo is kept
            # secret in both cases.
            if not isinstance(props[name], str):
                secret_outputs.extend(echoes)
        defaults = pulumi.ResourceOptions(
            additional_secret_outputs=secret_outputs, replace_on_changes=["order_id"]
        )
        refuse_import(
            opts,
            "Order",
            "To adopt an order, declare Order(name, order_id=...) without import_: its create reads "
            "the order and changes only what differs from the inputs.",
        )
        merged = pulumi.ResourceOptions.merge(defaults, opts)
        super().__init__(OrderProvider(), resource_name, props, merged)
