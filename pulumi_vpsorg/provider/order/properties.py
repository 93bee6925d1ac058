"""The property names of ``Order``: its inputs, its outputs, and the payment record."""

from __future__ import annotations

from typing import Final

from ..._vocabulary import ORDER_INPUTS as INPUT_KEYS
from ..._vocabulary import ORDER_OUTPUTS

__all__ = [
    "ACCEPTED_PAYMENT",
    "INPUT_KEYS",
    "OUTPUT_ONLY",
    "PAYMENT_STATUS",
    "PROVIDER_KEY",
    "SHADOWED_BY_ORDER",
]

#: The property in which the engine carries the pickled dynamic provider.
PROVIDER_KEY: Final = "__provider"
#: Inputs whose output key holds the order's own field, not the input as given.
SHADOWED_BY_ORDER: Final = frozenset({"order_id", *(k for k in INPUT_KEYS if k in ORDER_OUTPUTS)})
#: Output (not an API field): the payment this resource made and the API accepted (any 2xx):
#: ``{"order_id", "accepted_at", "amount_with_vat", "payment_method"}``, or None.
ACCEPTED_PAYMENT: Final = "accepted_payment"
#: Output (not an API field): ``settled``, ``settling`` (accepted, not settled yet) or ``unpaid``.
PAYMENT_STATUS: Final = "payment_status"
#: Outputs that are not inputs.
OUTPUT_ONLY: Final = (
    *(key for key in ORDER_OUTPUTS if key not in INPUT_KEYS),
    ACCEPTED_PAYMENT,
    PAYMENT_STATUS,
)
