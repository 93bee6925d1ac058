"""The fake VPS.org API against the documents, over real HTTP with plain ``requests``."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests

from pulumi_vpsorg import assumptions
from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault, RecordedRequest

from ._http_client import Http

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DOC_BASE = "https://api.vpsbg.eu/v1"
TS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000000Z")
LIST_FIELDS = list(json.loads((FIXTURES / "orders_list.json").read_text())["data"][0])
DETAIL_FIELDS = [*LIST_FIELDS, "invoices", "services"]
INVOICE_FIELDS = [
    "id",
    "invoice_number",
    "created_at",
    "amount",
    "amount_with_vat",
    "type",
    "order_ids",
]
SERVICE_FIELDS = [
    "label",
    "sublabel",
    "period_from",
    "period_to",
    "is_period_changeable",
    "service_id",
    "service_billing_cycle",
    "service_minimum_billing_cycle",
    "service_type",
    "amount",
    "amount_with_vat",
    "amount_sublabel",
    "promo",
]
ALL_STATUSES = "pending_payment,awaiting_payment,processing,paid,cancelled"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def api() -> Iterator[FakeVpsOrgApi]:
    with FakeVpsOrgApi() as fake:
        yield fake


@pytest.fixture
def small() -> Iterator[FakeVpsOrgApi]:
    with FakeVpsOrgApi(order_count=40, token="rw-token", read_only_token="ro-token") as fake:
        yield fake


@pytest.fixture
def http(api: FakeVpsOrgApi) -> Iterator[Http]:
    h = Http(api)
    yield h
    h.close()


@pytest.fixture
def shttp(small: FakeVpsOrgApi) -> Iterator[Http]:
    h = Http(small)
    yield h
    h.close()


def kind(value: Any) -> str:
    """JSON type name, with int and float both a ``number`` as in the document."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


