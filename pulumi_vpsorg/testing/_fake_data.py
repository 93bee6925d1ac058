"""Seed data for the fake VPS.org API: the documented examples plus a deterministic generator.

Everything here is plain JSON-ready data (dicts, lists, ``int``/``float``/``str``/``None``); the
fake never shares these objects with callers without copying them.
"""

from __future__ import annotations

import bisect
import calendar
import random
import time
from collections.abc import Sequence
from typing import Any, Final

__all__ = [
    "DOCUMENTED_ORDERS",
    "DOCUMENTED_PLANS",
    "KNOWN_STATUSES",
    "LIST_FIELDS",
    "ORDER_TYPES",
    "PAYMENT_METHODS",
    "PLAN_LIST_FIELDS",
    "PROMO_CODES",
    "add_months",
    "format_ts",
    "generate_orders",
    "make_order",
    "parse_ts",
]

#: The 12 fields of a plan in the list response, in the documented order.
PLAN_LIST_FIELDS: Final = (
    "id",
    "name",
    "slug",
    "vcpus",
    "memory",
    "storage",
    "bandwidth",
    "price_monthly",
    "price_hourly",
    "available",
    "locations",
    "description",
)

#: The 15 fields of an order in the list response, in the documented order.
LIST_FIELDS: Final = (
    "id",
    "tax_rate",
    "amount",
    "amount_with_vat",
    "amount_from_balance",
    "payment_method",
    "status",
    "type",
    "auto_pay",
    "promo_applicable",
    "created_at",
    "due_at",
    "payment_date",
    "promo",
    "payment_information",
)

KNOWN_STATUSES: Final = frozenset(
    {"pending_payment", "awaiting_payment", "processing", "paid", "cancelled"}
)
PAYMENT_METHODS: Final = ("balance", "card", "bank", "bitcoin", "bitcoin-ln")
ORDER_TYPES: Final = (
    "new-service",
    "renew-service",
    "scale-service",
    "new-addon",
    "combined",
    "deposit",
    "custom",
    "new-floating-ip",
    "scale-addon",
)

#: Promo codes the fake knows: the documented one and one more.
PROMO_CODES: Final[dict[str, dict[str, Any]]] = {
    "fall2403": {"code": "fall2403", "percentage": 10, "minimum_billing_cycle": 3},
    "WELCOME10": {"code": "WELCOME10", "percentage": 10, "minimum_billing_cycle": 1},
}

_TS_FORMAT: Final = "%Y-%m-%dT%H:%M:%S.000000Z"

_BASE_FEATURES: Final = (
    "SSD Storage",
    "99.9% Uptime SLA",
    "Free Backups",
    "24/7 Support",
    "DDoS Protection",
    "IPv6 Support",
)

# Plans 1-4 of the list example verbatim; plan 2's features/recommended_for are its documented
# detail example, the others follow the "Included Features" and "Choosing the Right Plan" text.
DOCUMENTED_PLANS: Final[tuple[dict[str, Any], ...]] = (
    {
        "id": 1,
        "name": "Starter VPS",
        "slug": "starter",
        "vcpus": 1,
        "memory": 2048,
        "storage": 40,
        "bandwidth": 1024,
        "price_monthly": 5.00,
        "price_hourly": 0.007,
        "available": True,
        "locations": ["us-west", "us-east", "eu-central"],
        "description": "Perfect for small projects and testing",
        "features": list(_BASE_FEATURES),
        "recommended_for": [
            "Personal projects and testing",
            "Static websites",
            "Learning environments",
            "Small blogs",
        ],
    },
    {
        "id": 2,
        "name": "Standard VPS",
        "slug": "standard",
        "vcpus": 2,
        "memory": 4096,
        "storage": 80,
        "bandwidth": 2048,
        "price_monthly": 10.00,
        "price_hourly": 0.015,
        "available": True,
        "locations": ["us-west", "us-east", "eu-central", "asia-pacific"],
        "description": "Ideal for web applications and small databases",
        "features": list(_BASE_FEATURES),
        "recommended_for": [
            "WordPress sites with moderate traffic",
            "Small to medium web applications",
            "Development and testing environments",
            "Personal projects and portfolios",
        ],
    },
    {
        "id": 3,
        "name": "Performance VPS",
        "slug": "performance",
        "vcpus": 4,
        "memory": 8192,
        "storage": 160,
        "bandwidth": 4096,
        "price_monthly": 20.00,
        "price_hourly": 0.030,
        "available": True,
        "locations": ["us-west", "us-east", "eu-central", "asia-pacific"],
        "description": "High-performance for demanding applications",
        "features": [*_BASE_FEATURES, "Full Root Access", "Snapshots", "Private Networking"],
        "recommended_for": [
            "High-traffic WordPress",
            "SaaS applications",
            "Databases",
            "Medium traffic applications",
        ],
    },
    {
        "id": 4,
        "name": "Enterprise VPS",
        "slug": "enterprise",
        "vcpus": 8,
        "memory": 16384,
        "storage": 320,
        "bandwidth": 8192,
        "price_monthly": 40.00,
        "price_hourly": 0.060,
        "available": True,
        "locations": ["us-west", "us-east", "eu-central", "asia-pacific"],
        "description": "Enterprise-grade resources for mission-critical workloads",
        "features": [
            *_BASE_FEATURES,
            "Full Root Access",
            "Snapshots",
            "Private Networking",
            "API Access",
        ],
        "recommended_for": [
            "Enterprise apps",
            "Large databases",
            "Video streaming",
            "Large-scale applications",
        ],
    },
)


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


