"""Data-source functions against the fake API, request economy, settings, and the Output twins."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pulumi
import pytest
from google.protobuf.json_format import MessageToDict
from pulumi.runtime import rpc
from pulumi.runtime.config import set_all_config

from pulumi_vpsorg import ConfigurationError, NotFoundError, functions
from pulumi_vpsorg.client import VpsOrgClient
from pulumi_vpsorg.functions import (
    GetOrdersResult,
    OrderResult,
    PlanDetailsResult,
    PlanResult,
    get_order,
    get_order_output,
    get_orders,
    get_orders_output,
    get_plan,
    get_plan_output,
    get_plans,
    get_plans_output,
    select_plan,
    select_plan_output,
)
from pulumi_vpsorg.orders.summary import summarize
from pulumi_vpsorg.selection import NoMatchingPlanError, UnknownPlanError
from pulumi_vpsorg.testing import FakeVpsOrgApi

PLANS = "/api/v1/plans/"
ORDERS = "/api/v1/orders"


@pytest.fixture(autouse=True)
def _fresh_memo() -> Iterator[None]:
    functions.clear_cache()
    yield
    functions.clear_cache()
    set_all_config({})


@pytest.fixture
def creds(fake_api: FakeVpsOrgApi) -> dict[str, str]:
    return {"api_token": fake_api.token, "api_url": fake_api.url}


def to_json(value: Any) -> Any:
    """What Pulumi sends for a stack output: serialize like ``pulumi.export`` does."""
    loop = asyncio.new_event_loop()
    try:
        struct = loop.run_until_complete(rpc.serialize_properties({"v": value}, {}))
    finally:
        loop.close()
    return json.loads(json.dumps(MessageToDict(struct)))["v"]


# -- plans --------------------------------------------------------------------------------------


def test_get_plans_all_sorted_and_typed(fake_api: FakeVpsOrgApi, creds: dict[str, str]) -> None:
    result = get_plans(**creds)
    assert result.count == 4 and [p.slug for p in result.plans] == [
        "starter",
        "standard",
        "performance",
        "enterprise",
    ]
    first = result.plans[0]
    assert isinstance(first, PlanResult)
    assert first.id == 1 and first.memory == 2048 and first.price_monthly == 5.0
    assert isinstance(first.price_hourly, float) and first.locations[0] == "us-west"


def test_get_plans_filters_and_sort(fake_api: FakeVpsOrgApi, creds: dict[str, str]) -> None:
    result = get_plans("asia-pacific", min_vcpus=2, sort_by="vcpus", sort_direction="desc", **creds)
    assert [p.slug for p in result.plans] == ["enterprise", "performance", "standard"]
    assert fake_api.requests[-1].query == {"location": "asia-pacific"}
    assert get_plans(max_price_monthly=10, **creds).count == 2
    assert get_plans(min_memory=100_000, **creds).count == 0


def test_bad_arguments_fail_before_any_request(
    fake_api: FakeVpsOrgApi, creds: dict[str, str]
) -> None:
    with pytest.raises(ConfigurationError, match=r"^min_vcpus"):
        get_plans(min_vcpus=-2, **creds)
    with pytest.raises(ConfigurationError, match="sort_by"):
        get_plans(sort_by="colour", **creds)
    with pytest.raises(ConfigurationError, match="exactly one"):
        get_plan(**creds)
    with pytest.raises(ConfigurationError, match="exactly one"):
        get_plan(2, "standard", **creds)
    with pytest.raises(ConfigurationError, match="max_price_monthly"):
        select_plan(max_price_monthly=-1, **creds)
    with pytest.raises(ConfigurationError, match="order_id"):
        get_order(0, **creds)
    with pytest.raises(ConfigurationError, match="type"):
        get_orders(type=[], **creds)
    assert fake_api.count_requests() == 0


def test_get_plan_by_id_and_slug(fake_api: FakeVpsOrgApi, creds: dict[str, str]) -> None:
    by_id = get_plan(2, **creds)
    assert isinstance(by_id, PlanDetailsResult)
    assert by_id.slug == "standard" and "SSD Storage" in by_id.features
    assert by_id.recommended_for
    assert get_plan(slug="standard", **creds) == by_id


def test_get_plan_unknown_names_it_and_the_slugs(
    fake_api: FakeVpsOrgApi, creds: dict[str, str]
) -> None:
    with pytest.raises(UnknownPlanError) as info:
        get_plan(99, **creds)
    assert "plan_id 99" in str(info.value)
    for slug in ("starter", "standard", "performance", "enterprise"):
        assert slug in str(info.value)
    with pytest.raises(UnknownPlanError, match=r"slug 'huge'.*starter"):
        get_plan(slug="huge", **creds)


def test_select_plan(fake_api: FakeVpsOrgApi, creds: dict[str, str]) -> None:
    assert select_plan(min_vcpus=3, **creds).slug == "performance"
    assert select_plan(min_memory=4096, location="asia-pacific", **creds).slug == "standard"
    with pytest.raises(NoMatchingPlanError, match=r"standard \(id 2\): vcpus 2 < min_vcpus 3"):
        select_plan(min_vcpus=3, max_price_monthly=15, **creds)


# -- request economy ------------------------------------------------------------------------------


def test_many_lookups_one_catalogue_request_per_location(
    fake_api: FakeVpsOrgApi, creds: dict[str, str]
) -> None:
    for i in range(100):
        select_plan(min_vcpus=i % 8, **creds)
        get_plans(sort_by="memory", **creds)
        select_plan(location="eu-central", **creds)
        get_plan(slug="performance", **creds)
    assert fake_api.count_requests("GET", PLANS) == 2  # no location, and eu-central
    assert fake_api.count_requests("GET", "/api/v1/plans/3/") == 1
    assert fake_api.count_requests() == 3


def test_concurrent_first_use_makes_one_request() -> None:
    with FakeVpsOrgApi(latency=0.05) as api:

        def lookup(i: int) -> str:
            return select_plan(min_vcpus=i % 4, api_token=api.token, api_url=api.url).slug

        with ThreadPoolExecutor(max_workers=16) as pool:
            slugs = list(pool.map(lookup, range(64)))
        assert set(slugs) == {"starter", "standard", "performance"}
        assert api.count_requests("GET", PLANS) == 1


def test_tokens_do_not_share_the_memo(fake_api: FakeVpsOrgApi) -> None:
    get_plans(api_token=fake_api.token, api_url=fake_api.url)
    get_plans(api_token=fake_api.read_only_token, api_url=fake_api.url)
    assert fake_api.count_requests("GET", PLANS) == 2
    tokens = {r.header("Authorization") for r in fake_api.requests}
    assert tokens == {f"Bearer {fake_api.token}", f"Bearer {fake_api.read_only_token}"}


def test_clear_cache_reads_again(fake_api: FakeVpsOrgApi, creds: dict[str, str]) -> None:
    get_plans(**creds)
    functions.clear_cache()
    get_plans(**creds)
    assert fake_api.count_requests("GET", PLANS) == 2


# -- orders -----------------------------------------------------------------------------------------


def test_get_orders_all_pages_and_summary(creds: dict[str, str], client: VpsOrgClient) -> None:
    result = get_orders(**creds)
    expected = client.list_orders()
    assert [o.id for o in result.orders] == [o.id for o in expected]
    assert result.summary.count == len(expected) > 100
    s = summarize(expected)
    assert result.summary.order_ids == list(s.order_ids)
    assert result.summary.unpaid_total == float(s.unpaid_total)
    assert result.summary.count_by_status == dict(s.count_by_status)
    assert set(result.summary.count_by_status) <= {"pending_payment", "paid"}
    assert result.status is None and result.type is None


def test_get_orders_reads_page_one_then_the_rest(
    fake_api: FakeVpsOrgApi, creds: dict[str, str]
) -> None:
    result = get_orders("paid", **creds)
    pages = [r for r in fake_api.requests if r.path == ORDERS]
    assert pages[0].query["page"] == "1"
    numbers = sorted(int(r.query["page"]) for r in pages)
    assert numbers == list(range(1, len(pages) + 1))
    assert all(r.query["filter[status]"] == "paid" for r in pages)
    assert result.summary.count_by_status == {"paid": result.summary.count}
    assert result.summary.unpaid_count == 0 and result.summary.overdue_count == 0


def test_get_orders_type_is_filtered_client_side(
    fake_api: FakeVpsOrgApi, creds: dict[str, str]
) -> None:
    result = get_orders(["pending_payment", "paid"], type="renew-service", **creds)
    assert result.orders and {o.type for o in result.orders} == {"renew-service"}
    assert result.summary.count_by_type == {"renew-service": result.summary.count}
    assert all("type" not in r.query for r in fake_api.requests)
    created = [o.created_at for o in result.orders]
    assert created == sorted(created, reverse=True)


def test_overdue_orders(fake_api: FakeVpsOrgApi, creds: dict[str, str]) -> None:
    late = fake_api.add_order(due_at="2020-01-01T00:00:00Z")
    result = get_orders("pending_payment", **creds)
    assert late["id"] in result.summary.overdue_order_ids
    assert result.orders[0].id == late["id"]  # newest first


def test_get_order(fake_api: FakeVpsOrgApi, creds: dict[str, str]) -> None:
    paid_by_card = next(i for i, o in fake_api.orders.items() if o["payment_information"])
    order = get_order(paid_by_card, **creds)
    assert isinstance(order, OrderResult)
    assert order.id == paid_by_card and order.invoices and isinstance(order.services, list)
    assert isinstance(order.created_at, str) and order.created_at.endswith("Z")
    assert order.payment_information is not None
    assert isinstance(order.payment_information.last_4, str)
    with pytest.raises(NotFoundError):
        get_order(10**9, **creds)


# -- settings -----------------------------------------------------------------------------------------


def test_env_fallback(fake_api: FakeVpsOrgApi, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VPSORG_API_TOKEN", fake_api.token)
    monkeypatch.setenv("VPSORG_API_URL", fake_api.url)
    assert select_plan().slug == "starter"


def test_stack_config_then_explicit_arguments_win(
    fake_api: FakeVpsOrgApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VPSORG_API_TOKEN", "env-token-that-is-wrong")
    monkeypatch.setenv("VPSORG_API_URL", "http://127.0.0.1:9/api/v1")
    set_all_config(
        {"vpsorg:apiToken": fake_api.read_only_token, "vpsorg:apiUrl": fake_api.url},
        ["vpsorg:apiToken"],
    )
    assert get_plans().count == 4
    assert fake_api.requests[-1].header("Authorization") == f"Bearer {fake_api.read_only_token}"
    functions.clear_cache()
    assert get_plans(api_token=fake_api.token).count == 4
    assert fake_api.requests[-1].header("Authorization") == f"Bearer {fake_api.token}"


def test_missing_token_is_one_clear_error(fake_api: FakeVpsOrgApi) -> None:
    with pytest.raises(ConfigurationError, match="vpsorg:apiToken") as info:
        get_plans(api_url=fake_api.url)
    assert "VPSORG_API_TOKEN" in str(info.value)
    assert fake_api.count_requests() == 0


# -- export and Output twins -------------------------------------------------------------------------


def test_results_export_as_plain_json(fake_api: FakeVpsOrgApi, creds: dict[str, str]) -> None:
    plan = get_plan(2, **creds)
    exported = to_json(plan)
    assert exported["price_monthly"] == 10.0 and exported["price_hourly"] == 0.015
    assert exported["features"] == list(plan.features)
    order = to_json(get_order(next(iter(fake_api.orders)), **creds))
    assert isinstance(order["amount"], float) and order["created_at"].endswith("Z")
    orders = to_json(get_orders("paid", **creds))
    assert isinstance(orders["summary"]["total_amount"], float)
    assert orders["summary"]["count"] == len(orders["orders"])


class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        return f"{args.name}-id", args.inputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], None]:
        return {}, None


@pytest.fixture
def mocks() -> None:
    pulumi.runtime.set_mocks(Mocks(), preview=False)


def test_output_twins_under_mocks(
    fake_api: FakeVpsOrgApi, creds: dict[str, str], mocks: None
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
    assert fake_api.count_requests("GET", PLANS) == 2  # no location, and eu-central


def test_output_twin_keeps_secrets_secret(fake_api: FakeVpsOrgApi, mocks: None) -> None:
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
    fake_api: FakeVpsOrgApi, mocks: None
) -> None:
    # As inline Automation API programs and mock tests set it: no environment variables involved.
    from pulumi.runtime.config import set_all_config

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


def test_select_plan_with_a_mistyped_location_lists_the_real_ones(
    fake_api: FakeVpsOrgApi, creds: dict[str, str]
) -> None:
    with pytest.raises(NoMatchingPlanError, match=r"location 'eu-centrall'.*asia-pacific"):
        select_plan(min_vcpus=1, location="eu-centrall", **creds)
    # The location's (empty) list, then the whole catalogue, once each.
    assert [r.query for r in fake_api.requests] == [{"location": "eu-centrall"}, {}]


@pytest.mark.parametrize("bad", ["renew_service", "Renew-Service", "renew service"])
def test_a_mistyped_order_type_is_refused_before_any_request(
    fake_api: FakeVpsOrgApi, creds: dict[str, str], bad: str
) -> None:
    # Types are filtered here, so a typo would otherwise audit nothing and "pass".
    with pytest.raises(ConfigurationError, match=r"type: .*did you mean 'renew-service'"):
        get_orders(type=[bad], **creds)
    assert fake_api.requests == []
