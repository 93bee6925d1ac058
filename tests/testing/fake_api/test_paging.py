"""The page bodies: Laravel's links and meta, as in the orders document."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from pulumi_vpsorg.testing import FakeVpsOrgApi

from .._http_client import Http
from ._support import (
    ALL_STATUSES,
    DOC_BASE,
    fixture,
    labels,
)


def test_orders_pagination_reproduces_the_documented_links_and_meta(http: Http) -> None:
    # The default store holds the example's 1796 orders; across all statuses that is its total.
    documented = fixture("orders_list.json")
    body = http("GET", "/orders", params={"per_page": 5, "filter[status]": ALL_STATUSES}).json()

    def local(value: Any) -> Any:
        return json.loads(json.dumps(value).replace(DOC_BASE, http.fake.url))

    assert body["links"] == local(documented["links"])
    assert body["meta"] == local(documented["meta"])


def test_orders_links_use_the_request_host(small: FakeVpsOrgApi) -> None:
    headers = {"Authorization": "Bearer rw-token", "Accept": "application/json"}
    headers["Host"] = "api.example.test:8443"
    body = requests.get(small.url + "/orders?per_page=2", headers=headers, timeout=10).json()
    assert body["meta"]["path"] == "http://api.example.test:8443/api/v1/orders"
    assert body["links"]["next"] == "http://api.example.test:8443/api/v1/orders?page=2"


@pytest.mark.parametrize(
    ("page", "middle"),
    [
        (1, [*map(str, range(1, 11)), "...", "99", "100"]),
        (7, [*map(str, range(1, 11)), "...", "99", "100"]),
        (8, ["1", "2", "...", *map(str, range(5, 12)), "...", "99", "100"]),
        (50, ["1", "2", "...", *map(str, range(47, 54)), "...", "99", "100"]),
        (93, ["1", "2", "...", *map(str, range(90, 97)), "...", "99", "100"]),
        (94, ["1", "2", "...", *map(str, range(91, 101))]),
        (100, ["1", "2", "...", *map(str, range(91, 101))]),
        (150, ["1", "2", "...", *map(str, range(91, 101))]),
    ],
)
def test_meta_links_follow_laravels_url_window(page: int, middle: list[str]) -> None:
    with FakeVpsOrgApi(order_count=100) as fake:
        h = Http(fake)
        body = h(
            "GET", "/orders", params={"per_page": 1, "page": page, "filter[status]": ALL_STATUSES}
        ).json()
        h.close()
    assert body["meta"]["last_page"] == 100
    assert labels(body) == ["« Previous", *middle, "Next »"]
    active = [link["label"] for link in body["meta"]["links"] if link["active"]]
    assert active == ([str(page)] if page <= 100 else [])
    for link in body["meta"]["links"]:
        if link["label"] == "...":
            assert link["url"] is None
        elif link["label"].isdigit():
            assert link["url"].endswith(f"/orders?page={link['label']}")
    prev_url, next_url = body["meta"]["links"][0]["url"], body["meta"]["links"][-1]["url"]
    assert prev_url == (None if page == 1 else fake.url + f"/orders?page={page - 1}")
    assert next_url == (None if page >= 100 else fake.url + f"/orders?page={page + 1}")
    assert (body["links"]["prev"], body["links"]["next"]) == (prev_url, next_url)


def test_small_result_lists_every_page(shttp: Http) -> None:
    body = shttp("GET", "/orders", params={"per_page": 4, "filter[status]": ALL_STATUSES}).json()
    assert body["meta"]["last_page"] == 10
    assert labels(body) == ["« Previous", *map(str, range(1, 11)), "Next »"]


def test_empty_result() -> None:
    with FakeVpsOrgApi(order_count=0) as fake:
        h = Http(fake)
        body = h("GET", "/orders").json()
        h.close()
    assert body["data"] == []
    assert body["links"] == {
        "first": fake.url + "/orders?page=1",
        "last": fake.url + "/orders?page=1",
        "prev": None,
        "next": None,
    }
    meta = body["meta"]
    assert (meta["current_page"], meta["from"], meta["to"], meta["last_page"]) == (1, None, None, 1)
    assert (meta["total"], meta["per_page"]) == (0, 5)
    assert meta["links"] == [
        {"url": None, "label": "« Previous", "active": False},
        {"url": fake.url + "/orders?page=1", "label": "1", "active": True},
        {"url": None, "label": "Next »", "active": False},
    ]


def test_page_past_the_end_is_empty(shttp: Http) -> None:
    first = shttp("GET", "/orders", params={"per_page": 10}).json()
    last_page = first["meta"]["last_page"]
    body = shttp("GET", "/orders", params={"per_page": 10, "page": last_page + 5}).json()
    assert body["data"] == []
    assert (body["meta"]["from"], body["meta"]["to"]) == (None, None)
    assert body["meta"]["current_page"] == last_page + 5
    assert body["meta"]["total"] == first["meta"]["total"]
    assert body["links"]["next"] is None


def test_from_and_to_on_the_last_partial_page(shttp: Http) -> None:
    total = shttp("GET", "/orders", params={"filter[status]": ALL_STATUSES}).json()["meta"]["total"]
    assert total == 40
    body = shttp(
        "GET", "/orders", params={"per_page": 15, "page": 3, "filter[status]": ALL_STATUSES}
    ).json()
    assert (body["meta"]["from"], body["meta"]["to"], len(body["data"])) == (31, 40, 10)
