"""The Pulumi package schema of pulumi-vpsorg, generated from the package's own definitions.

``python -m pulumi_vpsorg.schema > schema.json`` writes it; ``--check [FILE]`` exits 1 when
``FILE`` (default ``schema.json``) differs from what the code generates.

Sources, so that the schema follows the code:

- object types: the pydantic models (:mod:`pulumi_vpsorg.plans.models`,
  :mod:`pulumi_vpsorg.orders.models`, :class:`~pulumi_vpsorg.orders.summary.OrdersSummary`):
  their fields, annotations and ``Field`` descriptions;
- functions: the signatures and return annotations of :mod:`pulumi_vpsorg.functions`, and the
  fields its result classes annotate (a result mirroring a model is described by the model);
- resources: the constructors of the dynamic resources (inputs), the properties and options they
  register (outputs, secrets, replacements), the state their providers write
  (:mod:`pulumi_vpsorg._boundary` renames ``id``) and what their providers' ``diff`` replaces;
- config: :mod:`pulumi_vpsorg._config`; package metadata: the installed distribution.

Only wording lives here: units and descriptions the models do not carry.
"""

from __future__ import annotations

import argparse
import collections.abc
import datetime
import decimal
import importlib.metadata
import inspect
import json
import keyword
import re
import sys
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final
from unittest import mock

import pulumi
import pulumi.dynamic
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from . import functions
from ._boundary import order_state, plain, plan_state
from ._config import (
    CONFIG_ORDERS_TOKEN_KEY,
    CONFIG_ORDERS_URL_KEY,
    CONFIG_TOKEN_KEY,
    CONFIG_URL_KEY,
    ENV_ORDERS_TOKEN,
    ENV_ORDERS_URL,
    ENV_TOKEN,
    ENV_URL,
)
from ._version import __version__
from .assumptions import (
    BILLING_CYCLE_MAX,
    BILLING_CYCLE_MIN,
    DEFAULT_API_URL,
    DEFAULT_ORDERS_API_URL,
    SETTLED_STATUSES,
)
from .orders.models import (
    Invoice,
    Order,
    OrderStatus,
    OrderType,
    PaymentInformation,
    PaymentMethod,
    Promo,
    Service,
)
from .orders.summary import OrdersSummary
from .plans.models import Plan, PlanDetails
from .provider.lookups import OrderLookup, OrdersAudit, PlanLookup
from .provider.order import Order as OrderResource
from .selection import SORT_FIELDS

__all__ = [
    "DISTRIBUTION",
    "FUNCTIONS",
    "OBJECT_TYPES",
    "PACKAGE",
    "RESOURCES",
    "build_schema",
    "camel_case",
    "dynamic_type",
    "function_token",
    "main",
    "python_name",
    "render",
    "resource_token",
    "type_token",
]

#: The package name in tokens and config keys.
PACKAGE: Final = "vpsorg"
#: The installed distribution whose metadata describes the package.
DISTRIBUTION: Final = "pulumi-vpsorg"
_MODULE: Final = "index"

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
_CONFIG_ARGUMENTS: Final = {"api_token": CONFIG_TOKEN_KEY, "api_url": CONFIG_URL_KEY}
#: Constructor parameters that are not resource properties.
_NOT_PROPERTIES: Final = frozenset({"self", "resource_name", "opts"})

# -- wording ------------------------------------------------------------------------------

