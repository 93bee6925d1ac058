"""Orders: the models of ``/orders`` (the endpoints are :class:`pulumi_vpsorg.VpsOrgClient`'s),
and the names the documents give (:mod:`.names`).

Each name loads its module on first access: the names need no pydantic, the models do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .. import _lazy

if TYPE_CHECKING:
    from .models import (
        Invoice,
        Order,
        OrderFigures,
        OrderPage,
        PageLinks,
        PageMeta,
        PageMetaLink,
        PaymentInformation,
        Promo,
        Service,
    )
    from .names import OrderStatus, OrderType, PaymentMethod

__all__ = [
    "Invoice",
    "Order",
    "OrderFigures",
    "OrderPage",
    "OrderStatus",
    "OrderType",
    "PageLinks",
    "PageMeta",
    "PageMetaLink",
    "PaymentInformation",
    "PaymentMethod",
    "Promo",
    "Service",
]

#: Where each exported name is defined.
_HOME: Final = {
    **dict.fromkeys(("OrderStatus", "OrderType", "PaymentMethod"), ".names"),
    **dict.fromkeys(
        (
            "Invoice",
            "Order",
            "OrderFigures",
            "OrderPage",
            "PageLinks",
            "PageMeta",
            "PageMetaLink",
            "PaymentInformation",
            "Promo",
            "Service",
        ),
        ".models",
    ),
}


def __getattr__(name: str) -> Any:
    return _lazy.load(globals(), _HOME, name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
