"""The package's shared vocabulary: namespace, config keys, type tokens, input and output keys,
and the argument checks every layer applies the same way.

Import-free but for :mod:`pulumi_vpsorg._numbers` (standard library only, the package's rule for
numbers), so that the light Pulumi-facing modules and the heavy ones read the same names: a name
spelled here is spelled nowhere else.

The checks raise :class:`ValueError` with a message that does not name the argument;
:func:`require` (or the caller) adds the name and raises the caller's error
(``ConfigurationError``, a ``CheckFailure``), and a pydantic ``BeforeValidator`` can use them as
they are. Values in messages go through :func:`~pulumi_vpsorg._numbers.shown` (a 5,000-digit int
stays short).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, TypeVar

from ._numbers import MAX_EXACT_INT, shown

__all__ = [
    "CONFIG_ORDERS_TOKEN_KEY",
    "CONFIG_ORDERS_URL_KEY",
    "CONFIG_TOKEN_KEY",
    "CONFIG_URL_KEY",
    "CONSTRAINT_FIELDS",
    "COUNT_CONSTRAINTS",
    "DYNAMIC_TYPE_PREFIX",
    "ENV_ORDERS_TOKEN",
    "ENV_ORDERS_URL",
    "ENV_TOKEN",
    "ENV_URL",
    "NAMESPACE",
    "NATIVE_TYPE_PREFIX",
    "ORDER",
    "ORDERS_AUDIT",
    "ORDERS_AUDIT_INPUTS",
    "ORDERS_AUDIT_OUTPUTS",
    "ORDERS_AUDIT_TYPE",
    "ORDERS_TOKEN_CONFIG",
    "ORDERS_URL_CONFIG",
    "ORDER_INPUTS",
    "ORDER_LOOKUP",
    "ORDER_LOOKUP_INPUTS",
    "ORDER_LOOKUP_TYPE",
    "ORDER_OUTPUTS",
    "ORDER_TYPE",
    "PLAN_LOOKUP",
    "PLAN_LOOKUP_INPUTS",
    "PLAN_LOOKUP_OUTPUTS",
    "PLAN_LOOKUP_TYPE",
    "PRICE_CONSTRAINTS",
    "PRICE_FIELDS",
    "RESOURCE_NAMES",
    "SECRET_ECHOES",
    "SECRET_FIELDS",
    "SELECTED_BY",
    "SORT_DIRECTIONS",
    "SORT_FIELDS",
    "STATE_KEY_OF_PROPERTY",
    "TOKEN_CONFIG",
    "URL_CONFIG",
    "apply_rules",
    "camel_case",
    "count",
    "dynamic_type",
    "names",
    "positive_id",
    "positive_whole",
    "require",
    "split_names",
    "whole",
    "whole_number",
]

# -- namespace and settings -----------------------------------------------------------------

#: The package's name in schema tokens, stack config keys and dynamic resource types.
NAMESPACE: Final = "vpsorg"
#: Order fields that are secrets wherever they appear: resource outputs, function results and the
#: schema's types (card details).
SECRET_FIELDS: Final = ("payment_information",)
#: Inputs whose value may be a secret (no message shows it), and the outputs that echo it, secret
#: whenever it may be: a promo code comes back as the order's ``promo.code``.
SECRET_ECHOES: Final = {"promo_code": ("promo",)}
#: Stack config keys, without the namespace (as the schema's ``config.variables`` names them);
#: the orders ones, when set, serve the orders host apart from the plans host (assumption A1).
CONFIG_TOKEN_KEY: Final = "apiToken"
CONFIG_URL_KEY: Final = "apiUrl"
CONFIG_ORDERS_TOKEN_KEY: Final = "ordersApiToken"
CONFIG_ORDERS_URL_KEY: Final = "ordersApiUrl"
#: Namespaced stack config keys, as ``pulumi config set`` takes them and the engine sends them.
TOKEN_CONFIG: Final = f"{NAMESPACE}:{CONFIG_TOKEN_KEY}"
URL_CONFIG: Final = f"{NAMESPACE}:{CONFIG_URL_KEY}"
ORDERS_TOKEN_CONFIG: Final = f"{NAMESPACE}:{CONFIG_ORDERS_TOKEN_KEY}"
ORDERS_URL_CONFIG: Final = f"{NAMESPACE}:{CONFIG_ORDERS_URL_KEY}"
#: Environment variables, the fallback of stack config.
ENV_TOKEN: Final = "VPSORG_API_TOKEN"
ENV_URL: Final = "VPSORG_API_URL"
ENV_ORDERS_TOKEN: Final = "VPSORG_ORDERS_API_TOKEN"
ENV_ORDERS_URL: Final = "VPSORG_ORDERS_API_URL"

# -- dynamic resources ------------------------------------------------------------------------

PLAN_LOOKUP: Final = "PlanLookup"
ORDERS_AUDIT: Final = "OrdersAudit"
ORDER_LOOKUP: Final = "OrderLookup"
ORDER: Final = "Order"
#: Every dynamic resource of the package, as registered (``module=NAMESPACE, name=...``).
RESOURCE_NAMES: Final = (PLAN_LOOKUP, ORDERS_AUDIT, ORDER_LOOKUP, ORDER)
#: Prefix of every dynamic resource type token of the package.
DYNAMIC_TYPE_PREFIX: Final = f"pulumi-python:dynamic/{NAMESPACE}:"


def camel_case(name: str) -> str:
    """``price_monthly`` -> ``priceMonthly``; ``last_4`` -> ``last4`` (Pulumi property names)."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def dynamic_type(name: str) -> str:
    """``Order`` -> ``pulumi-python:dynamic/vpsorg:Order``, the type the engine records."""
    return DYNAMIC_TYPE_PREFIX + name


