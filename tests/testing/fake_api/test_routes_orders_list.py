"""``GET /orders`` against the orders document: shape, filters, page sizes, validation."""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_vpsorg import assumptions
from pulumi_vpsorg.testing import FakeVpsOrgApi

from .._http_client import Http
from ._support import (
    ALL_STATUSES,
    LIST_FIELDS,
    fixture,
    same_shape,
)


def test_orders_list_has_the_documented_shape(http: Http) -> None:
    documented = fixture("orders_list.json")
    r = http("GET", "/orders", params={"per_page": 5})
    assert r.status_code == 200
    body = r.json()
    same_shape(body, documented)
    assert len(body["meta"]["links"]) == len(documented["meta"]["links"])
    # Generated orders are older, so the newest page starts with the documented examples.
    assert body["data"][:4] == documented["data"]
    for item in body["data"]:
        assert list(item) == LIST_FIELDS


def test_per_page_default_and_cap(shttp: Http) -> None:
    assert shttp("GET", "/orders").json()["meta"]["per_page"] == 5
    body = shttp("GET", "/orders", params={"per_page": 1000, "filter[status]": ALL_STATUSES}).json()
    assert body["meta"]["per_page"] == assumptions.SERVER_MAX_PER_PAGE
    assert len(body["data"]) == 40
    shttp.fake.max_per_page = 7
    body = shttp("GET", "/orders", params={"per_page": 50}).json()
    assert body["meta"]["per_page"] == 7 and len(body["data"]) == 7
    assert shttp("GET", "/orders", params={"per_page": 3}).json()["meta"]["per_page"] == 3


def test_default_per_page_is_configurable() -> None:
    with FakeVpsOrgApi(order_count=30, default_per_page=4, max_per_page=6) as fake:
        h = Http(fake)
        assert h("GET", "/orders").json()["meta"]["per_page"] == 4
        assert h("GET", "/orders", params={"per_page": 9}).json()["meta"]["per_page"] == 6
        h.close()


def test_default_status_filter_is_pending_payment_and_paid(http: Http) -> None:
    orders = http.fake.orders
    expected = [o for o in orders.values() if o["status"] in ("pending_payment", "paid")]
    body = http("GET", "/orders", params={"per_page": 100}).json()
    assert body["meta"]["total"] == len(expected) < len(orders)
    assert {o["status"] for o in body["data"]} <= {"pending_payment", "paid"}
    empty_filter = http("GET", "/orders", params={"per_page": 100, "filter[status]": ""}).json()
    assert empty_filter["meta"]["total"] == len(expected)


@pytest.mark.parametrize(
    "value", ["cancelled", "processing,awaiting_payment", " paid , cancelled ", ALL_STATUSES]
)
def test_status_filter(http: Http, value: str) -> None:
    wanted = {s.strip() for s in value.split(",")}
    body = http("GET", "/orders", params={"per_page": 100, "filter[status]": value}).json()
    expected = sum(1 for o in http.fake.orders.values() if o["status"] in wanted)
    assert body["meta"]["total"] == expected > 0
    assert {o["status"] for o in body["data"]} <= wanted


def test_status_filter_query_string_with_literal_brackets(shttp: Http) -> None:
    r = shttp.session.get(shttp.fake.url + "/orders?filter[status]=cancelled&per_page=100")
    assert {o["status"] for o in r.json()["data"]} == {"cancelled"}


def test_every_order_is_listed_once_newest_first(http: Http) -> None:
    seen: list[dict[str, Any]] = []
    page = 1
    while True:
        body = http(
            "GET", "/orders", params={"page": page, "per_page": 100, "filter[status]": ALL_STATUSES}
        ).json()
        seen.extend(body["data"])
        if body["links"]["next"] is None:
            break
        page += 1
    assert len(seen) == 1796 == len({o["id"] for o in seen})
    assert {o["id"] for o in seen} == set(http.fake.orders)
    keys = [(o["created_at"], o["id"]) for o in seen]
    assert keys == sorted(keys, reverse=True)


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"page": "abc"}, "page", "The page field must be an integer."),
        ({"page": "1.5"}, "page", "The page field must be an integer."),
        ({"page": "0"}, "page", "The page field must be at least 1."),
        ({"page": "-3"}, "page", "The page field must be at least 1."),
        ({"per_page": "ten"}, "per_page", "The per page field must be an integer."),
        ({"per_page": "0"}, "per_page", "The per page field must be at least 1."),
        (
            {"filter[status]": "paid,unknown"},
            "filter.status",
            "The selected filter.status is invalid.",
        ),
        ({"filter[status]": "PAID"}, "filter.status", "The selected filter.status is invalid."),
    ],
)
def test_list_validation_errors(
    shttp: Http, params: dict[str, str], field: str, message: str
) -> None:
    r = shttp("GET", "/orders", params=params)
    assert r.status_code == 422
    assert r.json() == {"message": message, "errors": {field: [message]}}


def test_several_validation_errors_are_counted_in_the_message(shttp: Http) -> None:
    body = shttp("GET", "/orders", params={"page": "x", "per_page": "0"}).json()
    assert body["message"] == "The page field must be an integer. (and 1 more error)"
    assert set(body["errors"]) == {"page", "per_page"}


def test_blank_page_parameters_count_as_absent(shttp: Http) -> None:
    # The document's own sample request sends "?page&per_page&filter[status]"; its sample answer
    # has "per_page": 5 (A7).
    r = shttp.session.get(shttp.fake.url + "/orders?page&per_page&filter[status]")
    assert r.status_code == 200
    assert (r.json()["meta"]["current_page"], r.json()["meta"]["per_page"]) == (1, 5)


@pytest.mark.parametrize("name", ["page", "per_page"])
@pytest.mark.parametrize("value", ["2147483648", str(10**30), "9" * 5000])
def test_huge_page_numbers_are_422(shttp: Http, name: str, value: str) -> None:
    label = name.replace("_", " ")
    r = shttp("GET", "/orders", params={name: value})
    message = f"The {label} field must not be greater than 2147483647."
    assert (r.status_code, r.json()) == (422, {"message": message, "errors": {name: [message]}})
    assert shttp.fake.server_errors == []


def test_the_largest_page_number_is_an_empty_page(shttp: Http) -> None:
    body = shttp("GET", "/orders", params={"page": 2147483647, "per_page": 2147483647}).json()
    assert body["data"] == [] and body["meta"]["current_page"] == 2147483647
    assert body["meta"]["per_page"] == assumptions.SERVER_MAX_PER_PAGE
