"""VpsOrgClient as a whole: settings from the environment, safe URLs, no token in reprs,
pickles, errors or logs, and the hints errors give."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pulumi_vpsorg import (
    AuthenticationError,
    ConfigurationError,
    NotFoundError,
    VpsOrgClient,
    VpsOrgError,
)
from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault


def test_missing_token_fails_before_any_request(fake_api: FakeVpsOrgApi) -> None:
    with pytest.raises(ConfigurationError, match="VPSORG_API_TOKEN"):
        VpsOrgClient(api_url=fake_api.url)
    assert fake_api.requests == []


def test_token_and_url_come_from_the_environment(
    fake_api: FakeVpsOrgApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VPSORG_API_TOKEN", fake_api.token)
    monkeypatch.setenv("VPSORG_API_URL", fake_api.url)
    assert len(VpsOrgClient().list_plans()) == 4


@pytest.mark.parametrize(
    "url",
    ["http://api.example.com/api/v1", "ftp://127.0.0.1/x", "https://u:p@host/api", "not a url"],
)
def test_unsafe_urls_are_refused(url: str) -> None:
    with pytest.raises(ConfigurationError, match="api_url"):
        VpsOrgClient("t0ken", url)


def test_default_url_is_the_documented_one() -> None:
    assert VpsOrgClient("t0ken").api_url == "https://admin.vps.org/api/v1"


def test_client_and_transport_never_show_or_pickle_the_token(fake_api: FakeVpsOrgApi) -> None:
    import pickle

    c = VpsOrgClient(fake_api.token, fake_api.url)
    assert fake_api.token not in repr(c) + repr(c._transport) + repr(c._transport._session)
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(c)


@pytest.mark.parametrize(
    "url", ["http://user:s3cr3t@api.example.com/v1", "ftp://u:s3cr3t@h/x", "https://s3cr3t@h/x"]
)
def test_credentials_in_the_url_are_refused_without_being_echoed(url: str) -> None:
    with pytest.raises(ConfigurationError, match="credentials") as info:
        VpsOrgClient("t0ken", url)
    assert "s3cr3t" not in str(info.value)


@pytest.mark.parametrize("bad", [0, -1, True, "2", 2.0, None])
def test_bad_ids_fail_before_any_request(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient, bad: Any
) -> None:
    with pytest.raises(ConfigurationError, match="plan_id"):
        client.get_plan(bad)
    with pytest.raises(ConfigurationError, match="order_id"):
        client.get_order(bad)
    assert fake_api.requests == []


def test_wrong_token_is_an_authentication_error_without_the_token(
    fake_api: FakeVpsOrgApi,
) -> None:
    secret = "wrong-but-secret-token-123"
    with pytest.raises(AuthenticationError) as info:
        VpsOrgClient(secret, fake_api.url).list_plans()
    assert info.value.status == 401
    assert secret not in str(info.value) and secret not in repr(info.value)
    assert "vpsorg:apiToken" in str(info.value)


def test_no_error_message_or_log_contains_the_token(
    fake_api: FakeVpsOrgApi, fast: VpsOrgClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    errors: list[VpsOrgError] = []
    fake_api.add_fault(Fault.status(500, body=json.dumps({"message": "boom"}).encode()), times=20)
    for call in (fast.list_plans, lambda: fast.get_plan(77), lambda: fast.pay_orders([1])):
        try:
            call()
        except VpsOrgError as exc:
            errors.append(exc)
    assert len(errors) == 3
    text = " ".join(f"{e} {e!r} {e.__cause__!r} {e.__context__!r}" for e in errors)
    assert fake_api.token not in text
    assert fake_api.token not in caplog.text


def test_a_wrong_base_url_says_which_setting_to_check(fake_api: FakeVpsOrgApi) -> None:
    base = fake_api.url.removesuffix("/api/v1")
    with pytest.raises(NotFoundError, match=r"no API at .*/plans/: check vpsorg:apiUrl"):
        VpsOrgClient(fake_api.token, base).list_plans()
    with pytest.raises(NotFoundError) as info:  # a missing plan is just missing
        VpsOrgClient(fake_api.token, fake_api.url).get_plan(99)
    assert "apiUrl" not in str(info.value)
