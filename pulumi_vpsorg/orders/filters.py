"""The filters of an orders audit: which statuses it covers, and filters that cannot match.

The documents' default filter, ``pending_payment,paid``, hides ``awaiting_payment`` and
``processing``, which count as unpaid (assumption A5): an audit given no status therefore asks for
every known status, and says so. A status that is not a known one (``pendng_payment``, ``PAID``)
is refused before any request, naming the valid ones; since the API's set is open, callers may
opt in to sending unknown statuses as they are. Types are filtered by the package, so a type
filter that keeps nothing is reported with the types the orders do have (:func:`no_type_matched`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Final

from .._errors import ConfigurationError
from .._numbers import shown
from .._vocabulary import names as vocabulary_names
from .._vocabulary import require
from .names import OrderStatus, did_you_mean, order_type_problem

__all__ = [
    "ALL",
    "AUDIT_DEFAULT",
    "audit_statuses",
    "audit_types",
    "checked_status_input",
    "no_type_matched",
    "status_problem",
]

#: The word that stands for every known status (``vpsorg orders --status all``).
ALL: Final = "all"
#: What an audit covers when no status is given: every known status, in the documents' order.
AUDIT_DEFAULT: Final[tuple[str, ...]] = tuple(OrderStatus.KNOWN)


def status_problem(name: str) -> str | None:
    """Why ``name`` is not a known status (naming the known ones), or ``None``."""
    if name in OrderStatus.KNOWN:
        return None
    hint = did_you_mean(name, OrderStatus.KNOWN, "_")
    return (
        f"{name!r} is not a known order status (known: {', '.join(OrderStatus.KNOWN)}, "
        f"or {ALL!r}){hint}"
    )


def _status_names(value: object) -> list[str]:
    return vocabulary_names(
        value,
        expected="a status name or a non-empty list of them",
        expected_item="a status name",
    )


def _type_names(value: object) -> list[str]:
    return vocabulary_names(
        value, expected="at least one order type", expected_item="order type names"
    )


def audit_types(types: str | Collection[str] | None) -> tuple[str, ...] | None:
    """The order types an audit keeps (``None``: every type), each once, in the given order.

    :raises ConfigurationError: for an empty list, a blank or non-text item, or a name that is not
        kebab-case (with a guess: ``renew_service`` -> ``renew-service``), before any request.
    """
    if types is None:
        return None
    given = require("type", _type_names, types, ConfigurationError)
    problems = [p for p in map(order_type_problem, given) if p]
    if problems:
        raise ConfigurationError(f"type: {'; '.join(problems)}")
    return tuple(dict.fromkeys(given))


def audit_statuses(
    status: str | Sequence[str] | None, *, allow_unknown: bool = False
) -> tuple[str, ...]:
    """The statuses an audit asks the API for.

    :param status: ``None`` or ``"all"`` (alone or among others) for every known status; else one
        status or several.
    :param allow_unknown: send statuses that are not known ones as they are (the API's set is
        open); they must still be non-empty names without commas.
    :raises ConfigurationError: naming the bad value and the valid ones, before any request.
    """
    if not isinstance(allow_unknown, bool):
        # Any truthy value would otherwise turn the check of the statuses off.
        raise ConfigurationError(
            f"allow_unknown_status: expected true or false, got {shown(allow_unknown)}"
        )
    if status is None:
        return AUDIT_DEFAULT
    names = require("status", _status_names, status, ConfigurationError)
    if ALL in names:
        return AUDIT_DEFAULT
    if not allow_unknown:
        problems = [p for p in map(status_problem, names) if p]
        if problems:
            raise ConfigurationError(f"status: {'; '.join(problems)}")
    return tuple(dict.fromkeys(names))



def checked_status_input(values: Sequence[object], *, skip: Callable[[object], bool]) -> list[object]:
    """A resource's ``status`` list as it is audited: ``"all"`` expanded, unknown statuses refused.

    :param skip: items kept as they are (values Pulumi does not know yet, during a preview).
    :raises ConfigurationError: naming the bad values and the valid ones.
    """
    names = list(values)
    if ALL in names:
        return list(AUDIT_DEFAULT)
    problems = [p for n in names if not skip(n) for p in [status_problem(str(n))] if p]
    if problems:
        raise ConfigurationError(f"status: {'; '.join(problems)}")
    return names

def no_type_matched(types: Sequence[str], count_by_type: Mapping[str, int]) -> str:
    """What to say when a type filter kept none of the orders counted in ``count_by_type``."""
    seen = ", ".join(f"{t} {n}" for t, n in sorted(count_by_type.items())) or "none"
    return (
        f"type: no order has type {', '.join(map(repr, types))} among the "
        f"{sum(count_by_type.values())} orders read (their types: {seen})"
    )
