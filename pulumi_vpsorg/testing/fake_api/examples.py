"""What the API documents show: field lists, known values, the example plans and orders.

Plans 1-4 and orders 7736, 7546, 7486 and 7413 are the documents' examples; the fake never shares
these objects with callers without copying them.
"""

from __future__ import annotations

from typing import Any, Final

from pulumi_vpsorg.testing.fake_api.records import invoice, parse_ts, service

__all__ = [
    "DEFAULT_STATUS_FILTER",
    "DOCUMENTED_ORDERS",
    "DOCUMENTED_PLANS",
    "KNOWN_STATUSES",
    "LIST_FIELDS",
    "ORDER_TYPES",
    "PAYMENT_METHODS",
    "PLAN_LIST_FIELDS",
    "PROMO_CODES",
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

#: The orders list's ``filter[status]`` when none is given ("Default filter is: pending_payment,paid").
DEFAULT_STATUS_FILTER: Final = ("pending_payment", "paid")
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
    o7736["invoices"] = [invoice(5120, o7736["payment_date"], 121.81, 146.17, "invoice", 7736)]
    o7736["services"] = [
        service(
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
        service(
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
    o7546["invoices"] = [invoice(4987, o7546["payment_date"], 41.67, 50, "invoice", 7546)]
    o7546["services"] = []
    o7486["invoices"] = [invoice(4935, o7486["payment_date"], 22.5, 27, "invoice", 7486)]
    o7486["services"] = [
        service(
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
        service(
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
    o7413["invoices"] = [invoice(4871, o7413["payment_date"], 22.5, 27, "invoice", 7413)]
    o7413["services"] = [
        service(
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
