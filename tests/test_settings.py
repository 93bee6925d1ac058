"""The client's settings, checked when given: every bad value is a ConfigurationError naming the
setting, before any request (``max_retries=-1`` used to end in ``UnboundLocalError`` on the
first call)."""

from __future__ import annotations

import math
import pickle
from typing import Any

import pytest

from pulumi_vpsorg import ConfigurationError, VpsOrgClient
from pulumi_vpsorg._settings import ClientSettings
from pulumi_vpsorg.testing import FakeVpsOrgApi

BAD_NUMBERS: list[tuple[str, Any]] = [
    ("timeout", 0),
    ("timeout", -1),
    ("timeout", math.nan),
    ("timeout", math.inf),
    ("timeout", "30"),
    ("timeout", True),
    ("timeout", None),
    ("timeout", 10**9),
    ("max_retries", -1),
    ("max_retries", 1.5),
    ("max_retries", True),
    ("max_retries", "3"),
    ("max_retries", 10**6),
    ("backoff_factor", -0.5),
    ("backoff_factor", math.inf),
    ("backoff_factor", math.nan),
    ("backoff_factor", "fast"),
    ("max_retry_after", -1),
    ("max_retry_after", math.inf),
    ("max_retry_after", [1]),
    ("concurrency", 0),
    ("concurrency", -3),
    ("concurrency", 2.0),
    ("concurrency", False),
    ("concurrency", 10**6),
]


@pytest.mark.parametrize(("name", "value"), BAD_NUMBERS)
def test_a_bad_number_is_refused_naming_the_setting_before_any_request(
    fake_api: FakeVpsOrgApi, name: str, value: Any
) -> None:
    with pytest.raises(ConfigurationError) as info:
        VpsOrgClient(fake_api.token, fake_api.url, **{name: value})
    assert str(info.value).startswith(f"{name}: ")
    assert fake_api.requests == []


BAD_URLS: list[tuple[str, str]] = [
    ("https://admin.vps.org:99999/api/v1", "not a valid URL"),
    ("https://admin.vps.org:0/api/v1", "port 0"),
    ("https://admin.vps.org:http/api/v1", "not a valid URL"),
    ("https://[::1/api/v1", "not a valid URL"),
    ("https://[fe80::zz]/api/v1", "IPv6"),
    ("https://[not-ip]/api/v1", "IPv6"),
    ("https://admin..vps.org/api/v1", "invalid host name"),
    ("https://-admin.vps.org/api/v1", "invalid host name"),
    ("https://admin vps.org/api/v1", "whitespace"),
    ("https://admin.vps.org/api/v1\n", ""),
    ("https://admin.vps.org/api\x00/v1", "control characters"),
    ("ftp://admin.vps.org/api/v1", "not an http(s) URL"),
    ("admin.vps.org/api/v1", "not an http(s) URL"),
    ("https:///api/v1", "not an http(s) URL"),
    ("http://admin.vps.org/api/v1", "plain http"),
    ("https://admin.vps.org/api/v1?x=1", "query or fragment"),
    ("https://admin.vps.org/api/v1#top", "query or fragment"),
    ("https://user:pw@admin.vps.org/api/v1", "credentials"),
]


@pytest.mark.parametrize("setting", ["api_url", "orders_api_url"])
@pytest.mark.parametrize(("url", "problem"), BAD_URLS)
def test_a_bad_url_is_refused_naming_the_setting(setting: str, url: str, problem: str) -> None:
    if url.endswith("\n"):  # trailing whitespace is trimmed: a usable URL
        assert getattr(VpsOrgClient("t0ken", **{setting: url}), setting) == url.strip()
        return
    with pytest.raises(ConfigurationError) as info:
        VpsOrgClient("t0ken", **{setting: url})
    assert str(info.value).startswith(f"{setting}: ") and problem in str(info.value)
    assert "pw@" not in str(info.value)


@pytest.mark.parametrize(
    "url",
    [
        "https://admin.vps.org/api/v1/",
        "https://admin.vps.org:8443/api/v1",
        "https://[2001:db8::1]/v1",
        "http://127.0.0.1:8080/api/v1",
        "http://[::1]:8080/api/v1",
        "http://localhost/api/v1",
        "HTTPS://Admin.VPS.org/api/v1",
    ],
)
def test_good_urls_are_accepted(url: str) -> None:
    assert VpsOrgClient("t0ken", url).api_url == url.strip().rstrip("/")


@pytest.mark.parametrize("name", ["VPSORG_API_URL", "VPSORG_ORDERS_API_URL"])
def test_a_bad_url_from_the_environment_is_refused_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv(name, "https://[::1/v1")
    with pytest.raises(ConfigurationError, match=r"^(api_url|orders_api_url): "):
        VpsOrgClient("t0ken")


def test_the_client_carries_one_settings_value() -> None:
    client = VpsOrgClient("t0ken", timeout=5, max_retries=2, concurrency=4)
    settings = client.settings
    assert isinstance(settings, ClientSettings)
    assert (settings.timeout, settings.max_retries, settings.concurrency) == (5, 2, 4)
    assert (settings.api_url, settings.orders_api_url) == (
        "https://admin.vps.org/api/v1",
        "https://api.vpsbg.eu/v1",
    )
    with pytest.raises(ValueError):  # frozen
        settings.timeout = 1  # type: ignore[misc]
    # No secret in it: it prints and pickles safely.
    assert "t0ken" not in repr(settings) and b"t0ken" not in pickle.dumps(settings)


def test_the_defaults_are_valid_settings() -> None:
    settings = VpsOrgClient("t0ken").settings
    assert (settings.timeout, settings.max_retries, settings.backoff_factor) == (30.0, 3, 0.5)
    assert (settings.max_retry_after, settings.concurrency) == (30.0, 8)
