"""``vpsorg orders`` against the fake API, as a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pulumi_vpsorg.client import VpsOrgClient
from pulumi_vpsorg.orders.models import OrderStatus
from pulumi_vpsorg.orders.summary import summarize
from pulumi_vpsorg.testing import FakeVpsOrgApi
from tests.cli.support import TIMEOUT, _env, vpsorg
from tests.functions.other_default_api import other_default_api


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


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("VPSORG_API_URL", "http://example.com/x"),
        ("VPSORG_ORDERS_API_URL", "http://example.com/x"),
        ("VPSORG_API_TOKEN", "a b"),
        ("VPSORG_ORDERS_API_TOKEN", "a b"),
    ],
)
def test_a_bad_setting_from_the_environment_is_named_by_its_variable(
    fake_api: FakeVpsOrgApi, variable: str, value: str
) -> None:
    """Not by a flag the user never passed, nor by a Python field."""
    done = subprocess.run(
        [sys.executable, "-m", "pulumi_vpsorg.cli", "orders"],
        env={**_env(fake_api), variable: value},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith(f"vpsorg: error: {variable}: "), done.stderr
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
