"""Props as this package's dynamic resources produce them, built from the seed fixtures.

Inputs are what the engine analyses per resource: the non-null inputs plus the pickled provider
under ``__provider`` (a secret). Outputs are the inputs plus the documented fields. During preview
an input computed from another resource, and every output, is the unknown sentinel.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from google.protobuf import json_format, struct_pb2

from pulumi_vpsorg.assumptions import SETTLED_STATUSES
from pulumi_vpsorg.policy import ORDER_TYPE, ORDERS_AUDIT_TYPE, PLAN_LOOKUP_TYPE

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

#: The Python SDK's unknown value (``pulumi.runtime.rpc.UNKNOWN``): all unknowns look like this.
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
#: The engine's sentinel for an unknown number, accepted as well.
UNKNOWN_NUMBER = "3eeb2bf0-c639-47a8-9e75-3b44932eb421"

#: Stand-in for the base64 dill pickle of the dynamic provider.
PROVIDER_BLOB = "gASVKAAAAAAAAACMF3B1bHVtaV92cHNvcmcucHJvdmlkZXKUjAxQbGFuUHJvdmlkZXKUk5Qu"

#: Keys the engine sends as secrets, and the envelope it wraps them in.
SECRET_KEYS = frozenset({"__provider", "payment_information"})
SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"

NOW = datetime(2025, 2, 1, tzinfo=timezone.utc)


def urn(resource_type: str, name: str, stack: str = "dev", project: str = "shop") -> str:
    """The URN the engine gives a top-level resource."""
    return f"urn:pulumi:{stack}::{project}::{resource_type}::{name}"


def engine_struct(props: dict[str, Any]) -> struct_pb2.Struct:
    """``props`` marshalled as the engine sends them to an analyzer: a ``Struct`` (every number a
    double), secrets in their signature envelope, unknowns kept as sentinel strings."""
    wrapped = {
        key: {SECRET_SIG_KEY: SECRET_SIG, "value": value} if key in SECRET_KEYS else value
        for key, value in props.items()
    }
    message = struct_pb2.Struct()
    json_format.ParseDict(wrapped, message)
    return message


def plans() -> dict[str, dict[str, Any]]:
    """Plans of the seed plans list, by slug, with plan 2's detail fields."""
    listed = json.loads((FIXTURES / "plans_list.json").read_text())["results"]
    detail = json.loads((FIXTURES / "plan_detail.json").read_text())
    by_slug = {plan["slug"]: plan for plan in listed}
    by_slug[detail["slug"]] = detail
    return by_slug


def _inputs(**inputs: Any) -> dict[str, Any]:
    props: dict[str, Any] = {"__provider": PROVIDER_BLOB}
    props.update({key: value for key, value in inputs.items() if value is not None})
    return props


def plan_lookup_inputs(**inputs: Any) -> dict[str, Any]:
    """Inputs of a PlanLookup (``available_only`` defaults to true)."""
    inputs.setdefault("available_only", True)
    return _inputs(**inputs)


def plan_lookup_outputs(slug: str, **inputs: Any) -> dict[str, Any]:
    """Outputs of a PlanLookup that selected the seed plan ``slug``."""
    plan = copy.deepcopy(plans()[slug])
    props = plan_lookup_inputs(**inputs)
    props["plan_id"] = plan.pop("id")
    props.update(plan)
    return props


def plan_lookup_preview(**inputs: Any) -> dict[str, Any]:
    """A PlanLookup during preview: its inputs, every output unknown."""
    props = plan_lookup_inputs(**inputs)
    for key in ("plan_id", "name", "slug", "vcpus", "memory", "storage", "bandwidth",
                "price_monthly", "price_hourly", "available", "locations", "description",
                "features", "recommended_for"):
        props.setdefault(key, UNKNOWN)
    return props


def order_inputs(**inputs: Any) -> dict[str, Any]:
    """Inputs of an Order (``delete_on_destroy`` defaults to false)."""
    inputs.setdefault("delete_on_destroy", False)
    return _inputs(**inputs)


def orders(unpaid: dict[int, str] | None = None) -> list[dict[str, Any]]:
    """The seed orders list's orders, with the statuses in ``unpaid`` (id -> status) swapped in."""
    data: list[dict[str, Any]] = json.loads((FIXTURES / "orders_list.json").read_text())["data"]
    for order in data:
        if unpaid and order["id"] in unpaid:
            order["status"], order["payment_date"] = unpaid[order["id"]], None
    return data


def _parse(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def audit_outputs(order_list: list[dict[str, Any]], **inputs: Any) -> dict[str, Any]:
    """Outputs of an OrdersAudit over ``order_list``, computed as CONTRIBUTING.md defines them."""
    props = _inputs(**inputs)
    unsettled = [o for o in order_list if o["status"] not in SETTLED_STATUSES]
    overdue = [o for o in unsettled if _parse(o["due_at"]) < NOW]

    def money(values: list[Any]) -> float:
        return float(sum((Decimal(str(v)) for v in values), Decimal(0)))

    def counts(key: str) -> dict[str, int]:
        result: dict[str, int] = {}
        for order in order_list:
            result[order[key]] = result.get(order[key], 0) + 1
        return result

    props.update(
        count=len(order_list),
        count_by_status=counts("status"),
        count_by_type=counts("type"),
        total_amount=money([o["amount"] for o in order_list]),
        total_amount_with_vat=money([o["amount_with_vat"] for o in order_list]),
        unpaid_count=len(unsettled),
        unpaid_total=money([o["amount_with_vat"] for o in unsettled]),
        overdue_count=len(overdue),
        overdue_order_ids=[o["id"] for o in overdue],
        order_ids=[o["id"] for o in order_list],
    )
    return props


def audit_preview(**inputs: Any) -> dict[str, Any]:
    """An OrdersAudit during preview: every output unknown."""
    props = _inputs(**inputs)
    for key in ("count", "count_by_status", "count_by_type", "total_amount",
                "total_amount_with_vat", "unpaid_count", "unpaid_total", "overdue_count",
                "overdue_order_ids", "order_ids"):
        props[key] = UNKNOWN
    return props


__all__ = [
    "NOW",
    "ORDERS_AUDIT_TYPE",
    "ORDER_TYPE",
    "PLAN_LOOKUP_TYPE",
    "PROVIDER_BLOB",
    "SECRET_KEYS",
    "UNKNOWN",
    "UNKNOWN_NUMBER",
    "audit_outputs",
    "audit_preview",
    "engine_struct",
    "order_inputs",
    "orders",
    "plan_lookup_inputs",
    "plan_lookup_outputs",
    "plan_lookup_preview",
    "plans",
    "urn",
]
