"""Every path segment stays one segment, and a write is done only where it was asked to go.

A ``service_type`` from the server (``..``) used to move the renewal ``PATCH`` to another order
(``/orders/A/../B`` became ``/orders/B``) and ``create`` reported success. Now a segment that could
change the path is refused before any request; the transport refuses any path the HTTP library
would send differently from the one asked for; and a write redirected to another path is not
followed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from typing import Any

import pytest
from pulumi.dynamic import Config, ConfigureRequest

from pulumi_vpsorg import ConfigurationError, UnexpectedResponseError, VpsOrgClient, VpsOrgError
from pulumi_vpsorg._http import Transport
from pulumi_vpsorg.provider.order import OrderProvider
from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault

from .._http.raw_server import Received, raw_server, recording

WRITES = ("PATCH", "POST", "DELETE")
NO_CONTENT = b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"


@pytest.fixture
def api() -> Iterator[FakeVpsOrgApi]:
    with FakeVpsOrgApi(order_count=4) as fake:
        yield fake


def _writes(api: FakeVpsOrgApi) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in api.requests if r.method in WRITES]


def test_a_server_supplied_dot_dot_service_type_never_patches_another_order(
    api: FakeVpsOrgApi,
) -> None:
    victim = api.add_order()
    order = api.add_order()
    services = order["services"]
    services[0] = {**services[0], "service_type": "..", "service_id": victim["id"]}
    api.update_order(order["id"], services=services)
    provider = OrderProvider()
    provider.configure(
        ConfigureRequest(Config({"vpsorg:apiToken": api.token, "vpsorg:apiUrl": api.url}, "p"))
    )
    inputs = provider.check({}, {"order_id": order["id"], "billing_cycle": 12}).inputs
    api.clear_requests()
    with pytest.raises(VpsOrgError, match="service_type"):
        provider.create(inputs)
    assert _writes(api) == []
    assert api.get_order(victim["id"]) == victim


@pytest.mark.parametrize(
    "service_type",
    ["..", ".", ".hidden", "a/b", "a%2Fb", "%2e%2e", "a?b", "a#b", "a\\b", "", " server", "sérver"],
)
def test_a_service_type_that_could_move_the_path_is_refused_before_any_request(
    api: FakeVpsOrgApi, service_type: Any
) -> None:
    with (
        VpsOrgClient(api.token, api.url) as client,
        pytest.raises(ConfigurationError, match="service_type") as info,
    ):
        client.change_renewal_period(1, service_type, 2, 12)
    assert api.requests == []
    assert api.token not in str(info.value)


@pytest.mark.parametrize("service_type", ["server", "server-addon", "floating_ip", "v2.server"])
def test_a_plain_service_type_goes_to_exactly_its_path(
    api: FakeVpsOrgApi, service_type: str
) -> None:
    # The fake may refuse it: only where the PATCH went matters here.
    with VpsOrgClient(api.token, api.url, max_retries=0) as client, suppress(VpsOrgError):
        client.change_renewal_period(7, service_type, 9, 12)
    assert _writes(api) == [("PATCH", f"/api/v1/orders/7/{service_type}/9")]


@pytest.mark.parametrize(
    "path",
    [
        "/orders/1/../2",
        "/orders/1/./2",
        "/orders/1/%2e%2e/2",
        "/orders/1/%2E%2E/2",
        "/orders/1/.%2e/2",
        "/orders/../../admin",
    ],
)
@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_the_transport_never_sends_a_path_the_library_would_change(method: str, path: str) -> None:
    log: list[Received] = []
    with raw_server(recording(lambda r: NO_CONTENT, log)) as server:
        transport = Transport(server.url, "t0ken-paths", max_retries=0, timeout=10)
        with pytest.raises(ConfigurationError, match="not sent") as info:
            transport.request(method, path, json_body=None if method != "PATCH" else {"a": 1})
        transport.close()
        assert server.connections == 0 and log == []
    assert "t0ken-paths" not in str(info.value)


def test_the_exact_quoted_path_is_what_arrives() -> None:
    log: list[Received] = []
    with raw_server(recording(lambda r: NO_CONTENT, log)) as server:
        transport = Transport(server.url, "t0ken-paths", max_retries=0, timeout=10)
        transport.request("PATCH", "/orders/1/a%2Fb%3F%23/2", json_body={"a": 1})
        transport.close()
    assert [(r.method, r.target) for r in log] == [("PATCH", "/api/v1/orders/1/a%2Fb%3F%23/2")]


def test_an_update_redirected_to_another_order_is_not_reported_done(api: FakeVpsOrgApi) -> None:
    mine, other = api.add_order(auto_pay=False), api.add_order(auto_pay=False)
    api.add_fault(
        Fault.redirect(f"{api.url}/orders/{other['id']}", 307),
        method="PATCH",
        path=f"/api/v1/orders/{mine['id']}",
    )
    with (
        VpsOrgClient(api.token, api.url, max_retries=0) as client,
        pytest.raises(UnexpectedResponseError, match="another path"),
    ):
        client.update_order(mine["id"], auto_pay=True)
    assert _writes(api) == [("PATCH", f"/api/v1/orders/{mine['id']}")]
    assert (api.get_order(other["id"]) or {})["auto_pay"] is False


def test_a_write_redirected_to_a_path_holding_the_token_shows_it_redacted(
    api: FakeVpsOrgApi,
) -> None:
    """The refused target is the server's: a login redirect may carry the token."""
    mine = api.add_order(auto_pay=False)
    api.add_fault(
        Fault.redirect(f"{api.url}/login/{api.token}?token={api.token}", 308),
        method="PATCH",
        path=f"/api/v1/orders/{mine['id']}",
    )
    with (
        VpsOrgClient(api.token, api.url, max_retries=0) as client,
        pytest.raises(UnexpectedResponseError, match="another path") as info,
    ):
        client.update_order(mine["id"], auto_pay=True)
    shown = f"{info.value} {info.value!r}"
    assert api.token not in shown and "/login/<redacted>?token=<redacted>" in shown

