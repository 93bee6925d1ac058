"""Auth, routing, headers and the lifecycle of :class:`FakeVpsOrgApi`."""

from __future__ import annotations

import re
import socket
from typing import Any
from urllib.parse import urlsplit

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
        (None, 200),  # the documented default
        ("", 200),  # the document's own curl sample sends "Accept;"
        ("*/*", 200),
        ("application/*", 200),
        ("text/html", 406),
        ("text/html, image/png", 406),
        ("application/json", 200),
        ("text/html, application/json;q=0.9", 200),
        ("Application/JSON; charset=utf-8", 200),
    ],
)
def test_orders_answer_json_unless_the_accept_header_rules_it_out(
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
        ({"orders_port": 70000}, "orders_port"),
        ({"orders_port": True}, "orders_port"),
        ({"port": 8080, "orders_port": 8080}, "orders_port"),
    ],
)
def test_settings_are_checked_when_given(kwargs: dict[str, Any], name: str) -> None:
    with pytest.raises(ValueError, match=f"^{name} "):
        FakeVpsOrgApi(**kwargs)


def test_an_empty_token_never_authenticates() -> None:
    # "Bearer " presents the empty string: no token may equal it.
    with pytest.raises(ValueError):
        FakeVpsOrgApi(order_count=0, read_only_token="")


def _get(url: str, token: str, accept: str | None = "application/json") -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"}
    if accept is not None:
        headers["Accept"] = accept
    return requests.get(url, headers=headers, timeout=10)


def test_the_orders_host_is_a_port_of_its_own_with_the_documented_prefix() -> None:
    with FakeVpsOrgApi(order_count=3) as fake:
        plans, orders = urlsplit(fake.url), urlsplit(fake.orders_url)
        assert (plans.path, orders.path) == ("/api/v1", "/v1")
        assert (orders.port, plans.port) == (fake.orders_port, fake.port)
        assert fake.orders_port != fake.port
        listed = _get(fake.orders_url + "/orders?filter[status]=" + ALL_STATUSES, fake.token)
        assert listed.status_code == 200
        body = listed.json()
        assert body["meta"]["total"] == 3
        # Laravel's links name the host and prefix the request came to.
        assert body["meta"]["path"] == fake.orders_url + "/orders"
        assert body["links"]["first"] == fake.orders_url + "/orders?page=1"
        assert [(r.method, r.path) for r in fake.requests] == [("GET", "/v1/orders")]


def test_both_hosts_share_one_store() -> None:
    with FakeVpsOrgApi(order_count=0) as fake:
        oid = fake.add_order()["id"]
        patched = requests.patch(
            f"{fake.orders_url}/orders/{oid}",
            json={"auto_pay": False},
            headers={"Authorization": f"Bearer {fake.token}", "Accept": "application/json"},
            timeout=10,
        )
        assert patched.status_code < 300
        # A1: a client given only the plans URL reads the orders there, the same orders.
        assert _get(f"{fake.url}/orders/{oid}", fake.token).json()["auto_pay"] is False


@pytest.mark.parametrize(
    "where",
    [
        "{orders}/plans/",  # the plans document's paths are not on the orders host
        "{orders}/plans/2/",
        "http://127.0.0.1:{orders_port}/api/v1/plans/",
        "http://127.0.0.1:{orders_port}/api/v1/orders",  # nor its prefix
        "http://127.0.0.1:{port}/v1/orders",  # nor the orders prefix on the plans host
        "http://127.0.0.1:{port}/v1/plans/",
    ],
)
def test_each_host_serves_only_its_own_prefix(where: str) -> None:
    with FakeVpsOrgApi(order_count=1) as fake:
        url = where.format(orders=fake.orders_url, orders_port=fake.orders_port, port=fake.port)
        r = _get(url, fake.token)
        assert (r.status_code, r.json()) == (404, {"message": "Not found."})


def test_the_orders_host_checks_the_token_and_the_accept_header() -> None:
    with FakeVpsOrgApi(order_count=1) as fake:
        assert _get(fake.orders_url + "/orders", "nope").status_code == 401
        assert _get(fake.orders_url + "/orders", fake.token, accept="text/html").status_code == 406


def test_a_given_orders_port_is_used_and_both_close_on_stop() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    fake = FakeVpsOrgApi(order_count=0, orders_port=free).start()
    try:
        assert fake.orders_url == f"http://127.0.0.1:{free}/v1"
        assert _get(fake.orders_url + "/orders", fake.token).status_code == 200
    finally:
        fake.stop()
    for port in (fake.port, fake.orders_port):
        with pytest.raises(requests.ConnectionError):
            requests.get(f"http://127.0.0.1:{port}/", timeout=10)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_a_busy_orders_port_leaves_nothing_listening() -> None:
    plans_port = _free_port()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        fake = FakeVpsOrgApi(order_count=0, port=plans_port, orders_port=port)
        with pytest.raises(OSError) as raised:
            fake.start()
    assert raised.value.filename == f"127.0.0.1:{port}"
    # The plans host it may have bound is closed again: its port is free.
    with socket.socket() as again:
        again.bind(("127.0.0.1", plans_port))
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{plans_port}/api/v1/plans/", timeout=10)


def test_a_given_orders_port_is_bound_before_a_free_plans_port() -> None:
    """Binding the free port first could take the very port given for the other host."""
    given = _free_port()
    with FakeVpsOrgApi(order_count=0, orders_port=given) as fake:
        assert (fake.orders_port, fake.port != given) == (given, True)
        assert _get(fake.orders_url + "/orders", fake.token).status_code == 200
