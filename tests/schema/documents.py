"""The API documents as the schema tests read them, and helpers to check a schema against them.

Types are the documents' words. "digits": a number in the example (4242), text in the package
(keeps leading zeros). "unix seconds": an integer at the API, ISO-8601 text in the package. "any":
the documents give no shape. ``test_documents.py`` checks the lists against the documents'
examples (verbatim copies of the seed documents' JSON in ``tests/fixtures``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pulumi_vpsorg.schema import camel_case

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
SHARED = REPO.parent / "shared"
METASCHEMA = SHARED / "reference" / "pulumi-package-metaschema.json"
NO_SHARED = "../shared is not beside the checkout (CI has it): Pulumi's metaschema is outside the repo"

#: Plans reference, "Полета за отговор" table of GET /plans/.
PLAN_FIELDS = {
    "id": "integer",
    "name": "string",
    "slug": "string",
    "vcpus": "integer",
    "memory": "integer",
    "storage": "integer",
    "bandwidth": "integer",
    "price_monthly": "decimal",
    "price_hourly": "decimal",
    "available": "boolean",
    "locations": "array",
    "description": "string",
}
#: GET /plans/{plan_id}/ example response, beyond the list fields.
PLAN_DETAIL_FIELDS = {"features": "array", "recommended_for": "array"}
#: Orders reference, the 15 fields of ``data[]`` (type, required).
ORDER_FIELDS = {
    "id": ("integer", True),
    "tax_rate": ("number", True),
    "amount": ("number", True),
    "amount_with_vat": ("number", True),
    "amount_from_balance": ("number", True),
    "payment_method": ("string", True),
    "status": ("string", True),
    "type": ("string", True),
    "auto_pay": ("boolean", True),
    "promo_applicable": ("boolean", True),
    "created_at": ("string", True),
    "due_at": ("string", True),
    "payment_date": ("string", False),
    "promo": ("object", False),
    "payment_information": ("object", False),
}
#: orders-operations.md: what get-order adds.
ORDER_DETAIL_FIELDS = {"invoices": "array", "services": "array"}
INVOICE_FIELDS = {
    "id": "integer",
    "invoice_number": "digits",
    "created_at": "string",
    "amount": "number",
    "amount_with_vat": "number",
    "type": "string",
    "order_ids": "array",
}
SERVICE_FIELDS = {
    "label": "string",
    "sublabel": "string",
    "period_from": "unix seconds",
    "period_to": "unix seconds",
    "is_period_changeable": "boolean",
    "service_id": "integer",
    "service_billing_cycle": "integer",
    "service_minimum_billing_cycle": "integer",
    "service_type": "string",
    "amount": "number",
    "amount_with_vat": "number",
    "amount_sublabel": "string",
    "promo": "any",
}
PAYMENT_CARD_FIELDS = {
    "last_4": "digits",
    "brand": "string",
    "expiry_month": "integer",
    "expiry_year": "integer",
}
PAYMENT_BITCOIN_FIELDS = {"tx_hash": "string", "tx_amount": "number", "confirmed_at": "string"}
#: The orders list example's ``promo`` object.
PROMO_FIELDS = {"code": "string", "percentage": "number", "minimum_billing_cycle": "integer"}

#: Units the documents give (plans) or the package states (order money).
UNITS = {
    "memory": "MB",
    "storage": "GB",
    "bandwidth": "GB",
    "price_monthly": "USD",
    "price_hourly": "USD",
    "amount": "USD",
    "amount_with_vat": "USD",
    "amount_from_balance": "USD",
}
COMPATIBLE = {
    "integer": {"integer"},
    "decimal": {"number"},
    "number": {"number"},
    "string": {"string"},
    "boolean": {"boolean"},
    "array": {"array"},
    "object": {"ref"},
    "digits": {"string"},
    "unix seconds": {"string"},
    "any": {"any", "ref", "string", "integer", "number", "boolean", "array", "object"},
}
#: Where each documented object lives: schema type name -> fields.
DOCUMENTED_TYPES: dict[str, Mapping[str, str]] = {
    "Plan": PLAN_FIELDS,
    "PlanDetails": {**PLAN_FIELDS, **PLAN_DETAIL_FIELDS},
    "Order": {**{k: t for k, (t, _) in ORDER_FIELDS.items()}, **ORDER_DETAIL_FIELDS},
    "Invoice": INVOICE_FIELDS,
    "Service": SERVICE_FIELDS,
    "PaymentInformation": {**PAYMENT_CARD_FIELDS, **PAYMENT_BITCOIN_FIELDS},
    "Promo": PROMO_FIELDS,
}


def type_token(name: str) -> str:
    # The order model's type is OrderInfo: the resource Order has the name (the Go SDK).
    name = "OrderInfo" if name == "Order" else name
    return f"vpsorg:index/{name}:{name}"


def to_snake(name: str) -> str:
    """Independent of the generator: ``priceMonthly`` -> ``price_monthly``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def kind(prop: Mapping[str, Any]) -> str:
    ref = prop.get("$ref")
    if ref == "pulumi.json#/Any":
        return "any"
    if ref is not None:
        return "ref"
    return str(prop["type"])


def check_documented(
    where: str,
    obj: Mapping[str, Any],
    fields: Mapping[str, str],
    *,
    rename: Mapping[str, str] | None = None,
) -> None:
    """Each documented field is a property of ``obj`` (properties/required) with a fitting type."""
    props = obj["properties"]
    for field, doc_type in fields.items():
        key = (rename or {}).get(field, field)
        name = camel_case(key)
        assert name in props, f"{where}: documented field {field!r} is missing (as {name!r})"
        prop = props[name]
        assert kind(prop) in COMPATIBLE[doc_type], (
            f"{where}.{name}: documented as {doc_type}, schema has {kind(prop)}"
        )
        description = prop.get("description", "")
        assert f"API field `{field}`" in description, (
            f"{where}.{name}: description does not name API field `{field}`: {description!r}"
        )
        if field in UNITS:
            assert re.search(rf"\b{UNITS[field]}\b", description), (
                f"{where}.{name}: description does not give the unit {UNITS[field]}"
            )


def all_properties(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for token, spec in schema["types"].items():
        for name, prop in spec["properties"].items():
            yield token, name, prop
    for token, spec in schema["functions"].items():
        for part in ("inputs", "outputs"):
            for name, prop in spec[part]["properties"].items():
                yield f"{token}.{part}", name, prop
    for token, spec in schema["resources"].items():
        for part in ("inputProperties", "properties"):
            for name, prop in spec[part].items():
                yield f"{token}.{part}", name, prop


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))
