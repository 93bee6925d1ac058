"""The package's one rule for numbers: what money may be, what a Pulumi number holds exactly, and
how to show any number in a message. Standard library only: policies import it too.

Money is a finite ``Decimal`` of at most :data:`MONEY_LIMIT` in magnitude and, unless zero, at
least :data:`MONEY_RESOLUTION`. Inside that range every operation the package does (sums,
comparisons, differences, ``float()``, fixed-point formatting) is bounded and cannot overflow; a
value such as ``9e999999`` or ``1e-1000000`` is refused where it enters, naming the field.
"""

from __future__ import annotations

import math
import reprlib
from decimal import Decimal, InvalidOperation
from typing import Any, Final

__all__ = [
    "MAX_EXACT_INT",
    "MONEY_LIMIT",
    "MONEY_RESOLUTION",
    "NumberRangeError",
    "exact_int",
    "finite_float",
    "in_money_range",
    "money",
    "shown",
]

#: Largest magnitude of money, USD (a quadrillion: far above any price or bill, far below where
#: ``float`` loses whole dollars or a sum of 20,000 amounts stops being exact).
MONEY_LIMIT: Final = Decimal(10) ** 15
#: Smallest magnitude of non-zero money; float noise such as ``1.1e-16`` stays well inside.
MONEY_RESOLUTION: Final = Decimal(10) ** -30
#: Largest integer a Pulumi number (an IEEE double) holds exactly; ids and counts stay within it.
MAX_EXACT_INT: Final = 2**53

_ZERO: Final = Decimal(0)
_HIGH, _LOW = MONEY_LIMIT, -MONEY_LIMIT
_TINY, _NEG_TINY = MONEY_RESOLUTION, -MONEY_RESOLUTION
_SHOWN_CHARS: Final = 40


class NumberRangeError(ValueError):
    """A value is not a number in the package's range. The message says why, never which field:
    callers name the field (and raise their own error type)."""


def shown(value: object) -> str:
    """``value`` for a message, at most about 40 characters, whatever it is.

    ``str()`` of an int over 4,300 digits raises, and ``1e1000000`` written out is a megabyte.
    """
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        if -(10**_SHOWN_CHARS) < value < 10**_SHOWN_CHARS:
            return str(value)
        return f"{Decimal(value):.6E} ({value.bit_length()}-bit integer)"
    if isinstance(value, Decimal):
        text = str(value)
        return text if len(text) <= _SHOWN_CHARS else f"{value:.6E}"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return repr(value) if len(value) <= _SHOWN_CHARS else f"{value[:_SHOWN_CHARS]!r}..."
    try:
        return reprlib.repr(value)
    except ValueError:  # a huge int inside a list
        return f"a {type(value).__name__}"


def in_money_range(value: Decimal) -> Decimal:
    """``value`` if it is money (any zero, ``-0`` and ``0E-999999`` included, becomes ``0``).

    :raises NumberRangeError: for NaN, infinities, and magnitudes outside the range.
    """
    if not value.is_finite():  # first: comparing a signalling NaN raises InvalidOperation
        raise NumberRangeError(f"expected a finite number, got {shown(value)}")
    if not value:
        return _ZERO
    if _LOW <= value <= _HIGH and not _NEG_TINY < value < _TINY:
        return value
    if _LOW <= value <= _HIGH:
        raise NumberRangeError(
            f"{shown(value)} is out of range: a non-zero amount is at least 1E-30 in magnitude"
        )
    raise NumberRangeError(f"{shown(value)} is out of range: amounts are at most 1E+15 in magnitude")


def money(value: Any) -> Decimal:
    """Parse money given as a number, a ``Decimal`` or numeric text such as ``"15.00"``.

    Floats go through ``repr``, so ``0.1`` is ``Decimal("0.1")``. The same rule as the models'
    ``Money`` fields (:mod:`pulumi_vpsorg._types`), for plain values.

    :raises NumberRangeError: for booleans, non-numbers, NaN, infinities and values out of range.
    """
    if isinstance(value, bool):
        raise NumberRangeError("expected a number, got a boolean")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise NumberRangeError(f"expected a finite number, got {value!r}")
        result = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise NumberRangeError(f"expected a number, got {shown(value)}") from None
    else:
        raise NumberRangeError(f"expected a number, got {shown(value)}")
    return in_money_range(result)


def exact_int(value: int) -> int:
    """``value`` if a Pulumi number (a double) holds it exactly.

    :raises NumberRangeError: beyond ``±2**53``.
    """
    if -MAX_EXACT_INT <= value <= MAX_EXACT_INT:
        return value
    raise NumberRangeError(
        f"{shown(value)} is out of range: integers are at most 2**53 (9007199254740992) in "
        "magnitude, what a Pulumi number holds exactly"
    )


def finite_float(value: Decimal | float) -> float:
    """``value`` as a finite ``float``; ``-0`` becomes ``0.0``.

    :raises NumberRangeError: when the float would be infinite or NaN.
    """
    if isinstance(value, Decimal) and not value.is_finite():  # float(sNaN) raises ValueError
        raise NumberRangeError(f"{shown(value)} has no finite floating-point value")
    try:
        result = float(value)
    except OverflowError:  # float() of a huge int
        result = math.inf
    if math.isfinite(result):
        return result + 0.0  # -0.0 + 0.0 is 0.0
    raise NumberRangeError(f"{shown(value)} has no finite floating-point value")
