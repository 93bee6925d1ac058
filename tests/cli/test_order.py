"""``vpsorg order ID``: one order with its invoices and services, against the fake API."""

from __future__ import annotations

import json

import pytest

from pulumi_vpsorg._boundary import plain
from pulumi_vpsorg.client import VpsOrgClient
from pulumi_vpsorg.testing import FakeVpsOrgApi
from tests.cli.support import vpsorg

#: An unpaid renewal with one invoice and two services in the fake's seed data.
ORDER = 6571


def _rows(text: str) -> dict[str, str]:
    block = text.split("\n\n", 1)[0]
    return {
        key.strip(): value.strip()
        for key, value in (line.split("  ", 1) for line in block.splitlines())
    }


def test_the_order_with_its_invoices_and_services(fake_api: FakeVpsOrgApi) -> None:
    done = vpsorg("order", str(ORDER), api=fake_api)

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    order = fake_api.get_order(ORDER)
    assert order is not None
    rows = _rows(done.stdout)
    assert rows["order"] == str(ORDER)
    assert rows["status"] == "pending_payment (unpaid)"
    assert rows["type"] == order["type"] == "renew-service"
    assert rows["amount with VAT (USD)"] == "45.91"
    assert rows["auto pay"] == "no"
    assert rows["payment date"] == "none"
    assert rows["invoices"] == "1" and rows["services"] == "2"
    _, invoices, services = done.stdout.split("\n\n")
    assert invoices.splitlines() == [
        "INVOICES",
        "    ID  NUMBER      TYPE     CREATED                 USD  USD_WITH_VAT  ORDERS",
        "106571  1000106571  proform  2023-09-07T18:38:11Z  45.91         45.91  6571",
    ]
    lines = services.splitlines()
    assert lines[0] == "SERVICES"
    assert lines[1].split() == [
        "SERVICE_ID",
        "TYPE",
        "LABEL",
        "SUBLABEL",
        "PERIOD",
        "CYCLE_MONTHS",
        "CHANGEABLE",
        "USD",
        "USD_WITH_VAT",
    ]
    assert lines[2].split() == [
        "9574",
        "server",
        "Starter",
        "VPS",
        "srv-9574.example.com",
        "2023-09-07..2025-09-07",
        "24",
        "yes",
        "36.73",
        "36.73",
    ]
    assert lines[3].split()[:3] == ["700", "server-addon", "Daily"]
    # One request: the documented GET of one order, nothing else.
    assert [(r.method, r.path) for r in fake_api.requests] == [("GET", f"/api/v1/orders/{ORDER}")]


def test_the_order_as_json_is_every_field(fake_api: FakeVpsOrgApi, client: VpsOrgClient) -> None:
    done = vpsorg("order", str(ORDER), "--json", api=fake_api)

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == plain(client.get_order(ORDER))


def test_a_paid_order_shows_its_payment(fake_api: FakeVpsOrgApi, client: VpsOrgClient) -> None:
    paid = next(
        o for o in fake_api.orders.values() if o["status"] == "paid" and o.get("payment_date")
    )
    done = vpsorg("order", str(paid["id"]), api=fake_api)

    assert done.returncode == 0, done.stderr
    rows = _rows(done.stdout)
    assert rows["status"] == "paid (settled)"
    assert rows["payment date"] == plain(client.get_order(paid["id"]))["payment_date"]


def test_an_order_that_does_not_exist_exits_1(fake_api: FakeVpsOrgApi) -> None:
    done = vpsorg("order", "999999", api=fake_api)

    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("vpsorg: GET /orders/999999 failed with HTTP 404")
    assert len(done.stderr.splitlines()) == 1


@pytest.mark.parametrize("bad", ["0", "-5", "abc", "1.5", "6571x", str(2**53 + 1), "9" * 400])
def test_a_bad_id_is_a_usage_error_before_any_request(fake_api: FakeVpsOrgApi, bad: str) -> None:
    done = vpsorg("order", bad, api=fake_api)

    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1
    assert done.stderr.startswith("vpsorg order: error: argument ID: expected an order id")
    assert len(done.stderr) < 300
    assert fake_api.requests == []


def test_no_id_is_a_usage_error(fake_api: FakeVpsOrgApi) -> None:
    done = vpsorg("order", api=fake_api)

    assert done.returncode == 2
    assert "ID" in done.stderr
    assert fake_api.requests == []


def test_the_order_comes_from_the_orders_url(fake_api: FakeVpsOrgApi) -> None:
    with FakeVpsOrgApi(token=fake_api.token) as orders_host:
        done = vpsorg("order", str(ORDER), "--orders-api-url", orders_host.url, api=fake_api)
        assert done.returncode == 0, done.stderr
        assert [r.path for r in orders_host.requests] == [f"/api/v1/orders/{ORDER}"]
    assert fake_api.requests == []
