"""The schema's wording: units and descriptions the models do not carry, and how text is put
together from them. Only wording lives here; everything else comes from the code."""

from __future__ import annotations

import inspect
import re
from collections.abc import Sequence
from typing import Final

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .._vocabulary import SORT_FIELDS
from ..assumptions import BILLING_CYCLE_MAX, BILLING_CYCLE_MIN, SETTLED_STATUSES
from ..orders.models import OrderStatus, OrderType, PaymentMethod
from ..plans.models import Plan

__all__ = [
    "BOUNDS",
    "FIELD_TEXT",
    "INPUT_TEXT",
    "SUMMARY_TEXT",
    "TYPE_TEXT",
    "UNITS",
    "doc",
    "examples",
    "field_text",
    "input_text",
    "sentence",
]

#: Units of documented API fields. The plans reference gives MB, GB and USD; the orders documents
#: name no currency, and the package reports order money in USD like plan prices.
UNITS: Final = {
    "memory": "MB",
    "storage": "GB",
    "bandwidth": "GB",
    "price_monthly": "USD",
    "price_hourly": "USD",
    "amount": "USD",
    "amount_with_vat": "USD",
    "amount_from_balance": "USD",
    "percentage": "percent",
    "minimum_billing_cycle": "months",
    "service_billing_cycle": "months",
    "service_minimum_billing_cycle": "months",
    "billing_cycle": "months",
}


def examples(values: Sequence[str]) -> str:
    """The values comma-separated, each in Markdown backquotes."""
    return ", ".join(f"`{v}`" for v in values)


#: Descriptions of model fields that have no ``Field(description=...)``: ``Model.field`` first.
FIELD_TEXT: Final = {
    "Order.id": "Unique order identifier",
    "payment_method": f"How the order is paid, e.g. {examples(PaymentMethod.KNOWN)}",
    "status": f"Order status, e.g. {examples(OrderStatus.KNOWN)}",
    "Order.type": f"Order type, e.g. {examples(OrderType.KNOWN)}",
    "Order.created_at": "When the order was created",
    "due_at": "When the order is due",
    "payment_date": "When the order was paid, if it was",
    "Order.promo": "The promo code applied to the order, if any",
    "payment_information": "Card or bitcoin details of the payment, if any",
    "invoices": "Invoices of the order (get-order only; empty in list results)",
    "services": "Service lines of the order (get-order only; empty in list results)",
    "code": "The promo code",
    "last_4": "Last four digits of the card, as text (the API sends a number; leading zeros kept)",
    "brand": "Card brand, e.g. `visa`",
    "expiry_month": "Card expiry month, 1 to 12",
    "expiry_year": "Card expiry year",
    "tx_hash": "Bitcoin transaction hash",
    "tx_amount": "Amount of the bitcoin transaction (the documents give no unit)",
    "confirmed_at": "When the bitcoin payment was confirmed",
    "Invoice.id": "Unique invoice identifier",
    "invoice_number": "Invoice number, as text",
    "Invoice.created_at": "When the invoice was created",
    "order_ids": "Ids of the orders the invoice covers",
    "label": "What the service line is",
    "sublabel": "Second line of the label, if any",
    "is_period_changeable": "Whether the renewal period of the service can be changed",
    "service_id": "Identifier of the service",
    "Service.period_from": "Start of the service period",
    "Service.period_to": "End of the service period",
    "service_billing_cycle": "Renewal period of the service",
    "service_minimum_billing_cycle": "Shortest renewal period the service allows",
    "service_type": "Type of the service",
    "Service.amount": "Amount of the line without VAT",
    "Service.amount_with_vat": "Amount of the line with VAT when applicable",
    "amount_sublabel": "Text shown under the amount, if any",
    "Service.promo": "Promo of the service line, if any (shape not documented)",
}

#: Type descriptions where the model's docstring speaks to the package's developers.
TYPE_TEXT: Final = {
    "OrdersSummary": "Counts and totals of a set of orders. Unpaid: API field `status` not in "
    f"{examples(sorted(SETTLED_STATUSES))} (assumption A5); overdue: unpaid and past API field "
    "`due_at`.",
}

