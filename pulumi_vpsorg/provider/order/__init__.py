"""``Order``: adopt an existing order and manage auto-pay, promo code, renewal period and payment.

The package, one job per module:

* :mod:`.errors`: :class:`OrderError` and the apply errors that say what was and was not applied;
* :mod:`.properties`: the property names (inputs, outputs, the payment record);
* :mod:`.inputs`: the pydantic model of the inputs (loaded on first use);
* :mod:`.changes`: the pure planning of an order's changes (:class:`OrderChanges`), the diff,
  and the one rule for whether a payment is due;
* :mod:`.provider`: what the resource does (``OrderBehaviour``) and its dynamic provider;
* :mod:`.resource`: the :class:`Order` class programs declare.

Importing it costs only Pulumi and a few small modules of this package; ``OrderInputs`` (also
``WholeNumber`` and ``Text``) load pydantic on first access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .changes import OrderChanges, pay_idempotency_key
from .errors import OrderApplyError, OrderError, PartialApplyError
from .properties import INPUT_KEYS
from .provider import OrderProvider
from .resource import Order

if TYPE_CHECKING:
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

#: Names defined in :mod:`pulumi_vpsorg.provider.order.inputs` (pydantic), loaded on first access.
_LAZY: Final = frozenset({"OrderInputs", "Text", "WholeNumber"})


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import inputs

        value = getattr(inputs, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
