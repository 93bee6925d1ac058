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
    paid_by_card = next(i for i, o in fake_api.orders.items() if o["payment_information"])
    order = to_json(get_order(paid_by_card, **creds))
    assert isinstance(order["amount"], float) and order["created_at"].endswith("Z")
    # Results hold invoices and services as tuples; Pulumi sends them as JSON arrays.
    assert order["invoices"] and all(isinstance(i["amount"], float) for i in order["invoices"])
    assert isinstance(order["services"], list)
    orders = to_json(get_orders("paid", **creds))
    assert isinstance(orders["summary"]["total_amount"], float)
    assert orders["summary"]["count"] == len(orders["orders"])
    assert orders["status"] == ["paid"]
    assert all(o["invoices"] == [] and o["services"] == [] for o in orders["orders"])


def test_to_dict_is_plain_data(fake_api: FakeVpsOrgApi, creds: dict[str, str]) -> None:
    paid_by_card = next(i for i, o in fake_api.orders.items() if o["payment_information"])
    data = get_order(paid_by_card, **creds).to_dict()
    assert isinstance(data["payment_information"], dict)
    assert isinstance(data["invoices"], list) and data["invoices"]
    assert all(isinstance(i, dict) for i in data["invoices"])
    assert isinstance(data["services"], list)
