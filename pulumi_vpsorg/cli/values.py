"""Flag values, parsed and bounded before any request, and errors that name the flag (``--min-vcpus``)
rather than the Python field (``min_vcpus``)."""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from .._errors import ConfigurationError
from .._numbers import MAX_EXACT_INT, NumberRangeError, money, shown
from .._vocabulary import split_names

__all__ = [
    "MAX_TIMEOUT",
    "MAX_WHOLE",
    "fields_named",
    "flags_named",
    "names",
    "order_id",
    "seconds",
    "usd",
    "whole",
]

#: Largest value of a whole-number flag (vCPUs, MB, GB): far above any plan, far below overflow.
MAX_WHOLE: Final = 10**9
#: Largest ``--timeout``, seconds.
MAX_TIMEOUT: Final = 3600.0


def whole(text: str) -> int:
    """A whole number from 0 to :data:`MAX_WHOLE`."""
    if not re.fullmatch(r"\s*[0-9]{1,10}\s*", text) or int(text) > MAX_WHOLE:
        raise argparse.ArgumentTypeError(
            f"expected a whole number from 0 to {MAX_WHOLE}, got {shown(text)}"
        )
    return int(text)


def order_id(text: str) -> int:
    """An order id: a whole number from 1 to 2**53, as every id the package sends."""
    if not re.fullmatch(r"\s*[0-9]{1,16}\s*", text) or not 1 <= int(text) <= MAX_EXACT_INT:
        raise argparse.ArgumentTypeError(
            f"expected an order id, a whole number from 1 to 2**53 (e.g. 6571), got {shown(text)}"
        )
    return int(text)


def usd(text: str) -> str:
    """A price in USD, 0 or more, read by the package's one money rule (finite, within 1E+15)."""
    try:
        value = money(text)
    except NumberRangeError as exc:
        raise argparse.ArgumentTypeError(
            f"expected an amount in USD such as 12.50: {exc}"
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected an amount in USD, 0 or more, got {shown(text)}")
    return text.strip()


def seconds(text: str) -> float:
    """Seconds, more than 0 and at most :data:`MAX_TIMEOUT`."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not 0 < value <= MAX_TIMEOUT:
        raise argparse.ArgumentTypeError(
            f"expected seconds, more than 0 and at most {MAX_TIMEOUT:g}, got {shown(text)}"
        )
    return value


def names(flag: str, values: list[str] | None, expected: str) -> list[str] | None:
    """Repeatable and comma-separated values, flattened (``--status a,b --status c``).

    :raises ConfigurationError: for a flag given that names nothing (``--status ,``).
    """
    if values is None:
        return None
    given = split_names(values)
    if not given:
        raise ConfigurationError(f"{flag}: expected {expected}, got nothing")
    return given


def _flag(field: str) -> str:
    return "--" + field.replace("_", "-")


def _renamed(message: str, names: Mapping[str, str]) -> str:
    """``min_vcpus: ...; max_vcpus: ...`` with each field as ``names`` says it (``--min-vcpus``,
    ``VPSORG_API_URL``)."""
    for field in sorted(names, key=len, reverse=True):
        name = names[field]  # a flag or a variable name: nothing a replacement would expand
        message = re.sub(rf"(^|; ){field}:", rf"\g<1>{name}:", message)
        if "_" in field:  # a word such as "status" may also be plain English
            message = re.sub(rf"(?<![-\w]){field}\b", name, message)
    return message


def fields_named(names: Mapping[str, str], fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` whose :class:`ConfigurationError` names each field as ``names`` says: the flag or
    the environment variable the value came from."""

    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ConfigurationError as exc:
            raise ConfigurationError(_renamed(str(exc), names)) from None

    return call


def flags_named(fields: Sequence[str], fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` whose :class:`ConfigurationError` names the flags rather than the fields."""
    return fields_named({field: _flag(field) for field in fields}, fn)
