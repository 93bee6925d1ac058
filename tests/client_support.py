"""Helpers shared by the client tests (tests/test_client.py, tests/orders/, tests/plans/,
tests/_http/)."""

from __future__ import annotations

from typing import Any

from pulumi_vpsorg import OrderStatus
from pulumi_vpsorg.testing import FakeVpsOrgApi, RecordedRequest

ALL = list(OrderStatus.KNOWN)


def only(api: FakeVpsOrgApi) -> RecordedRequest:
    assert len(api.requests) == 1, api.requests
    return api.requests[0]


def unpaid_ids(api: FakeVpsOrgApi) -> list[int]:
    return sorted(i for i, o in api.orders.items() if o["status"] not in ("paid", "cancelled"))


def add_a_paid_order_on_page_3(api: FakeVpsOrgApi) -> list[int]:
    """Make the fake add one paid order when page 3 of the orders is first asked for."""
    added: list[int] = []

    def add_on_page_3(request: RecordedRequest) -> None:
        if request.path == "/api/v1/orders" and request.query.get("page") == "3" and not added:
            added.append(api.add_order(status="paid")["id"])

    api.on_request = add_on_page_3
    return added


def renewal(api: FakeVpsOrgApi) -> tuple[int, dict[str, Any]]:
    for order_id in unpaid_ids(api):
        for service in api.orders[order_id].get("services", []):
            if service["is_period_changeable"]:
                return order_id, service
    raise AssertionError("the fake has no changeable renewal")
