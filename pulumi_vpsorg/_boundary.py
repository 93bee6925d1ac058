"""The Pulumi boundary: models become plain JSON-able values (money as numbers, times as ISO)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

from pydantic import BaseModel

from ._types import to_iso, to_number
from .orders.models import Order
from .plans.models import Plan

__all__ = ["order_state", "plain", "plan_state"]


_ATOMS: Final = frozenset({int, str, float, bool, type(None)})


def plain(value: Any) -> Any:
    """Convert models, Decimals, datetimes, tuples recursively into Pulumi-serializable values."""
    if type(value) in _ATOMS:  # first: an audit's order_ids are 20,000 ints (Mapping is an ABC)
        return value
    if isinstance(value, BaseModel):
        return {k: plain(getattr(value, k)) for k in type(value).model_fields}
    if isinstance(value, Decimal):
        return to_number(value)
    if isinstance(value, datetime):
        return to_iso(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
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
