"""The orders list is spliced from cached, pre-encoded orders: its bytes must be exactly those of
encoding the whole page at once, and every change to an order must show in the next page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault
from pulumi_vpsorg.testing.fake_api import examples as data
from pulumi_vpsorg.testing.fake_api.paging import paginated

from .._http_client import Http

ALL_STATUSES = "pending_payment,awaiting_payment,processing,paid,cancelled"


@pytest.fixture
def h() -> Iterator[Http]:
    with FakeVpsOrgApi(order_count=250, max_per_page=100) as fake:
        client = Http(fake)
        yield client
        client.session.close()


def expected_page(fake: FakeVpsOrgApi, params: dict[str, Any]) -> bytes:
    """The page as the fake built it before the cache: every order picked from the current
    state and the whole page encoded in one ``json.dumps``."""
    page = int(params.get("page", 1))
    per_page = min(int(params.get("per_page", fake.default_per_page)), fake.max_per_page)
    statuses = params.get("filter[status]", "pending_payment,paid").split(",")
    ordered = sorted(fake.orders.values(), key=lambda o: (o["created_at"], o["id"]), reverse=True)
    chosen = [o for o in ordered if o["status"] in statuses]
    start = (page - 1) * per_page
    items = [{k: o[k] for k in data.LIST_FIELDS} for o in chosen[start : start + per_page]]
    envelope = paginated(items, len(chosen), page, per_page, fake.url + "/orders")
    return json.dumps(envelope, separators=(",", ":"), ensure_ascii=False).encode()


QUERIES: list[dict[str, Any]] = [
    {},
    {"page": 2},
    {"per_page": 1},
    {"per_page": 7, "page": 3},
    {"per_page": 100, "page": 3, "filter[status]": ALL_STATUSES},  # the last, partial page
    {"per_page": 500, "filter[status]": ALL_STATUSES},  # capped at max_per_page
    {"per_page": 15, "page": 99},  # past the end
    {"per_page": 10, "page": 2, "filter[status]": "cancelled"},
    {"per_page": 10, "filter[status]": "processing,awaiting_payment"},
]


def assert_pages_identical(h: Http, queries: list[dict[str, Any]] = QUERIES) -> None:
    for params in queries:
        r = h("GET", "/orders", params=params)
        assert r.status_code == 200, params
        assert r.content == expected_page(h.fake, params), params


def test_pages_are_byte_identical_to_encoding_the_whole_page(h: Http) -> None:
    # Non-ASCII text stays raw UTF-8 (ensure_ascii=False), in a cached order too.
    oid = h.fake.add_order(payment_method="bank")["id"]
    h.fake.update_order(oid, payment_information={"note": "Überweisung € — ✓"})
    assert "Überweisung €".encode() in h("GET", "/orders").content
    assert_pages_identical(h)
    assert_pages_identical(h)  # now served from the cache


def test_empty_pages_are_byte_identical() -> None:
    with FakeVpsOrgApi(order_count=0) as fake:
        client = Http(fake)
        queries: list[dict[str, Any]] = [{}, {"page": 3}, {"filter[status]": "cancelled"}]
        for params in queries:
            body = client("GET", "/orders", params=params).content
            assert body == expected_page(fake, params)
            assert body.startswith(b'{"data":[],"links":{')
        client.session.close()


def test_mutate_json_fault_sees_the_spliced_page(h: Http) -> None:
    def drop_first(body: Any) -> Any:
        body["data"] = body["data"][1:]
        return body

    h.fake.add_fault(Fault.mutate_json(drop_first), path="/api/v1/orders")
    plain = json.loads(expected_page(h.fake, {}))
    assert h("GET", "/orders").json() == {**plain, "data": plain["data"][1:]}


def listed(h: Http, oid: int) -> dict[str, Any]:
    r = h("GET", "/orders", params={"filter[status]": ALL_STATUSES, "per_page": 100})
    return next(o for o in r.json()["data"] if o["id"] == oid)


def test_every_change_shows_in_the_next_page(h: Http) -> None:
    fake = h.fake
    a, b, c, d = (fake.add_order()["id"] for _ in range(4))
    before = listed(h, a)
    assert_pages_identical(h)  # every page, and so every order, cached

    # PATCH /orders/{id}: auto_pay and promo.
    r = h("PATCH", f"/orders/{a}", json={"auto_pay": False, "promo_code": "fall2403"})
    assert r.status_code == 200
    after = listed(h, a)
    assert (after["auto_pay"], after["promo"]) == (False, data.PROMO_CODES["fall2403"])

    # PATCH /orders/{id}/{type}/{id}: the renewal period reprices the order.
    order = fake.get_order(a)
    assert order is not None
    server = next(s for s in order["services"] if s["service_type"] == "server")
    r = h("PATCH", f"/orders/{a}/server/{server['service_id']}", json={"billing_cycle": 12})
    assert r.status_code == 204
    after = listed(h, a)
    assert after["amount"] != before["amount"]
    assert after["amount_with_vat"] != before["amount_with_vat"]

    # POST /orders/pay.
    r = h("POST", "/orders/pay", json={"order_ids": [a, b], "payment_method": "bitcoin"})
    assert r.status_code == 200
    for oid in (a, b):
        after = listed(h, oid)
        assert (after["status"], after["payment_method"]) == ("paid", "bitcoin")
        assert after["payment_date"] is not None and after["promo_applicable"] is False

    # The test helpers.
    fake.update_order(c, amount=123.45, auto_pay=False)
    assert (listed(h, c)["amount"], listed(h, c)["auto_pay"]) == (123.45, False)
    fake.update_order(c, status="cancelled")
    assert listed(h, c)["status"] == "cancelled"

    # DELETE, then an order added again under the same id is listed as it is now.
    assert h("DELETE", f"/orders/{d}").status_code == 204
    assert all(o["id"] != d for o in h("GET", "/orders", params={"per_page": 100}).json()["data"])
    fake.add_order(id=d, amount=77.0)
    assert listed(h, d)["amount"] == 77.0
    fake.remove_order(d)
    fake.add_order(id=d, amount=88.0, payment_method="card")
    assert listed(h, d)["amount"] == 88.0

    assert_pages_identical(h)
