"""Injected faults: what each does and how the schedule hands them out."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault

from .._http_client import Http
from ._support import (
    pay,
)


def test_status_fault_answers_without_processing(shttp: Http) -> None:
    fake = shttp.fake
    oid = fake.add_order()["id"]
    fake.add_fault(Fault.status(503), path="/api/v1/orders/pay")
    r = pay(shttp, [oid])
    assert (r.status_code, r.json()) == (503, {"message": "Service Unavailable"})
    assert fake.payments == []
    assert (fake.requests[-1].status, fake.requests[-1].fault) == (503, "status")
    assert pay(shttp, [oid]).status_code == 200


def test_rate_limit_fault_carries_retry_after(shttp: Http) -> None:
    fake = shttp.fake
    fake.add_fault(Fault.status(429, retry_after=7), method="GET", path="/api/v1/orders")
    fake.add_fault(Fault.status(429), method="GET", path="/api/v1/orders")
    r = shttp("GET", "/orders")
    assert r.status_code == 429
    assert r.headers["Retry-After"] == "7" and r.headers["X-RateLimit-Remaining"] == "0"
    r = shttp("GET", "/orders")
    assert (r.status_code, r.headers["Retry-After"]) == (429, "0")
    r = shttp("GET", "/orders")
    assert r.status_code == 200 and "Retry-After" not in r.headers


def test_status_fault_with_custom_body(shttp: Http) -> None:
    shttp.fake.add_fault(
        Fault.status(502, body=b"<html>bad gateway</html>", content_type="text/html")
    )
    r = shttp("GET", "/plans/")
    assert (r.status_code, r.content, r.headers["Content-Type"]) == (
        502,
        b"<html>bad gateway</html>",
        "text/html",
    )


def test_raw_fault(shttp: Http) -> None:
    shttp.fake.add_fault(Fault.raw(200, b'{"data": [', "application/json"), path="/api/v1/orders")
    r = shttp("GET", "/orders")
    assert (r.status_code, r.content) == (200, b'{"data": [')
    with pytest.raises(ValueError):
        r.json()
    shttp.fake.add_fault(Fault.raw(429, b"slow down", "text/plain"))
    r = shttp("GET", "/orders")
    assert (r.status_code, r.text) == (429, "slow down") and "Retry-After" not in r.headers


def test_drop_fault_closes_without_processing(shttp: Http) -> None:
    fake = shttp.fake
    oid = fake.add_order()["id"]
    fake.add_fault(Fault.drop(), method="POST")
    with pytest.raises(requests.ConnectionError):
        pay(shttp, [oid], key="k")
    assert fake.payments == []
    assert (fake.requests[-1].status, fake.requests[-1].fault) == (None, "drop")
    assert pay(shttp, [oid], key="k").status_code == 200
    assert fake.pay_count(oid) == 1


def test_drop_after_processing_then_retry_with_the_same_key(shttp: Http) -> None:
    fake = shttp.fake
    oid = fake.add_order()["id"]
    fake.add_fault(Fault.drop_after_processing(), path="/api/v1/orders/pay")
    with pytest.raises(requests.ConnectionError):
        pay(shttp, [oid], "card", key="once")
    assert fake.pay_count(oid) == 1
    assert (fake.get_order(oid) or {})["status"] == "paid"
    assert (fake.requests[-1].status, fake.requests[-1].fault) == (None, "drop_after_processing")
    retry = pay(shttp, [oid], "card", key="once")
    assert retry.status_code == 200 and retry.json()["data"][0]["id"] == oid
    assert fake.pay_count(oid) == 1


def test_mutate_json_fault(shttp: Http) -> None:
    fake = shttp.fake

    def hostile(body: Any) -> Any:
        body["links"]["next"] = "http://evil.example/steal?page=2"
        body["meta"]["total"] = "many"
        return body

    fake.add_fault(Fault.mutate_json(hostile), path="/api/v1/orders", query={"page": "1"})
    plain = shttp("GET", "/orders")
    assert plain.json()["links"]["next"].startswith(fake.url)
    body = shttp("GET", "/orders", params={"page": 1}).json()
    assert body["links"]["next"] == "http://evil.example/steal?page=2"
    assert body["meta"]["total"] == "many"
    assert fake.requests[-1].fault == "mutate_json"
    # Processing still happens under mutation.
    oid = fake.add_order()["id"]
    fake.add_fault(Fault.mutate_json(lambda body: {"data": []}), path="/api/v1/orders/pay")
    assert pay(shttp, [oid]).json() == {"data": []}
    assert fake.pay_count(oid) == 1


def test_delay_fault_answers_normally(shttp: Http) -> None:
    shttp.fake.add_fault(Fault.delay(0.01), path="/api/v1/plans/")
    r = shttp("GET", "/plans/")
    assert r.status_code == 200 and r.json()["count"] == 4
    assert shttp.fake.requests[-1].fault == "delay"


def test_delay_fault_times_the_client_out_and_stop_cuts_it_short() -> None:
    fake = FakeVpsOrgApi(order_count=0).start()
    fake.add_fault(Fault.delay(600))
    with pytest.raises(requests.Timeout):
        requests.get(
            fake.url + "/plans/", headers={"Authorization": f"Bearer {fake.token}"}, timeout=0.2
        )
    fake.stop()  # must not wait out the 600 s delay


def test_fault_after_and_times(shttp: Http) -> None:
    fake = shttp.fake
    fake.add_fault(Fault.status(500), path="/api/v1/orders", after=2, times=2)
    codes = [shttp("GET", "/orders").status_code for _ in range(6)]
    assert codes == [200, 200, 500, 500, 200, 200]
    assert [r.fault for r in fake.requests] == [None, None, "status", "status", None, None]


def test_fault_matching(shttp: Http) -> None:
    fake = shttp.fake
    fake.add_fault(Fault.status(500), method="PATCH", path_prefix="/api/v1/orders/", times=5)
    fake.add_fault(Fault.status(502), path="/api/v1/orders", query={"page": "3"})
    assert shttp("GET", "/orders/7736").status_code == 200
    assert shttp("GET", "/orders", params={"page": 2}).status_code == 200
    assert shttp("GET", "/orders", params={"page": 3, "per_page": 2}).status_code == 502
    assert shttp("GET", "/orders", params={"page": 3}).status_code == 200
    assert shttp("PATCH", "/orders/7736", json={}).status_code == 500
    fake.clear_faults()
    assert shttp("PATCH", "/orders/7736", json={}).status_code == 200


def test_oldest_due_fault_wins_and_all_rules_count(shttp: Http) -> None:
    fake = shttp.fake
    fake.add_fault(Fault.status(501), path="/api/v1/plans/", after=1)
    fake.add_fault(Fault.status(502), path="/api/v1/plans/", times=2)
    codes = [shttp("GET", "/plans/").status_code for _ in range(4)]
    assert codes == [502, 501, 502, 200]


def test_fault_arguments_are_checked(small: FakeVpsOrgApi) -> None:
    with pytest.raises(ValueError):
        small.add_fault(Fault.drop(), times=0)
    with pytest.raises(ValueError):
        small.add_fault(Fault.drop(), after=-1)
