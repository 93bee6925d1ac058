"""Building blocks of the fake's orders: documented timestamps, services, invoices, whole orders.

Everything is plain JSON-ready data (dicts, lists, ``int``/``float``/``str``/``None``).
"""

from __future__ import annotations

import calendar
import time
from typing import Any, Final

__all__ = ["add_months", "copy_order", "format_ts", "invoice", "make_order", "parse_ts", "service"]

_TS_FORMAT: Final = "%Y-%m-%dT%H:%M:%S.000000Z"

_PLAN_NAMES: Final = ("Starter VPS", "Standard VPS", "Performance VPS", "Enterprise VPS")
_ADDON_NAMES: Final = ("Additional IPv4", "Extra 50 GB SSD", "Daily Backups")


def format_ts(epoch: int) -> str:
    """Format unix seconds in the documented ``2024-09-25T18:34:33.000000Z`` form."""
    t = time.gmtime(epoch)
    return (
        f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}T"
        f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}.000000Z"
    )


def parse_ts(text: str) -> int:
    """Parse a documented timestamp into unix seconds."""
    return calendar.timegm(time.strptime(text, _TS_FORMAT))


def add_months(epoch: int, months: int) -> int:
    """Add calendar months to unix seconds, clamping the day to the target month's length."""
    t = time.gmtime(epoch)
    month0 = t.tm_mon - 1 + months
    year = t.tm_year + month0 // 12
    month = month0 % 12 + 1
    day = min(t.tm_mday, calendar.monthrange(year, month)[1])
    return calendar.timegm((year, month, day, t.tm_hour, t.tm_min, t.tm_sec, 0, 0, 0))


def service(
    *,
    label: str,
    sublabel: str,
    period_from: int,
    cycle: int | None,
    changeable: bool,
    service_id: int,
    minimum: int,
    service_type: str | None,
    amount: float,
    tax_rate: float,
    promo: dict[str, Any] | None = None,
    amount_with_vat: float | None = None,
) -> dict[str, Any]:
    months = cycle if cycle is not None else 1
    return {
        "label": label,
        "sublabel": sublabel,
        "period_from": period_from,
        "period_to": add_months(period_from, months),
        "is_period_changeable": changeable,
        "service_id": service_id,
        "service_billing_cycle": cycle,
        "service_minimum_billing_cycle": minimum,
        "service_type": service_type,
        "amount": amount,
        "amount_with_vat": (
            amount_with_vat if amount_with_vat is not None else round(amount * tax_rate, 2)
        ),
        "amount_sublabel": f"${amount:.2f} for {months} month{'s' if months != 1 else ''}",
        "promo": dict(promo) if promo is not None else None,
    }


def invoice(
    invoice_id: int,
    created_at: str,
    amount: float,
    amount_with_vat: float,
    kind: str,
    order_id: int,
) -> dict[str, Any]:
    return {
        "id": invoice_id,
        "invoice_number": f"{1000000000 + invoice_id:010d}",
        "created_at": created_at,
        "amount": amount,
        "amount_with_vat": amount_with_vat,
        "type": kind,
        "order_ids": [order_id],
    }


def make_order(
    *,
    order_id: int,
    created: int,
    status: str,
    order_type: str,
    method: str,
    amount: float,
    tax_rate: float,
    auto_pay: bool,
    promo: dict[str, Any] | None,
    promo_applicable: bool,
    due: int,
    paid_at: int | None,
    invoice_id: int,
    server_id: int,
    addon_id: int,
    server_minimum: int,
    cycle: int,
    label_index: int,
    payment_information: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Build one full order (list fields, ``invoices``, ``services``) from its parameters."""
    amount_with_vat = round(amount * tax_rate, 2)
    created_at = format_ts(created)
    order: dict[str, Any] = {
        "id": order_id,
        "tax_rate": tax_rate,
        "amount": amount,
        "amount_with_vat": amount_with_vat,
        "amount_from_balance": amount_with_vat if status == "paid" and method == "balance" else 0,
        "payment_method": method,
        "status": status,
        "type": order_type,
        "auto_pay": auto_pay,
        "promo_applicable": promo_applicable,
        "created_at": created_at,
        "due_at": format_ts(due),
        "payment_date": format_ts(paid_at) if paid_at is not None else None,
        "promo": dict(promo) if promo is not None else None,
        "payment_information": payment_information,
    }
    if status == "cancelled":
        order["invoices"] = []
    else:
        kind = "invoice" if status == "paid" else "proform"
        inv_at = order["payment_date"] if paid_at is not None else created_at
        order["invoices"] = [invoice(invoice_id, inv_at, amount, amount_with_vat, kind, order_id)]
    host = f"srv-{server_id}.example.com"
    plan = _PLAN_NAMES[label_index % 4]
    addon = _ADDON_NAMES[label_index % 3]
    services: list[dict[str, Any]]
    if order_type == "deposit":
        services = []
    elif order_type in ("renew-service", "combined"):
        server_amount = round(amount * 0.8, 2)
        services = [
            service(
                label=plan,
                sublabel=host,
                period_from=created,
                cycle=cycle,
                # Only renewals of servers can change period (as in the reference's examples).
                changeable=order_type == "renew-service" and status != "cancelled",
                service_id=server_id,
                minimum=server_minimum,
                service_type="server",
                amount=server_amount,
                tax_rate=tax_rate,
                promo=promo,
            ),
            service(
                label=addon,
                sublabel=host,
                period_from=created,
                cycle=cycle,
                changeable=False,
                service_id=addon_id,
                minimum=1,
                service_type="server-addon",
                amount=round(amount - server_amount, 2),
                tax_rate=tax_rate,
            ),
        ]
    elif order_type in ("new-service", "scale-service"):
        services = [
            service(
                label=plan,
                sublabel=host,
                period_from=created,
                cycle=cycle,
                changeable=False,
                service_id=server_id,
                minimum=server_minimum,
                service_type="server",
                amount=amount,
                tax_rate=tax_rate,
                promo=promo,
            )
        ]
    elif order_type in ("new-addon", "scale-addon"):
        services = [
            service(
                label=addon,
                sublabel=host,
                period_from=created,
                cycle=cycle,
                changeable=False,
                service_id=addon_id,
                minimum=1,
                service_type="server-addon",
                amount=amount,
                tax_rate=tax_rate,
            )
        ]
    else:
        label = "Floating IP" if order_type == "new-floating-ip" else "Custom service"
        services = [
            service(
                label=label,
                sublabel=host,
                period_from=created,
                cycle=None,
                changeable=False,
                service_id=addon_id,
                minimum=1,
                service_type=None,
                amount=amount,
                tax_rate=tax_rate,
            )
        ]
    order["services"] = services
    return order


def copy_order(order: dict[str, Any]) -> dict[str, Any]:
    out = dict(order)
    for key in ("promo", "payment_information"):
        if out.get(key) is not None:
            out[key] = dict(out[key])
    out["invoices"] = [dict(i, order_ids=list(i["order_ids"])) for i in order["invoices"]]
    out["services"] = [
        dict(s, promo=dict(s["promo"]) if s["promo"] is not None else None)
        for s in order["services"]
    ]
    return out
