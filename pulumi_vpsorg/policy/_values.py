"""Reading resource props and policy config safely: unknowns, Decimals, config keys.

Props reach validators either as plain dicts (direct calls) or as pulumi_policy's
unknown-checking proxies (inside the analyzer), where reading an unknown value raises
:class:`~pulumi_policy.proxy.UnknownValueError`. Both shapes read the same way here: an unknown
value (raised or a raw sentinel string) becomes :data:`UNKNOWN`, an absent key becomes ``None``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, cast

from pulumi_policy.proxy import (
    UNKNOWN_ARCHIVE_VALUE,
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_ASSET_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE,
    UNKNOWN_STRING_VALUE,
    UnknownValueError,
)

from .._numbers import NumberRangeError, in_money_range, money, shown

__all__ = [
    "UNKNOWN",
    "PolicyConfigError",
    "UnreadableNumberError",
    "config_bool",
    "config_decimal",
    "config_mapping",
    "config_str",
    "config_str_list",
    "fmt",
    "get",
    "is_unknown",
    "to_decimal",
]

_SENTINELS: Final = frozenset(
    {
        UNKNOWN_ARCHIVE_VALUE,
        UNKNOWN_ARRAY_VALUE,
        UNKNOWN_ASSET_VALUE,
        UNKNOWN_BOOLEAN_VALUE,
        UNKNOWN_NUMBER_VALUE,
        UNKNOWN_OBJECT_VALUE,
        UNKNOWN_STRING_VALUE,
    }
)


class _Unknown:
    """Type of :data:`UNKNOWN`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


#: A value that is not known yet (``pulumi preview`` of an output that depends on the API).
UNKNOWN: Final = _Unknown()


class PolicyConfigError(ValueError):
    """A policy config value has the wrong type; the message names the key."""


class UnreadableNumberError(ValueError):
    """A value is there but is not a finite number in the package's range (``inf``, ``NaN``,
    ``"9e999999"``, text, a list): validators report it as a violation, they never skip it.

    :ivar shown: the value, briefly, for the message.
    """

    def __init__(self, value: object, reason: str) -> None:
        self.shown = shown(value)
        super().__init__(reason)


def is_unknown(value: object) -> bool:
    """:returns: whether ``value`` is :data:`UNKNOWN` or a raw unknown sentinel string."""
    return value is UNKNOWN or (isinstance(value, str) and value in _SENTINELS)


def _plain(value: object) -> object:
    """Copy ``value`` into plain Python values, unknown parts replaced by :data:`UNKNOWN`."""
    if isinstance(value, str):
        return UNKNOWN if value in _SENTINELS else value
    if isinstance(value, Mapping):
        mapping = cast("Mapping[object, object]", value)
        return {key: _item(mapping, key) for key in mapping}
    if isinstance(value, Sequence):
        sequence = cast("Sequence[object]", value)
        return [_item(sequence, index) for index in range(len(sequence))]
    return value


def _item(container: Any, key: object) -> object:
    try:
        return _plain(container[key])
    except UnknownValueError:
        return UNKNOWN


def get(props: Mapping[str, Any], key: str) -> object:
    """Read ``props[key]`` as plain data.

    :returns: ``None`` when absent or null, :data:`UNKNOWN` when unknown (also inside lists and
        dicts), the plain value otherwise.
    """
    try:
        value = props[key]
    except KeyError:
        return None
    except UnknownValueError:
        return UNKNOWN
    return _plain(value)


def to_decimal(value: object) -> Decimal | None:
    """A number (or numeric text) read by the package's one money rule
    (:func:`pulumi_vpsorg._numbers.money`): finite, at most 1E+15 in magnitude.

    :returns: ``None`` when absent or unknown (during preview), the number otherwise.
    :raises UnreadableNumberError: when a value is there but is not such a number.
    """
    if value is None or is_unknown(value):
        return None
    try:
        return money(value)
    except NumberRangeError as exc:
        raise UnreadableNumberError(value, str(exc)) from None


def fmt(number: Decimal) -> str:
    """``Decimal`` without exponent or trailing zeros: ``50.0`` -> ``50``, ``0.0070`` -> ``0.007``.

    Outside the money range (never for values read here) it is shown briefly instead: written out,
    ``1e999999999`` would be a gigabyte.
    """
    try:
        in_money_range(number)
    except NumberRangeError:
        return shown(number)
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def config_decimal(
    config: Mapping[str, Any], key: str, default: Decimal | None, *, path: str = ""
) -> Decimal | None:
    """Numeric config ``key`` (``None``/absent: ``default``).

    :param path: where ``config`` sits in the policy config, for error messages (``a.b.``).
    :raises PolicyConfigError: when the value is not a finite, non-negative number of at most
        1E+15 (the run stops: a limit that cannot be read never lets anything through).
    """
    value = config.get(key)
    if value is None:
        return default
    try:
        number = None if isinstance(value, str) else to_decimal(value)
    except UnreadableNumberError:
        number = None
    if number is None or number < 0:
        raise PolicyConfigError(
            f"policy config {path + key!r} must be a finite, non-negative number of at most "
            f"1E+15, got {shown(value)}"
        )
    return number


def config_bool(config: Mapping[str, Any], key: str, default: bool) -> bool:
    """Boolean config ``key`` (``None``/absent: ``default``).

    :raises PolicyConfigError: when the value is not a boolean.
    """
    value = config.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise PolicyConfigError(f"policy config {key!r} must be a boolean, got {shown(value)}")
    return value


def config_str(config: Mapping[str, Any], key: str, default: str) -> str:
    """String config ``key`` (``None``/absent: ``default``).

    :raises PolicyConfigError: when the value is not a non-empty string.
    """
    value = config.get(key)
    if value is None:
        return default
    if not isinstance(value, str) or not value:
        raise PolicyConfigError(
            f"policy config {key!r} must be a non-empty string, got {shown(value)}"
        )
    return value


def config_str_list(config: Mapping[str, Any], key: str) -> tuple[str, ...] | None:
    """List-of-strings config ``key``; ``None`` when absent.

    :raises PolicyConfigError: when the value is not a list of strings.
    """
    value = _plain(config.get(key))
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise PolicyConfigError(
            f"policy config {key!r} must be a list of strings, got {shown(value)}"
        )
    return tuple(cast("list[str]", value))


def config_mapping(config: Mapping[str, Any], key: str) -> dict[str, Mapping[str, Any]]:
    """Object-of-objects config ``key``; empty when absent.

    :raises PolicyConfigError: when the value is not an object whose values are objects.
    """
    value = _plain(config.get(key))
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(name, str) and isinstance(item, dict) for name, item in value.items()
    ):
        raise PolicyConfigError(
            f"policy config {key!r} must be an object of objects, got {shown(value)}"
        )
    return cast("dict[str, Mapping[str, Any]]", value)
