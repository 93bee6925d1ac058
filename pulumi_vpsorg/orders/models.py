"""Order models: the documented list fields, plus what get-order adds (invoices, services)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Annotated, Any, Final, Generic, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from typing_extensions import TypedDict

from .._errors import ConfigurationError
from .._numbers import shown
from .._types import ExactInt, JsonValue, Money, Timestamp
from ..assumptions import (
    PAY_REFUSAL_FLAGS,
    PAY_REFUSAL_STATUSES,
    PAY_UNDER_WAY_STATUSES,
    SETTLED_STATUSES,
)
from .names import OrderStatus, OrderType, PaymentMethod, order_type_problem

__all__ = [
    "Invoice",
    "Order",
    "OrderFigures",
    "OrderFiguresPage",
    "OrderPage",
    "OrderStatus",
    "OrderType",
    "Page",
    "PageLinks",
    "PageMeta",
    "PageMetaLink",
    "PayReceipt",
    "PaymentInformation",
    "PaymentMethod",
    "Promo",
    "Service",
    "figures_of",
    "order_type_problem",
    "overdue_moment",
    "pay_receipt",
]

ItemT = TypeVar("ItemT")


def _digits_as_text(value: Any) -> Any:
    # The documents send last_4 as a JSON number (4242); as text it keeps leading zeros.
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:04d}"
    return value


def _number_as_text(value: Any) -> Any:
    # An invoice number sent as a JSON number is that number's digits, no padding invented.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Promo(_Model):
    """A promo code applied to an order."""

    code: str
    percentage: Money = Field(description="Discount in percent")
    minimum_billing_cycle: ExactInt | None = Field(
        default=None, description="Minimum billing cycle in months for the promo"
    )


class PaymentInformation(_Model):
    """How an order was paid: card fields or bitcoin fields, whichever apply."""

    last_4: Annotated[str | None, BeforeValidator(_digits_as_text)] = None
    brand: str | None = None
    expiry_month: ExactInt | None = None
    expiry_year: ExactInt | None = None
    tx_hash: str | None = None
    tx_amount: Money | None = None
    confirmed_at: Timestamp | None = None


class Invoice(_Model):
    """An invoice attached to an order (get-order only)."""

    id: ExactInt
    invoice_number: Annotated[str, BeforeValidator(_number_as_text)]
    created_at: Timestamp
    amount: Money = Field(description="Amount without VAT, USD")
    amount_with_vat: Money = Field(description="Amount with VAT, USD")
    type: str = Field(description='Invoice type, e.g. "proform"')
    order_ids: tuple[ExactInt, ...] = ()


class Service(_Model):
    """A service line of an order (get-order only)."""

    label: str
    sublabel: str | None = None
    period_from: Timestamp | None = Field(default=None, description="Sent as unix seconds")
    period_to: Timestamp | None = Field(default=None, description="Sent as unix seconds")
    is_period_changeable: bool = False
    service_id: ExactInt
    service_billing_cycle: ExactInt | None = Field(default=None, description="Months")
    service_minimum_billing_cycle: ExactInt | None = Field(default=None, description="Months")
    service_type: str | None = Field(default=None, description='"server", "server-addon" or null')
    amount: Money
    amount_with_vat: Money
    amount_sublabel: str | None = None
    promo: JsonValue = None


class Order(_Model):
    """An order: the 15 documented list fields, plus ``invoices`` and ``services`` from get-order."""

    id: ExactInt
    tax_rate: Money = Field(description="Multiplier applied for VAT, e.g. 1.2")
    amount: Money = Field(description="Amount without VAT adjustments")
    amount_with_vat: Money = Field(description="Amount adjusted for VAT when applicable")
    amount_from_balance: Money = Field(description="Amount withdrawn from balance once paid")
    payment_method: str
    status: str
    type: str
    auto_pay: bool = Field(description="Whether the order will try to pay itself automatically")
    promo_applicable: bool = Field(description="Whether a promo code can be applied")
    created_at: Timestamp
    due_at: Timestamp
    payment_date: Timestamp | None = None
    promo: Promo | None = None
    payment_information: PaymentInformation | None = None
    invoices: tuple[Invoice, ...] = ()
    services: tuple[Service, ...] = ()

    @property
    def is_settled(self) -> bool:
        """Paid or cancelled (assumption A5): nothing is owed."""
        return self.status in SETTLED_STATUSES

    def is_overdue(self, now: datetime | None = None) -> bool:
        """Unsettled and past ``due_at`` (at ``now``: :func:`overdue_moment`)."""
        return not self.is_settled and self.due_at < overdue_moment(now)


def overdue_moment(now: object = None) -> datetime:
    """The moment "overdue" is measured against: ``now``, read as UTC when it has no offset
    (assumption A10), or the current UTC time.

    :raises ConfigurationError: ``now`` is not a datetime (checked before any request).
    """
    if now is None:
        return datetime.now(timezone.utc)
    if not isinstance(now, datetime):
        raise ConfigurationError(f"now: expected a datetime, got {shown(now)}")
    return now if now.tzinfo is not None else now.replace(tzinfo=timezone.utc)


class PageLinks(_Model):
    """``links`` of a paginated response."""

    first: str | None = None
    last: str | None = None
    prev: str | None = None
    next: str | None = None


class PageMetaLink(_Model):
    """One entry of ``meta.links``."""

    url: str | None = None
    label: str
    active: bool


class PageMeta(_Model):
    """``meta`` of a paginated response (``from``/``to`` are null on an empty page)."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    current_page: ExactInt
    from_: ExactInt | None = Field(default=None, alias="from")
    last_page: ExactInt
    links: tuple[PageMetaLink, ...] = ()
    path: str
    per_page: ExactInt
    to: ExactInt | None = None
    total: ExactInt


