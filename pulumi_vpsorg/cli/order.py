"""``vpsorg order ID``: one order with its invoices and services, as ``GET /orders/{id}`` has it."""

from __future__ import annotations

import argparse
from datetime import datetime
from decimal import Decimal
from typing import Any, TextIO

from .._boundary import plain
from .._types import to_iso
from ..assumptions import SETTLED_STATUSES
from ..orders.models import Order, PaymentInformation
from . import output
from .api import client
from .parser import ENVIRONMENT, EXIT_OK
from .values import order_id

__all__ = ["INVOICE_HEADER", "SERVICE_HEADER", "register", "run"]

INVOICE_HEADER = ("ID", "NUMBER", "TYPE", "CREATED", "USD", "USD_WITH_VAT", "ORDERS")
SERVICE_HEADER = (
    "SERVICE_ID",
    "TYPE",
    "LABEL",
    "SUBLABEL",
    "PERIOD",
    "CYCLE_MONTHS",
    "CHANGEABLE",
    "USD",
    "USD_WITH_VAT",
)


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``order`` to the subcommands."""
    order = commands.add_parser(
        "order",
        parents=[common],
        help="one order in full: amounts, dates, payment, invoices and services",
        description=(
            "Show one order as the API has it: status, type, amounts (USD, with and without "
            "VAT), dates, payment, then its invoices and its services (the service id and type "
            "are what Order(service_id=..., service_type=...) takes to change the renewal "
            "period). --json prints the order's every field."
        ),
        epilog=ENVIRONMENT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    order.add_argument("order_id", type=order_id, metavar="ID", help="the order's id, e.g. 6571")


def _when(value: datetime | None, absent: str = "none") -> str:
    return absent if value is None else to_iso(value)


def _day(value: datetime | None) -> str:
    return "?" if value is None else to_iso(value)[:10]


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _payment(info: PaymentInformation | None) -> str:
    if info is None:
        return "none"
    fields: dict[str, Any] = plain(info)
    shown = [f"{key} {value}" for key, value in fields.items() if value is not None]
    return ", ".join(shown) or "none"


def _promo(order: Order) -> str:
    promo = order.promo
    if promo is None:
        return "none"
    text = f"{promo.code} ({_number(promo.percentage)}%"
    if promo.minimum_billing_cycle is not None:
        text += f", at least {promo.minimum_billing_cycle} months"
    return text + ")"


def _summary(order: Order) -> list[tuple[str, str]]:
    settled = "settled" if order.status in SETTLED_STATUSES else "unpaid"
    return [
        ("order", str(order.id)),
        ("status", f"{order.status} ({settled})"),
        ("type", order.type),
        ("amount (USD)", output.money(order.amount)),
        ("amount with VAT (USD)", output.money(order.amount_with_vat)),
        ("tax rate", _number(order.tax_rate)),
        ("from balance (USD)", output.money(order.amount_from_balance)),
        ("payment method", order.payment_method),
        ("auto pay", _yes(order.auto_pay)),
        ("promo applicable", _yes(order.promo_applicable)),
        ("promo", _promo(order)),
        ("created", _when(order.created_at)),
        ("due", _when(order.due_at)),
        ("payment date", _when(order.payment_date)),
        ("payment information", _payment(order.payment_information)),
        ("invoices", str(len(order.invoices))),
        ("services", str(len(order.services))),
    ]


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print the order; an order that does not exist is an API error (404, status 1)."""
    with client(args) as api:
        order = api.get_order(args.order_id)
    if getattr(args, "json", False):
        output.print_json(plain(order), out)
        return EXIT_OK
    output.key_values(_summary(order), out)
    if order.invoices:
        print("\nINVOICES", file=out)
        invoices = [
            [
                str(i.id),
                i.invoice_number,
                i.type,
                _when(i.created_at),
                output.money(i.amount),
                output.money(i.amount_with_vat),
                ",".join(str(n) for n in i.order_ids) or "-",
            ]
            for i in order.invoices
        ]
        output.table(invoices, INVOICE_HEADER, {0, 4, 5}, out)
    if order.services:
        print("\nSERVICES", file=out)
        services = [
            [
                str(s.service_id),
                s.service_type or "-",
                s.label,
                s.sublabel or "-",
                f"{_day(s.period_from)}..{_day(s.period_to)}",
                "-" if s.service_billing_cycle is None else str(s.service_billing_cycle),
                _yes(s.is_period_changeable),
                output.money(s.amount),
                output.money(s.amount_with_vat),
            ]
            for s in order.services
        ]
        output.table(services, SERVICE_HEADER, {0, 5, 7, 8}, out)
    return EXIT_OK
