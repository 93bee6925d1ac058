"""Orders: models and the client for ``/orders``."""

from __future__ import annotations

from .client import OrdersClient
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
    "OrdersClient",
    "PageLinks",
    "PageMeta",
    "PageMetaLink",
    "PaymentInformation",
    "PaymentMethod",
    "Promo",
    "Service",
]
