"""The ``_output`` twins: Inputs, secrets, stack config, and ``opts.depends_on``."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pulumi
import pytest
from google.protobuf.json_format import MessageToDict
from pulumi.runtime import rpc
from pulumi.runtime.config import set_all_config

from pulumi_vpsorg.functions import (
    GetOrdersResult,
    OrderResult,
    PlanDetailsResult,
    PlanResult,
    get_order_output,
    get_orders_output,
    get_plan_output,
    get_plans_output,
    select_plan_output,
)
from pulumi_vpsorg.testing import FakeVpsOrgApi

from .conftest import Mocks

PLANS = "/api/v1/plans/"


class Thing(pulumi.CustomResource):
    """A stand-in for a resource a read must come after (an ``Order`` being paid, say)."""

    def __init__(self, name: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("test:index:Thing", name, {}, opts)


class Group(pulumi.ComponentResource):
    def __init__(self, name: str) -> None:
        super().__init__("test:index:Group", name)
        self.member = Thing(f"{name}-member", pulumi.ResourceOptions(parent=self))
        self.register_outputs({})


def test_output_twins_under_mocks(
    fake_api: FakeVpsOrgApi, creds: dict[str, str], mocks: Mocks
) -> None:
    token = pulumi.Output.secret(fake_api.token)
    vcpus = pulumi.Output.from_input(3)

    @pulumi.runtime.test
    def program() -> pulumi.Output[Any]:
        plan = select_plan_output(min_vcpus=vcpus, api_token=token, api_url=fake_api.url)
        plans = get_plans_output(location="eu-central", sort_by="vcpus", **creds)
        detail = get_plan_output(slug=plan.apply(lambda p: p.slug), **creds)
        orders = get_orders_output(status=["paid"], **creds)
        order = get_order_output(orders.apply(lambda o: o.orders[0].id), **creds)
        pulumi.export("plan", plan)

        async def exported(value: Any) -> Any:
            # What pulumi.export sends for the value: plain JSON after serialization.
            struct = await rpc.serialize_properties({"v": value}, {})
            return json.loads(json.dumps(MessageToDict(struct)))["v"]

        as_json = plan.apply(exported)

        def check(args: list[Any]) -> None:
            p, ps, d, os_, o, j = args
            assert j["slug"] == "performance" and j["price_monthly"] == 20.0
            assert isinstance(p, PlanResult) and p.slug == "performance"
            assert [x.vcpus for x in ps.plans] == [1, 2, 4, 8]
            assert isinstance(d, PlanDetailsResult) and d.features
            assert isinstance(os_, GetOrdersResult) and os_.summary.count == len(os_.orders)
            assert isinstance(o, OrderResult) and o.id == os_.orders[0].id

        return pulumi.Output.all(plan, plans, detail, orders, order, as_json).apply(check)

    program()
    assert fake_api.count_requests("GET", PLANS) == 1  # no location and eu-central: one catalogue


def test_output_twin_keeps_secrets_secret(fake_api: FakeVpsOrgApi, mocks: Mocks) -> None:
    @pulumi.runtime.test
    def program() -> pulumi.Output[Any]:
        plan = select_plan_output(
            api_token=pulumi.Output.secret(fake_api.token), api_url=fake_api.url
        )

        async def secret() -> bool:
            return await plan.is_secret()

        return pulumi.Output.from_input(asyncio.ensure_future(secret())).apply(
            lambda is_secret: None if is_secret else pytest.fail("not secret")
        )

    program()


def test_output_twin_reads_stack_config_set_in_the_runtime(
    fake_api: FakeVpsOrgApi, mocks: Mocks
) -> None:
    # As inline Automation API programs and mock tests set it: no environment variables involved.
    set_all_config(
        {"vpsorg:apiToken": fake_api.token, "vpsorg:apiUrl": fake_api.url}, ["vpsorg:apiToken"]
    )

    @pulumi.runtime.test
    def program() -> pulumi.Output[Any]:
        plan = select_plan_output(min_vcpus=4)

        def check(p: PlanResult) -> None:
            assert p.slug == "performance"

        return plan.apply(check)

    try:
        program()
    finally:
        set_all_config({}, [])
    assert fake_api.count_requests("GET", PLANS) == 1


def test_depends_on_reads_after_the_resource_and_depends_on_it(
    fake_api: FakeVpsOrgApi, creds: dict[str, str], mocks: Mocks
) -> None:
    # The "engine" pays an order as it creates the resource: the audit must see it paid.
    unpaid = next(i for i, o in fake_api.orders.items() if o["status"] == "pending_payment")
    mocks.on_create = lambda name: fake_api.update_order(unpaid, status="paid")

    @pulumi.runtime.test
    def program() -> pulumi.Output[Any]:
        payment = Thing("payment")
        audit = get_orders_output(
            status="pending_payment", opts=pulumi.InvokeOutputOptions(depends_on=[payment]), **creds
        )

        async def depends() -> bool:
            return payment in await audit.resources()

        def check(args: list[Any]) -> None:
            result, on_payment = args
            assert unpaid not in result.summary.order_ids
            assert on_payment

        return pulumi.Output.all(audit, asyncio.ensure_future(depends())).apply(check)

    program()
    assert mocks.created == ["payment"]


def test_depends_on_a_component_waits_for_its_children(
    fake_api: FakeVpsOrgApi, creds: dict[str, str], mocks: Mocks
) -> None:
    seen: list[int] = []
    mocks.on_create = lambda name: seen.append(fake_api.count_requests("GET", PLANS))

    @pulumi.runtime.test
    def program() -> pulumi.Output[Any]:
        group = Group("group")
        plan = select_plan_output(opts=pulumi.InvokeOutputOptions(depends_on=group), **creds)
        return plan.apply(lambda p: None)

    program()
    assert seen == [0, 0]  # the component and its member were created before the read
    assert fake_api.count_requests("GET", PLANS) == 1


def test_depends_on_an_unknown_resource_in_preview_reads_nothing(
    fake_api: FakeVpsOrgApi, creds: dict[str, str], preview_mocks: Mocks
) -> None:
    @pulumi.runtime.test
    def program() -> pulumi.Output[Any]:
        payment = Thing("payment")
        audit = get_orders_output(opts=pulumi.InvokeOutputOptions(depends_on=[payment]), **creds)

        async def known() -> bool:
            return await audit.is_known()

        return pulumi.Output.from_input(asyncio.ensure_future(known())).apply(
            lambda is_known: pytest.fail("known in preview") if is_known else None
        )

    program()
    assert fake_api.requests == []


@pytest.mark.parametrize(("order_id", "secret"), [(7546, True), (7736, False)])
def test_an_order_holding_payment_information_is_a_secret_output(
    fake_api: FakeVpsOrgApi, creds: dict[str, str], mocks: Mocks, order_id: int, secret: bool
) -> None:
    """Card details are secret outputs of ``Order`` and ``OrderLookup``; the functions keep them
    secret too (7546 was paid by card, 7736 from the balance)."""

    @pulumi.runtime.test
    def program() -> pulumi.Output[Any]:
        order = get_order_output(order_id, **creds)

        async def flags() -> tuple[bool, bool]:
            return await order.is_secret(), await order.is_known()

        def check(found: tuple[bool, bool]) -> None:
            assert found == (secret, True)

        return pulumi.Output.from_input(asyncio.ensure_future(flags())).apply(check)

    program()


@pytest.mark.parametrize(("status", "secret"), [("paid", True), ("pending_payment", False)])
def test_orders_holding_payment_information_are_a_secret_output(
    fake_api: FakeVpsOrgApi, creds: dict[str, str], mocks: Mocks, status: str, secret: bool
) -> None:
    assert any(o["payment_information"] for o in fake_api.orders.values() if o["status"] == "paid")
    assert not any(
        o["payment_information"]
        for o in fake_api.orders.values()
        if o["status"] == "pending_payment"
    )

    @pulumi.runtime.test
    def program() -> pulumi.Output[Any]:
        orders = get_orders_output(status=[status], **creds)

        async def flag() -> bool:
            return await orders.is_secret()

        return pulumi.Output.from_input(asyncio.ensure_future(flag())).apply(
            lambda is_secret: None if is_secret == secret else pytest.fail(f"secret: {is_secret}")
        )

    program()