#: Units of documented API fields. The plans reference gives MB, GB and USD; the orders documents
#: name no currency, and the package reports order money in USD like plan prices.
_UNITS: Final = {
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


def _examples(values: Sequence[str]) -> str:
    return ", ".join(f"`{v}`" for v in values)


#: Descriptions of model fields that have no ``Field(description=...)``: ``Model.field`` first.
_FIELD_TEXT: Final = {
    "Order.id": "Unique order identifier",
    "payment_method": f"How the order is paid, e.g. {_examples(PaymentMethod.KNOWN)}",
    "status": f"Order status, e.g. {_examples(OrderStatus.KNOWN)}",
    "Order.type": f"Order type, e.g. {_examples(OrderType.KNOWN)}",
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
_TYPE_TEXT: Final = {
    "OrdersSummary": "Counts and totals of a set of orders. Unpaid: API field `status` not in "
    f"{_examples(sorted(SETTLED_STATUSES))} (assumption A5); overdue: unpaid and past API field "
    "`due_at`.",
}

#: Summary fields are computed by the package from documented order fields.
_SUMMARY_TEXT: Final = {
    "count": "Number of matching orders (each order's API field `id` counted once).",
    "count_by_status": "Number of matching orders per value of API field `status`.",
    "count_by_type": "Number of matching orders per value of API field `type`.",
    "total_amount": "Sum of API field `amount` over the matching orders. Unit: USD.",
    "total_amount_with_vat": "Sum of API field `amount_with_vat` over the matching orders. "
    "Unit: USD.",
    "unpaid_count": "Number of unpaid orders: API field `status` not in "
    f"{_examples(sorted(SETTLED_STATUSES))} (assumption A5).",
    "unpaid_total": "Sum of API field `amount_with_vat` over the unpaid orders. Unit: USD.",
    "overdue_count": "Number of unpaid orders whose API field `due_at` has passed.",
    "overdue_order_ids": "API field `id` of each overdue order.",
    "order_ids": "API field `id` of each matching order, newest first.",
}

#: Inputs of functions and resources, and outputs that are not API fields: ``Owner.name`` first.
_INPUT_TEXT: Final = {
    "plan_id": "Id of the plan (give `planId` or `slug`, not both). Matches API field `id`.",
    "slug": "Slug of the plan (give `planId` or `slug`, not both). Matches API field `slug`.",
    "location": "Only plans offered in this datacenter location, e.g. `eu-central`: the "
    "`location` query parameter of the plans list, matched against API field `locations`.",
    "available_only": "Only plans whose API field `available` is true. Default true.",
    "PlanLookup.available_only": "Only plans whose API field `available` is true. Default true, "
    "or false when the plan is pinned by `planId` or `slug`.",
    "sort_by": f"Plan field to sort by: {_examples(SORT_FIELDS)} (API field names). "
    "Applied by the package, not sent to the API.",
    "sort_direction": "`asc` or `desc`. Applied by the package, not sent to the API.",
    "status": "Order statuses to include, sent as the `filter[status]` query parameter and "
    f"matched against API field `status`: {_examples(OrderStatus.KNOWN)}; unset or `all`: every "
    "one of them (not the API's default, which hides unpaid statuses). Any other status is "
    "refused (the function's `allowUnknownStatus` lets it through). The output lists the "
    "statuses covered. The Python function also takes "
    "one name.",
    "allow_unknown_status": "Send `status` values that are not known statuses to the API as they "
    "are, instead of refusing them (the API's set of statuses is open). Default false.",
    "type": f"Order types to include, e.g. {_examples(OrderType.KNOWN[:3])}, matched against "
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
    f"({_examples(sorted(SETTLED_STATUSES))}; pay orders, assumption A3); unset or `false` "
    "never pays.",
    "payment_method": "Payment method of that payment (pay orders body field `payment_method`, "
    f"assumption A3), e.g. {_examples(PaymentMethod.KNOWN[:2])}.",
    "delete_on_destroy": "On destroy, delete the order if it is unpaid (delete order, assumption "
    "A4); default false leaves it at the API. Not an API field.",
    "accepted_payment": "The payment this resource made that the API accepted (any 2xx): "
    "`order_id`, `accepted_at`, `amountWithVat` (USD, as the order showed it when paying) and "
    "`paymentMethod` (as sent; null: the order's own). While it is recorded the order is never "
    "paid again, whatever its status or amount. Null when this resource made no payment. Not an "
    "API field.",
    "payment_status": "`settled` (API field `status` is "
    f"{_examples(sorted(SETTLED_STATUSES))}), `settling` (a payment this resource made was "
    "accepted and the order is not settled yet) or `unpaid`. Not an API field.",
    "selected_by": "What chose the plan: `plan_id`, `slug` or `constraints`. Not an API field.",
    "GetPlansResult.plans": "The matching plans, sorted (from API field `results` of the "
    "plans list).",
    "GetPlansResult.count": "Number of matching plans (the API's `count` counts all plans).",
    "GetOrdersResult.orders": "The matching orders of every page (API field `data`), newest first.",
    "GetOrdersResult.summary": "Counts and totals of `orders`.",
}

#: Constraint prefixes: ``min_memory`` bounds API field ``memory``.
_BOUNDS: Final = {"min_": "Lower bound on", "max_": "Upper bound on"}


# -- names and tokens ---------------------------------------------------------------------


def camel_case(name: str) -> str:
    """``price_monthly`` -> ``priceMonthly``; ``last_4`` -> ``last4`` (Pulumi property names)."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def python_name(name: str) -> str:
    """The Python name Pulumi's codegen derives from a camelCase name (a port of its ``PyName``).

    ``priceMonthly`` -> ``price_monthly``; acronyms stay together (``vatID`` -> ``vat_id``);
    digits stay with what precedes them (``last4`` -> ``last4``, not ``last_4``).
    """
    words: list[str] = []
    current = ""
    state = "first"
    for raw in name:
        char = raw if raw.isalnum() or raw == "_" else "_"
        if state == "first":
            if not (char.isalpha() or char == "_"):
                current += "_"
            state = "upper" if char.isupper() else "lower"
            current += char.lower()
        elif state == "upper":
            state = "acronym" if char.isupper() else "lower"
            current += char.lower()
        elif state == "acronym":
            if char.isupper():
                current += char.lower()
            elif char.isdigit() or char == "s":
                state = "lower"
                current += char
            else:
                words.append(current[:-1])
                current = current[-1] + char
                state = "lower"
        elif char.isupper():
            words.append(current)
            current = char.lower()
            state = "upper"
        else:
            current += char
    words.append(current)
    result = "_".join(w for w in words if w)
    return f"{result}_" if keyword.iskeyword(result) or result in ("print", "exec") else result


def type_token(name: str) -> str:
    """``Plan`` -> ``vpsorg:index/Plan:Plan``."""
    return f"{PACKAGE}:{_MODULE}/{name}:{name}"


def function_token(python: str) -> str:
    """``get_plans`` -> ``vpsorg:index/getPlans:getPlans``."""
    name = camel_case(python)
    return f"{PACKAGE}:{_MODULE}/{name}:{name}"


def resource_token(resource: type[pulumi.dynamic.Resource]) -> str:
    """``Order`` -> ``vpsorg:index:Order`` (from the dynamic resource's registered name)."""
    return f"{PACKAGE}:{_MODULE}:{_registered_name(resource)}"


def dynamic_type(resource: type[pulumi.dynamic.Resource]) -> str:
    """The type token the engine records: ``pulumi-python:dynamic/vpsorg:Order``."""
    type_name: str = resource._resource_type_name
    return f"pulumi-python:{type_name}"


def _registered_name(resource: type[pulumi.dynamic.Resource]) -> str:
    type_name: str = resource._resource_type_name
    return type_name.rpartition(":")[2]


def _ref(model: type) -> dict[str, Any]:
    return {"$ref": f"#/types/{type_token(model.__name__)}"}


# -- Python types to schema types ---------------------------------------------------------

_NONE: Final = type(None)
#: ``pulumi.Input`` refers to ``"Output[T]"`` by name (the wrapper is dropped anyway).
_PULUMI_NAMES: Final = {"Output": pulumi.Output, "Input": pulumi.Input, "T": typing.TypeVar("T")}
_WRAPPERS: Final = (collections.abc.Awaitable, pulumi.Output)
_SEQUENCES: Final = (list, tuple, collections.abc.Sequence)
_MAPPINGS: Final = (dict, collections.abc.Mapping)


def _named_types() -> dict[type, type[BaseModel]]:
    """Model classes and the result classes mirroring them (``PlanResult`` for ``Plan``)."""
    named: dict[type, type[BaseModel]] = {}
    for model in OBJECT_TYPES:
        named[model] = model
        result = getattr(functions, f"{model.__name__}Result", None)
        if isinstance(result, type):
            named[result] = model
    return named


def _type_spec(tp: Any) -> tuple[dict[str, Any], bool]:
    """A Python annotation as a Pulumi type spec, and whether it admits ``None``.

    :raises TypeError: for an annotation with no schema counterpart (so that it gets one).
    """
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Annotated:
        return _type_spec(args[0])
    if origin in (typing.Union, types.UnionType):
        optional = _NONE in args
        members = [a for a in args if a is not _NONE]
        members = [a for a in members if (typing.get_origin(a) or a) not in _WRAPPERS] or members
        if len(members) == 1:
            spec, inner = _type_spec(members[0])
            return spec, optional or inner
        specs = [_type_spec(m)[0] for m in members]
        arrays = [s for s in specs if s.get("type") == "array"]
        if arrays:
            # str | Sequence[str]: one name or several; other languages take the list.
            return arrays[0], optional
        if any(m in (float, decimal.Decimal) for m in members):
            # float | Decimal | str: an amount given as a number or numeric text.
            return {"type": "number"}, optional
        raise TypeError(f"no schema type for the union {tp!r}")
    if origin is pulumi.Output:
        return _type_spec(args[0])
    if origin in _SEQUENCES:
        return {"type": "array", "items": _type_spec(args[0])[0]}, False
    if origin in _MAPPINGS:
        return {"type": "object", "additionalProperties": _type_spec(args[1])[0]}, False
    if origin is typing.Literal and all(isinstance(a, str) for a in args):
        return {"type": "string"}, False
    if tp is Any:
        return {"$ref": "pulumi.json#/Any"}, True
    named = _named_types()
    if tp in named:
        return _ref(named[tp]), False
    for python_type, name in (
        (bool, "boolean"),
        (int, "integer"),
        (float, "number"),
        (decimal.Decimal, "number"),
        (str, "string"),
        (datetime.datetime, "string"),
    ):
        if tp is python_type:
            return {"type": name}, False
    raise TypeError(f"no schema type for {tp!r}")


def _is_timestamp(tp: Any) -> bool:
    if tp is datetime.datetime:
        return True
    return any(_is_timestamp(a) for a in typing.get_args(tp))


# -- properties ---------------------------------------------------------------------------


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(".") else f"{text}."


def _field_text(model: type[BaseModel], name: str, field: FieldInfo) -> str:
    """The model's description; the table's text first where the model's is only a note."""
    text = _FIELD_TEXT.get(f"{model.__name__}.{name}") or _FIELD_TEXT.get(name)
    note = field.description
    if note is not None and note.rstrip(".").lower() == _UNITS.get(name):
        note = None  # "Months": the unit is stated anyway
    if text is None:
        return _sentence(note or name.replace("_", " ").capitalize())
    return _sentence(text) if note is None else f"{_sentence(text)} {_sentence(note)}"


def _model_property(
    model: type[BaseModel], name: str, *, key: str | None = None
) -> tuple[dict[str, Any], bool]:
    """One model field as a property: ``(propertySpec, required)``.

    :param key: the property's snake_case name when it is not the field's (state ``plan_id``).
    """
    field = model.model_fields[name]
    spec, optional = _type_spec(field.annotation)
    if model is OrdersSummary:
        parts = [_SUMMARY_TEXT.get(name, _sentence(name.replace("_", " ").capitalize()))]
    else:
        api = field.alias or name
        parts = [_field_text(model, name, field)]
        if api in _UNITS:
            parts.append(f"Unit: {_UNITS[api]}.")
        if _is_timestamp(field.annotation):
            parts.append("ISO-8601 timestamp, UTC.")
        mapping = f"Maps to API field `{api}`"
        if key is not None and key != api:
            mapping += f" (state key `{key}`)"
        parts.append(mapping + ".")
    snake = key or name
    if python_name(camel_case(snake)) != snake:
        parts.append(f"Python and state key `{snake}`.")
    return {**spec, "description": " ".join(parts)}, not optional


def _input_text(owner: str, name: str) -> str:
    text = _INPUT_TEXT.get(f"{owner}.{name}") or _INPUT_TEXT.get(name)
    if text is not None:
        return text
    for prefix, bound in _BOUNDS.items():
        field = name.removeprefix(prefix)
        if field != name and field in Plan.model_fields:
            unit = f" Unit: {_UNITS[field]}." if field in _UNITS else ""
            return f"{bound} API field `{field}` of the plan.{unit}"
    return _sentence(name.replace("_", " ").capitalize())


def _input_property(owner: str, name: str, tp: Any, default: Any) -> tuple[dict[str, Any], bool]:
    """A function or resource input: ``(propertySpec, required)``."""
    spec, _ = _type_spec(tp)
    prop: dict[str, Any] = {**spec, "description": _input_text(owner, name)}
    if default is not inspect.Parameter.empty and default is not None:
        prop["default"] = default
    return prop, default is inspect.Parameter.empty


def _object(props: Mapping[str, tuple[dict[str, Any], bool]]) -> dict[str, Any]:
    """An objectTypeSpec body from ``{snake_name: (propertySpec, required)}``."""
    return {
        "type": "object",
        "properties": {camel_case(k): spec for k, (spec, _) in props.items()},
        "required": sorted(camel_case(k) for k, (_, required) in props.items() if required),
    }


def _model_properties(model: type[BaseModel]) -> dict[str, tuple[dict[str, Any], bool]]:
    return {name: _model_property(model, name) for name in model.model_fields}


def _doc(obj: object) -> str:
    """The first paragraph of a docstring, reST roles turned into Markdown code."""
    doc = inspect.getdoc(obj) or ""
    first = doc.split("\n\n", 1)[0].replace("\n", " ")
    first = re.sub(r":\w+:`~?(?:[\w.]+\.)?([^`]+)`", r"`\1`", first)
    return first.replace("``", "`")


# -- object types -------------------------------------------------------------------------


def _object_type(model: type[BaseModel]) -> dict[str, Any]:
    python = f"`{model.__module__}.{model.__name__}`"
    result = getattr(functions, f"{model.__name__}Result", None)
    where = f" Python model {python}"
    if isinstance(result, type):
        where += f"; function results `pulumi_vpsorg.functions.{result.__name__}`"
    return {
        **_object(_model_properties(model)),
        "description": f"{_sentence(_TYPE_TEXT.get(model.__name__) or _doc(model))}{where}.",
    }


# -- functions ----------------------------------------------------------------------------


def _declared_fields(cls: type) -> dict[str, Any]:
    """The fields a class annotates itself (not its bases), evaluated."""
    return _evaluate(inspect.get_annotations(cls), cls.__module__)


def _evaluate(annotations: Mapping[str, Any], module: str) -> dict[str, Any]:
    """Evaluate (string) annotations in ``module``; Pulumi's own forward references resolve too."""
    holder = type("_Annotations", (), {"__annotations__": dict(annotations), "__module__": module})
    return typing.get_type_hints(holder, localns=_PULUMI_NAMES)


def _signature_hints(fn: Callable[..., Any]) -> dict[str, Any]:
    return typing.get_type_hints(fn, localns=_PULUMI_NAMES)


def _function(fn: Callable[..., Any]) -> dict[str, Any]:
    hints = _signature_hints(fn)
    owner = camel_case(fn.__name__)
    inputs = {
        name: _input_property(owner, name, hints[name], param.default)
        for name, param in inspect.signature(fn).parameters.items()
        if name not in _CONFIG_ARGUMENTS
    }
    result = hints["return"]
    named = _named_types()
    if result in named:
        outputs = _model_properties(named[result])
    else:
        outputs = {}
        for name, tp in _declared_fields(result).items():
            spec, optional = _type_spec(tp)
            text = _INPUT_TEXT.get(f"{result.__name__}.{name}")
            if text is None:
                text = f"The `{camel_case(name)}` input as applied. {_input_text(owner, name)}"
            outputs[name] = ({**spec, "description": text}, not optional)
    config = ", ".join(f"`{k}` (config `{PACKAGE}:{v}`)" for k, v in _CONFIG_ARGUMENTS.items())
    description = (
        f"{_sentence(_doc(fn))} Python: `pulumi_vpsorg.{fn.__name__}()` and "
        f"`pulumi_vpsorg.{fn.__name__}_output()`, which also take {config}."
    )
    return {"description": description, "inputs": _object(inputs), "outputs": _object(outputs)}


# -- resources ----------------------------------------------------------------------------


class _Marker:
    """Stands in for a field's value, so that a boundary function shows where each field goes."""

    def __init__(self, field: str) -> None:
        self.field = field


def _state_fields(model: type[BaseModel], to_state: Callable[..., Any]) -> dict[str, str]:
    """``{state key: model field}`` as ``to_state`` writes a ``model`` instance to state."""
    values: dict[str, Any] = {name: _Marker(name) for name in model.model_fields}
    instance = model.model_construct(**values)
    state: Mapping[str, Any] = to_state(instance)
    return {key: value.field for key, value in state.items() if isinstance(value, _Marker)}


def _probe_values(spec: Mapping[str, Any]) -> tuple[Any, Any]:
    kind = spec.get("type")
    if kind == "boolean":
        return False, True
    if kind in ("integer", "number"):
        return 1, 2
    if kind == "array":
        return ["a"], ["b"]
    return "a", "b"


class _Registration:
    """What a resource's constructor registers: its provider, properties and options."""

    def __init__(self, resource: type[pulumi.dynamic.Resource], args: Mapping[str, Any]) -> None:
        captured: dict[str, Any] = {}

        def capture(_self: Any, provider: Any, _name: str, props: Any, opts: Any = None) -> None:
            captured.update(provider=provider, props=props, opts=opts)

        # Runs the real constructor, but stops where it would register with the engine.
        with mock.patch.object(pulumi.dynamic.Resource, "__init__", capture):
            typing.cast(Any, resource)("schema", **args)
        self.provider: pulumi.dynamic.ResourceProvider = captured["provider"]
        self.properties: tuple[str, ...] = tuple(captured["props"])
        opts: pulumi.ResourceOptions | None = captured["opts"]
        self.secrets: tuple[str, ...] = tuple((opts and opts.additional_secret_outputs) or ())
        self.replaces: tuple[str, ...] = tuple((opts and opts.replace_on_changes) or ())


def _resource(
    resource: type[pulumi.dynamic.Resource],
    model: type[BaseModel],
    to_state: Callable[..., Any],
) -> dict[str, Any]:
    owner = _registered_name(resource)
    init = resource.__init__
    hints = _signature_hints(init)
    params = {
        name: param
        for name, param in inspect.signature(init).parameters.items()
        if name not in _NOT_PROPERTIES
    }
    inputs = {
        name: _input_property(owner, name, hints[name], param.default)
        for name, param in params.items()
    }
    registration = _Registration(
        resource,
        {
            name: _probe_values(inputs[name][0])[0]
            for name, param in params.items()
            if param.default is inspect.Parameter.empty
        },
    )
    replaces = set(registration.replaces)
    for name, (spec, _) in inputs.items():
        old, new = _probe_values(spec)
        diff = registration.provider.diff("schema", {name: old}, {name: new})
        replaces.update(diff.replaces or ())

    state = _state_fields(model, to_state)
    declared = _declared_fields(resource)
    names = list(dict.fromkeys([*inputs, *state, *registration.properties, *declared]))
    outputs: dict[str, tuple[dict[str, Any], bool]] = {}
    for name in names:
        if name in state:
            spec, required = _model_property(model, state[name], key=name)
            if name in inputs:
                spec["description"] += f" As an input: {inputs[name][0]['description']}"
        elif name in inputs:
            spec, required = dict(inputs[name][0]), inputs[name][1]
            spec.pop("default", None)
        else:
            spec, _ = _type_spec(declared[name])
            spec["description"] = _input_text(owner, name)
        if name in declared:
            # The resource class declares what is always set.
            required = not _type_spec(declared[name])[1]
        if name in registration.secrets:
            spec["secret"] = True
        outputs[name] = (spec, required)
    input_props = _object(inputs)
    for name in replaces:
        input_props["properties"][camel_case(name)]["replaceOnChanges"] = True
        outputs[name][0]["replaceOnChanges"] = True
    output_props = _object(outputs)
    description = (
        f"{_sentence(_doc(resource))} Python class `pulumi_vpsorg.{resource.__name__}`; "
        f"implemented as the dynamic resource type `{dynamic_type(resource)}`, whose state keys "
        "are the snake_case forms of these property names."
    )
    return {
        "description": description,
        "inputProperties": input_props["properties"],
        "requiredInputs": input_props["required"],
        "properties": output_props["properties"],
        "required": output_props["required"],
        "type": "object",
    }


# -- the package --------------------------------------------------------------------------


def _metadata() -> dict[str, Any]:
    """Description, homepage, repository, license and keywords of the installed distribution."""
    meta = importlib.metadata.metadata(DISTRIBUTION)

    def first(key: str) -> str:
        return next(iter(meta.get_all(key) or ()), "")

    urls = dict(
        (label.strip().lower(), url.strip())
        for label, _, url in (entry.partition(",") for entry in meta.get_all("Project-URL") or [])
    )
    info: dict[str, Any] = {
        "description": first("Summary"),
        "keywords": [k.strip() for k in first("Keywords").split(",") if k.strip()],
        "license": first("License-Expression") or first("License"),
    }
    if "homepage" in urls:
        info["homepage"] = urls["homepage"]
    if "repository" in urls:
        info["repository"] = urls["repository"]
    return info


def _config() -> dict[str, Any]:
    return {
        "variables": {
            CONFIG_TOKEN_KEY: {
                "type": "string",
                "secret": True,
                "description": "VPS.org API token (Read, or Read+Write to change, pay or delete "
                "orders), sent as `Authorization: Bearer <token>`. Set it with `pulumi config "
                f"set {PACKAGE}:{CONFIG_TOKEN_KEY} --secret`; falls back to `{ENV_TOKEN}`. "
                "Python functions also take `api_token`.",
                "defaultInfo": {"environment": [ENV_TOKEN]},
            },
            CONFIG_URL_KEY: {
                "type": "string",
                "default": DEFAULT_API_URL,
                "description": "Base URL of the VPS.org API (assumption A1); plain `http` only "
                f"for loopback hosts. Falls back to `{ENV_URL}`, then `{DEFAULT_API_URL}`. "
                "Python functions also take `api_url`.",
                "defaultInfo": {"environment": [ENV_URL]},
            },
            CONFIG_ORDERS_URL_KEY: {
                "type": "string",
                "default": DEFAULT_ORDERS_API_URL,
                "description": "Base URL of the orders endpoints (assumption A1: the orders "
                f"document's host); plain `http` only for loopback hosts. Falls back to "
                f"`{ENV_ORDERS_URL}`; when neither is set, a set `{PACKAGE}:{CONFIG_URL_KEY}` / "
                f"`{ENV_URL}` serves orders too (one server for both, as the fake API), else "
                f"`{DEFAULT_ORDERS_API_URL}`.",
                "defaultInfo": {"environment": [ENV_ORDERS_URL]},
            },
            CONFIG_ORDERS_TOKEN_KEY: {
                "type": "string",
                "secret": True,
                "description": "VPS.org API token for the orders endpoints, when it differs from "
                f"`{PACKAGE}:{CONFIG_TOKEN_KEY}` (assumption A1). Set it with `pulumi config set "
                f"{PACKAGE}:{CONFIG_ORDERS_TOKEN_KEY} --secret`; falls back to "
                f"`{ENV_ORDERS_TOKEN}`, then to the API token.",
                "defaultInfo": {"environment": [ENV_ORDERS_TOKEN]},
            },
        }
    }


def build_schema() -> dict[str, Any]:
    """The package schema as a JSON-able dict."""
    return {
        "name": PACKAGE,
        "displayName": "VPS.org",
        "version": __version__,
        **_metadata(),
        "meta": {"moduleFormat": "(.*)(?:/[^/]*)"},
        "config": _config(),
        "types": {type_token(m.__name__): _object_type(m) for m in OBJECT_TYPES},
        "functions": {function_token(fn.__name__): _function(fn) for fn in FUNCTIONS},
        "resources": {resource_token(r): _resource(r, m, s) for r, m, s in RESOURCES},
        "language": {"python": {"packageName": "pulumi_vpsorg"}},
    }


def render(schema: Mapping[str, Any] | None = None) -> str:
    """The schema as ``schema.json`` holds it: sorted keys, two-space indent, final newline."""
    return json.dumps(build_schema() if schema is None else schema, indent=2, sort_keys=True) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the schema, or with ``--check`` compare it with a file (exit 1 when it differs)."""
    parser = argparse.ArgumentParser(
        prog="python -m pulumi_vpsorg.schema", description="Generate the Pulumi package schema."
    )
    parser.add_argument(
        "--check",
        nargs="?",
        const="schema.json",
        metavar="FILE",
        help="compare with FILE (default schema.json) instead of printing",
    )
    args = parser.parse_args(argv)
    text = render()
    if args.check is None:
        sys.stdout.write(text)
        return 0
    path = Path(args.check)
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if current != text:
        sys.stderr.write(
            f"{path} is not what the code generates; run `python -m pulumi_vpsorg.schema > {path}`\n"
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
