"""The names the orders document gives: statuses, order types and payment methods (each an open
set: other values parse and are kept), and the check that a type filter is written as types are.

Free of pydantic: a provider's Check and the CLI's arguments use these before any model is needed.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Final

__all__ = ["OrderStatus", "OrderType", "PaymentMethod", "did_you_mean", "order_type_problem"]


class OrderStatus:
    """Statuses named in the documents. The set is open: other values parse and are kept."""

    PENDING_PAYMENT: Final = "pending_payment"
    AWAITING_PAYMENT: Final = "awaiting_payment"
    PROCESSING: Final = "processing"
    PAID: Final = "paid"
    CANCELLED: Final = "cancelled"
    KNOWN: Final = (PENDING_PAYMENT, AWAITING_PAYMENT, PROCESSING, PAID, CANCELLED)
    #: What ``GET /orders`` returns when no ``filter[status]`` is sent (documented default).
    API_DEFAULT: Final = (PENDING_PAYMENT, PAID)


class OrderType:
    """Order types named in the documents (open set)."""

    NEW_SERVICE: Final = "new-service"
    RENEW_SERVICE: Final = "renew-service"
    SCALE_SERVICE: Final = "scale-service"
    NEW_ADDON: Final = "new-addon"
    COMBINED: Final = "combined"
    DEPOSIT: Final = "deposit"
    CUSTOM: Final = "custom"
    NEW_FLOATING_IP: Final = "new-floating-ip"
    SCALE_ADDON: Final = "scale-addon"
    KNOWN: Final = (
        NEW_SERVICE,
        RENEW_SERVICE,
        SCALE_SERVICE,
        NEW_ADDON,
        COMBINED,
        DEPOSIT,
        CUSTOM,
        NEW_FLOATING_IP,
        SCALE_ADDON,
    )


_TYPE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def did_you_mean(name: str, known: Collection[str], separator: str) -> str:
    """``"; did you mean 'x'?"`` when ``name``, lower-cased with its words joined by ``separator``
    (``_`` for statuses, ``-`` for types), is one of ``known``; else ``""``."""
    other = "-" if separator == "_" else "_"
    guess = name.strip().lower().replace(other, separator).replace(" ", separator)
    return f"; did you mean {guess!r}?" if guess in known else ""


def order_type_problem(name: str) -> str | None:
    """Why ``name`` cannot be an order type, or ``None``.

    The set of types is open, but every documented one is kebab-case (``renew-service``), so a
    filter such as ``renew_service`` is a typo that would silently match nothing.
    """
    if _TYPE_NAME.fullmatch(name):
        return None
    hint = did_you_mean(name, OrderType.KNOWN, "-")
    return (
        f"{name!r} is not an order type name (types are kebab-case: "
        f"{', '.join(OrderType.KNOWN)}){hint}"
    )


class PaymentMethod:
    """Payment methods named in the documents (open set)."""

    BALANCE: Final = "balance"
    CARD: Final = "card"
    BANK: Final = "bank"
    BITCOIN: Final = "bitcoin"
    BITCOIN_LN: Final = "bitcoin-ln"
    KNOWN: Final = (BALANCE, CARD, BANK, BITCOIN, BITCOIN_LN)
