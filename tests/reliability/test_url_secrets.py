"""A token pasted into a base URL (query, fragment, userinfo) is never repeated by the error
refusing that URL: not by the library (argument or environment, either host), not by ``vpsorg``
(``--api-url``, ``--orders-api-url`` or the environment), run as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pulumi_vpsorg import ConfigurationError, VpsOrgClient

SECRET = "Zq8sEcReT4tok3n"

#: Every way of refusing a URL, each with the secret where users paste tokens.
SECRET_URLS = [
    f"https://admin.vps.org/api/v1?token={SECRET}",
    f"https://admin.vps.org/api/v1?{SECRET}",
    f"https://admin.vps.org/api/v1#{SECRET}",
    f"https://admin.vps.org?token={SECRET}",
    f"https://admin.vps.org#{SECRET}",
    f"https://admin.vps.org/api/v1?x=1&token={SECRET}#top",
    f"https://admin.vps.org/api/v1?@{SECRET}",
    f"https://admin.vps.org/api/v1?token={SECRET}\n",
    f"http://api.example.com/v1?token={SECRET}",
    f"https://admin vps.org/v1?token={SECRET}",
    f"https://admin.vps.org/v1\x00?token={SECRET}",
    f"https://admin.vps.org\\v1?token={SECRET}",
    f"https://admin.vps.org:99999/v1?token={SECRET}",
    f"https://admin.vps.org:0/v1?token={SECRET}",
    f"https://[::1/v1?token={SECRET}",
    f"https://[not-ip]/v1#{SECRET}",
    f"https://-bad.example/v1?token={SECRET}",
    f"ftp://admin.vps.org/v1?token={SECRET}",
    f"admin.vps.org/v1?token={SECRET}",
    f"https://user:{SECRET}@admin.vps.org/v1",
    f"https://{SECRET}@admin.vps.org/v1",
    f"https:/user:{SECRET}@admin.vps.org/v1",
    f"https:user:{SECRET}@admin.vps.org/v1",
    f"https://admin.vps.org/v1/x@{SECRET}?q",
    f" https://user:{SECRET}@admin.vps.org/v1",
    f"https://user:{SECRET}/api/v1",  # userinfo without its @: the token reads as the port
    f"https://admin.vps.org:{SECRET}/v1",
]
IDS = [f"url{i}" for i in range(len(SECRET_URLS))]


@pytest.mark.parametrize("setting", ["api_url", "orders_api_url"])
@pytest.mark.parametrize("url", SECRET_URLS, ids=IDS)
def test_the_library_refuses_the_url_without_repeating_the_secret(setting: str, url: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        VpsOrgClient("t0ken", **{setting: url})
    message = str(info.value)
    assert message.startswith(f"{setting}: ")
    assert SECRET not in message and SECRET not in repr(info.value)
    assert info.value.__cause__ is None and info.value.__context__ is None


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            f"https://admin.vps.org/api/v1?token={SECRET}",
            "'https://admin.vps.org/api/v1?<redacted>'",
        ),
        (f"https://admin.vps.org/api/v1#{SECRET}", "'https://admin.vps.org/api/v1#<redacted>'"),
    ],
)
def test_the_refusal_still_says_which_url_and_why(url: str, shown: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        VpsOrgClient("t0ken", url)
    assert str(info.value) == f"api_url: {shown} must not have a query or fragment"


@pytest.mark.parametrize("name", ["VPSORG_API_URL", "VPSORG_ORDERS_API_URL"])
def test_a_secret_in_a_url_from_the_environment_is_not_repeated(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv(name, f"https://admin.vps.org/api/v1?token={SECRET}")
    with pytest.raises(ConfigurationError, match=r"^(api_url|orders_api_url): ") as info:
        VpsOrgClient("t0ken")
    assert SECRET not in str(info.value) and "<redacted>" in str(info.value)


# -- the CLI, as a user runs it ----------------------------------------------------------------


def _vpsorg(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("vpsorg")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "pulumi_vpsorg.cli"]
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("VPSORG_", "PULUMI_"))}
    return subprocess.run(
        [*command, *args],
        env={**clean, "VPSORG_API_TOKEN": "t0ken", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("url", SECRET_URLS[:8] + SECRET_URLS[19:23], ids=IDS[:8] + IDS[19:23])
@pytest.mark.parametrize(
    ("command", "flag"),
    [("plans", "--api-url"), ("orders", "--api-url"), ("orders", "--orders-api-url")],
)
def test_the_cli_refuses_the_url_with_the_same_safe_message(
    command: str, flag: str, url: str
) -> None:
    done = _vpsorg(command, flag, url)
    assert done.returncode == 2, done.stderr
    assert SECRET not in done.stderr + done.stdout
    assert done.stdout == ""
    assert flag in done.stderr and "Traceback" not in done.stderr
    try:
        VpsOrgClient("t0ken", url)
    except ConfigurationError as exc:
        library = str(exc).split(": ", 1)[1]
    assert library in " ".join(done.stderr.split())


@pytest.mark.parametrize(
    ("command", "name"),
    [("plans", "VPSORG_API_URL"), ("orders", "VPSORG_ORDERS_API_URL")],
)
def test_the_cli_refuses_a_secret_url_from_the_environment_safely(command: str, name: str) -> None:
    done = _vpsorg(command, **{name: f"https://admin.vps.org/api/v1#{SECRET}"})
    assert done.returncode == 2, done.stderr
    assert SECRET not in done.stderr + done.stdout and "<redacted>" in done.stderr