def same_shape(actual: Any, expected: Any, where: str = "$") -> None:
    """Same keys in the same order and same JSON kinds, recursively (lists: item by item)."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), where
        assert list(actual) == list(expected), where
        for key in expected:
            if expected[key] is None or actual[key] is None:
                continue  # nullable fields ("prev", "promo", "url") are checked elsewhere
            same_shape(actual[key], expected[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), where
        for n, (a, e) in enumerate(zip(actual, expected, strict=False)):
            same_shape(a, e, f"{where}[{n}]")
    else:
        assert kind(actual) == kind(expected), where


def unpaid(fake: FakeVpsOrgApi, **match: Any) -> dict[str, Any]:
    return fake.add_order(**match)


# -- auth -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/plans/", "/plans/2/", "/orders", "/orders/7736"])
@pytest.mark.parametrize("auth", [None, "Bearer nope", "Token rw-token", "rw-token", "Bearer "])
def test_missing_or_wrong_token_is_401(small: FakeVpsOrgApi, path: str, auth: str | None) -> None:
    headers = {"Accept": "application/json"}
    if auth is not None:
        headers["Authorization"] = auth
    r = requests.get(small.url + path, headers=headers, timeout=10)
    assert r.status_code == 401
    assert r.json() == {"message": "Unauthenticated."}
    assert r.headers["Content-Type"] == "application/json"


def test_read_only_token_reads_but_cannot_write(small: FakeVpsOrgApi) -> None:
    ro = Http(small, token=small.read_only_token)
    order = small.add_order()
    oid = order["id"]
    assert ro("GET", "/plans/").status_code == 200
    assert ro("GET", "/orders").status_code == 200
    assert ro("GET", f"/orders/{oid}").status_code == 200
    denied = {"message": "This action is unauthorized. The token is read-only."}
    writes = [
        ("PATCH", f"/orders/{oid}", {"auto_pay": False}),
        (
            "PATCH",
            f"/orders/{oid}/server/{order['services'][0]['service_id']}",
            {"billing_cycle": 3},
        ),
        ("POST", "/orders/pay", {"order_ids": [oid], "payment_method": None}),
        ("DELETE", f"/orders/{oid}", None),
    ]
    for method, path, body in writes:
        r = ro(method, path, json=body)
        assert (r.status_code, r.json()) == (403, denied), (method, path)
    assert small.get_order(oid) == order
    assert small.pay_count(oid) == 0
    ro.close()


def test_generated_and_given_tokens() -> None:
    fake = FakeVpsOrgApi(order_count=0)
    assert fake.token.startswith("fake-rw-") and fake.read_only_token.startswith("fake-ro-")
    assert fake.token != FakeVpsOrgApi(order_count=0).token
    given = FakeVpsOrgApi(order_count=0, token="a", read_only_token="b")
    assert (given.token, given.read_only_token) == ("a", "b")


# -- plans ----------------------------------------------------------------------------------


def test_plans_list_is_the_documented_example(http: Http) -> None:
    r = http("GET", "/plans/")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json"
    assert r.json() == fixture("plans_list.json")
    assert list(r.json()["results"][0]) == list(fixture("plans_list.json")["results"][0])


def test_plan_2_detail_is_the_documented_example(http: Http) -> None:
    r = http("GET", "/plans/2/")
    assert r.status_code == 200
    assert r.json() == fixture("plan_detail.json")
    assert list(r.json()) == list(fixture("plan_detail.json"))


@pytest.mark.parametrize("plan_id", [1, 3, 4])
def test_other_plan_details_extend_their_list_entry(http: Http, plan_id: int) -> None:
    listed = {p["id"]: p for p in http("GET", "/plans/").json()["results"]}
    detail = http("GET", f"/plans/{plan_id}/").json()
    assert {k: v for k, v in detail.items() if k in listed[plan_id]} == listed[plan_id]
    assert list(detail)[-2:] == ["features", "recommended_for"]
    for key in ("features", "recommended_for"):
        assert detail[key] and all(isinstance(x, str) and x for x in detail[key])


@pytest.mark.parametrize(
    ("location", "ids"),
    [("asia-pacific", [2, 3, 4]), ("us-west", [1, 2, 3, 4]), ("mars", []), ("", [1, 2, 3, 4])],
)
def test_plans_location_filter(http: Http, location: str, ids: list[int]) -> None:
    body = http("GET", "/plans/", params={"location": location}).json()
    assert body["count"] == len(ids)
    assert [p["id"] for p in body["results"]] == ids


@pytest.mark.parametrize(
    "path", ["/plans/99/", "/plans/abc/", "/plans/0/", "/plans/2", "/plans", "/plans/-1/"]
)
def test_unknown_plans_and_undocumented_paths_are_404(http: Http, path: str) -> None:
    r = http("GET", path)
    assert (r.status_code, r.json()) == (404, {"message": "Not found."})


def test_plans_can_be_replaced() -> None:
    plan = {**fixture("plan_detail.json"), "id": 9, "available": False}
    with FakeVpsOrgApi(order_count=0, plans=[plan]) as fake:
        h = Http(fake)
        assert [p["id"] for p in h("GET", "/plans/").json()["results"]] == [9]
        assert h("GET", "/plans/9/").json() == plan
        assert h("GET", "/plans/2/").status_code == 404
        assert fake.plans == [plan]
        h.close()


# -- routing and headers --------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/nothing", "/orders/", "/orders/7736/server", "/plans//"])
def test_unknown_routes_are_404(shttp: Http, path: str) -> None:
    assert shttp("GET", path).status_code == 404


def test_outside_the_api_prefix_is_404(small: FakeVpsOrgApi) -> None:
    base = small.url.removesuffix("/api/v1")
    r = requests.get(base + "/v1/orders", headers={"Authorization": "Bearer rw-token"}, timeout=10)
    assert r.status_code == 404


def test_wrong_method_is_405_with_allow(shttp: Http) -> None:
    r = shttp("POST", "/orders/7736", json={})
    assert r.status_code == 405
    assert set(r.headers["Allow"].split(", ")) == {"GET", "PATCH", "DELETE"}
    assert shttp("PUT", "/plans/").status_code == 405


@pytest.mark.parametrize(
    ("accept", "status"),
    [
        (None, 406),
        ("*/*", 406),
        ("text/html", 406),
        ("application/json", 200),
        ("text/html, application/json;q=0.9", 200),
        ("Application/JSON; charset=utf-8", 200),
    ],
)
def test_orders_require_the_documented_accept_header(
    small: FakeVpsOrgApi, accept: str | None, status: int
) -> None:
    s = requests.Session()
    s.headers["Authorization"] = "Bearer rw-token"
    if accept is None:
        del s.headers["Accept"]
    else:
        s.headers["Accept"] = accept
    for path in ("/orders", "/orders/7736"):
        r = s.get(small.url + path, timeout=10)
        assert r.status_code == status
        assert r.headers["Content-Type"] == "application/json"
        if status == 406:
            assert isinstance(r.json()["message"], str)
    # The plans reference does not require it.
    assert s.get(small.url + "/plans/", timeout=10).status_code == 200
    s.close()


def test_every_response_has_json_content_type_and_rate_limit_headers(shttp: Http) -> None:
    order = shttp.fake.add_order()
    responses = [
        shttp("GET", "/plans/"),
        shttp("GET", "/orders"),
        shttp("GET", "/orders/1"),
        shttp("GET", "/orders", params={"page": "x"}),
        shttp("PATCH", f"/orders/{order['id']}", json={"auto_pay": False}),
        shttp("DELETE", f"/orders/{order['id']}"),
    ]
    assert [r.status_code for r in responses] == [200, 200, 404, 422, 200, 204]
    for r in responses:
        assert int(r.headers["X-RateLimit-Limit"]) > 0
        assert int(r.headers["X-RateLimit-Remaining"]) >= 0
        if r.status_code == 204:
            assert r.content == b"" and "Content-Type" not in r.headers
        else:
            assert r.headers["Content-Type"] == "application/json"
            r.json()


# -- orders list ----------------------------------------------------------------------------


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


def labels(body: dict[str, Any]) -> list[str]:
    return [link["label"] for link in body["meta"]["links"]]


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
    assert (meta["total"], meta["per_page"]) == (0, 15)
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


def test_per_page_default_and_cap(shttp: Http) -> None:
    assert shttp("GET", "/orders").json()["meta"]["per_page"] == 15
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
    # The document's own sample request sends "?page&per_page&filter[status]".
    r = shttp.session.get(shttp.fake.url + "/orders?page&per_page&filter[status]")
    assert r.status_code == 200
    assert (r.json()["meta"]["current_page"], r.json()["meta"]["per_page"]) == (1, 15)


# -- get an order ---------------------------------------------------------------------------


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


def check_order(order: dict[str, Any]) -> None:
    assert list(order) == DETAIL_FIELDS
    assert isinstance(order["id"], int) and order["id"] > 0
    assert order["status"] in {
        "pending_payment",
        "awaiting_payment",
        "processing",
        "paid",
        "cancelled",
    }
    assert order["payment_method"] in {"balance", "card", "bank", "bitcoin", "bitcoin-ln"}
    assert order["type"] in {
        "new-service",
        "renew-service",
        "scale-service",
        "new-addon",
        "combined",
        "deposit",
        "custom",
        "new-floating-ip",
        "scale-addon",
    }
    for key in ("tax_rate", "amount", "amount_with_vat", "amount_from_balance"):
        assert kind(order[key]) == "number"
    for key in ("auto_pay", "promo_applicable"):
        assert isinstance(order[key], bool)
    assert TS.fullmatch(order["created_at"]) and TS.fullmatch(order["due_at"])
    assert order["payment_date"] is None or TS.fullmatch(order["payment_date"])
    assert order["promo"] is None or set(order["promo"]) == {
        "code",
        "percentage",
        "minimum_billing_cycle",
    }
    info = order["payment_information"]
    assert info is None or set(info) in (
        {"last_4", "brand", "expiry_month", "expiry_year"},
        {"tx_hash", "tx_amount", "confirmed_at"},
    )
    for invoice in order["invoices"]:
        assert list(invoice) == INVOICE_FIELDS
        assert all(isinstance(i, int) for i in invoice["order_ids"])
    for service in order["services"]:
        assert list(service) == SERVICE_FIELDS
        assert isinstance(service["period_from"], int) and isinstance(service["period_to"], int)
        assert service["period_to"] > service["period_from"]
        assert isinstance(service["service_id"], int)
        assert service["service_billing_cycle"] is None or isinstance(
            service["service_billing_cycle"], int
        )
        assert service["service_type"] in ("server", "server-addon", None)
        assert isinstance(service["is_period_changeable"], bool)


def test_generated_orders_are_plausible_and_varied() -> None:
    fake = FakeVpsOrgApi()
    orders = fake.orders
    assert len(orders) == 1796
    for order in orders.values():
        check_order(order)
    generated = [o for i, o in orders.items() if i not in (7736, 7546, 7486, 7413)]
    for o in generated:
        assert o["amount"] == round(o["amount"], 2)
        assert o["amount_with_vat"] == round(o["amount"] * o["tax_rate"], 2)
    statuses = Counter(o["status"] for o in generated)
    assert set(statuses) == {
        "pending_payment",
        "awaiting_payment",
        "processing",
        "paid",
        "cancelled",
    }
    assert statuses.most_common(1)[0][0] == "paid"
    assert {o["type"] for o in generated} == {
        "new-service",
        "renew-service",
        "scale-service",
        "new-addon",
        "combined",
        "deposit",
        "custom",
        "new-floating-ip",
        "scale-addon",
    }
    assert {o["payment_method"] for o in generated} == {
        "balance",
        "card",
        "bank",
        "bitcoin",
        "bitcoin-ln",
    }
    unsettled = [o for o in generated if o["status"] not in assumptions.SETTLED_STATUSES]
    assert any(o["due_at"] < "2025" for o in unsettled)
    assert any(o["due_at"] >= "2031" for o in unsettled)
    assert any(o["promo"] is not None for o in generated)
    renewals = [o for o in generated if o["type"] == "renew-service" and o["status"] != "cancelled"]
    assert renewals
    for o in renewals:
        server, addon = o["services"]
        assert (server["service_type"], server["is_period_changeable"]) == ("server", True)
        assert server["service_minimum_billing_cycle"] in (1, 3)
        assert server["service_billing_cycle"] >= server["service_minimum_billing_cycle"]
        assert (addon["service_type"], addon["is_period_changeable"]) == ("server-addon", False)
    assert {o["services"][0]["service_minimum_billing_cycle"] for o in renewals} == {1, 3}


def test_generation_is_deterministic_and_scales() -> None:
    assert FakeVpsOrgApi(seed=3).orders == FakeVpsOrgApi(seed=3).orders
    assert FakeVpsOrgApi(seed=3).orders != FakeVpsOrgApi(seed=4).orders
    big = FakeVpsOrgApi(order_count=20_000).orders
    assert len(big) == 20_000 and min(big) >= 1
    assert {7736, 7546, 7486, 7413} <= set(big)
    assert [o["id"] for o in FakeVpsOrgApi(order_count=2).orders.values()] == [7736, 7546]
    assert FakeVpsOrgApi(order_count=0).orders == {}


# -- update an order (A2) -------------------------------------------------------------------


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


# -- change renewal period ------------------------------------------------------------------


def server_of(order: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in order["services"] if s["service_type"] == "server")


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


# -- pay orders (A3) ------------------------------------------------------------------------


def pay(
    h: Http, ids: list[int], method: str | None = None, key: str | None = None
) -> requests.Response:
    headers = {assumptions.IDEMPOTENCY_HEADER: key} if key else {}
    return h(
        "POST", "/orders/pay", json={"order_ids": ids, "payment_method": method}, headers=headers
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


# -- delete an order (A4) -------------------------------------------------------------------


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


# -- state helpers --------------------------------------------------------------------------


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


# -- request log ----------------------------------------------------------------------------


def test_request_log(shttp: Http) -> None:
    fake = shttp.fake
    fake.clear_requests()
    shttp("GET", "/orders", params={"page": 2, "filter[status]": "paid"})
    shttp("PATCH", "/orders/999999", json={"auto_pay": True}, headers={"X-Trace": "t1"})
    shttp("GET", "/plans/")
    log = fake.requests
    assert [(r.method, r.path, r.status) for r in log] == [
        ("GET", "/api/v1/orders", 200),
        ("PATCH", "/api/v1/orders/999999", 404),
        ("GET", "/api/v1/plans/", 200),
    ]
    assert log[0].query == {"page": "2", "filter[status]": "paid"}
    assert log[0].json is None and log[0].fault is None
    assert log[1].json == {"auto_pay": True}
    assert log[1].header("x-trace") == "t1" and log[1].header("Authorization") == "Bearer rw-token"
    assert log[1].header("missing") is None
    assert fake.count_requests() == 3
    assert fake.count_requests("get") == 2
    assert fake.count_requests(path="/api/v1/orders") == 1
    assert fake.count_requests(path_prefix="/api/v1/orders") == 2
    assert fake.count_requests("PATCH", path_prefix="/api/v1/plans") == 0
    fake.clear_requests()
    assert fake.requests == []


def test_on_request_runs_before_processing(shttp: Http) -> None:
    fake = shttp.fake
    params = {"per_page": 5, "filter[status]": ALL_STATUSES}
    page1 = [o["id"] for o in shttp("GET", "/orders", params=params).json()["data"]]
    seen: list[RecordedRequest] = []

    def hook(request: RecordedRequest) -> None:
        seen.append(request)
        assert request.status is None
        if request.query.get("page") == "2":
            fake.add_order()

    fake.on_request = hook
    page2 = [o["id"] for o in shttp("GET", "/orders", params={**params, "page": 2}).json()["data"]]
    # A new newest order shifts everything down: page 2 starts with page 1's last order.
    assert page2[0] == page1[-1]
    assert len(seen) == 1 and seen[0].status == 200


def test_failing_hook_answers_500(shttp: Http) -> None:
    def hook(request: RecordedRequest) -> None:
        raise RuntimeError("boom")

    shttp.fake.on_request = hook
    r = shttp("GET", "/plans/")
    assert (r.status_code, r.json()) == (500, {"message": "Server Error"})
    assert [str(e) for e in shttp.fake.server_errors] == ["boom"]
    assert shttp.fake.requests[-1].status == 500


# -- faults ---------------------------------------------------------------------------------


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


def test_latency_setting_still_answers(shttp: Http) -> None:
    shttp.fake.latency = 0.001
    assert shttp("GET", "/plans/").status_code == 200


# -- concurrency ----------------------------------------------------------------------------


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


# -- lifecycle and the console script -------------------------------------------------------


def test_lifecycle() -> None:
    fake = FakeVpsOrgApi(order_count=0)
    with pytest.raises(RuntimeError):
        _ = fake.url
    fake.start()
    with pytest.raises(RuntimeError):
        fake.start()
    url = fake.url
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/api/v1", url)
    session = requests.Session()
    headers = {"Authorization": f"Bearer {fake.token}"}
    assert session.get(url + "/plans/", headers=headers, timeout=10).status_code == 200
    fake.stop()  # with the session's keep-alive connection still open
    fake.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(url + "/plans/", headers=headers, timeout=10)
    session.close()


def run_console(*args: str) -> tuple[subprocess.Popen[str], dict[str, str]]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from pulumi_vpsorg.testing.fake_api import main; raise SystemExit(main())",
            *args,
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.stdout is not None
    env: dict[str, str] = {}
    while len(env) < 3:
        line = proc.stdout.readline()
        assert line, "the console script exited early"
        key, _, value = line.strip().partition("=")
        env[key] = value
    return proc, env


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_console_script(sig: signal.Signals) -> None:
    proc, env = run_console("--port", "0", "--token", "tok", "--orders", "10", "--latency", "0")
    try:
        assert env["VPSORG_API_TOKEN"] == "tok"
        assert env["VPSORG_API_READ_ONLY_TOKEN"].startswith("fake-ro-")
        r = requests.get(
            env["VPSORG_API_URL"] + "/orders",
            params={"filter[status]": ALL_STATUSES},
            headers={"Authorization": "Bearer tok", "Accept": "application/json"},
            timeout=10,
        )
        assert r.json()["meta"]["total"] == 10
    finally:
        proc.send_signal(sig)
        assert proc.wait(timeout=30) == 0


def test_changing_an_unpaid_renewal_period_reprices_the_order() -> None:
    import requests as http

    with FakeVpsOrgApi(order_count=50) as api:
        order = api.add_order()
        service = next(s for s in order["services"] if s["is_period_changeable"])
        before_cycle = service["service_billing_cycle"] or 1
        url = f"{api.url}/orders/{order['id']}/server/{service['service_id']}"
        headers = {"Authorization": f"Bearer {api.token}", "Accept": "application/json"}
        answer = http.patch(
            url, json={"billing_cycle": before_cycle * 2}, headers=headers, timeout=10
        )
        assert answer.status_code == 204
        after = api.get_order(order["id"])
        assert after is not None
        changed = next(s for s in after["services"] if s["service_id"] == service["service_id"])
        assert changed["amount"] == round(service["amount"] * 2, 2)
        assert after["amount"] > order["amount"]
        assert after["amount_with_vat"] == round(after["amount"] * after["tax_rate"], 2)
