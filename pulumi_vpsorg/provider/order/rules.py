"""The rule of each ``Order`` input, without pydantic.

The provider's Check applies them alone (:func:`parse_inputs`), so a preview never loads
pydantic in the provider process; :class:`~pulumi_vpsorg.provider.order.inputs.OrderInputs`
applies the same rule to each of its fields. Messages name no property: the engine prints it
beside the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from ..._numbers import shown
from ..._vocabulary import SECRET_ECHOES, apply_rules, positive_whole, whole, whole_number
from ...assumptions import BILLING_CYCLE_MAX, BILLING_CYCLE_MIN
from .properties import INPUT_KEYS

__all__ = [
    "DEFAULTS",
    "MISSING_ORDER_ID",
    "RULES",
    "billing_cycle",
    "flag",
    "parse_inputs",
    "secret_text",
    "service_type",
    "state",
    "text",
]

#: Inputs that have a value when unset.
DEFAULTS: Final[Mapping[str, Any]] = {"delete_on_destroy": False}
#: The reason when ``order_id`` is missing.
MISSING_ORDER_ID: Final = "order_id is required: the id of the order to manage"


def billing_cycle(value: Any) -> int:
    """Months between renewals, from ``BILLING_CYCLE_MIN`` to ``BILLING_CYCLE_MAX`` (A12).

    :raises ValueError: saying what is wrong with ``value``.
    """
    months = whole_number(value)
    if not BILLING_CYCLE_MIN <= months <= BILLING_CYCLE_MAX:
        raise ValueError(
            f"expected {BILLING_CYCLE_MIN} to {BILLING_CYCLE_MAX} months, got {shown(months)}"
        )
    return months


def flag(value: Any) -> bool:
    """``true`` or ``false``, nothing else.

    :raises ValueError: for anything but a boolean.
    """
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {shown(whole(value))}")
    return value


def _text(value: Any, *, show: bool) -> str:
    if not isinstance(value, str):
        got = f", got {shown(whole(value))}" if show else ""
        raise ValueError(f"expected a string{got}")
    if not value.strip():
        raise ValueError("must not be blank")
    return value


def text(value: Any) -> str:
    """Text that is not blank.

    :raises ValueError: for anything else.
    """
    return _text(value, show=True)


def secret_text(value: Any) -> str:
    """Text that is not blank, and never shown in a message (a promo code may be a secret).

    :raises ValueError: for anything else.
    """
    return _text(value, show=False)


def service_type(value: Any) -> str:
    """A service type: text that is not blank, without ``/`` (it becomes a path segment).

    :raises ValueError: for anything else.
    """
    result = text(value)
    if "/" in result:
        raise ValueError(f"must not contain '/', got {shown(result)}")
    return result


def _text_rule(key: str) -> Callable[[Any], str]:
    # An input whose outputs echo it as a secret (a promo code) is never shown.
    return secret_text if key in SECRET_ECHOES else text


#: The rule of each input, by name, in :data:`INPUT_KEYS` order.
RULES: Final[Mapping[str, Callable[[Any], Any]]] = {
    "order_id": positive_whole,
    "auto_pay": flag,
    "promo_code": _text_rule("promo_code"),
    "billing_cycle": billing_cycle,
    "service_id": positive_whole,
    "service_type": service_type,
    "paid": flag,
    "payment_method": _text_rule("payment_method"),
    "delete_on_destroy": flag,
    "clear_payment_record": _text_rule("clear_payment_record"),
}


def parse_inputs(values: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Apply each input's rule to ``values`` (inputs only, none of them ``None``).

    :returns: the parsed inputs, and ``(property, reason)`` per problem in :data:`INPUT_KEYS`
        order (``order_id`` is required).
    """
    parsed, problems = apply_rules(RULES, values)
    if "order_id" not in values:
        problems.insert(0, ("order_id", MISSING_ORDER_ID))  # the first input
    return parsed, problems


def state(parsed: Mapping[str, Any]) -> dict[str, Any]:
    """Valid inputs as stored: unset ones left out, defaults filled, in :data:`INPUT_KEYS`
    order."""
    values = {**DEFAULTS, **parsed}
    return {key: values[key] for key in INPUT_KEYS if values.get(key) is not None}
