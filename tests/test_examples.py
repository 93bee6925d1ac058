"""Every example project, run through the harness against the fake API, and its outputs."""

from __future__ import annotations

from pathlib import Path

import pulumi
import pytest

from pulumi_vpsorg.client import VpsOrgClient
from pulumi_vpsorg.orders.models import OrderStatus
from pulumi_vpsorg.orders.summary import summarize
from pulumi_vpsorg.quickstart import FAKE_API_CONFIG, find_examples
from pulumi_vpsorg.selection import NoMatchingPlanError
from pulumi_vpsorg.testing import FakeVpsOrgApi
from pulumi_vpsorg.testing.harness import ProgramResult, run_program

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NAMES = ("plan-reference", "select-plan", "order-audit", "order-settings")
UNPAID = ["pending_payment", "awaiting_payment", "processing"]
KNOWN = list(OrderStatus.KNOWN)


def _run(name: str, api: FakeVpsOrgApi, **config: object) -> ProgramResult:
    return run_program(EXAMPLES / name, api_url=api.url, api_token=api.token, config=config)


@pytest.mark.parametrize("name", NAMES)
def test_example_is_a_complete_pulumi_python_project(name: str) -> None:
    project = EXAMPLES / name
    pulumi_yaml = (project / "Pulumi.yaml").read_text()
    assert f"name: vpsorg-{name}\n" in pulumi_yaml
    assert "runtime:\n  name: python\n" in pulumi_yaml
    requirements = (project / "requirements.txt").read_text().split()
    assert "pulumi-vpsorg" in requirements
    assert any(r.startswith("pulumi>=") for r in requirements)
    readme = (project / "README.md").read_text()
    for step in ("pulumi stack init", "pulumi config set vpsorg:apiToken --secret", "pulumi up"):
        assert step in readme, f"{name}/README.md lacks {step!r}"
    assert project in find_examples(EXAMPLES)


def test_quickstart_runs_exactly_these_examples() -> None:
    assert [p.name for p in find_examples(EXAMPLES)] == list(NAMES)


def test_plan_reference_by_id_and_slug(fake_api: FakeVpsOrgApi) -> None:
    outputs = _run("plan-reference", fake_api).outputs

    assert outputs["planById"] == {
        "id": 2,
        "slug": "standard",
        "name": "Standard VPS",
        "vcpus": 2,
        "memoryMb": 4096,
        "storageGb": 80,
        "bandwidthGb": 2048,
        "priceMonthlyUsd": 10.0,
        "priceHourlyUsd": 0.015,
        "available": True,
        "locations": ["us-west", "us-east", "eu-central", "asia-pacific"],
        "features": [
            "SSD Storage",
            "99.9% Uptime SLA",
            "Free Backups",
            "24/7 Support",
            "DDoS Protection",
            "IPv6 Support",
        ],
    }
    by_slug = outputs["planBySlug"]
    assert (by_slug["id"], by_slug["slug"], by_slug["vcpus"], by_slug["memoryMb"]) == (
        3,
        "performance",
        4,
        8192,
    )
    assert (by_slug["priceMonthlyUsd"], by_slug["priceHourlyUsd"]) == (20.0, 0.03)
    assert "Snapshots" in by_slug["features"]


def test_plan_reference_follows_its_config(fake_api: FakeVpsOrgApi) -> None:
    outputs = _run("plan-reference", fake_api, planId=1, planSlug="enterprise").outputs

    assert outputs["planById"]["slug"] == "starter"
    assert outputs["planById"]["priceMonthlyUsd"] == 5.0
    assert outputs["planBySlug"]["id"] == 4
    assert outputs["planBySlug"]["priceMonthlyUsd"] == 40.0


