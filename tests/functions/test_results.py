"""Function results export as plain JSON, as ``pulumi.export`` sends them."""

from __future__ import annotations

from pulumi_vpsorg.functions import get_order, get_orders, get_plan
from pulumi_vpsorg.testing import FakeVpsOrgApi

from .conftest import to_json


def test_results_export_as_plain_json(fake_api: FakeVpsOrgApi, creds: dict[str, str]) -> None:
    plan = get_plan(2, **creds)
    exported = to_json(plan)
    assert exported["price_monthly"] == 10.0 and exported["price_hourly"] == 0.015
    assert exported["features"] == list(plan.features)
    stored = next(o for o in fake_api.orders.values() if o["invoices"] and o["services"])
    order = to_json(get_order(stored["id"], **creds))
    assert isinstance(order["amount"], float) and order["created_at"].endswith("Z")
    # Results hold invoices and services as tuples of results; Pulumi sends arrays of objects.
    assert [(i["id"], i["amount"]) for i in order["invoices"]] == [
        (i["id"], i["amount"]) for i in stored["invoices"]
    ]
    assert [(s["service_id"], s["amount"]) for s in order["services"]] == [
        (s["service_id"], s["amount"]) for s in stored["services"]
    ]
    orders = to_json(get_orders("paid", **creds))
    assert isinstance(orders["summary"]["total_amount"], float)
    assert orders["summary"]["count"] == len(orders["orders"])
    assert orders["status"] == ["paid"]
    assert all(o["invoices"] == [] and o["services"] == [] for o in orders["orders"])


def test_to_dict_is_plain_data(fake_api: FakeVpsOrgApi, creds: dict[str, str]) -> None:
    stored = next(
        o
        for o in fake_api.orders.values()
        if o["payment_information"] and o["invoices"] and o["services"]
    )
    data = get_order(stored["id"], **creds).to_dict()
    assert isinstance(data["payment_information"], dict)
    # Tuples in the result, lists of dicts here.
    for field in ("invoices", "services"):
        assert isinstance(data[field], list) and len(data[field]) == len(stored[field])
        assert all(type(item) is dict for item in data[field])
