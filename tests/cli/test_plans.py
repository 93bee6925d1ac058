"""``vpsorg plans`` against the fake API, as a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pulumi_vpsorg.testing import FakeVpsOrgApi
from tests.cli.support import TIMEOUT, _env, vpsorg


def test_plans_table_cheapest_first(fake_api: FakeVpsOrgApi) -> None:
    done = vpsorg("plans", api=fake_api)

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == [
        "ID",
        "SLUG",
        "NAME",
        "VCPUS",
        "MEMORY_MB",
        "STORAGE_GB",
        "BANDWIDTH_GB",
        "USD_MONTH",
        "USD_HOUR",
        "AVAILABLE",
        "LOCATIONS",
    ]
    assert [line.split()[1] for line in lines[1:]] == [
        "starter",
        "standard",
        "performance",
        "enterprise",
    ]
    assert lines[1].split()[-4:] == ["5.00", "0.007", "yes", "us-west,us-east,eu-central"]
    assert done.stderr == ""


def test_plans_filters_as_select_plan_and_prints_json(fake_api: FakeVpsOrgApi) -> None:
    done = vpsorg(
        "plans",
        "--min-vcpus",
        "2",
        "--min-memory",
        "4096",
        "--location",
        "asia-pacific",
        "--json",
        api=fake_api,
    )

    assert done.returncode == 0, done.stderr
    plans = json.loads(done.stdout)
    assert [p["slug"] for p in plans] == ["standard", "performance", "enterprise"]
    assert plans[0]["price_monthly"] == 10.0
    assert plans[0]["memory"] == 4096
    # The location went to the API as the documented query parameter.
    assert any(r.query.get("location") == "asia-pacific" for r in fake_api.requests)


def test_plans_price_cap_and_unavailable_plans(fake_api: FakeVpsOrgApi) -> None:
    capped = vpsorg("plans", "--max-price-monthly", "12.50", "--json", api=fake_api)
    assert [p["slug"] for p in json.loads(capped.stdout)] == ["starter", "standard"]

    plans = fake_api.plans
    plans[0]["available"] = False
    with FakeVpsOrgApi(token=fake_api.token, plans=plans) as api:
        hidden = vpsorg("plans", "--json", api=api)
        shown = vpsorg("plans", "--include-unavailable", "--json", api=api)
    assert [p["slug"] for p in json.loads(hidden.stdout)] == [
        "standard",
        "performance",
        "enterprise",
    ]
    assert [p["slug"] for p in json.loads(shown.stdout)] == [
        "starter",
        "standard",
        "performance",
        "enterprise",
    ]


def test_plans_no_match_exits_1_and_explains(fake_api: FakeVpsOrgApi) -> None:
    done = vpsorg("plans", "--min-vcpus", "4", "--max-price-monthly", "15", api=fake_api)

    assert done.returncode == 1
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "No plan matches" in done.stderr
    assert "max_price_monthly" in done.stderr and "min_vcpus" in done.stderr


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--min-vcpus", "-1"], "--min-vcpus"),
        (["--min-vcpus", "two"], "--min-vcpus"),
        (["--min-vcpus", "1.5"], "--min-vcpus"),
        (["--min-vcpus", "9" * 5000], "--min-vcpus"),
        (["--max-memory", "99999999999"], "--max-memory"),
        (["--min-bandwidth", "1e3"], "--min-bandwidth"),
        (["--max-price-monthly", "cheap"], "--max-price-monthly"),
        (["--max-price-monthly", "1e1000000"], "--max-price-monthly"),
        (["--max-price-monthly", "nan"], "--max-price-monthly"),
        (["--max-price-hourly", "-inf"], "--max-price-hourly"),
        (["--max-price-hourly", "-0.01"], "--max-price-hourly"),
        (["--min-memory", "8192", "--max-memory", "1024"], "--min-memory"),
        (["--location", " "], "--location"),
        (["--timeout", "0"], "--timeout"),
        (["--timeout", "nan"], "--timeout"),
        (["--timeout", "inf"], "--timeout"),
        (["--timeout", "1e308"], "--timeout"),
    ],
)
def test_plans_bad_flags_exit_2_in_one_line_naming_the_flag(
    fake_api: FakeVpsOrgApi, args: list[str], flag: str
) -> None:
    done = vpsorg("plans", *args, api=fake_api)

    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1, done.stderr
    line = done.stderr.strip()
    assert line.startswith(("vpsorg: error: ", "vpsorg plans: error: "))
    assert flag in line, line
    field = flag[2:].replace("-", "_")
    assert "_" not in field or field not in line, line  # the flag, not the Python name
    assert len(line) < 400  # a 5000-digit value is not echoed back whole
    # Rejected before any request.
    assert fake_api.requests == []


def test_missing_token_is_a_configuration_error(fake_api: FakeVpsOrgApi) -> None:
    env = _env()
    env["VPSORG_API_URL"] = fake_api.url
    done = subprocess.run(
        [sys.executable, "-m", "pulumi_vpsorg.cli", "plans"],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )

    assert done.returncode == 2
    assert "export VPSORG_API_TOKEN=" in done.stderr
    assert "pulumi config" not in done.stderr  # the command has no stack config
    assert fake_api.requests == []


def test_wrong_token_exits_1_without_echoing_it(fake_api: FakeVpsOrgApi) -> None:
    secret = "wrong-token-0123456789abcdef"
    done = vpsorg("plans", api=fake_api, token=secret)

    assert done.returncode == 1
    assert "401" in done.stderr
    assert secret not in done.stderr + done.stdout


def test_api_url_option_wins_over_the_environment(fake_api: FakeVpsOrgApi) -> None:
    insecure = vpsorg("plans", "--api-url", "http://api.example.com/v1", api=fake_api)
    assert insecure.returncode == 2
    assert "--api-url" in insecure.stderr

    with FakeVpsOrgApi(token=fake_api.token) as other:
        done = vpsorg("plans", "--api-url", other.url, api=fake_api)
        assert done.returncode == 0, done.stderr
        assert other.count_requests("GET") >= 1
    assert fake_api.requests == []