#: Summary fields are computed by the package from documented order fields.
SUMMARY_TEXT: Final = {
    "count": "Number of matching orders (each order's API field `id` counted once).",
    "count_by_status": "Number of matching orders per value of API field `status`.",
    "count_by_type": "Number of matching orders per value of API field `type`.",
    "total_amount": "Sum of API field `amount` over the matching orders. Unit: USD.",
    "total_amount_with_vat": "Sum of API field `amount_with_vat` over the matching orders. "
    "Unit: USD.",
    "unpaid_count": "Number of unpaid orders: API field `status` not in "
    f"{examples(sorted(SETTLED_STATUSES))} (assumption A5).",
    "unpaid_total": "Sum of API field `amount_with_vat` over the unpaid orders. Unit: USD.",
    "overdue_count": "Number of unpaid orders whose API field `due_at` has passed.",
    "overdue_order_ids": "API field `id` of each overdue order.",
    "order_ids": "API field `id` of each matching order, newest first.",
}

#: Inputs of functions and resources, and outputs that are not API fields: ``Owner.name`` first.
INPUT_TEXT: Final = {
    "plan_id": "Id of the plan (give `planId` or `slug`, not both). Matches API field `id`.",
    "slug": "Slug of the plan (give `planId` or `slug`, not both). Matches API field `slug`.",
    "location": "Only plans offered in this datacenter location, e.g. `eu-central`: the "
    "`location` query parameter of the plans list, matched against API field `locations`.",
    "available_only": "Only plans whose API field `available` is true. Default true.",
    "PlanLookup.available_only": "Only plans whose API field `available` is true. Default true, "
    "or false when the plan is pinned by `planId` or `slug`.",
    "sort_by": f"Plan field to sort by: {examples(SORT_FIELDS)} (API field names). "
    "Applied by the package, not sent to the API.",
    "sort_direction": "`asc` or `desc`. Applied by the package, not sent to the API.",
    "status": "Order statuses to include, sent as the `filter[status]` query parameter and "
    f"matched against API field `status`: {examples(OrderStatus.KNOWN)}; unset or `all`: every "
    "one of them (not the API's default, which hides unpaid statuses). Any other status is "
    "refused (the function's `allowUnknownStatus` lets it through). The output lists the "
    "statuses covered. The Python function also takes "
    "one name.",
    "allow_unknown_status": "Send `status` values that are not known statuses to the API as they "
    "are, instead of refusing them (the API's set of statuses is open). Default false.",
    "type": f"Order types to include, e.g. {examples(OrderType.KNOWN[:3])}, matched against "
    "API field `type` by the package (the API has no type filter); unset: every type. The "
    "Python function also takes one name.",
    "order_id": "Id of the order: API field `id`, path parameter of `GET /orders/{id}`.",
    "Order.order_id": "Id of the order to adopt: API field `id`. Changing it replaces the "
    "resource.",
    "OrderLookup.order_id": "Id of the order to read: API field `id`. Changing it replaces the "
    "resource.",
    "auto_pay": "Desired API field `auto_pay` (update order, assumption A2); unset leaves it "
    "as it is.",
    "promo_code": "Promo code to apply (update order, assumption A2), compared with API field "
    "`promo.code`; unset leaves it as it is.",
    "billing_cycle": "Renewal period to set through change renewal period (body field "
    f"`billing_cycle`), {BILLING_CYCLE_MIN} to {BILLING_CYCLE_MAX}; compared with API field "
    "`services[].service_billing_cycle`. Unit: months.",
    "service_id": "The service `billingCycle` applies to: API field `services[].service_id` "
    "(needed when several services have a changeable period).",
    "service_type": "Type of that service: API field `services[].service_type`, e.g. `server`.",
    "paid": "`true` pays the order once unless its API field `status` is settled "
    f"({examples(sorted(SETTLED_STATUSES))}; pay orders, assumption A3); unset or `false` "
    "never pays.",
    "payment_method": "Payment method of that payment (pay orders body field `payment_method`, "
    f"assumption A3), e.g. {examples(PaymentMethod.KNOWN[:2])}.",
    "delete_on_destroy": "On destroy, delete the order if it is unpaid (delete order, assumption "
    "A4); default false leaves it at the API. A replacement (new `orderId`) destroys the old "
    "resource with its old value, so turning this off together with a new `orderId` is "
    "refused. Not an API field.",
    "clear_payment_record": "The `acceptedAt` of the payment recorded in `acceptedPayment`, to "
    "say it did not happen (say `paymentStatus` is `unconfirmed`): the record is dropped and, "
    "with `paid`, the order is paid again under a new idempotency key. Ignored once the record "
    "differs or the order is settled. Not an API field.",
    "accepted_payment": "The payment this resource made that the API accepted (any 2xx): "
    "`order_id`, `accepted_at`, `amountWithVat` (USD, as the order showed it when paying), "
    "`paymentMethod` (as sent; null: the order's own), `confirmed` (false when the 2xx body said "
    "the payment failed, assumption A3) and `refusal` (what it said). While it is recorded the "
    "order is never paid again, whatever its status or amount. Null when this resource made no "
    "payment. Not an API field.",
    "payment_status": "`settled` (API field `status` is "
    f"{examples(sorted(SETTLED_STATUSES))}), `settling` (a payment this resource made was "
    "accepted and the order is not settled yet), `unconfirmed` (the API answered 2xx but said "
    "the payment failed; never repeated unless `clearPaymentRecord` says it did not happen) or "
    "`unpaid`. Not an API field.",
    "selected_by": "What chose the plan: `plan_id`, `slug` or `constraints`. Not an API field.",
    "GetPlansResult.plans": "The matching plans, sorted (from API field `results` of the "
    "plans list).",
    "GetPlansResult.count": "Number of matching plans (the API's `count` counts all plans).",
    "GetOrdersResult.orders": "The matching orders of every page (API field `data`), newest first.",
    "GetOrdersResult.summary": "Counts and totals of `orders`.",
}

