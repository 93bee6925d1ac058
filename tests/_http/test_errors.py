"""Responses into errors: the token never reaches an error, whatever the server echoes, and no
error keeps the request (with its Authorization header) reachable through its chain."""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest

from pulumi_vpsorg import (
    APIError,
    ConnectionFailedError,
    NotFoundError,
    ServerError,
    UnexpectedResponseError,
    ValidationError,
    VpsOrgClient,
)
from pulumi_vpsorg._http.errors import redact
from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault

from ..reliability.conftest import OtherHost, bounded
from .raw_server import canned, raw_server, response

TOKEN = "s3cr3t-t0ken-echoed-back"


def chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def text_of(error: APIError) -> str:
    return f"{error} {error!r} {vars(error)!r}"


QUOTABLE = "t0ken/with+quotable=chars"


@pytest.mark.parametrize(
    ("token", "content_type"),
    [
        (TOKEN, f"text/{TOKEN}"),
        (QUOTABLE, "text/html; charset=t0ken%2Fwith%2Bquotable%3Dchars"),
    ],
    ids=["as-is", "url-quoted"],
)
@pytest.mark.parametrize("body", [b"<html>not json</html>", b'{"count": "x"}'])
def test_a_token_echoed_in_the_content_type_of_a_broken_body_is_redacted(
    token: str, content_type: str, body: bytes
) -> None:
    answer = response("200 OK", body, {"Content-Type": content_type})
    with raw_server(canned(answer)) as server, pytest.raises(UnexpectedResponseError) as info:
        VpsOrgClient(token, server.url, max_retries=0).list_plans()
    assert "t0ken" not in text_of(info.value) and "<redacted>" in str(info.value)


def test_a_token_echoed_in_an_error_body_and_request_id_is_redacted() -> None:
    body = json.dumps({"message": f"bad token {TOKEN}", "errors": {TOKEN: [TOKEN]}}).encode()
    answer = response("422 Unprocessable Entity", body, {"X-Request-Id": TOKEN})
    with raw_server(canned(answer)) as server, pytest.raises(ValidationError) as info:
        VpsOrgClient(TOKEN, server.url, max_retries=0).list_plans()
    text = text_of(info.value) + f" {info.value.field_errors} {info.value.request_id}"
    assert TOKEN not in text and "<redacted>" in text


@pytest.mark.parametrize("code", [301, 302, 307, 308])
def test_a_token_echoed_in_a_redirect_location_is_redacted(code: int) -> None:
    location = f"http://{TOKEN}.example:8080/api/v1/plans/?token={TOKEN}"
    answer = response(f"{code} Moved", headers={"Location": location})
    with (
        raw_server(canned(answer)) as server,
        pytest.raises(UnexpectedResponseError, match="another origin") as info,
    ):
        VpsOrgClient(TOKEN, server.url, max_retries=0).list_plans()
    assert TOKEN not in text_of(info.value) and "<redacted>" in str(info.value)


def test_a_token_in_a_redirect_host_comes_back_lower_cased_and_is_still_redacted() -> None:
    token = "MixedCaseT0ken"  # host names are shown lower-cased
    location = f"https://{token}.evil.example/api/v1/plans/"
    with (
        raw_server(canned(response("302 Found", headers={"Location": location}))) as server,
        pytest.raises(UnexpectedResponseError, match="another origin") as info,
    ):
        VpsOrgClient(token, server.url, max_retries=0).list_plans()
    assert token.lower() not in text_of(info.value).lower() and "<redacted>" in str(info.value)


@pytest.mark.parametrize(
    ("text", "secrets", "shown"),
    [
        (r'{"auth": "token tok\"en-1 may not pay"}', ['tok"en-1'], '{"auth": "token <redacted> may not pay"}'),
        (r'{"auth": "token tok\\en-2"}', ["tok\\en-2"], '{"auth": "token <redacted>"}'),
        ("host abc-123.evil.example", ["ABC-123"], "host <redacted>.evil.example"),
        ("the token abc-ORDERS-PART", ["abc", "abc-ORDERS-PART"], "the token <redacted>"),
        ("t0ken%2Fwith%2Bquotable%3Dchars", [QUOTABLE], "<redacted>"),
    ],
    ids=["json-quote", "json-backslash", "letter-case", "one-holds-another", "url-quoted"],
)  # fmt: skip
def test_redact_replaces_every_form_of_every_secret_whole(
    text: str, secrets: list[str], shown: str
) -> None:
    assert redact(text, secrets) == shown


def test_the_orders_token_is_redacted_from_plans_errors_too() -> None:
    orders_token = "orders-t0ken-echoed"
    body = json.dumps({"message": f"{orders_token} and {TOKEN}"}).encode()
    with raw_server(canned(response("500 Oops", body))) as server:
        client = VpsOrgClient(
            TOKEN,
            server.url,
            orders_api_url="https://orders.example/v1",
            orders_api_token=orders_token,
            max_retries=0,
        )
        with pytest.raises(ServerError) as info:
            client.list_plans()
    assert orders_token not in text_of(info.value) and TOKEN not in text_of(info.value)


def _refused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _failures(api: FakeVpsOrgApi, other: OtherHost) -> dict[str, Any]:
    """Calls failing in every way the transport can fail."""

    def with_fault(fault: Fault, times: int = 10, **kwargs: Any) -> Any:
        def call() -> Any:
            api.clear_faults()
            api.add_fault(fault, path="/api/v1/plans/", times=times)
            return VpsOrgClient(
                api.token, api.url, timeout=1, max_retries=1, backoff_factor=0.001, **kwargs
            ).list_plans()

        return call

    refused = f"http://127.0.0.1:{_refused_port()}/api/v1"
    return {
        "connection refused": lambda: VpsOrgClient(api.token, refused, max_retries=0).list_plans(),
        "dropped": with_fault(Fault.drop()),
        "cut mid-body": with_fault(Fault.cut(10)),
        "timeout": with_fault(Fault.delay(3)),
        "500 past the budget": with_fault(Fault.status(500)),
        "404": lambda: VpsOrgClient(api.token, api.url).get_plan(999),
        "redirect elsewhere": with_fault(Fault.redirect(f"{other.origin}/api/v1/plans/")),
        "redirect loop": with_fault(Fault.redirect(f"{api.url}/plans/"), times=100),
        "oversize body": with_fault(Fault.raw(200, b" " * (17 * 1024 * 1024), "application/json")),
        "broken json": with_fault(Fault.raw(200, b"{", "application/json")),
    }


def test_no_error_keeps_the_request_reachable_through_its_chain(
    fake_api: FakeVpsOrgApi, other_host: OtherHost
) -> None:
    for name, call in _failures(fake_api, other_host).items():
        with pytest.raises(APIError) as info:
            bounded(call)
        error = info.value
        assert chain(error) == [error], f"{name}: {chain(error)!r}"
        assert error.__traceback__ is not None
        frames = []
        tb = error.__traceback__
        while tb is not None:
            frames.append(tb.tb_frame)
            tb = tb.tb_next
        # Nothing in the raising frames' locals is a requests exception either.
        import requests

        for frame in frames:
            for value in frame.f_locals.values():
                assert not isinstance(value, requests.exceptions.RequestException), name
    assert isinstance(error, (ConnectionFailedError, UnexpectedResponseError, NotFoundError))
