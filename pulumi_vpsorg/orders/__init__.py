"""Orders: the models of ``/orders`` (the endpoints are :class:`pulumi_vpsorg.VpsOrgClient`'s)."""

from __future__ import annotations

from .models import (
    Invoice,
    Order,
    OrderFigures,
    OrderPage,
    OrderStatus,
    OrderType,
    PageLinks,
    PageMeta,
    PageMetaLink,
    PaymentInformation,
    PaymentMethod,
    Promo,
    Service,
)

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
