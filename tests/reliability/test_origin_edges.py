"""The origin rule at its edges: an https API redirecting to plain http, IPv6 literals, chains of
redirects that leave at the last hop, retries after a redirect, odd ports and empty Locations.
Raw-socket servers throughout; "elsewhere" listeners count every connection they accept."""

from __future__ import annotations

import ssl
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pulumi_vpsorg import UnexpectedResponseError, VpsOrgClient

from .._http.raw_server import (
    PLANS_OK,
    RawServer,
    Received,
    over_tls,
    raw_server,
    recording,
    response,
)

TOKEN = "edge-token-5d0a77"
NO_CONTENT = b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"


def _redirect(location: str, code: int = 307) -> bytes:
    return response(f"{code} Redirect", headers={"Location": location})


def _answers(*replies: bytes) -> Callable[[Received], bytes]:
    """Answer the n-th request with ``replies[n]`` (the last one repeats)."""
    count = [0]

    def answer(request: Received) -> bytes:
        count[0] += 1
        return replies[min(count[0], len(replies)) - 1]

    return answer


@pytest.fixture
def elsewhere() -> Iterator[RawServer]:
    with raw_server(recording(lambda r: PLANS_OK, [])) as server:
        yield server


# -- https: a downgrade to plain http is another origin ----------------------------------------


def _tls_client(server: RawServer, cert: Path) -> VpsOrgClient:
    client = VpsOrgClient(TOKEN, f"https://{server.authority}/api/v1", max_retries=0, timeout=10)
    # The test's own CA (a loopback API ignores the environment's CA settings).
    client._transport._verify = str(cert)
    return client


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_an_https_api_redirecting_to_plain_http_is_refused(
    tls_files: tuple[Path, Path], elsewhere: RawServer, code: int
) -> None:
    cert, key = tls_files
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    log: list[Received] = []
    holder: list[RawServer] = []

    def answer(request: Received) -> bytes:
        if request.target == "/api/v1/plans/":
            return _redirect(f"http://{holder[0].authority}/api/v1/plans/?down", code)
        if request.target == "/api/v1/plans/2/":
            return _redirect(f"http://{elsewhere.authority}/api/v1/plans/?down", code)
        return PLANS_OK

    with raw_server(over_tls(context, recording(answer, log))) as api:
        holder.append(api)
        with _tls_client(api, cert) as client:
            for call in (client.list_plans, lambda: client.get_plan(2)):
                with pytest.raises(UnexpectedResponseError, match="another origin"):
                    call()
        assert [r.target for r in log] == ["/api/v1/plans/", "/api/v1/plans/2/"]
        assert all(r.authorization == f"Bearer {TOKEN}" for r in log)
        # One connection per call, each closed with its refused redirect; a hop to the same
        # port in plain http would have been a third (a failed handshake).
        assert api.connections == 2 and elsewhere.connections == 0


def test_an_https_redirect_within_the_origin_is_followed(tls_files: tuple[Path, Path]) -> None:
    cert, key = tls_files
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    log: list[Received] = []
    reply = _answers(_redirect("/api/v1/plans/?moved"), PLANS_OK)
    with (
        raw_server(over_tls(context, recording(reply, log))) as api,
        _tls_client(api, cert) as client,
    ):
        assert client.list_plans() == []
    assert [(r.target, r.authorization) for r in log] == [
        ("/api/v1/plans/", f"Bearer {TOKEN}"),
        ("/api/v1/plans/?moved", f"Bearer {TOKEN}"),
    ]


# -- IPv6 literals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "followed"),
    [
        ("http://[::1]:{port}/api/v1/plans/?moved", True),
        ("//[::1]:{port}/api/v1/plans/?moved", True),
        ("http://[0:0:0:0:0:0:0:1]:{port}/api/v1/plans/?moved", False),  # spelled otherwise
        ("http://[::1%25lo]:{port}/api/v1/plans/?moved", False),  # with a zone
        ("http://127.0.0.1:{port}/api/v1/plans/?moved", False),
        ("http://[::ffff:127.0.0.1]:{port}/api/v1/plans/?moved", False),
        ("http://[::1:{port}/api/v1/plans/?moved", False),
    ],
)
def test_an_ipv6_api_follows_only_its_own_literal(where: str, followed: bool) -> None:
    log: list[Received] = []
    holder: list[RawServer] = []

    def answer(request: Received) -> bytes:
        return _redirect(where.format(port=holder[0].port)) if len(log) == 1 else PLANS_OK

    with raw_server(recording(answer, log), host="::1") as api:
        holder.append(api)
        with VpsOrgClient(TOKEN, api.url, max_retries=0, timeout=10) as client:
            if followed:
                assert client.list_plans() == []
            else:
                with pytest.raises(UnexpectedResponseError, match="redirect"):
                    client.list_plans()
    assert len(log) == (2 if followed else 1)
    assert all(r.authorization == f"Bearer {TOKEN}" for r in log)


