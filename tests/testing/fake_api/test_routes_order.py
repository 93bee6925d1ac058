"""One order: get (documented), update (A2), change renewal period, delete (A4)."""

from __future__ import annotations

from typing import Any

import pytest

from .._http_client import Http
from ._support import (
    DETAIL_FIELDS,
    INVOICE_FIELDS,
    LIST_FIELDS,
    SERVICE_FIELDS,
    fixture,
    server_of,
)


def test_get_documented_order(http: Http) -> None:
    documented = {o["id"]: o for o in fixture("orders_list.json")["data"]}
    for order_id, listed in documented.items():
        r = http("GET", f"/orders/{order_id}")
        assert r.status_code == 200
        body = r.json()
        assert list(body) == DETAIL_FIELDS
        assert {k: body[k] for k in LIST_FIELDS} == listed
        for invoice in body["invoices"]:
            assert list(invoice) == INVOICE_FIELDS
            assert order_id in invoice["order_ids"]
        for service in body["services"]:
            assert list(service) == SERVICE_FIELDS


@pytest.mark.parametrize("path", ["/orders/1", "/orders/abc", "/orders/-7736", "/orders/7736.0"])
def test_get_missing_order_is_404(shttp: Http, path: str) -> None:
    r = shttp("GET", path)
    assert (r.status_code, r.json()) == (404, {"message": "Not found."})


def test_update_order(shttp: Http) -> None:
    oid = shttp.fake.add_order()["id"]
    r = shttp("PATCH", f"/orders/{oid}", json={"auto_pay": False, "promo_code": "WELCOME10"})
    assert r.status_code == 200
    body = r.json()
    assert list(body) == DETAIL_FIELDS and body["id"] == oid
    assert body["auto_pay"] is False
    assert body["promo"] == {"code": "WELCOME10", "percentage": 10, "minimum_billing_cycle": 1}
    assert shttp("GET", f"/orders/{oid}").json() == body
    r = shttp("PATCH", f"/orders/{oid}", json={"promo_code": "fall2403"})
    assert r.json()["promo"] == {"code": "fall2403", "percentage": 10, "minimum_billing_cycle": 3}
    assert r.json()["auto_pay"] is False
    assert shttp("PATCH", f"/orders/{oid}", json={"promo_code": None}).json()["promo"] is None
    assert shttp("PATCH", f"/orders/{oid}", json={}).status_code == 200
    assert shttp("PATCH", f"/orders/{oid}").status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"auto_pay": "yes"}, "auto_pay"),
        ({"auto_pay": 1}, "auto_pay"),
        ({"auto_pay": None}, "auto_pay"),
        ({"promo_code": 10}, "promo_code"),
        ({"promo_code": "nope"}, "promo_code"),
        ({"promo_code": "FALL2403"}, "promo_code"),
        ([1, 2], "body"),
        ("auto_pay", "body"),
    ],
)
def test_update_order_validation(shttp: Http, body: Any, field: str) -> None:
    order = shttp.fake.add_order()
    r = shttp("PATCH", f"/orders/{order['id']}", json=body)
    assert r.status_code == 422
    assert list(r.json()["errors"]) == [field]
    assert isinstance(r.json()["message"], str)
    assert shttp.fake.get_order(order["id"]) == order


def test_update_order_with_invalid_json(shttp: Http) -> None:
    oid = shttp.fake.add_order()["id"]
    r = shttp(
        "PATCH", f"/orders/{oid}", data=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 422 and "body" in r.json()["errors"]


def test_update_order_business_rules(shttp: Http) -> None:
    fake = shttp.fake
    closed = fake.add_order(promo_applicable=False)["id"]
    r = shttp("PATCH", f"/orders/{closed}", json={"promo_code": "WELCOME10"})
    assert r.status_code == 422 and "promo_code" in r.json()["errors"]
    assert shttp("PATCH", f"/orders/{closed}", json={"auto_pay": False}).status_code == 200
    assert shttp("PATCH", f"/orders/{closed}", json={"promo_code": None}).status_code == 200
    cancelled = fake.add_order(status="cancelled")["id"]
    assert shttp("PATCH", f"/orders/{cancelled}", json={"auto_pay": False}).status_code == 422
    locked = fake.add_order()["id"]
    fake.lock_order(locked)
    r = shttp("PATCH", f"/orders/{locked}", json={"auto_pay": False})
    assert (r.status_code, r.json()) == (423, {"message": "The resource is locked at the moment."})
    fake.lock_order(locked, False)
    assert shttp("PATCH", f"/orders/{locked}", json={"auto_pay": False}).status_code == 200
    assert shttp("PATCH", "/orders/999999", json={"auto_pay": False}).status_code == 404


def test_change_renewal_period(shttp: Http) -> None:
    order = shttp.fake.add_order()
    server = server_of(order)
    path = f"/orders/{order['id']}/server/{server['service_id']}"
    r = shttp("PATCH", path, json={"billing_cycle": 12})
    assert r.status_code == 204 and r.content == b""
    after = server_of(shttp("GET", f"/orders/{order['id']}").json())
    assert after["service_billing_cycle"] == 12
    assert after["period_from"] == server["period_from"]
    assert after["period_to"] > server["period_to"]
    r = shttp("PATCH", path, json={"billing_cycle": 24, "promo_code": "fall2403"})
    assert r.status_code == 204
    after = server_of(shttp.fake.get_order(order["id"]) or {})
    assert after["service_billing_cycle"] == 24 and after["promo"]["code"] == "fall2403"
    assert shttp("PATCH", path, json={"billing_cycle": 1, "promo_code": None}).status_code == 204
    assert server_of(shttp.fake.get_order(order["id"]) or {})["promo"] is None


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"billing_cycle": None},
        {"billing_cycle": True},
        {"billing_cycle": "3"},
        {"billing_cycle": 3.0},
        {"billing_cycle": 0},
        {"billing_cycle": 25},
        {"billing_cycle": 3, "promo_code": 7},
        {"billing_cycle": 3, "promo_code": "nope"},
        [3],
    ],
)
def test_change_renewal_period_validation(shttp: Http, body: Any) -> None:
    order = shttp.fake.add_order()
    r = shttp("PATCH", f"/orders/{order['id']}/server/{server_of(order)['service_id']}", json=body)
    assert r.status_code == 422
    assert r.json()["errors"]
    assert shttp.fake.get_order(order["id"]) == order


