"""What a changed renewal period makes an unpaid order owe (the documents are silent).

A renewal is billed per month: the service's amount for its cycle when first changed, divided by
that cycle, is its monthly price, kept as an exact fraction. Every later amount is derived from
the amounts before the first change, never from the last rounded one, so a change undone restores
every amount to the cent. Amounts are rounded half up to cents; VAT moves with the amount it is
charged on.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

__all__ = ["Prices", "cents"]


def cents(value: Fraction) -> Decimal:
    """``value`` rounded half up (away from zero) to a whole number of cents, exactly."""
    hundredths = abs(value) * 100
    whole, rest = divmod(hundredths.numerator, hundredths.denominator)
    if 2 * rest >= hundredths.denominator:
        whole += 1
    return Decimal(-whole if value < 0 else whole).scaleb(-2)


def _money(value: Any) -> Fraction:
    # JSON numbers are stored as int/float; their shortest text is the amount meant.
    return Fraction(Decimal(str(value)))


@dataclass(frozen=True)
class _Original:
    amount: Fraction
    amount_with_vat: Fraction
    #: Per service (by position): amount, amount with VAT, exact monthly price.
    services: tuple[tuple[Fraction, Fraction, Fraction], ...]


class Prices:
    """Each repriced order's amounts before its first period change (callers hold the lock)."""

    def __init__(self) -> None:
        self._originals: dict[int, _Original] = {}

    def forget(self, order_id: int) -> None:
        """The order's amounts were set anew (or it is gone): later changes start from them."""
        self._originals.pop(order_id, None)

    def reprice(self, order: dict[str, Any], service: dict[str, Any], cycle: int) -> None:
        """Bill ``service`` of ``order`` for ``cycle`` months, and the order with it."""
        original = self._originals.get(order["id"])
        if original is None:
            original = _Original(
                _money(order["amount"]),
                _money(order["amount_with_vat"]),
                tuple(
                    (
                        _money(s["amount"]),
                        _money(s["amount_with_vat"]),
                        _money(s["amount"]) / (s.get("service_billing_cycle") or 1),
                    )
                    for s in order["services"]
                ),
            )
            self._originals[order["id"]] = original
        services = order["services"]
        index = next(i for i, s in enumerate(services) if s is service)
        tax_rate = _money(order["tax_rate"])
        amount0, with_vat0, monthly = original.services[index]
        amount = cents(monthly * cycle)
        service["amount"] = float(amount)
        service["amount_with_vat"] = float(
            cents(with_vat0 + (Fraction(amount) - amount0) * tax_rate)
        )
        service["amount_sublabel"] = f"${amount} for {cycle} month{'s' if cycle != 1 else ''}"
        moved = sum(
            (_money(s["amount"]) - o[0] for s, o in zip(services, original.services, strict=True)),
            Fraction(0),
        )
        order["amount"] = float(cents(original.amount + moved))
        order["amount_with_vat"] = float(cents(original.amount_with_vat + moved * tax_rate))