#: Constraint prefixes: ``min_memory`` bounds API field ``memory``.
BOUNDS: Final = {"min_": "Lower bound on", "max_": "Upper bound on"}


def sentence(text: str) -> str:
    """``text`` stripped, with a final full stop."""
    text = text.strip()
    return text if text.endswith(".") else f"{text}."


def field_text(model: type[BaseModel], name: str, field: FieldInfo) -> str:
    """The model's description; the table's text first where the model's is only a note."""
    text = FIELD_TEXT.get(f"{model.__name__}.{name}") or FIELD_TEXT.get(name)
    note = field.description
    if note is not None and note.rstrip(".").lower() == UNITS.get(name):
        note = None  # "Months": the unit is stated anyway
    if text is None:
        return sentence(note or name.replace("_", " ").capitalize())
    return sentence(text) if note is None else f"{sentence(text)} {sentence(note)}"


def input_text(owner: str, name: str) -> str:
    """The description of input ``name`` of ``owner`` (a function or resource name)."""
    text = INPUT_TEXT.get(f"{owner}.{name}") or INPUT_TEXT.get(name)
    if text is not None:
        return text
    for prefix, bound in BOUNDS.items():
        field = name.removeprefix(prefix)
        if field != name and field in Plan.model_fields:
            unit = f" Unit: {UNITS[field]}." if field in UNITS else ""
            return f"{bound} API field `{field}` of the plan.{unit}"
    return sentence(name.replace("_", " ").capitalize())


def doc(obj: object) -> str:
    """The first paragraph of a docstring, reST roles turned into Markdown code."""
    text = inspect.getdoc(obj) or ""
    first = text.split("\n\n", 1)[0].replace("\n", " ")
    first = re.sub(r":\w+:`~?(?:[\w.]+\.)?([^`]+)`", r"`\1`", first)
    return first.replace("``", "`")