class OrderFigures(TypedDict):
    """What an audit reads of a listed order (:func:`~pulumi_vpsorg.orders.summary.summarize`).

    The same fields, validated the same way, as on :class:`Order`; the rest of the order is parsed
    but not turned into objects. A plain dict: no model instance, no nested payment information,
    so a 20,000-order audit validates about 3x faster and leaves the garbage collector a fraction
    of the objects to scan.
    """

    id: ExactInt
    status: str
    type: str
    amount: Money
    amount_with_vat: Money
    created_at: Timestamp
    due_at: Timestamp


def figures_of(order: Order) -> OrderFigures:
    """The :class:`OrderFigures` of a full order."""
    return OrderFigures(
        id=order.id,
        status=order.status,
        type=order.type,
        amount=order.amount,
        amount_with_vat=order.amount_with_vat,
        created_at=order.created_at,
        due_at=order.due_at,
    )


class Page(_Model, Generic[ItemT]):
    """A Laravel paginated body: ``data``, ``links``, ``meta``."""

    data: tuple[ItemT, ...]
    links: PageLinks
    meta: PageMeta


class OrderPage(Page[Order]):
    """The body of ``GET /orders``."""


class OrderFiguresPage(Page[OrderFigures]):
    """The body of ``GET /orders``, each order read as :class:`OrderFigures`."""


class PayReceipt:
    """What a 2xx answer to pay orders said (assumption A3).

    :ivar refusal: why the body says the payment failed, in the server's words (capped, secrets
        removed); ``None`` when it does not say so.
    """

    __slots__ = ("refusal",)

    def __init__(self, refusal: str | None = None) -> None:
        self.refusal = refusal

    @property
    def confirmed(self) -> bool:
        """Whether nothing in the answer says the payment failed."""
        return self.refusal is None

    def __repr__(self) -> str:
        return f"PayReceipt(refusal={self.refusal!r})"


_REFUSAL_TEXT: Final = 200


def pay_receipt(
    status: int, raw: bytes, order_ids: Sequence[int], secrets: Sequence[str] = ()
) -> PayReceipt:
    """Read a 2xx pay-orders body for a refusal (A3).

    :param status: the HTTP status (2xx).
    :param raw: the body as received.
    :param order_ids: the orders the request paid.
    :param secrets: removed from the server's words (before they are cut short).
    """
    import json

    def _text(value: object) -> str:
        return _safe_text(value, secrets)

    if not raw.strip():
        return PayReceipt()
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return PayReceipt(f"HTTP {status} with a body that is not JSON ({len(raw)} bytes)")
    if not isinstance(body, dict):
        return PayReceipt()
    said = body.get("message")
    words = f": {_text(said)}" if isinstance(said, str) and said.strip() else ""
    for flag in PAY_REFUSAL_FLAGS:
        if body.get(flag) is False:
            return PayReceipt(f"HTTP {status} with {flag}=false{words}")
    state = body.get("status")
    if isinstance(state, str) and state.strip().lower() in PAY_REFUSAL_STATUSES:
        return PayReceipt(f"HTTP {status} with status {_text(state)!r}{words}")
    for key in ("error", "errors"):
        if body.get(key) not in (None, "", [], {}, False):
            return PayReceipt(f"HTTP {status} with {key} {_text(json.dumps(body[key]))}{words}")
    data = body.get("data")
    listed = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
    ok = SETTLED_STATUSES | PAY_UNDER_WAY_STATUSES
    for item in listed:
        if isinstance(item, dict) and item.get("id") in order_ids:
            shown = item.get("status")
            if isinstance(shown, str) and shown not in ok:
                return PayReceipt(
                    f"HTTP {status} listing order {item['id']} as {_text(shown)!r}{words}"
                )
    return PayReceipt()


def _safe_text(value: object, secrets: Sequence[str]) -> str:
    """Server text made safe to store and print: secrets removed, control characters escaped,
    length capped (in that order, so that no part of a secret survives)."""
    from .._http.errors import redact

    text = redact(value, secrets, limit=10 * _REFUSAL_TEXT)
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
    return text if len(text) <= _REFUSAL_TEXT else text[: _REFUSAL_TEXT - 3] + "..."