# -- chains, retries, odd values ---------------------------------------------------------------


def test_a_chain_within_the_origin_that_leaves_at_its_last_hop_is_refused(
    elsewhere: RawServer,
) -> None:
    log: list[Received] = []
    hops = [_redirect(f"/api/v1/plans/?hop={n}") for n in range(1, 5)]
    reply = _answers(*hops, _redirect(f"http://{elsewhere.authority}/api/v1/plans/"))
    with (
        raw_server(recording(reply, log)) as api,
        VpsOrgClient(TOKEN, api.url, max_retries=0, timeout=10) as client,
        pytest.raises(UnexpectedResponseError, match="another origin"),
    ):
        client.list_plans()
    assert [r.target for r in log] == ["/api/v1/plans/"] + [
        f"/api/v1/plans/?hop={n}" for n in range(1, 5)
    ]
    assert elsewhere.connections == 0


def test_a_retry_after_a_redirect_goes_to_the_redirected_url_with_the_token() -> None:
    log: list[Received] = []
    unavailable = response("503 Unavailable", b"{}", {"Retry-After": "0"})
    reply = _answers(_redirect("/api/v1/plans/?moved"), unavailable, PLANS_OK)
    with (
        raw_server(recording(reply, log)) as api,
        VpsOrgClient(TOKEN, api.url, max_retries=2, backoff_factor=0, timeout=10) as client,
    ):
        assert client.list_plans() == []
    assert [(r.target, r.authorization) for r in log] == [
        ("/api/v1/plans/", f"Bearer {TOKEN}"),
        ("/api/v1/plans/?moved", f"Bearer {TOKEN}"),
        ("/api/v1/plans/?moved", f"Bearer {TOKEN}"),
    ]


def test_a_payment_redirected_then_refused_is_resent_whole_to_its_own_path_only() -> None:
    log: list[Received] = []
    limited = response("429 Too Many Requests", b"{}", {"Retry-After": "0"})
    reply = _answers(_redirect("/api/v1/orders/pay/", 308), limited, NO_CONTENT)
    with (
        raw_server(recording(reply, log)) as api,
        VpsOrgClient(TOKEN, api.url, max_retries=2, backoff_factor=0, timeout=10) as client,
    ):
        client.pay_orders([7736], "balance", idempotency_key="key-1")
    assert [(r.method, r.target) for r in log] == [
        ("POST", "/api/v1/orders/pay"),
        ("POST", "/api/v1/orders/pay/"),
        ("POST", "/api/v1/orders/pay/"),
    ]
    assert {(r.body, r.authorization, r.headers["idempotency-key"]) for r in log} == {
        (b'{"order_ids": [7736], "payment_method": "balance"}', f"Bearer {TOKEN}", "key-1")
    }


@pytest.mark.parametrize(
    ("where", "followed"),
    [
        ("http://127.0.0.1:0{port}/api/v1/plans/?moved", True),  # the same port, both parsers agree
        ("http://127.0.0.1:+{port}/api/v1/plans/?moved", False),
        ("http://127.0.0.1:{port}:{port}/api/v1/plans/?moved", False),
        ("http://127.0.0.1:{port}./api/v1/plans/?moved", False),
        ("", False),
        ("http://", False),
        ("http:", False),
    ],
)
def test_odd_ports_and_empty_locations(where: str, followed: bool) -> None:
    log: list[Received] = []
    holder: list[RawServer] = []

    def answer(request: Received) -> bytes:
        if len(log) == 1:
            return _redirect(where.format(port=holder[0].port))
        return PLANS_OK

    with raw_server(recording(answer, log)) as api:
        holder.append(api)
        with VpsOrgClient(TOKEN, api.url, max_retries=0, timeout=10) as client:
            if followed:
                assert client.list_plans() == []
            else:
                with pytest.raises(UnexpectedResponseError, match=r"redirect|Location"):
                    client.list_plans()
    assert len(log) == (2 if followed else 1)
