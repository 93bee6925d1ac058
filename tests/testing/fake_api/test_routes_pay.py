"""``POST /orders/pay`` (A3): paying, idempotency keys, refusals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from .._http_client import Http
from ._support import (
    TS,
    pay,
)


def test_pay_orders(shttp: Http) -> None:
    fake = shttp.fake
    a, b = fake.add_order()["id"], fake.add_order(payment_method="bank")["id"]
    r = pay(shttp, [a, b], None, key="k-1")
    assert r.status_code == 200
    data = r.json()["data"]
    assert [o["id"] for o in data] == [a, b]
    for order in data:
        assert order["status"] == "paid" and TS.fullmatch(order["payment_date"])
    assert [o["payment_method"] for o in data] == ["card", "bank"]
    assert fake.payments == [(a, "k-1"), (b, "k-1")]
    assert fake.pay_count(a) == fake.pay_count(b) == 1
    assert shttp("GET", f"/orders/{a}").json()["status"] == "paid"
    c = fake.add_order()["id"]
    assert pay(shttp, [c], "bitcoin-ln").json()["data"][0]["payment_method"] == "bitcoin-ln"
    assert fake.payments[-1] == (c, "")


def test_pay_changes_the_filtered_lists(shttp: Http) -> None:
    oid = shttp.fake.add_order()["id"]
    pending = {"filter[status]": "pending_payment", "per_page": 100}
    assert oid in [o["id"] for o in shttp("GET", "/orders", params=pending).json()["data"]]
    assert pay(shttp, [oid]).status_code == 200
    assert oid not in [o["id"] for o in shttp("GET", "/orders", params=pending).json()["data"]]
    paid = shttp("GET", "/orders", params={"filter[status]": "paid"}).json()["data"]
    assert paid[0]["id"] == oid


def test_pay_with_the_same_idempotency_key_replays(shttp: Http) -> None:
    oid = shttp.fake.add_order()["id"]
    first = pay(shttp, [oid], "card", key="same")
    second = pay(shttp, [oid], "card", key="same")
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json() == first.json()
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert shttp.fake.pay_count(oid) == 1
    # Reusing the key for another request is refused; without a key a paid order is settled.
    other = shttp.fake.add_order()["id"]
    assert pay(shttp, [other], "card", key="same").status_code == 422
    assert pay(shttp, [oid], "card").status_code == 422
    assert shttp.fake.pay_count(oid) == 1 and shttp.fake.pay_count(other) == 0


def test_failed_pay_is_not_remembered_for_its_key(shttp: Http) -> None:
    oid = shttp.fake.add_order()["id"]
    shttp.fake.lock_order(oid)
    assert pay(shttp, [oid], key="retry-me").status_code == 423
    shttp.fake.lock_order(oid, False)
    assert pay(shttp, [oid], key="retry-me").status_code == 200
    assert shttp.fake.pay_count(oid) == 1


@pytest.mark.parametrize(
    ("make_body", "field"),
    [
        (lambda oid: {}, "order_ids"),
        (lambda oid: {"order_ids": []}, "order_ids"),
        (lambda oid: {"order_ids": str(oid)}, "order_ids"),
        (lambda oid: {"order_ids": [True]}, "order_ids.0"),
        (lambda oid: {"order_ids": [str(oid)]}, "order_ids.0"),
        (lambda oid: {"order_ids": [oid + 0.5]}, "order_ids.0"),
        (lambda oid: {"order_ids": [oid, oid]}, "order_ids.1"),
        (lambda oid: {"order_ids": [oid], "payment_method": "paypal"}, "payment_method"),
        (lambda oid: {"order_ids": [oid], "payment_method": 3}, "payment_method"),
        (lambda oid: [oid], "body"),
    ],
)
def test_pay_validation(shttp: Http, make_body: Callable[[int], Any], field: str) -> None:
    oid = shttp.fake.add_order()["id"]
    r = shttp("POST", "/orders/pay", json=make_body(oid))
    assert r.status_code == 422
    assert field in r.json()["errors"]
    assert shttp.fake.payments == []


def test_pay_refusals_pay_nothing(shttp: Http) -> None:
    fake = shttp.fake
    fresh = fake.add_order()["id"]
    paid = fake.add_order(status="paid")["id"]
    cancelled = fake.add_order(status="cancelled")["id"]
    locked = fake.add_order()["id"]
    fake.lock_order(locked)
    assert pay(shttp, [fresh, 999999]).status_code == 404
    assert pay(shttp, [fresh, paid]).status_code == 422
    assert pay(shttp, [fresh, cancelled]).status_code == 422
    assert pay(shttp, [fresh, locked]).status_code == 423
    assert fake.payments == []
    assert (fake.get_order(fresh) or {})["status"] == "pending_payment"