PLAN_LOOKUP_TYPE: Final = dynamic_type(PLAN_LOOKUP)
ORDERS_AUDIT_TYPE: Final = dynamic_type(ORDERS_AUDIT)
ORDER_LOOKUP_TYPE: Final = dynamic_type(ORDER_LOOKUP)
ORDER_TYPE: Final = dynamic_type(ORDER)
#: Prefix of the same resources' type tokens served by the native plugin (``vpsorg:index:Order``).
NATIVE_TYPE_PREFIX: Final = f"{NAMESPACE}:index:"

# -- inputs and outputs (state keys: the documented API field names, snake_case) -------------

#: Plan constraints that are whole numbers (vCPUs, MB, GB, TB).
COUNT_CONSTRAINTS: Final = (
    "min_vcpus",
    "max_vcpus",
    "min_memory",
    "max_memory",
    "min_storage",
    "min_bandwidth",
)
#: Plan fields that are prices (USD), and the constraints that cap them, pairwise.
PRICE_FIELDS: Final = ("price_monthly", "price_hourly")
PRICE_CONSTRAINTS: Final = ("max_price_monthly", "max_price_hourly")
#: Plan constraints, in the order messages list them.
CONSTRAINT_FIELDS: Final = (*COUNT_CONSTRAINTS, *PRICE_CONSTRAINTS, "location", "available_only")
#: Plan fields plans can be sorted by (API field names).
SORT_FIELDS: Final = (
    "id",
    "name",
    "slug",
    "vcpus",
    "memory",
    "storage",
    "bandwidth",
    *PRICE_FIELDS,
)
SORT_DIRECTIONS: Final = ("asc", "desc")
#: Values of ``PlanLookup``'s ``selected_by`` output: what chose the plan.
SELECTED_BY: Final = ("plan_id", "slug", "constraints")

PLAN_LOOKUP_INPUTS: Final = ("plan_id", "slug", *CONSTRAINT_FIELDS)
ORDERS_AUDIT_INPUTS: Final = ("status", "type")
ORDER_LOOKUP_INPUTS: Final = ("order_id",)
#: ``Order``'s inputs, in the order the contract lists them.
ORDER_INPUTS: Final = (
    "order_id",
    "auto_pay",
    "promo_code",
    "billing_cycle",
    "service_id",
    "service_type",
    "paid",
    "payment_method",
    "delete_on_destroy",
    "clear_payment_record",
)

#: ``PlanLookup``'s outputs beyond its inputs (``plan_id`` for the plan's ``id``).
PLAN_LOOKUP_OUTPUTS: Final = (
    "plan_id",
    "name",
    "slug",
    "vcpus",
    "memory",
    "storage",
    "bandwidth",
    *PRICE_FIELDS,
    "available",
    "locations",
    "description",
    "features",
    "recommended_for",
    "selected_by",
)
#: ``OrdersAudit``'s outputs beyond its inputs: the fields of the orders summary.
ORDERS_AUDIT_OUTPUTS: Final = (
    "count",
    "count_by_status",
    "count_by_type",
    "total_amount",
    "total_amount_with_vat",
    "unpaid_count",
    "unpaid_total",
    "overdue_count",
    "overdue_order_ids",
    "order_ids",
)
#: The documented order fields in state, ``order_id`` (the input) standing for ``id``.
ORDER_OUTPUTS: Final = (
    "tax_rate",
    "amount",
    "amount_with_vat",
    "amount_from_balance",
    "payment_method",
    "status",
    "type",
    "auto_pay",
    "promo_applicable",
    "created_at",
    "due_at",
    "payment_date",
    "promo",
    "payment_information",
    "invoices",
    "services",
)
#: camelCase property name (schema, native plugin) -> state key, for every input and output key
#: of the resources above.
STATE_KEY_OF_PROPERTY: Final = {
    camel_case(key): key
    for keys in (
        PLAN_LOOKUP_INPUTS,
        PLAN_LOOKUP_OUTPUTS,
        ORDERS_AUDIT_INPUTS,
        ORDERS_AUDIT_OUTPUTS,
        ORDER_LOOKUP_INPUTS,
        ORDER_INPUTS,
        ORDER_OUTPUTS,
    )
    for key in keys
}

