"""The store's test helpers and its consistency under concurrent requests."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from .._http_client import Http
from ._support import (
    ALL_STATUSES,
    check_order,
    pay,
)


def test_add_order_is_newest_with_overrides(shttp: Http) -> None:
    fake = shttp.fake
    top = max(fake.orders)
    order = fake.add_order(amount=20.0, type="new-service", auto_pay=False)
    assert order["id"] == top + 1
    assert order["amount_with_vat"] == 24.0 and order["type"] == "new-service"
    assert not order["auto_pay"]
    check_order(order)
    body = shttp("GET", "/orders").json()
    assert body["data"][0]["id"] == order["id"]
    again = fake.add_order()
    assert shttp("GET", "/orders").json()["data"][0]["id"] == again["id"]
    assert fake.add_order(status="paid")["payment_date"] is not None
    with pytest.raises(ValueError):
        fake.add_order(id=order["id"])


def test_remove_lock_update_and_copies(shttp: Http) -> None:
    fake = shttp.fake
    oid = fake.add_order()["id"]
    fake.remove_order(oid)
    assert shttp("GET", f"/orders/{oid}").status_code == 404
    with pytest.raises(KeyError):
        fake.remove_order(oid)
    with pytest.raises(KeyError):
        fake.lock_order(oid)
    with pytest.raises(KeyError):
        fake.update_order(oid, auto_pay=False)
    some = next(iter(fake.orders))
    fake.orders[some]["status"] = "mangled"
    fake.plans[0]["name"] = "mangled"
    assert fake.orders[some]["status"] != "mangled"
    assert fake.plans[0]["name"] == "Starter VPS"
    fake.update_order(some, status="processing")
    listed = shttp(
        "GET", "/orders", params={"filter[status]": "processing", "per_page": 100}
    ).json()
    assert some in [o["id"] for o in listed["data"]]


def test_concurrent_reads_are_consistent(http: Http) -> None:
    fake = http.fake
    expected = http("GET", "/orders", params={"per_page": 7}).json()["meta"]["total"]

    def page(n: int) -> tuple[int, int, int]:
        s = requests.Session()
        r = s.get(
            fake.url + f"/orders?per_page=7&page={n % 50 + 1}",
            headers={"Authorization": f"Bearer {fake.token}", "Accept": "application/json"},
            timeout=30,
        )
        s.close()
        return r.status_code, r.json()["meta"]["total"], len(r.json()["data"])

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(page, range(200)))
    assert results == [(200, expected, 7)] * 200
    assert fake.count_requests("GET", path="/api/v1/orders") == 201


def test_concurrent_pays_of_one_order_pay_once(shttp: Http) -> None:
    fake = shttp.fake
    oid = fake.add_order()["id"]
    barrier = threading.Barrier(8)

    def attempt(n: int) -> int:
        h = Http(fake)
        barrier.wait()
        code = pay(h, [oid], key=f"key-{n}").status_code
        h.close()
        return code

    with ThreadPoolExecutor(8) as pool:
        codes = sorted(pool.map(attempt, range(8)))
    assert codes == [200] + [422] * 7
    assert fake.pay_count(oid) == 1


def test_concurrent_writes_and_listing(shttp: Http) -> None:
    fake = shttp.fake
    before = len(fake.orders)

    def add(_: int) -> None:
        fake.add_order()

    def listing(_: int) -> int:
        h = Http(fake)
        code = h("GET", "/orders", params={"filter[status]": ALL_STATUSES}).status_code
        h.close()
        return code

    with ThreadPoolExecutor(8) as pool:
        adds = [pool.submit(add, n) for n in range(50)]
        lists = [pool.submit(listing, n) for n in range(50)]
        assert all(f.result() == 200 for f in lists)
        for f in adds:
            f.result()
    ids = [
        o["id"]
        for o in shttp(
            "GET", "/orders", params={"per_page": 100, "filter[status]": ALL_STATUSES}
        ).json()["data"]
    ]
    assert len(fake.orders) == before + 50
    assert ids[:50] == sorted(ids[:50], reverse=True)


def test_update_plan_changes_what_is_served(shttp: Http) -> None:
    fake = shttp.fake
    assert fake.update_plan(2, price_monthly=12.5)["price_monthly"] == 12.5
    assert shttp("GET", "/plans/2/").json()["price_monthly"] == 12.5
    listed = {p["id"]: p for p in shttp("GET", "/plans/").json()["results"]}
    assert listed[2]["price_monthly"] == 12.5 and listed[1]["price_monthly"] == 5.0
    with pytest.raises(KeyError):
        fake.update_plan(99, price_monthly=1.0)
