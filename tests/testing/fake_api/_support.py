"""Shared helpers of the fake API tests: the documents' field lists, shape checks, small calls."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import requests

from pulumi_vpsorg import assumptions

from .._http_client import Http

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DOC_BASE = "https://api.vpsbg.eu/v1"
TS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000000Z")
LIST_FIELDS = list(json.loads((FIXTURES / "orders_list.json").read_text())["data"][0])
DETAIL_FIELDS = [*LIST_FIELDS, "invoices", "services"]
INVOICE_FIELDS = [
    "id",
    "invoice_number",
    "created_at",
    "amount",
    "amount_with_vat",
    "type",
    "order_ids",
]
SERVICE_FIELDS = [
    "label",
    "sublabel",
    "period_from",
    "period_to",
    "is_period_changeable",
    "service_id",
    "service_billing_cycle",
    "service_minimum_billing_cycle",
    "service_type",
    "amount",
    "amount_with_vat",
    "amount_sublabel",
    "promo",
]
ALL_STATUSES = "pending_payment,awaiting_payment,processing,paid,cancelled"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def kind(value: Any) -> str:
    """JSON type name, with int and float both a ``number`` as in the document."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


def same_shape(actual: Any, expected: Any, where: str = "$") -> None:
    """Same keys in the same order and same JSON kinds, recursively (lists: item by item)."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), where
        assert list(actual) == list(expected), where
        for key in expected:
            if expected[key] is None or actual[key] is None:
                continue  # nullable fields ("prev", "promo", "url") are checked elsewhere
            same_shape(actual[key], expected[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), where
        for n, (a, e) in enumerate(zip(actual, expected, strict=False)):
            same_shape(a, e, f"{where}[{n}]")
    else:
        assert kind(actual) == kind(expected), where


def check_order(order: dict[str, Any]) -> None:
    assert list(order) == DETAIL_FIELDS
    assert isinstance(order["id"], int) and order["id"] > 0
    assert order["status"] in {
        "pending_payment",
        "awaiting_payment",
        "processing",
        "paid",
        "cancelled",
    }
    assert order["payment_method"] in {"balance", "card", "bank", "bitcoin", "bitcoin-ln"}
    assert order["type"] in {
        "new-service",
        "renew-service",
        "scale-service",
        "new-addon",
        "combined",
        "deposit",
        "custom",
        "new-floating-ip",
        "scale-addon",
    }
    for key in ("tax_rate", "amount", "amount_with_vat", "amount_from_balance"):
        assert kind(order[key]) == "number"
    for key in ("auto_pay", "promo_applicable"):
        assert isinstance(order[key], bool)
    assert TS.fullmatch(order["created_at"]) and TS.fullmatch(order["due_at"])
    assert order["payment_date"] is None or TS.fullmatch(order["payment_date"])
    assert order["promo"] is None or set(order["promo"]) == {
        "code",
        "percentage",
        "minimum_billing_cycle",
    }
    info = order["payment_information"]
    assert info is None or set(info) in (
        {"last_4", "brand", "expiry_month", "expiry_year"},
        {"tx_hash", "tx_amount", "confirmed_at"},
    )
    for invoice in order["invoices"]:
        assert list(invoice) == INVOICE_FIELDS
        assert all(isinstance(i, int) for i in invoice["order_ids"])
    for service in order["services"]:
        assert list(service) == SERVICE_FIELDS
        assert isinstance(service["period_from"], int) and isinstance(service["period_to"], int)
        assert service["period_to"] > service["period_from"]
        assert isinstance(service["service_id"], int)
        assert service["service_billing_cycle"] is None or isinstance(
            service["service_billing_cycle"], int
        )
        assert service["service_type"] in ("server", "server-addon", None)
        assert isinstance(service["is_period_changeable"], bool)


def server_of(order: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in order["services"] if s["service_type"] == "server")


def pay(
    h: Http, ids: list[int], method: str | None = None, key: str | None = None
) -> requests.Response:
    headers = {assumptions.IDEMPOTENCY_HEADER: key} if key else {}
    return h(
        "POST", "/orders/pay", json={"order_ids": ids, "payment_method": method}, headers=headers
    )


def labels(body: dict[str, Any]) -> list[str]:
    return [link["label"] for link in body["meta"]["links"]]
