"""Field types shared by the models: money as Decimal, timestamps as aware datetimes."""

from __future__ import annotations

import math
from datetime import datetime, timezone
from decimal import Decimal
from typing import Annotated, Any, Final

from pydantic import AfterValidator, Field, PlainSerializer, SerializationInfo, Strict

from ._numbers import MAX_EXACT_INT, exact_int, finite_float, in_money_range, money

__all__ = [
    "PULUMI_BOUNDARY",
    "ExactInt",
    "JsonValue",
    "Money",
    "Timestamp",
    "to_decimal",
    "to_iso",
    "to_number",
]


def to_decimal(value: Any) -> Decimal:
    """Parse money given as a plain value (JSON number, ``Decimal`` or numeric string such as
    ``"15.00"``): the rule of :data:`Money`, see :func:`pulumi_vpsorg._numbers.money`.

    :raises ~pulumi_vpsorg._numbers.NumberRangeError: (a ``ValueError``) saying why, without
        naming a field.
    """
    return money(value)


def to_number(value: Decimal | float) -> float:
    """The Pulumi boundary: Pulumi property values have no decimal type, so money leaves as float.

    :raises ~pulumi_vpsorg._numbers.NumberRangeError: when the float would not be finite (never
        for :data:`Money`).
    """
    return finite_float(value)


_UTC: Final = timezone.utc


def _aware(value: datetime) -> datetime:
    # Assumption A10: a timestamp without an offset is UTC (the documents only show "Z").
    # Aware ones are converted to the one shared stdlib UTC zone (the same instant): pydantic-core
    # gives each parsed datetime its own tzinfo object, which the garbage collector tracks and
    # which every comparison calls into; shared, sorting 20,000 orders is ~4x faster.
    if value.tzinfo is None:
        return value.replace(tzinfo=_UTC)
    try:
        return value.astimezone(_UTC)
    except OverflowError:  # 0001-01-01T00:00:00+01:00 is before year 1 in UTC
        raise ValueError("timestamp out of range in UTC") from None


#: The serialisation context of the Pulumi boundary (``model_dump(mode="json", context=...)``).
PULUMI_BOUNDARY: Final = "pulumi-boundary"


def _money_out(value: Decimal, info: SerializationInfo) -> str | float:
    return float(value) if info.context == PULUMI_BOUNDARY else str(value)


def to_iso(value: datetime) -> str:
    """ISO-8601 in UTC with a ``Z`` suffix, as the API writes timestamps."""
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


#: Parsed by pydantic-core itself (fast on the list path): JSON numbers and numeric strings such as
#: ``"15.00"`` are accepted, floats go through their shortest repr (``0.1`` is ``Decimal("0.1")``),
#: booleans, NaN and infinities are refused; then the range of :mod:`pulumi_vpsorg._numbers`
#: (``9e999999`` and ``1e-1000000`` are refused, zeros become ``0``). :func:`to_decimal` is the same
#: rule for plain values.
#: In the models' JSON mode money is exact text (``"146.17"``); with :data:`PULUMI_BOUNDARY` as the
#: serialisation context it is a float (Pulumi has no decimal type), finite since the range holds.
Money = Annotated[
    Decimal,
    Field(allow_inf_nan=False),
    AfterValidator(in_money_range),
    PlainSerializer(_money_out, when_used="json"),
]
#: An integer a Pulumi number holds exactly (``|n| <= 2**53``): ids, counts, sizes. Strict: a JSON
#: integer, as the documents type these fields (and as Go's API clients read them); ``true``, ``2.0``
#: and ``"3"`` are refused, where the lax mode read ``true`` as 1. A JSON integer of 4,301 digits or
#: more is refused by the JSON parser already (:func:`pulumi_vpsorg._parsing.parse` names its field).
ExactInt = Annotated[int, Strict(), Field(ge=-MAX_EXACT_INT, le=MAX_EXACT_INT)]
#: An aware datetime in ``timezone.utc``: offsets are converted (same instant), no offset is UTC.
#: pydantic-core's JSON mode writes it as :func:`to_iso` does (``...Z``, microseconds when set).
Timestamp = Annotated[datetime, AfterValidator(_aware)]


def _pulumi_value(value: Any) -> Any:
    # Iterative: a server can nest deeper than Python recurses.
    negative_zero = False
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float):
            if finite_float(item) == 0.0 and math.copysign(1.0, item) < 0:
                negative_zero = True
        elif isinstance(item, int) and not isinstance(item, bool):
            exact_int(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return _positive_zeros(value) if negative_zero else value


def _positive_zeros(value: Any) -> Any:
    # A copy with each -0.0 as 0.0, the boundary's rule for every number (finite_float): then the
    # models' JSON mode and the walk over them (_boundary.plain) give the same value. The caller's
    # containers are copied, never changed.
    root = [value]
    stack: list[tuple[Any, Any]] = [(root, 0)]
    while stack:
        container, key = stack.pop()
        item = container[key]
        if isinstance(item, float):
            container[key] = item + 0.0  # -0.0 + 0.0 is 0.0
        elif isinstance(item, dict):
            container[key] = mapping = dict(item)
            stack.extend((mapping, name) for name in mapping)
        elif isinstance(item, list):
            container[key] = items = list(item)
            stack.extend((items, index) for index in range(len(items)))
    return root[0]


#: Any JSON value, with numbers a Pulumi number holds: finite, integers within ``±2**53``; ``-0.0``
#: is ``0.0``, as everywhere at the boundary.
JsonValue = Annotated[Any, AfterValidator(_pulumi_value)]