def test_select_plan_in_asia_pacific(fake_api: FakeVpsOrgApi) -> None:
    result = _run("select-plan", fake_api, minVcpus=2, minMemory=4096, location="asia-pacific")
    outputs = result.outputs

    expected = {
        "id": 2,
        "slug": "standard",
        "name": "Standard VPS",
        "vcpus": 2,
        "memoryMb": 4096,
        "priceMonthlyUsd": 10.0,
        "priceHourlyUsd": 0.015,
    }
    assert outputs["selectPlan"] == expected
    assert outputs["planLookup"] == expected
    assert outputs["sameChoice"] is True
    assert outputs["constraints"] == {
        "minVcpus": 2,
        "minMemoryMb": 4096,
        "location": "asia-pacific",
    }
    lookup = result.resource("selected")
    assert lookup.inputs["location"] == "asia-pacific"
    assert lookup.outputs["selected_by"] == "constraints"


@pytest.mark.parametrize(
    ("config", "slug"),
    [
        ({}, "standard"),
        ({"minVcpus": 3}, "performance"),
        ({"minVcpus": 1, "minMemory": 1024, "location": "us-west"}, "starter"),
        ({"minMemory": 10000, "location": "eu-central"}, "enterprise"),
    ],
)
def test_select_plan_picks_the_cheapest_fit(
    fake_api: FakeVpsOrgApi, config: dict[str, object], slug: str
) -> None:
    outputs = _run("select-plan", fake_api, **config).outputs

    assert outputs["selectPlan"]["slug"] == slug
    assert outputs["planLookup"]["slug"] == slug


def test_select_plan_explains_when_nothing_fits(fake_api: FakeVpsOrgApi) -> None:
    with pytest.raises(NoMatchingPlanError, match="max_price_monthly"):
        _run("select-plan", fake_api, minVcpus=4, maxPriceMonthly=15)


def test_order_audit_matches_the_api(fake_api: FakeVpsOrgApi, client: VpsOrgClient) -> None:
    outputs = _run("order-audit", fake_api).outputs

    # Every known status: the API's default filter would hide awaiting_payment and processing.
    listed = summarize(client.list_orders(KNOWN))
    summary = outputs["summary"]
    assert summary["count"] == listed.count == len(fake_api.orders) == 1796
    assert summary["statuses"] == KNOWN
    assert summary["types"] == "all"
    assert summary["countByStatus"] == listed.count_by_status
    assert summary["countByType"] == listed.count_by_type
    assert summary["totalAmountWithVatUsd"] == pytest.approx(float(listed.total_amount_with_vat))

    unpaid = summarize(client.list_orders(UNPAID))
    assert outputs["unpaidCount"] == unpaid.unpaid_count == unpaid.count == listed.unpaid_count
    assert outputs["unpaidCount"] == 267
    assert outputs["unpaidTotalUsd"] == pytest.approx(float(unpaid.unpaid_total))
    assert outputs["unpaidByStatus"] == unpaid.count_by_status
    assert outputs["overdueOrderIds"] == list(unpaid.overdue_order_ids)
    assert outputs["overdueCount"] == unpaid.overdue_count > 0
    # The seed's overdue unpaid renewal (due 2024-09-13) is listed.
    assert 7389 in outputs["overdueOrderIds"]


def test_order_audit_prints_each_figure_once(fake_api: FakeVpsOrgApi) -> None:
    outputs = _run("order-audit", fake_api).outputs

    def keys(value: object) -> list[str]:
        if isinstance(value, dict):
            return [k for key, v in value.items() for k in (key, *keys(v))]
        return []

    every_key = keys(outputs)
    for figure in ("overdueCount", "overdueOrderIds", "unpaidCount", "unpaidTotalUsd"):
        assert every_key.count(figure) == 1, figure


def test_order_audit_filters_by_type(fake_api: FakeVpsOrgApi, client: VpsOrgClient) -> None:
    outputs = _run("order-audit", fake_api, types="renew-service").outputs

    assert outputs["summary"]["types"] == ["renew-service"]
    assert set(outputs["summary"]["countByType"]) == {"renew-service"}
    renewals = [o for o in client.list_orders(UNPAID) if o.type == "renew-service"]
    assert outputs["unpaidCount"] == len(renewals)
    assert outputs["overdueOrderIds"] == list(summarize(renewals).overdue_order_ids)


