"""``Order``: adopt an existing order and manage auto-pay, promo code, renewal period and payment.

The package, one job per module:

* :mod:`.errors`: :class:`OrderError` and the apply errors that say what was and was not applied;
* :mod:`.properties`: the property names (inputs, outputs, the payment record);
* :mod:`.rules`: the rule of each input, without pydantic (what Check applies);
* :mod:`.inputs`: the pydantic model of the inputs, applying the same rules (loaded on first use);
* :mod:`.changes`: the pure planning of an order's changes (:class:`OrderChanges`), the diff,
  and the one rule for whether a payment is due;
* :mod:`.behaviour`: what the resource does (``OrderBehaviour``), whoever hosts it;
* :mod:`.provider`: :class:`OrderProvider`, the dynamic provider that hosts the behaviour;
* :mod:`.resource`: the :class:`Order` class programs declare.

Importing it costs only Pulumi and the small modules a program needs (property names, the
provider, the resource); the errors, the behaviour and the planning load on first use, and ``OrderInputs`` (also
``WholeNumber`` and ``Text``) load pydantic on first access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from ... import _lazy
from .properties import INPUT_KEYS
from .provider import OrderProvider
from .resource import Order

if TYPE_CHECKING:
    from .changes import OrderChanges, pay_idempotency_key
    from .errors import OrderApplyError, OrderError, PartialApplyError
    from .inputs import OrderInputs
    from .inputs import Text as Text
    from .inputs import WholeNumber as WholeNumber

__all__ = [
    "INPUT_KEYS",
    "Order",
    "OrderApplyError",
    "OrderChanges",
    "OrderError",
    "OrderInputs",
    "OrderProvider",
    "PartialApplyError",
    "pay_idempotency_key",
]

#: Names loaded on first access, by the module that defines them (``inputs`` imports pydantic).
_LAZY: Final = {
    "OrderInputs": ".inputs",
    "Text": ".inputs",
    "WholeNumber": ".inputs",
    "OrderChanges": ".changes",
    "pay_idempotency_key": ".changes",
    "OrderError": ".errors",
    "OrderApplyError": ".errors",
    "PartialApplyError": ".errors",
}


def __getattr__(name: str) -> Any:
    return _lazy.load(globals(), _LAZY, name)
