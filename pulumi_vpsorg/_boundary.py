"""The Pulumi boundary: models become plain JSON-able values (money as numbers, times as ISO)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

from pydantic import BaseModel

from ._errors import UnexpectedResponseError
from ._numbers import NumberRangeError, exact_int
from ._types import to_iso, to_number
from .orders.models import Order
from .plans.models import Plan

__all__ = ["order_state", "plain", "plan_state"]


_ATOMS: Final = frozenset({str, bool, type(None)})


class _Unrepresentable(Exception):
    """A value Pulumi cannot carry; ``path`` is filled in, innermost key first, on the way out."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        self.path: list[str] = []
        super().__init__(reason)


def plain(value: Any) -> Any:
    """Convert models, Decimals, datetimes, tuples recursively into Pulumi-serializable values.

    Pulumi numbers are doubles: a number that has no finite double (or an integer a double does
    not hold exactly) is refused, never sent as ``inf``/``NaN`` or rounded into another id.

    :raises UnexpectedResponseError: naming the field (the models refuse such numbers when they
        parse a response, so this is the last line, not the usual one).
    """
    try:
        return _plain(value)
    except _Unrepresentable as exc:
        where = ".".join(reversed(exc.path)) or "value"
        raise UnexpectedResponseError(f"{where}: {exc.reason}") from None


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind in _ATOMS:
        return value
    try:
        if kind is int:  # first: an audit's order_ids are 20,000 ints (Mapping is an ABC)
            return exact_int(value)
        if isinstance(value, (Decimal, float)):
            return to_number(value)  # floats too: refuse inf/NaN
    except NumberRangeError as exc:
        raise _Unrepresentable(str(exc)) from None
    key: Any = None
    try:
        if isinstance(value, BaseModel):
            out: dict[str, Any] = {}
            for key in type(value).model_fields:
                out[key] = _plain(getattr(value, key))
            return out
        if isinstance(value, datetime):
            return to_iso(value)
        if isinstance(value, Mapping):
            out = {}
            for key, item in value.items():
                out[str(key)] = _plain(item)
            return out
        if isinstance(value, (list, tuple)):
            items = []
            for key, item in enumerate(value):  # noqa: B007  (the except clause reads key)
                items.append(_plain(item))
            return items
    except _Unrepresentable as exc:
        exc.path.append(str(key))
        raise
    return value


def plan_state(plan: Plan) -> dict[str, Any]:
    """A plan's fields as resource state; ``id`` becomes ``plan_id`` (``id`` is Pulumi's)."""
    state: dict[str, Any] = plain(plan)
    state["plan_id"] = state.pop("id")
    return state


def order_state(order: Order) -> dict[str, Any]:
    """An order's fields as resource state; ``id`` becomes ``order_id``."""
    state: dict[str, Any] = plain(order)
    state["order_id"] = state.pop("id")
    return state
