"""The console commands as subprocesses: ``vpsorg`` against a fake API, and ``vpsorg-quickstart``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pulumi_vpsorg.assumptions import ASSUMPTIONS
from pulumi_vpsorg.client import VpsOrgClient
from pulumi_vpsorg.orders.models import OrderStatus
from pulumi_vpsorg.orders.summary import summarize
from pulumi_vpsorg.testing import FakeVpsOrgApi
from tests.functions.other_default_api import other_default_api

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TIMEOUT = 120  # a bound on a hung process, not a timing assertion


def _env(api: FakeVpsOrgApi | None = None, token: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VPSORG_", "PULUMI_"))}
    if api is not None:
        env["VPSORG_API_URL"] = api.url
        env["VPSORG_API_TOKEN"] = api.token if token is None else token
    return env


def vpsorg(
    *args: str, api: FakeVpsOrgApi | None = None, token: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pulumi_vpsorg.cli", *args],
        env=_env(api, token),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def quickstart(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pulumi_vpsorg.quickstart", *args],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


# -- vpsorg plans ------------------------------------------------------------------------


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


# -- vpsorg orders -----------------------------------------------------------------------


def test_orders_summary(fake_api: FakeVpsOrgApi, client: VpsOrgClient) -> None:
    done = vpsorg("orders", api=fake_api)

    assert done.returncode == 0, done.stderr
    summary = summarize(client.list_orders(list(OrderStatus.KNOWN)))
    assert summary.count == len(fake_api.orders) and summary.unpaid_count == 267
    rows = dict(line.split("  ", 1) for line in done.stdout.splitlines())
    rows = {k.strip(): v.strip() for k, v in rows.items()}
    assert rows["statuses"] == (
        "pending_payment, awaiting_payment, processing, paid, cancelled (every known status)"
    )
    assert rows["types"] == "all"
    assert rows["orders"] == str(summary.count)
    assert rows["by status"] == ", ".join(f"{k} {v}" for k, v in summary.count_by_status.items())
    assert rows["unpaid total with VAT (USD)"] == f"{summary.unpaid_total:.2f}"
    assert rows["overdue"] == str(summary.overdue_count)
    first_ids = [int(i) for i in rows["overdue order ids"].split(", ")[:20]]
    assert first_ids == list(summary.overdue_order_ids[:20])
    assert "--json lists all" in rows["overdue order ids"]


def test_orders_json_with_status_and_type_filters(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    done = vpsorg(
        "orders",
        "--status",
        "pending_payment,awaiting_payment",
        "--status",
        "processing",
        "--type",
        "renew-service",
        "--json",
        api=fake_api,
    )

    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    statuses = ["pending_payment", "awaiting_payment", "processing"]
    expected = summarize(o for o in client.list_orders(statuses) if o.type == "renew-service")
    assert data["status"] == statuses
    assert data["type"] == ["renew-service"]
    assert data["count"] == expected.count == data["unpaid_count"]
    assert data["count_by_type"] == {"renew-service": expected.count}
    assert data["unpaid_total"] == pytest.approx(float(expected.unpaid_total))
    assert data["overdue_order_ids"] == list(expected.overdue_order_ids)


def test_orders_all_statuses(fake_api: FakeVpsOrgApi) -> None:
    done = vpsorg("orders", "--status", "all", "--json", api=fake_api)

    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["count"] == len(fake_api.orders)
    assert set(data["count_by_status"]) == {
        "pending_payment",
        "awaiting_payment",
        "processing",
        "paid",
        "cancelled",
    }


def test_orders_unknown_status_exits_2(fake_api: FakeVpsOrgApi) -> None:
    done = vpsorg("orders", "--status", "overdue", api=fake_api)

    assert done.returncode == 2
    assert "status" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_orders_api_failure_exits_1(fake_api: FakeVpsOrgApi) -> None:
    url = fake_api.url
    fake_api.stop()
    env = _env()
    env["VPSORG_API_URL"] = url
    env["VPSORG_API_TOKEN"] = fake_api.token
    done = subprocess.run(
        [sys.executable, "-m", "pulumi_vpsorg.cli", "orders", "--timeout", "5"],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )

    assert done.returncode == 1
    assert done.stderr.startswith("vpsorg: ")
    assert "Traceback" not in done.stderr


def test_orders_go_to_the_orders_url_and_plans_to_the_api_url(fake_api: FakeVpsOrgApi) -> None:
    with FakeVpsOrgApi(token=fake_api.token) as orders_host:
        audit = vpsorg("orders", "--orders-api-url", orders_host.url, "--json", api=fake_api)
        plans = vpsorg("plans", "--orders-api-url", orders_host.url, "--json", api=fake_api)
        assert audit.returncode == 0 and plans.returncode == 0, audit.stderr + plans.stderr
        assert {r.path for r in orders_host.requests} == {"/api/v1/orders"}
    assert {r.path for r in fake_api.requests} == {"/api/v1/plans/"}


def test_the_orders_url_from_the_environment(fake_api: FakeVpsOrgApi) -> None:
    with FakeVpsOrgApi(token=fake_api.token) as orders_host:
        done = subprocess.run(
            [sys.executable, "-m", "pulumi_vpsorg.cli", "orders", "--json"],
            env={**_env(fake_api), "VPSORG_ORDERS_API_URL": orders_host.url},
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert orders_host.count_requests("GET", "/api/v1/orders") >= 1
    assert fake_api.requests == []


def test_a_bad_orders_url_is_refused_naming_the_flag(fake_api: FakeVpsOrgApi) -> None:
    done = vpsorg("orders", "--orders-api-url", "http://example.com/v1", api=fake_api)

    assert done.returncode == 2
    assert done.stderr.startswith("vpsorg: error: --orders-api-url: ")
    assert fake_api.requests == []


def test_orders_default_covers_every_known_status_whatever_the_servers_default(
    fake_api: FakeVpsOrgApi,
) -> None:
    with other_default_api(list(fake_api.orders.values())) as other:
        done = subprocess.run(
            [sys.executable, "-m", "pulumi_vpsorg.cli", "orders", "--json"],
            env={**_env(), "VPSORG_API_URL": other.url, "VPSORG_API_TOKEN": "t"},
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["status"] == list(OrderStatus.KNOWN)
    assert data["count"] == len(fake_api.orders) and data["unpaid_count"] == 267
    assert set(other.filters) == {",".join(OrderStatus.KNOWN)}


@pytest.mark.parametrize(("bad", "hint"), [("PAID", "did you mean 'paid'"), ("pendng_payment", "")])
def test_orders_unknown_status_is_refused_naming_the_valid_ones(
    fake_api: FakeVpsOrgApi, bad: str, hint: str
) -> None:
    done = vpsorg("orders", "--status", f"paid,{bad}", api=fake_api)

    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1
    assert "--status" in done.stderr and repr(bad) in done.stderr and hint in done.stderr
    assert all(s in done.stderr for s in OrderStatus.KNOWN)
    assert fake_api.requests == []


def test_orders_unknown_status_allowed_goes_to_the_api(fake_api: FakeVpsOrgApi) -> None:
    with other_default_api(list(fake_api.orders.values())) as other:
        done = subprocess.run(
            [
                *(sys.executable, "-m", "pulumi_vpsorg.cli", "orders"),
                *("--status", "paid,refunded", "--allow-unknown-status", "--json"),
            ],
            env={**_env(), "VPSORG_API_URL": other.url, "VPSORG_API_TOKEN": "t"},
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == ["paid", "refunded"]
    assert set(other.filters) == {"paid,refunded"}


def test_an_api_422_is_an_api_failure_not_a_usage_error(fake_api: FakeVpsOrgApi) -> None:
    # The fake API answers a status it does not know with 422.
    done = vpsorg("orders", "--status", "refunded", "--allow-unknown-status", api=fake_api)

    assert done.returncode == 1
    assert done.stderr.startswith("vpsorg: GET /orders failed with HTTP 422")
    assert len(done.stderr.splitlines()) == 1


def test_orders_type_that_matches_nothing_says_so(fake_api: FakeVpsOrgApi) -> None:
    done = vpsorg("orders", "--type", "renew", "--json", api=fake_api)

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["count"] == 0
    assert "no order has type 'renew'" in done.stderr
    assert "renew-service" in done.stderr  # the types the orders do have
    matched = vpsorg("orders", "--type", "renew-service", "--json", api=fake_api)
    assert matched.stderr == ""


@pytest.mark.parametrize(
    "args", [["orders", "--json"], ["plans"], ["assumptions"], ["--help"], ["orders", "--help"]]
)
def test_a_closed_pipe_ends_quietly(fake_api: FakeVpsOrgApi, args: list[str]) -> None:
    # `vpsorg ... | head`: the reader is gone before the command writes a byte.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [str(Path(sys.executable).with_name("vpsorg")), *args],
            env=_env(fake_api),
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode in (0, 1)


@pytest.mark.parametrize("engine", ["mocks", "cli"])
def test_the_quickstart_on_a_closed_pipe_ends_quietly(engine: str) -> None:
    # `vpsorg-quickstart | head`, the reader gone at once; under the CLI when one is found.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [str(Path(sys.executable).with_name("vpsorg-quickstart")), "--engine", engine],
            env=_env(),
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=600,
            check=False,
        )
    finally:
        os.close(write_end)
    assert done.stderr == "" or "no Pulumi CLI found" in done.stderr, done.stderr
    assert done.returncode in (1, 2)


# -- help and assumptions ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ([], ["MB", "GB", "USD", "months"]),
        (["plans"], ["MB", "GB", "USD", "per month", "per hour", "cheapest"]),
        (["orders"], ["USD", "pending_payment", "renew-service", "overdue"]),
    ],
)
def test_help_explains_units_and_environment(command: list[str], words: list[str]) -> None:
    done = vpsorg(*command, "--help")

    assert done.returncode == 0
    for word in [*words, "VPSORG_API_TOKEN", "VPSORG_API_URL", "exit status"]:
        assert word in done.stdout, word
    assert "--token" not in done.stdout.replace("no --token option", "")


def test_no_command_is_a_usage_error() -> None:
    done = vpsorg()

    assert done.returncode == 2
    assert "plans" in done.stderr and "orders" in done.stderr


def test_assumptions_are_listed() -> None:
    done = vpsorg("assumptions")

    assert done.returncode == 0
    assert done.stdout.splitlines() == list(ASSUMPTIONS)


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("vpsorg")
    assert script.exists()
    done = subprocess.run(
        [str(script), "--help"], capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    assert done.returncode == 0
    assert "plans" in done.stdout


# -- vpsorg-quickstart -------------------------------------------------------------------


def test_quickstart_runs_every_example(
    quickstart_run: subprocess.CompletedProcess[str],
) -> None:
    done = quickstart_run  # `vpsorg-quickstart`, no arguments (tests/conftest.py)

    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    for name in ("plan-reference", "select-plan", "order-audit", "order-settings"):
        assert f"=== {name}: " in out
    for output in (
        "planById",
        "planBySlug",
        "selectPlan",
        "sameChoice",
        "unpaidTotalUsd",
        "overdueOrderIds",
        "billingCycleMonths",
    ):
        assert output in out
    assert '"Standard VPS"' in out
    assert "4 examples passed, 0 failed" in out
    assert "FAILED" not in out
    # The fake API's tokens (random, prefixed fake-rw-/fake-ro-) are never printed.
    assert "fake-rw-" not in out + done.stderr
    assert "fake-ro-" not in out + done.stderr
    assert done.stderr == ""


def test_quickstart_only_and_full(tmp_path: Path) -> None:
    done = quickstart("--only", "order-audit", "--full")

    assert done.returncode == 0, done.stderr
    assert "=== order-audit" in done.stdout and "=== select-plan" not in done.stdout
    assert "more (" not in done.stdout
    assert "1 examples passed, 0 failed" in done.stdout

    unknown = quickstart("--only", "nope")
    assert unknown.returncode == 2
    assert "nope" in unknown.stderr


def test_quickstart_reports_failing_examples(tmp_path: Path) -> None:
    good = tmp_path / "good"
    bad = tmp_path / "bad"
    for project, body in (
        (good, "import pulumi\npulumi.export('answer', 42)\n"),
        (bad, "import pulumi_vpsorg as vpsorg\nvpsorg.select_plan(min_vcpus=99)\n"),
    ):
        project.mkdir()
        (project / "Pulumi.yaml").write_text(f"name: {project.name}\nruntime: python\n")
        (project / "__main__.py").write_text(body)

    # The mocks harness names the error on the FAILED line; `pulumi up` prints it above that line.
    done = quickstart("--examples", str(tmp_path), "--engine", "mocks")

    assert done.returncode == 1
    assert "answer: 42" in done.stdout
    assert "FAILED: NoMatchingPlanError: No plan matches min_vcpus=99" in done.stdout
    assert "1 examples passed, 1 failed" in done.stdout

    auto = quickstart("--examples", str(tmp_path))
    assert auto.returncode == 1
    assert "No plan matches min_vcpus=99" in auto.stdout
    assert "1 examples passed, 1 failed" in auto.stdout


def test_quickstart_without_examples_exits_2(tmp_path: Path) -> None:
    done = quickstart("--examples", str(tmp_path))

    assert done.returncode == 2
    assert "no example projects" in done.stderr


def test_orders_with_a_mistyped_type_is_a_usage_error(fake_api: FakeVpsOrgApi) -> None:
    result = vpsorg("orders", "--type", "renew_service", api=fake_api)
    assert result.returncode == 2
    assert "did you mean 'renew-service'" in result.stderr
    assert fake_api.requests == []


@pytest.mark.parametrize(
    ("flag", "expected"),
    [
        ("--status", "--status: expected status names such as 'paid', got nothing"),
        ("--type", "--type: expected order types such as 'renew-service', got nothing"),
    ],
)
def test_orders_flag_that_names_nothing_is_a_usage_error(
    fake_api: FakeVpsOrgApi, flag: str, expected: str
) -> None:
    result = vpsorg("orders", flag, " , ", api=fake_api)
    assert result.returncode == 2
    assert expected in result.stderr
    assert fake_api.requests == []


def test_orders_type_that_is_no_name_is_a_usage_error_naming_the_flag(
    fake_api: FakeVpsOrgApi,
) -> None:
    result = vpsorg("orders", "--type", "renew-service", "--type", "Renew Service", api=fake_api)
    assert result.returncode == 2
    assert "--type: 'Renew Service' is not an order type name" in result.stderr
    assert fake_api.requests == []