# -- argument checks -------------------------------------------------------------------------

T = TypeVar("T")


def apply_rules(
    rules: Mapping[str, Callable[[Any], Any]], values: Mapping[str, Any]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Each of ``rules``, in its order, applied to the value of the same name where one is given.

    :returns: what the rules returned, by name, and ``(name, reason)`` for each rule that raised
        :class:`ValueError` (the names not in ``rules`` are ignored).
    """
    parsed: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for name, rule in rules.items():
        if name in values:
            try:
                parsed[name] = rule(values[name])
            except ValueError as exc:
                problems.append((name, str(exc)))
    return parsed, problems


def require(
    name: str,
    check: Callable[[object], T],
    value: object,
    error: Callable[[str], Exception] = ValueError,
) -> T:
    """``check(value)``, its :class:`ValueError` raised again as ``error("name: message")``.

    ``require("order_id", positive_id, x, ConfigurationError)`` is the argument check of every
    layer that raises the package's errors.
    """
    try:
        return check(value)
    except ValueError as exc:
        raise error(f"{name}: {exc}") from None


def whole(value: Any) -> Any:
    """Integral floats back to ints (Pulumi numbers cross gRPC as doubles); others unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def positive_id(value: object) -> int:
    """An id (``1`` to ``2**53``) before it goes into a URL; ``True`` and ``4.0`` are not ids.

    :raises ValueError: ``expected a positive integer of at most 2**53, got ...``.
    """
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_EXACT_INT:
        raise ValueError(f"expected a positive integer of at most 2**53, got {shown(value)}")
    return value


def whole_number(value: object) -> int:
    """An integer; integral floats count (Pulumi numbers cross gRPC as doubles: 12.0 is 12).

    :raises ValueError: for booleans, fractions, text and the rest.
    """
    number = whole(value)
    if isinstance(number, bool) or not isinstance(number, int):
        raise ValueError(f"expected a whole number, got {shown(value)}")
    return number


def positive_whole(value: object) -> int:
    """An id as Pulumi sends it: :func:`positive_id` after :func:`whole` (``7736.0`` is 7736).

    :raises ValueError: ``expected a positive integer of at most 2**53, got ...``.
    """
    return positive_id(whole(value))


def count(value: object) -> int:
    """A whole number from ``0`` to ``2**53`` (integral floats accepted, as Pulumi sends them).

    :raises ValueError: saying what is wrong with ``value``.
    """
    number = whole_number(value)
    if number < 0:
        raise ValueError(f"expected a number >= 0, got {shown(number)}")
    if number > MAX_EXACT_INT:
        raise ValueError(
            f"expected a number of at most 2**53 (9007199254740992), got {shown(number)}"
        )
    return number


def names(
    value: object,
    *,
    skip: Callable[[object], bool] | None = None,
    expected: str = "a name or a non-empty list of names",
    expected_item: str = "names such as 'paid'",
) -> list[str]:
    """One name or a non-empty sequence of names (``status``, ``type``), stripped.

    :param skip: items kept as they are (a value Pulumi does not know yet during preview).
    :param expected: what the message says was expected when ``value`` is no name nor a
        non-empty list (``expected {expected}, got ...``).
    :param expected_item: the same for a bad item.
    :raises ValueError: for an empty list, or an item that is blank, not text, or holds a comma
        (the API's list separator).
    """
    items: list[object]
    if isinstance(value, str):
        items = [value]
    elif isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray)):
        items = list(value)
    else:
        items = []
    if not items:
        raise ValueError(f"expected {expected}, got {shown(value)}")
    result: list[Any] = []  # skipped items pass through untouched
    for item in items:
        if skip is not None and skip(item):
            result.append(item)
        elif not isinstance(item, str) or not item.strip() or "," in item:
            raise ValueError(f"expected {expected_item}, got {shown(item)}")
        else:
            result.append(item.strip())
    return result


def split_names(values: Iterable[str]) -> list[str]:
    """Repeated and comma-separated names flattened (``["a,b", "c"]`` -> ``["a", "b", "c"]``)."""
    split = (part.strip() for value in values for part in value.split(","))
    return [part for part in split if part]
