"""run_program: programs under Pulumi's mocks with the real providers against the fake API."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pulumi
import pytest
from pulumi.runtime import mocks as pulumi_mocks

import pulumi_vpsorg as vpsorg
from pulumi_vpsorg.selection import NoMatchingPlanError
from pulumi_vpsorg.testing import FakeVpsOrgApi
from pulumi_vpsorg.testing.harness import (
    UNKNOWN,
    CheckFailedError,
    ProgramResult,
    run_program,
)

# Order 6571 of the fake's seed data: pending_payment, auto_pay false, one server service whose
# renewal period (24 months) can be changed.
RENEWAL_ORDER = 6571


def _plan_program() -> None:
    plan = vpsorg.PlanLookup("web", min_vcpus=2, min_memory=4096, location="asia-pacific")
    pulumi.export("slug", plan.slug)
    pulumi.export("price", plan.price_monthly)
    pulumi.export("chosen", vpsorg.select_plan(min_vcpus=4))


def test_runs_a_program_function_against_a_fresh_fake_api() -> None:
    result = run_program(_plan_program)

    assert isinstance(result, ProgramResult)
    assert result.outputs["slug"] == "standard"
    assert result.outputs["price"] == 10.0
    # Data-source results export as the engine records them: plain JSON objects.
    assert type(result.outputs["chosen"]) is dict
    assert result.outputs["chosen"]["slug"] == "performance"
    assert result.api_url is not None and result.api_url.startswith("http://127.0.0.1:")
    record = result.resource("web")
    assert record.type == "pulumi-python:dynamic/vpsorg:PlanLookup"
    assert record.id.startswith("planlookup-")
    # Inputs after check(): numbers are whole again, defaults filled in.
    assert record.inputs == {
        "min_vcpus": 2,
        "min_memory": 4096,
        "location": "asia-pacific",
        "available_only": True,
    }
    assert record.outputs["slug"] == "standard"
    assert record.outputs["selected_by"] == "constraints"
    assert "__provider" not in record.outputs


def test_providers_talk_to_the_given_api_with_the_given_token(fake_api: FakeVpsOrgApi) -> None:
    result = run_program(_plan_program, api_url=fake_api.url, api_token=fake_api.token)

    assert result.api_url == fake_api.url
    assert result.outputs["slug"] == "standard"
    assert fake_api.count_requests("GET") > 0
    assert all(r.header("Authorization") == f"Bearer {fake_api.token}" for r in fake_api.requests)


def test_check_failures_stop_the_run_and_name_the_property() -> None:
    def program() -> None:
        vpsorg.PlanLookup("web", min_vcpus=-2, location="eu-central")

    with pytest.raises(CheckFailedError) as caught:
        run_program(program)

    error = caught.value
    assert error.resource_name == "web"
    assert error.resource_type.endswith(":PlanLookup")
    assert [prop for prop, _ in error.failures] == ["min_vcpus"]
    assert "min_vcpus" in str(error) and "'web'" in str(error)


def test_order_check_failure_lists_each_bad_property() -> None:
    def program() -> None:
        vpsorg.Order("order", order_id=RENEWAL_ORDER, billing_cycle=30)

    with pytest.raises(CheckFailedError) as caught:
        run_program(program)
    assert [prop for prop, _ in caught.value.failures] == ["billing_cycle"]


def test_provider_and_program_errors_propagate_unchanged() -> None:
    def no_plan() -> None:
        vpsorg.PlanLookup("huge", min_vcpus=64)

    with pytest.raises(NoMatchingPlanError, match="min_vcpus=64"):
        run_program(no_plan)

    def broken() -> None:
        raise RuntimeError("the program broke")

    with pytest.raises(RuntimeError, match="the program broke"):
        run_program(broken)


def test_order_is_created_through_check_and_create(fake_api: FakeVpsOrgApi) -> None:
    def program() -> None:
        order = vpsorg.Order("order", order_id=RENEWAL_ORDER, auto_pay=True, billing_cycle=12)
        pulumi.export("auto_pay", order.auto_pay)
        pulumi.export("payment_information", order.payment_information)

    result = run_program(program, api_url=fake_api.url, api_token=fake_api.token)

    assert result.outputs["auto_pay"] is True
    # additional_secret_outputs reach the mock engine: the output stays secret.
    assert "payment_information" in result.secret_outputs
    assert "auto_pay" not in result.secret_outputs
    stored = fake_api.get_order(RENEWAL_ORDER)
    assert stored is not None and stored["auto_pay"] is True
    changeable = [s for s in stored["services"] if s["is_period_changeable"]]
    assert [s["service_billing_cycle"] for s in changeable] == [12]
    assert result.resource("order").id == str(RENEWAL_ORDER)


def test_preview_checks_but_does_not_create(fake_api: FakeVpsOrgApi) -> None:
    def program() -> None:
        order = vpsorg.Order("order", order_id=RENEWAL_ORDER, auto_pay=True)
        plan = vpsorg.PlanLookup("web", slug="standard")
        pulumi.export("status", order.status)
        pulumi.export("slug", plan.slug)
        pulumi.export("order_id", order.order_id)

    result = run_program(program, api_url=fake_api.url, api_token=fake_api.token, preview=True)

    assert result.outputs["status"] is UNKNOWN
    assert result.outputs["order_id"] == RENEWAL_ORDER
    # The pinned slug is an input, so it is known; nothing was written or even read.
    assert result.outputs["slug"] == "standard"
    assert fake_api.requests == []
    stored = fake_api.get_order(RENEWAL_ORDER)
    assert stored is not None and stored["auto_pay"] is False

    with pytest.raises(CheckFailedError):
        run_program(
            lambda: vpsorg.PlanLookup("bad", plan_id=1, slug="standard"),
            api_url=fake_api.url,
            api_token=fake_api.token,
            preview=True,
        )


def test_stack_config_is_set_as_pulumi_config_set_would() -> None:
    def program() -> None:
        config = pulumi.Config()
        pulumi.export("project", pulumi.get_project())
        pulumi.export("stack", pulumi.get_stack())
        pulumi.export("min_vcpus", config.require_int("minVcpus"))
        pulumi.export("tags", config.require_object("tags"))
        pulumi.export("other", pulumi.Config("other").get("key"))
        pulumi.export("api_url", pulumi.Config("vpsorg").get("apiUrl"))
        pulumi.export("token", pulumi.Config("vpsorg").require_secret("apiToken"))

    result = run_program(
        program,
        config={"minVcpus": 4, "tags": {"team": "web"}, "other:key": "value"},
        project="shop",
        stack="prod",
        api_token="tok-123",
    )

    assert result.outputs["project"] == "shop"
    assert result.outputs["stack"] == "prod"
    assert result.outputs["min_vcpus"] == 4
    assert result.outputs["tags"] == {"team": "web"}
    assert result.outputs["other"] == "value"
    assert result.outputs["api_url"] == result.api_url
    assert result.outputs["token"] == "tok-123"
    assert result.secret_outputs == {"token"}


def test_the_token_stays_out_of_outputs_and_resources() -> None:
    def program() -> None:
        order = vpsorg.Order("order", order_id=RENEWAL_ORDER, auto_pay=True)
        pulumi.export("order", order.order_id)
        pulumi.export("plan", vpsorg.PlanLookup("web", slug="starter").slug)

    token = "tok-must-not-leak-0123456789"
    result = run_program(program, api_token=token)

    assert token not in repr(result)


def test_output_twins_see_the_stack_config() -> None:
    def program() -> None:
        pulumi.export("choice", vpsorg.select_plan_output(min_vcpus=8).apply(lambda p: p.slug))
        pulumi.export("orders", vpsorg.get_orders_output(status="paid").summary.count)

    result = run_program(program)

    assert result.outputs["choice"] == "enterprise"
    assert result.outputs["orders"] > 0


def test_runs_are_isolated_from_each_other() -> None:
    def program() -> None:
        size = pulumi.Config().require_int("vcpus")
        pulumi.export("slug", vpsorg.PlanLookup("web", min_vcpus=size).slug)

    first = run_program(program, config={"vcpus": 1})
    second = run_program(program, config={"vcpus": 8})

    assert first.outputs == {"slug": "starter"}
    assert second.outputs == {"slug": "enterprise"}
    assert first.api_url != second.api_url
    assert [r.name for r in second.resources] == ["web"]


def test_async_programs_are_awaited() -> None:
    async def program() -> None:
        plan = vpsorg.PlanLookup("web", slug="enterprise")
        vcpus = await plan.vcpus.future()
        pulumi.export("vcpus", vcpus)

    assert run_program(program).outputs == {"vcpus": 8}


def test_works_when_the_caller_runs_an_event_loop() -> None:
    async def caller() -> ProgramResult:
        return run_program(_plan_program)

    assert asyncio.run(caller()).outputs["slug"] == "standard"


def test_other_resources_are_echoed_or_left_to_the_given_mocks() -> None:
    def program() -> None:
        bucket = pulumi.CustomResource("test:index:Bucket", "bucket", {"size": 3})
        pulumi.export("id", bucket.id)

    echoed = run_program(program)
    assert echoed.outputs == {"id": "bucket-id"}

    class Mocks(pulumi_mocks.Mocks):
        def new_resource(self, args: pulumi_mocks.MockResourceArgs) -> tuple[str, dict[str, Any]]:
            return f"{args.name}-{int(args.inputs['size'])}", {}

        def call(self, args: pulumi_mocks.MockCallArgs) -> tuple[dict[str, Any], None]:
            return {}, None

    mocked = run_program(program, mocks=Mocks())
    assert mocked.outputs == {"id": "bucket-3"}


def test_runs_a_project_directory(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: my-project\nruntime: python\n")
    (tmp_path / "helpers.py").write_text("GREETING = 'hello'\n")
    (tmp_path / "__main__.py").write_text(
        "import pulumi\n"
        "import pulumi_vpsorg as vpsorg\n"
        "from helpers import GREETING\n"
        "pulumi.export('project', pulumi.get_project())\n"
        "pulumi.export('greeting', GREETING + ' ' + pulumi.Config().require('name'))\n"
        "pulumi.export('slug', vpsorg.get_plan(plan_id=1).slug)\n"
    )

    result = run_program(tmp_path, config={"name": "world"})

    assert result.outputs == {"greeting": "hello world", "project": "my-project", "slug": "starter"}


def test_missing_program_is_reported(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"__main__\.py"):
        run_program(tmp_path)


@pytest.mark.parametrize(("given", "secret"), [("secret", True), ("plain", False), ("unset", True)])
def test_a_promo_code_keeps_its_echo_secret_unless_given_as_plain_text(
    fake_api: FakeVpsOrgApi, given: str, secret: bool
) -> None:
    welcome = {"code": "WELCOME10", "percentage": 10, "minimum_billing_cycle": 1}
    applied = welcome if given == "unset" else None  # applied earlier, maybe as a secret
    oid = fake_api.add_order(auto_pay=False, promo_applicable=True, promo=applied)["id"]

    def program() -> None:
        code = {"secret": pulumi.Output.secret("WELCOME10"), "plain": "WELCOME10"}.get(given)
        order = vpsorg.Order("order", order_id=oid, promo_code=code)
        pulumi.export("promo", order.promo)

    result = run_program(program, api_url=fake_api.url, api_token=fake_api.token)

    assert result.outputs["promo"]["code"] == "WELCOME10"
    assert ("promo" in result.secret_outputs) is secret
