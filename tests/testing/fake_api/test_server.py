"""Auth, routing, headers and the lifecycle of :class:`FakeVpsOrgApi`."""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests

from pulumi_vpsorg.testing import FakeVpsOrgApi

from .._http_client import Http
from ._support import ALL_STATUSES


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


def test_latency_setting_still_answers(shttp: Http) -> None:
    shttp.fake.latency = 0.001
    assert shttp("GET", "/plans/").status_code == 200


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


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"token": ""}, "token"),
        ({"token": "two words"}, "token"),
        ({"read_only_token": "line\nbreak"}, "read_only_token"),
        ({"token": "same", "read_only_token": "same"}, "read_only_token"),
        ({"port": 70000}, "port"),
        ({"port": -1}, "port"),
        ({"order_count": -1}, "order_count"),
        ({"order_count": 10**12}, "order_count"),
        ({"latency": -1.0}, "latency"),
        ({"latency": float("nan")}, "latency"),
        ({"latency": float("inf")}, "latency"),
        ({"max_per_page": 0}, "max_per_page"),
        ({"default_per_page": 0}, "default_per_page"),
    ],
)
def test_settings_are_checked_when_given(kwargs: dict[str, Any], name: str) -> None:
    with pytest.raises(ValueError, match=f"^{name} "):
        FakeVpsOrgApi(**kwargs)


def test_an_empty_token_never_authenticates() -> None:
    # "Bearer " presents the empty string: no token may equal it.
    with pytest.raises(ValueError):
        FakeVpsOrgApi(order_count=0, read_only_token="")


def test_the_orders_url_is_the_same_fake() -> None:
    with FakeVpsOrgApi(order_count=3) as fake:
        assert fake.orders_url == fake.url
        h = Http(fake)
        assert (
            h("GET", "/orders", params={"filter[status]": ALL_STATUSES}).json()["meta"]["total"]
            == 3
        )
        h.close()
