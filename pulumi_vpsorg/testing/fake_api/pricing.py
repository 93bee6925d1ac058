"""How a changed renewal period changes what an unpaid order owes (the documents are silent)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

__all__ = ["reprice"]

_CENTS: Final = Decimal("0.01")


def reprice(order: dict[str, Any], service: dict[str, Any], cycle: int) -> None:
    """Scale an unpaid renewal's service (and so the order) with its new billing cycle.

    The documents do not describe pricing; a renewal billed per month is the simplest model in
    which a changed period changes what is owed, as clients must expect.
    """
    old_cycle = service.get("service_billing_cycle") or 1
    tax_rate = Decimal(str(order["tax_rate"]))
    monthly = Decimal(str(service["amount"])) / old_cycle
    amount = (monthly * cycle).quantize(_CENTS)
    service["amount"] = float(amount)
    service["amount_with_vat"] = float((amount * tax_rate).quantize(_CENTS))
    service["amount_sublabel"] = f"${amount} for {cycle} month{'s' if cycle != 1 else ''}"
    total = sum((Decimal(str(s["amount"])) for s in order["services"]), Decimal(0))
    order["amount"] = float(total.quantize(_CENTS))
    order["amount_with_vat"] = float((total * tax_rate).quantize(_CENTS))
