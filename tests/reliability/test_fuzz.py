"""Fuzzing with hypothesis.

* Random arguments to every data-source function and random inputs to every provider's
  ``check``: a result, a package error (``VpsOrgError``; bad input is ``ConfigurationError``, a
  ``ValueError`` too) or ``CheckFailure``s, and no API call when the input is invalid.
* Random responses (schema-shaped with random types, and garbage bytes, under random statuses
  and content types) to every client method: nothing raised outside ``VpsOrgError``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pulumi.dynamic import CheckFailure, CheckResult, Config, ConfigureRequest
from pulumi.runtime import rpc

from pulumi_vpsorg import ConfigurationError, VpsOrgClient, VpsOrgError, functions
from pulumi_vpsorg.provider.lookups import (
    ORDER_LOOKUP_INPUTS,
    ORDERS_AUDIT_INPUTS,
    PLAN_LOOKUP_INPUTS,
    OrderLookupProvider,
    OrdersAuditProvider,
    PlanLookupProvider,
)
from pulumi_vpsorg.provider.order import INPUT_KEYS, OrderProvider
from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault

from .conftest import fast_client, reset

#: Modest by default so the suite stays quick; RELIABILITY_FUZZ_EXAMPLES=2000 for a deep run.
FUZZ = settings(
    max_examples=int(os.environ.get("RELIABILITY_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


@pytest.fixture(scope="module")
def api() -> Iterator[FakeVpsOrgApi]:
    with FakeVpsOrgApi(order_count=30, max_per_page=10) as fake:
        yield fake


@pytest.fixture(autouse=True)
def _quiet(api: FakeVpsOrgApi) -> Iterator[None]:
    reset(api)
    functions.clear_cache()
    yield
    reset(api)


# -- random inputs -----------------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "eu-central",
        "us-east",
        "standard",
        "starter",
        "paid",
        "pending_payment",
        "new-service",
        "asc",
        "desc",
        "vcpus",
        "price_monthly",
        "",
        "   ",
        "paid,cancelled",
        "balance",
        "server",
        "7736",
        "12.5",
        "-1",
        "nan",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.sampled_from([0, 1, 2, 3, 4, 7736, 2**63, -1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1.0, 2.0, 12.0, 0.5, -0.0]),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    WORDS,
    st.binary(max_size=6),
)
VALUES = st.one_of(
    SCALARS,
    st.lists(st.one_of(WORDS, SCALARS), max_size=4),
    st.tuples(WORDS, WORDS),
    st.dictionaries(st.text(max_size=6), SCALARS, max_size=3),
    st.just(rpc.UNKNOWN),
)


def kwargs_for(names: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(names), VALUES, max_size=len(names))


CONSTRAINTS = [
    "min_vcpus",
    "max_vcpus",
    "min_memory",
    "max_memory",
    "min_storage",
    "min_bandwidth",
    "max_price_monthly",
    "max_price_hourly",
    "location",
    "available_only",
]
FUNCTIONS: dict[str, tuple[Callable[..., Any], list[str]]] = {
    "get_plans": (functions.get_plans, [*CONSTRAINTS, "sort_by", "sort_direction"]),
    "get_plan": (functions.get_plan, ["plan_id", "slug"]),
    "select_plan": (functions.select_plan, CONSTRAINTS),
    "get_orders": (functions.get_orders, ["status", "type"]),
    "get_order": (functions.get_order, ["order_id"]),
}
BAD_SETTINGS = [
    {"api_url": "http://api.example.com/v1"},
    {"api_url": "ftp://127.0.0.1/x"},
    {"api_url": "https://user:pw@127.0.0.1/x"},
    {"api_url": "not a url"},
    {"api_token": "has a space"},
    {"api_token": "tab\there"},
]


def call_and_classify(api: FakeVpsOrgApi, call: Callable[[], Any]) -> str:
    """Run ``call``; allow only package errors; invalid input must not reach the API."""
    before = len(api.requests)
    try:
        call()
    except ConfigurationError:
        assert len(api.requests) == before, "invalid input reached the API"
        return "configuration"
    except VpsOrgError:
        return "api"
    return "ok"


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_random_arguments_to_every_function(api: FakeVpsOrgApi, name: str) -> None:
    fn, params = FUNCTIONS[name]
    seen: set[str] = set()

    required = st.fixed_dictionaries({"order_id": VALUES} if name == "get_order" else {})
    args = st.tuples(required, kwargs_for(params)).map(lambda t: {**t[1], **t[0]})

    @FUZZ
    @given(kwargs=args, bad=st.one_of(st.none(), st.sampled_from(BAD_SETTINGS)))
    def run(kwargs: dict[str, Any], bad: dict[str, str] | None) -> None:
        settings_ = {"api_token": api.token, "api_url": api.url, **(bad or {})}
        outcome = call_and_classify(api, lambda: fn(**kwargs, **settings_))
        seen.add(outcome)
        if bad is not None:
            # Unusable settings: refused as configuration, so (see call_and_classify) no request.
            assert outcome == "configuration"

    run()
    assert "configuration" in seen  # the fuzzer did reach the validation


PROVIDERS: dict[str, tuple[type[Any], tuple[str, ...]]] = {
    "PlanLookup": (PlanLookupProvider, PLAN_LOOKUP_INPUTS),
    "OrdersAudit": (OrdersAuditProvider, ORDERS_AUDIT_INPUTS),
    "OrderLookup": (OrderLookupProvider, ORDER_LOOKUP_INPUTS),
    "Order": (OrderProvider, INPUT_KEYS),
}


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_random_inputs_to_every_check(api: FakeVpsOrgApi, name: str) -> None:
    cls, keys = PROVIDERS[name]
    provider = cls()
    provider.configure(
        ConfigureRequest(Config({"vpsorg:apiToken": api.token, "vpsorg:apiUrl": api.url}, "p"))
    )
    failed = 0

    @FUZZ
    @given(
        news=st.dictionaries(
            st.one_of(st.sampled_from(list(keys)), st.text(max_size=8)), VALUES, max_size=6
        ),
        olds=st.one_of(st.just({}), st.dictionaries(st.sampled_from(list(keys)), VALUES)),
    )
    def run(news: dict[str, Any], olds: dict[str, Any]) -> None:
        nonlocal failed
        result = provider.check(olds, {"__provider": "pickled", **news})
        assert isinstance(result, CheckResult)
        for failure in result.failures:
            assert isinstance(failure, CheckFailure)
            assert isinstance(failure.property, str)  # the offending key, even ""
            assert isinstance(failure.reason, str) and failure.reason
            assert api.token not in failure.reason
        failed += bool(result.failures)
        assert api.requests == []  # check never calls the API

    run()
    assert failed > 0


# -- random responses --------------------------------------------------------------------------

JSON = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=10),
        st.sampled_from(["2024-01-02T03:04:05Z", "15.00", "paid", "", "1e999", "NaN"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def reshaped(draw: st.DrawFn, template: Any, depth: int = 0) -> Any:
    """``template`` with random leaves replaced by random JSON, keys dropped or values retyped."""
    if isinstance(template, dict):
        out: dict[str, Any] = {}
        for key, value in template.items():
            action = draw(st.sampled_from(["keep", "keep", "keep", "recurse", "drop", "replace"]))
            if action == "drop":
                continue
            if action == "replace":
                out[key] = draw(JSON)
            elif action == "recurse" and depth < 4:
                out[key] = draw(reshaped(value, depth + 1))
            else:
                out[key] = value
        return out
    if isinstance(template, list):
        items = [draw(reshaped(v, depth + 1)) if depth < 4 else v for v in template[:3]]
        if draw(st.booleans()):
            items.append(draw(JSON))
        return items
    return draw(st.one_of(st.just(template), JSON))


CLIENT_CALLS: dict[str, tuple[str, str, Callable[[VpsOrgClient], Any]]] = {
    "list_plans": ("GET", "/api/v1/plans/", lambda c: c.list_plans()),
    "get_plan": ("GET", "/api/v1/plans/2/", lambda c: c.get_plan(2)),
    "list_orders": ("GET", "/api/v1/orders", lambda c: c.list_orders(concurrency=2)),
    "iter_orders": ("GET", "/api/v1/orders", lambda c: list(c.iter_orders(per_page=10))),
    "get_order": ("GET", "/api/v1/orders/7736", lambda c: c.get_order(7736)),
    "pay_orders": ("POST", "/api/v1/orders/pay", lambda c: c.pay_orders([7736], "balance")),
    "update_order": ("PATCH", "/api/v1/orders/7736", lambda c: c.update_order(7736, auto_pay=True)),
    "delete_order": ("DELETE", "/api/v1/orders/7736", lambda c: c.delete_order(7736)),
}
STATUSES = st.sampled_from([200, 200, 200, 201, 204, 301, 400, 401, 404, 418, 422, 429, 500, 503])
CTYPES = st.sampled_from(["application/json", "text/html", "text/plain", "", "application/xml"])


@pytest.fixture(scope="module")
def templates(api: FakeVpsOrgApi) -> dict[str, Any]:
    with fast_client(api) as c:
        t = c._transport
        return {
            "list_plans": t.get("/plans/").body,
            "get_plan": t.get("/plans/2/").body,
            "list_orders": t.get("/orders", {"page": 1, "per_page": 10}).body,
            "iter_orders": t.get("/orders", {"page": 2, "per_page": 10}).body,
            "get_order": t.get("/orders/7736").body,
            "pay_orders": {"data": [t.get("/orders/7736").body]},
            "update_order": t.get("/orders/7736").body,
            "delete_order": None,
        }


@pytest.mark.parametrize("name", sorted(CLIENT_CALLS))
def test_random_responses_raise_only_package_errors(
    api: FakeVpsOrgApi, templates: dict[str, Any], name: str
) -> None:
    method, path, call = CLIENT_CALLS[name]
    client = fast_client(api, max_retries=0)
    outcomes: set[str] = set()

    @FUZZ
    @given(
        body=st.one_of(
            reshaped(templates[name]).map(lambda b: json.dumps(b).encode()),
            JSON.map(lambda b: json.dumps(b).encode()),
            st.binary(max_size=64),
        ),
        status=STATUSES,
        ctype=CTYPES,
        shape_only=st.booleans(),
    )
    def run(body: bytes, status: int, ctype: str, shape_only: bool) -> None:
        api.clear_faults()
        try:
            # Only JSON can replace a processed body; random bytes such as b"[\x80" go out raw.
            fixed = json.loads(body) if body[:1] in (b"{", b"[") else None
        except ValueError:
            shape_only = False
        if shape_only and status == 200 and ctype == "application/json":
            # Processed normally (state may change), then the body is replaced.
            api.add_fault(Fault.mutate_json(lambda _: fixed), method=method, path=path, times=50)
        else:
            api.add_fault(Fault.raw(status, body, ctype), method=method, path=path, times=50)
        try:
            call(client)
            outcomes.add("ok")
        except VpsOrgError as exc:
            outcomes.add(type(exc).__name__)
            assert api.token not in str(exc)

    run()
    assert outcomes - {"ok"}, "the fuzzer never produced an error"


@FUZZ
@given(value=st.one_of(JSON, st.decimals(allow_nan=False, allow_infinity=False)))
def test_money_fields_accept_numbers_and_refuse_the_rest_with_a_package_error(value: Any) -> None:
    from pulumi_vpsorg._http import Response
    from pulumi_vpsorg._parsing import parse
    from pulumi_vpsorg.plans.models import Plan

    body = {
        "id": 1,
        "name": "n",
        "slug": "s",
        "vcpus": 1,
        "memory": 1,
        "storage": 1,
        "bandwidth": 1,
        "price_monthly": str(value) if isinstance(value, Decimal) else value,
        "price_hourly": "0.01",
        "available": True,
        "locations": [],
        "description": "",
    }
    try:
        plan = parse(Plan, Response(200, json.dumps(body).encode(), {}, "GET", "/plans/1/"))
    except VpsOrgError:
        return
    assert plan.price_monthly.is_finite()