def test_order_settings_sets_auto_pay_and_the_renewal_cycle(fake_api: FakeVpsOrgApi) -> None:
    order_id = int(FAKE_API_CONFIG["order-settings"]["orderId"])
    before = fake_api.get_order(order_id)
    assert before is not None
    assert before["status"] == "pending_payment" and before["type"] == "renew-service"
    assert before["auto_pay"] is False

    outputs = _run("order-settings", fake_api, orderId=order_id).outputs

    assert outputs["orderId"] == order_id
    assert outputs["autoPay"] is True
    assert outputs["status"] == "pending_payment"
    assert outputs["type"] == "renew-service"
    assert outputs["renewal"] == [
        {
            "service": "server 9574",
            "label": "Starter VPS",
            "billingCycleMonths": 12,
            "periodTo": "2024-09-07T18:38:11Z",
        }
    ]
    after = fake_api.get_order(order_id)
    assert after is not None and after["auto_pay"] is True
    assert [s["service_billing_cycle"] for s in after["services"]] == [12, 24]
    # A shorter renewal costs less, and the outputs are the order as re-read after the change.
    assert outputs["amountWithVatUsd"] == after["amount_with_vat"] < before["amount_with_vat"]
    # Nothing was paid: the example never sets `paid`.
    assert fake_api.pay_count(order_id) == 0


def test_order_settings_with_other_settings(fake_api: FakeVpsOrgApi) -> None:
    outputs = _run("order-settings", fake_api, orderId=6571, autoPay=False, billingCycle=6).outputs

    assert outputs["autoPay"] is False
    assert outputs["renewal"][0]["billingCycleMonths"] == 6


def test_order_settings_requires_an_order_id(fake_api: FakeVpsOrgApi) -> None:
    with pytest.raises(Exception, match="orderId"):
        _run("order-settings", fake_api)


# -- config that is set is used as it is, or refused: never silently replaced by a default --------


@pytest.mark.parametrize(
    ("name", "config", "key"),
    [
        ("order-settings", {"orderId": 6571, "billingCycle": 0}, "billingCycle"),
        ("order-settings", {"orderId": 6571, "billingCycle": 25}, "billingCycle"),
        ("order-settings", {"orderId": 6571, "billingCycle": -12}, "billingCycle"),
        ("order-settings", {"orderId": 0}, "orderId"),
        ("plan-reference", {"planId": 0}, "planId"),
        ("select-plan", {"minVcpus": -1}, "minVcpus"),
        ("select-plan", {"minMemory": -4096}, "minMemory"),
        ("select-plan", {"maxPriceMonthly": -5}, "maxPriceMonthly"),
        ("order-audit", {"types": ","}, "types"),
    ],
)
def test_examples_refuse_invalid_config_naming_the_key(
    fake_api: FakeVpsOrgApi, name: str, config: dict[str, object], key: str
) -> None:
    with pytest.raises(pulumi.RunError, match=rf"config vpsorg-{name}:{key}: expected .*got") as info:
        _run(name, fake_api, **config)
    assert str(config[key]) in str(info.value)
    # Refused before anything reached the API.
    assert fake_api.requests == []


def test_billing_cycle_zero_is_never_written_as_twelve(fake_api: FakeVpsOrgApi) -> None:
    before = fake_api.get_order(6571)
    with pytest.raises(pulumi.RunError):
        _run("order-settings", fake_api, orderId=6571, billingCycle=0)
    assert fake_api.get_order(6571) == before


def test_zero_minimum_vcpus_is_no_lower_bound_not_the_default(fake_api: FakeVpsOrgApi) -> None:
    outputs = _run("select-plan", fake_api, minVcpus=0, minMemory=0).outputs

    assert outputs["constraints"]["minVcpus"] == 0 and outputs["constraints"]["minMemoryMb"] == 0
    assert outputs["selectPlan"]["slug"] == "starter"  # `or 2` would have picked standard