def test_change_renewal_period_respects_the_service(shttp: Http) -> None:
    fake = shttp.fake
    order = fake.add_order()
    server = server_of(order)
    addon = next(s for s in order["services"] if s["service_type"] == "server-addon")
    oid = order["id"]
    r = shttp(
        "PATCH", f"/orders/{oid}/server-addon/{addon['service_id']}", json={"billing_cycle": 3}
    )
    assert r.status_code == 422 and "billing_cycle" in r.json()["errors"]
    services = order["services"]
    services[0]["service_minimum_billing_cycle"] = 3
    fake.update_order(oid, services=services)
    path = f"/orders/{oid}/server/{server['service_id']}"
    assert shttp("PATCH", path, json={"billing_cycle": 2}).status_code == 422
    assert shttp("PATCH", path, json={"billing_cycle": 3}).status_code == 204
    for bad in (
        f"/orders/{oid}/server/{server['service_id'] + 1}",
        f"/orders/{oid}/server-addon/{server['service_id']}",
        f"/orders/{oid}/floating-ip/{server['service_id']}",
        f"/orders/{oid}/server/abc",
        f"/orders/999999/server/{server['service_id']}",
    ):
        assert shttp("PATCH", bad, json={"billing_cycle": 3}).status_code == 404, bad
    fake.lock_order(oid)
    assert shttp("PATCH", path, json={"billing_cycle": 6}).status_code == 423
    assert server_of(fake.get_order(oid) or {})["service_billing_cycle"] == 3


def test_delete_order(shttp: Http) -> None:
    fake = shttp.fake
    oid = fake.add_order(status="awaiting_payment")["id"]
    r = shttp("DELETE", f"/orders/{oid}")
    assert (r.status_code, r.content) == (204, b"")
    assert shttp("GET", f"/orders/{oid}").status_code == 404
    assert shttp("DELETE", f"/orders/{oid}").status_code == 404
    assert oid not in fake.orders
    for status in ("paid", "cancelled"):
        settled = fake.add_order(status=status)["id"]
        r = shttp("DELETE", f"/orders/{settled}")
        assert r.status_code == 422 and r.json()["errors"]
    locked = fake.add_order()["id"]
    fake.lock_order(locked)
    assert shttp("DELETE", f"/orders/{locked}").status_code == 423
    assert locked in fake.orders


def test_deleted_order_leaves_the_list(shttp: Http) -> None:
    before = shttp("GET", "/orders").json()
    newest = before["data"][0]["id"]
    shttp.fake.update_order(newest, status="pending_payment")
    assert shttp("DELETE", f"/orders/{newest}").status_code == 204
    after = shttp("GET", "/orders").json()
    assert after["meta"]["total"] == before["meta"]["total"] - 1
    assert after["data"][0]["id"] == before["data"][1]["id"]


@pytest.mark.parametrize(
    "path",
    [
        "/orders/" + "9" * 5000,
        "/orders/" + "0" * 4999 + "1",
        "/plans/" + "9" * 5000 + "/",
        "/orders/{oid}/server/" + "9" * 5000,
    ],
)
def test_absurd_ids_in_the_path_are_404(shttp: Http, path: str) -> None:
    oid = shttp.fake.add_order()["id"]
    method = "PATCH" if path.count("/") == 4 else "GET"
    r = shttp(method, path.format(oid=oid), json={"billing_cycle": 3})
    assert (r.status_code, r.json()) == (404, {"message": "Not found."})
    assert shttp.fake.server_errors == []