def _service(
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


def _invoice(
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


def _documented_orders() -> tuple[dict[str, Any], ...]:
    # The four list examples verbatim; invoices and services are plausible additions.
    o7736: dict[str, Any] = {
        "id": 7736,
        "tax_rate": 1.2,
        "amount": 0,
        "amount_with_vat": 0,
        "amount_from_balance": 146.17,
        "payment_method": "balance",
        "status": "paid",
        "type": "combined",
        "auto_pay": True,
        "promo_applicable": False,
        "created_at": "2025-01-07T13:08:37.000000Z",
        "due_at": "2025-01-07T22:00:00.000000Z",
        "payment_date": "2025-01-07T13:08:46.000000Z",
        "promo": None,
        "payment_information": None,
    }
    o7546: dict[str, Any] = {
        "id": 7546,
        "tax_rate": 1.2,
        "amount": 41.67,
        "amount_with_vat": 50,
        "amount_from_balance": 0,
        "payment_method": "card",
        "status": "paid",
        "type": "deposit",
        "auto_pay": False,
        "promo_applicable": False,
        "created_at": "2024-10-16T12:05:52.000000Z",
        "due_at": "2024-10-16T21:00:00.000000Z",
        "payment_date": "2024-10-16T12:06:11.000000Z",
        "promo": None,
        "payment_information": {
            "last_4": 4242,
            "brand": "visa",
            "expiry_month": 3,
            "expiry_year": 2033,
        },
    }
    o7486: dict[str, Any] = {
        "id": 7486,
        "tax_rate": 1.2,
        "amount": 0,
        "amount_with_vat": 0,
        "amount_from_balance": 27,
        "payment_method": "balance",
        "status": "paid",
        "type": "combined",
        "auto_pay": True,
        "promo_applicable": False,
        "created_at": "2024-09-17T12:59:20.000000Z",
        "due_at": "2024-09-17T21:00:00.000000Z",
        "payment_date": "2024-09-17T12:59:24.000000Z",
        "promo": None,
        "payment_information": None,
    }
    o7413: dict[str, Any] = {
        "id": 7413,
        "tax_rate": 1.2,
        "amount": 0,
        "amount_with_vat": 0,
        "amount_from_balance": 27,
        "payment_method": "balance",
        "status": "paid",
        "type": "new-service",
        "auto_pay": True,
        "promo_applicable": False,
        "created_at": "2024-09-05T14:43:58.000000Z",
        "due_at": "2024-09-05T21:00:00.000000Z",
        "payment_date": "2024-09-05T14:44:05.000000Z",
        "promo": {"code": "fall2403", "percentage": 10, "minimum_billing_cycle": 3},
        "payment_information": None,
    }
    t = parse_ts
    o7736["invoices"] = [_invoice(5120, o7736["payment_date"], 121.81, 146.17, "invoice", 7736)]
    o7736["services"] = [
        _service(
            label="Performance VPS",
            sublabel="app-01.example.com",
            period_from=t(o7736["created_at"]),
            cycle=3,
            changeable=False,
            service_id=2311,
            minimum=1,
            service_type="server",
            amount=101.81,
            tax_rate=1.2,
            amount_with_vat=122.17,
        ),
        _service(
            label="Additional IPv4",
            sublabel="app-01.example.com",
            period_from=t(o7736["created_at"]),
            cycle=3,
            changeable=False,
            service_id=884,
            minimum=1,
            service_type="server-addon",
            amount=20.0,
            tax_rate=1.2,
        ),
    ]
    o7546["invoices"] = [_invoice(4987, o7546["payment_date"], 41.67, 50, "invoice", 7546)]
    o7546["services"] = []
    o7486["invoices"] = [_invoice(4935, o7486["payment_date"], 22.5, 27, "invoice", 7486)]
    o7486["services"] = [
        _service(
            label="Starter VPS",
            sublabel="blog.example.com",
            period_from=t(o7486["created_at"]),
            cycle=3,
            changeable=False,
            service_id=2204,
            minimum=1,
            service_type="server",
            amount=15.0,
            tax_rate=1.2,
        ),
        _service(
            label="Daily Backups",
            sublabel="blog.example.com",
            period_from=t(o7486["created_at"]),
            cycle=3,
            changeable=False,
            service_id=861,
            minimum=1,
            service_type="server-addon",
            amount=7.5,
            tax_rate=1.2,
        ),
    ]
    o7413["invoices"] = [_invoice(4871, o7413["payment_date"], 22.5, 27, "invoice", 7413)]
    o7413["services"] = [
        _service(
            label="Standard VPS",
            sublabel="web-01.example.com",
            period_from=t(o7413["created_at"]),
            cycle=3,
            changeable=False,
            service_id=2191,
            minimum=3,
            service_type="server",
            amount=22.5,
            tax_rate=1.2,
            promo=o7413["promo"],
        ),
    ]
    return (o7736, o7546, o7486, o7413)


DOCUMENTED_ORDERS: Final = _documented_orders()


def _table(pairs: Sequence[tuple[str, float]]) -> tuple[list[float], list[str]]:
    total = sum(w for _, w in pairs)
    acc = 0.0
    cum: list[float] = []
    for _, w in pairs:
        acc += w / total
        cum.append(acc)
    cum[-1] = 1.0
    return cum, [v for v, _ in pairs]


_STATUS_TABLE: Final = _table(
    [
        ("paid", 0.78),
        ("cancelled", 0.08),
        ("pending_payment", 0.08),
        ("awaiting_payment", 0.03),
        ("processing", 0.03),
    ]
)
_TYPE_TABLE: Final = _table(
    [
        ("renew-service", 0.35),
        ("new-service", 0.15),
        ("combined", 0.12),
        ("deposit", 0.10),
        ("scale-service", 0.06),
        ("new-addon", 0.06),
        ("new-floating-ip", 0.06),
        ("scale-addon", 0.05),
        ("custom", 0.05),
    ]
)
_METHOD_TABLE: Final = _table(
    [("balance", 0.4), ("card", 0.35), ("bank", 0.1), ("bitcoin", 0.1), ("bitcoin-ln", 0.05)]
)
_PLAN_NAMES: Final = ("Starter VPS", "Standard VPS", "Performance VPS", "Enterprise VPS")
_ADDON_NAMES: Final = ("Additional IPv4", "Extra 50 GB SSD", "Daily Backups")
_CYCLES: Final = (1, 3, 6, 12, 24)
_BRANDS: Final = ("visa", "mastercard", "amex")
_FUTURE_DUE_START: Final = parse_ts("2031-01-01T00:00:00.000000Z")
_PROMO_LIST: Final = tuple(PROMO_CODES.values())


def _pick(rng: random.Random, table: tuple[list[float], list[str]]) -> str:
    return table[1][bisect.bisect_left(table[0], rng.random())]


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
        order["invoices"] = [_invoice(invoice_id, inv_at, amount, amount_with_vat, kind, order_id)]
    host = f"srv-{server_id}.example.com"
    plan = _PLAN_NAMES[label_index % 4]
    addon = _ADDON_NAMES[label_index % 3]
    services: list[dict[str, Any]]
    if order_type == "deposit":
        services = []
    elif order_type in ("renew-service", "combined"):
        server_amount = round(amount * 0.8, 2)
        services = [
            _service(
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
            _service(
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
            _service(
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
            _service(
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
            _service(
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


def generate_orders(count: int, seed: int) -> list[dict[str, Any]]:
    """Return ``count`` orders: the documented ones first, then deterministic generated ones.

    Generated orders are all older than the documented ones (so the first list page under the
    default filter starts with the documented example) and their ids never collide with them.
    """
    documented = [_copy_order(o) for o in DOCUMENTED_ORDERS[: max(count, 0)]]
    n = count - len(documented)
    if n <= 0:
        return documented
    rng = random.Random(seed)
    reserved = {o["id"] for o in DOCUMENTED_ORDERS}
    oldest = min(parse_ts(o["created_at"]) for o in DOCUMENTED_ORDERS)
    if n <= 7412:
        # Ids below the oldest documented one, with realistic gaps (other customers' orders).
        next_id = 7412
        gap_max = max(1, min(4, 7412 // n))
    else:
        next_id = n + len(reserved)
        gap_max = 1
    # Spread creation times over about five years, whatever the count.
    step_max = max(1200, (2 * 5 * 365 * 86400) // n)
    created = oldest
    out = documented
    rand = rng.random
    for _ in range(n):
        while next_id in reserved:
            next_id -= 1
        order_id = next_id
        next_id -= (1 + int(rand() * gap_max)) if gap_max > 1 else 1
        created -= 600 + int(rand() * step_max)
        status = _pick(rng, _STATUS_TABLE)
        order_type = _pick(rng, _TYPE_TABLE)
        method = _pick(rng, _METHOD_TABLE)
        if order_type == "deposit" and method == "balance":
            method = "card"
        amount = round(3 + rand() * 297, 2)
        tax_rate = 1.2 if rand() < 0.9 else 1.0
        settled = status in ("paid", "cancelled")
        paid_at = created + 5 + int(rand() * 7200) if status == "paid" else None
        if settled:
            due = created + 32400
        elif rand() < 0.5:
            due = created + 86400 * (1 + int(rand() * 30))
        else:
            due = _FUTURE_DUE_START + int(rand() * 365 * 86400)
        promo = None
        if order_type != "deposit" and rand() < 0.08:
            promo = _PROMO_LIST[int(rand() * len(_PROMO_LIST))]
        promo_applicable = not settled and order_type != "deposit" and rand() < 0.85
        info: dict[str, Any] | None = None
        if status == "paid" and method == "card":
            info = {
                "last_4": 1000 + int(rand() * 9000),
                "brand": _BRANDS[int(rand() * 3)],
                "expiry_month": 1 + int(rand() * 12),
                "expiry_year": 2026 + int(rand() * 8),
            }
        elif status == "paid" and method in ("bitcoin", "bitcoin-ln"):
            info = {
                "tx_hash": f"{rng.getrandbits(256):064x}",
                "tx_amount": round(amount * tax_rate / 60000, 8),
                "confirmed_at": format_ts(created + 1800),
            }
        server_minimum = 3 if rand() < 0.3 else 1
        cycle = _CYCLES[int(rand() * 5)]
        if cycle < server_minimum:
            cycle = server_minimum
        out.append(
            make_order(
                order_id=order_id,
                created=created,
                status=status,
                order_type=order_type,
                method=method,
                amount=amount,
                tax_rate=tax_rate,
                auto_pay=rand() < 0.7,
                promo=promo,
                promo_applicable=promo_applicable,
                due=due,
                paid_at=paid_at,
                # Offset so generated invoice ids never meet the documented orders' invoices.
                invoice_id=100000 + order_id,
                server_id=1000 + int(rand() * 9000),
                addon_id=100 + int(rand() * 900),
                server_minimum=server_minimum,
                cycle=cycle,
                label_index=int(rand() * 12),
                payment_information=info,
            )
        )
    return out


def _copy_order(order: dict[str, Any]) -> dict[str, Any]:
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
