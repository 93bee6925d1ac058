"""Hostile numbers (issue 14, point 4): absurd magnitudes, NaN, infinities, 5000-digit integers and
huge exponents, given by the user or sent by the server, end in the package's own error naming the
field (``ConfigurationError`` before any request; ``UnexpectedResponseError`` for a response), and
nothing the package hands Pulumi is ever ``inf`` or ``NaN``.

Server-side numbers are sent as raw JSON text by the fake API (``Fault.raw``): a genuine body with
one field replaced by the hostile text, so the JSON parser itself meets ``1e999`` or 5000 digits.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from pulumi_vpsorg import ConfigurationError, UnexpectedResponseError, VpsOrgClient
from pulumi_vpsorg import functions as fns
from pulumi_vpsorg._boundary import plain, plan_state
from pulumi_vpsorg._numbers import MAX_EXACT_INT, MONEY_LIMIT, NumberRangeError, money
from pulumi_vpsorg._types import Money, to_number
from pulumi_vpsorg.orders.summary import summarize
from pulumi_vpsorg.plans.models import Plan
from pulumi_vpsorg.selection import (
    CONSTRAINT_FIELDS,
    NoMatchingPlanError,
    parse_constraints,
    select_plan,
)
from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault
from tests.testing._http_client import Http

from .conftest import ALL_STATUSES, fast_client, reset

PLANS = "/api/v1/plans/"
PLAN = "/api/v1/plans/2/"
ORDERS = "/api/v1/orders"
ORDER = "/api/v1/orders/7736"  # one invoice, two services

#: What a price cap (or any amount) must never be taken as: name -> value as the user gives it.
HOSTILE_AMOUNTS: dict[str, Any] = {
    "text 1e1000000": "1e1000000",
    "text 9e999999": "9e999999",
    "text -1e1000000": "-1e1000000",
    "text 1E+999999999999999999": "1E+999999999999999999",
    "text 1e-1000000": "1e-1000000",
    "5000-digit int": 10**5000,
    "5000-digit text": "1" + "0" * 5000,
    "float 1e308": 1e308,
    "float 5e-324": 5e-324,
    "float nan": math.nan,
    "float inf": math.inf,
    "float -inf": -math.inf,
    "text NaN": "NaN",
    "text sNaN": "sNaN",
    "text inf": "inf",
    "text -Infinity": "-Infinity",
    "Decimal 1E+999999999": Decimal("1E+999999999"),
    "Decimal sNaN": Decimal("sNaN"),
    "text 1e16": "1e16",
}
#: Whole-number constraints (vcpus, memory, ...).
HOSTILE_COUNTS: dict[str, Any] = {
    "5000-digit int": 10**5000,
    "-5000-digit int": -(10**5000),
    "2**53 + 1": 2**53 + 1,
    "2**64": 2**64,
    "float 1e308": 1e308,
    "float nan": math.nan,
    "float inf": math.inf,
    "text 1e1000000": "1e1000000",
}
#: Raw JSON text a server may send where the documents say ``number``.
HOSTILE_JSON_AMOUNTS: dict[str, str] = {
    "9e999999": "9e999999",
    "text 9e999999": '"9e999999"',
    "1e999": "1e999",
    "-1e999": "-1e999",
    "1e400": "1e400",
    "5000-digit integer": "1" + "0" * 5000,
    "5000-digit float": "1" + "0" * 5000 + ".5",
    "5000-digit text": '"1' + "0" * 5000 + '"',
    "NaN": "NaN",
    "Infinity": "Infinity",
    "-Infinity": "-Infinity",
    "text NaN": '"NaN"',
    "text sNaN": '"sNaN"',
    "text -Infinity": '"-Infinity"',
    "1e16": "1e16",
    "text 1E+999999999999999999": '"1E+999999999999999999"',
    "text 1e-1000000": '"1e-1000000"',
    "5e-324": "5e-324",
}
#: Raw JSON text a server may send where the documents say ``integer``.
HOSTILE_JSON_INTEGERS: dict[str, str] = {
    "2**53 + 1": str(2**53 + 1),
    "400-digit integer": "1" + "0" * 400,
    "4301-digit integer": "1" + "0" * 4301,
    "5000-digit integer": "1" + "0" * 5000,
    "1e400": "1e400",
    "-1e999": "-1e999",
    "NaN": "NaN",
    # Documented integers are JSON integers (as Go's API clients read them): not booleans (true
    # was read as 1), not fractions, not text.
    "true": "true",
    "false": "false",
    "2.0": "2.0",
    "numeric text": '"3"',
}


@pytest.fixture(scope="module")
def api() -> Iterator[FakeVpsOrgApi]:
    with FakeVpsOrgApi(order_count=5, seed=3) as fake:
        yield fake


@pytest.fixture(autouse=True)
def _quiet(api: FakeVpsOrgApi) -> Iterator[None]:
    reset(api)
    yield
    reset(api)


@pytest.fixture
def client(api: FakeVpsOrgApi) -> Iterator[VpsOrgClient]:
    with fast_client(api, max_retries=0) as c:
        yield c


def _genuine(api: FakeVpsOrgApi, path: str) -> Any:
    http = Http(api)
    try:
        params = {"filter[status]": ",".join(ALL_STATUSES)} if path == ORDERS else None
        response = http("GET", path.removeprefix("/api/v1"), params=params)
        assert response.status_code == 200
        return response.json()
    finally:
        http.close()


def _with_raw(document: Any, where: tuple[str | int, ...], raw: str) -> bytes:
    """``document`` as JSON with the value at ``where`` replaced by the raw JSON text ``raw``."""
    marker = "__hostile_number__"
    node = document
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = marker
    return json.dumps(document).replace(json.dumps(marker), raw).encode()


def _serve_once(api: FakeVpsOrgApi, path: str, where: tuple[str | int, ...], raw: str) -> None:
    body = _with_raw(_genuine(api, path), where, raw)
    api.add_fault(Fault.raw(200, body, "application/json"), path=path)


CALLS: dict[str, tuple[str, Callable[[VpsOrgClient], Any]]] = {
    "list_plans": (PLANS, lambda c: [plan_state(p) for p in c.list_plans()]),
    "get_plan": (PLAN, lambda c: plan_state(c.get_plan(2))),
    "list_orders": (ORDERS, lambda c: [plain(o) for o in c.list_orders(status=ALL_STATUSES)]),
    "summarize_orders": (ORDERS, lambda c: plain(c.summarize_orders(status=ALL_STATUSES))),
    "get_order": (ORDER, lambda c: plain(c.get_order(7736))),
}
#: One money field per call, where the error must point.
MONEY_FIELDS: dict[str, tuple[str | int, ...]] = {
    "list_plans": ("results", 0, "price_monthly"),
    "get_plan": ("price_hourly",),
    "list_orders": ("data", 0, "tax_rate"),
    "summarize_orders": ("data", 1, "amount_with_vat"),
    "get_order": ("invoices", 0, "amount"),
}
INTEGER_FIELDS: dict[str, tuple[str | int, ...]] = {
    "list_plans": ("results", 1, "vcpus"),
    "get_plan": ("memory",),
    "list_orders": ("data", 0, "id"),
    "summarize_orders": ("data", 2, "id"),
    "get_order": ("services", 1, "service_id"),
}


def _dotted(where: tuple[str | int, ...]) -> str:
    return ".".join(str(part) for part in where)


# -- server data: the package's error, naming the field ---------------------------------------


@pytest.mark.parametrize("raw", HOSTILE_JSON_AMOUNTS.values(), ids=HOSTILE_JSON_AMOUNTS.keys())
@pytest.mark.parametrize("call", CALLS)
def test_hostile_amount_from_the_server_is_an_unexpected_response_naming_the_field(
    api: FakeVpsOrgApi, client: VpsOrgClient, call: str, raw: str
) -> None:
    path, fn = CALLS[call]
    _serve_once(api, path, MONEY_FIELDS[call], raw)
    with pytest.raises(UnexpectedResponseError) as info:
        fn(client)
    assert _dotted(MONEY_FIELDS[call]) in str(info.value)
    assert len(str(info.value)) < 2000  # the 5000 digits are not echoed


@pytest.mark.parametrize("raw", HOSTILE_JSON_INTEGERS.values(), ids=HOSTILE_JSON_INTEGERS.keys())
@pytest.mark.parametrize("call", CALLS)
def test_hostile_integer_from_the_server_is_an_unexpected_response_naming_the_field(
    api: FakeVpsOrgApi, client: VpsOrgClient, call: str, raw: str
) -> None:
    path, fn = CALLS[call]
    _serve_once(api, path, INTEGER_FIELDS[call], raw)
    with pytest.raises(UnexpectedResponseError) as info:
        fn(client)
    assert _dotted(INTEGER_FIELDS[call]) in str(info.value)
    assert len(str(info.value)) < 2000


def test_summary_of_huge_amounts_never_overflows(api: FakeVpsOrgApi, client: VpsOrgClient) -> None:
    """Every order at ``"9e999999"``: the sum used to raise a raw ``decimal.Overflow``."""
    document = _genuine(api, ORDERS)
    for order in document["data"]:
        order["amount"] = order["amount_with_vat"] = "9e999999"
    body = json.dumps(document).encode()
    api.add_fault(Fault.raw(200, body, "application/json"), path=ORDERS)
    with pytest.raises(UnexpectedResponseError, match=r"data\.0\.amount"):
        client.summarize_orders(status=ALL_STATUSES)


def test_largest_amounts_sum_exactly_and_leave_as_finite_numbers(
    api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    document = _genuine(api, ORDERS)
    top = "999999999999999.99"
    for order in document["data"]:
        order["amount"] = order["amount_with_vat"] = top
    api.add_fault(Fault.raw(200, json.dumps(document).encode(), "application/json"), path=ORDERS)
    summary = client.summarize_orders(status=ALL_STATUSES)
    count = len(document["data"])
    assert summary.total_amount == Decimal(top) * count  # exact, not rounded to 28 digits
    out = plain(summary)
    assert math.isfinite(out["total_amount"]) and math.isfinite(out["unpaid_total"])


@pytest.mark.parametrize("raw", ["-0", '"-0.00"', "-0.0", "1e-999999", '"0E-999999999"'])
def test_zeros_from_the_server_leave_as_plain_zero(
    api: FakeVpsOrgApi, client: VpsOrgClient, raw: str
) -> None:
    _serve_once(api, PLAN, ("price_monthly",), raw)
    state = plan_state(client.get_plan(2))
    assert state["price_monthly"] == 0.0
    assert math.copysign(1.0, state["price_monthly"]) == 1.0  # no -0 in Pulumi state


# -- user input: ConfigurationError naming the field, before any request -----------------------


@pytest.mark.parametrize("field", ["max_price_monthly", "max_price_hourly"])
@pytest.mark.parametrize("value", HOSTILE_AMOUNTS.values(), ids=HOSTILE_AMOUNTS.keys())
def test_hostile_price_cap_is_a_configuration_error_naming_it(field: str, value: Any) -> None:
    with pytest.raises(ConfigurationError) as info:
        parse_constraints({field: value})
    assert str(info.value).startswith(f"{field}: ")
    assert len(str(info.value)) < 300


@pytest.mark.parametrize("field", ["min_vcpus", "max_memory", "min_bandwidth"])
@pytest.mark.parametrize("value", HOSTILE_COUNTS.values(), ids=HOSTILE_COUNTS.keys())
def test_hostile_count_is_a_configuration_error_naming_it(field: str, value: Any) -> None:
    with pytest.raises(ConfigurationError) as info:
        parse_constraints({field: value})
    assert str(info.value).startswith(f"{field}: ")
    assert len(str(info.value)) < 300


@pytest.mark.parametrize(
    "value", [10**5000, -(10**5000), 2**53 + 1], ids=["5000 digits", "-5000 digits", "2**53 + 1"]
)
def test_hostile_plan_id_is_a_configuration_error_naming_it(value: int) -> None:
    with pytest.raises(ConfigurationError, match=r"^plan_id"):
        fns.get_plan(plan_id=value, api_token="t", api_url="http://127.0.0.1:9/api/v1")
    with pytest.raises(ConfigurationError, match=r"^plan_id or slug"):
        fns.get_plan(plan_id=value, slug="x", api_token="t", api_url="http://127.0.0.1:9/api/v1")


@pytest.mark.parametrize(
    "value",
    ["1e1000000", 10**5000, math.inf, "NaN"],
    ids=["text 1e1000000", "5000-digit int", "inf", "text NaN"],
)
def test_select_plan_refuses_hostile_caps_before_any_request(
    api: FakeVpsOrgApi, value: Any
) -> None:
    with pytest.raises(ConfigurationError, match=r"^max_price_monthly: "):
        fns.select_plan(max_price_monthly=value, api_token=api.token, api_url=api.url)
    with pytest.raises(ConfigurationError, match=r"^min_vcpus: "):
        fns.select_plan(min_vcpus=10**5000, api_token=api.token, api_url=api.url)
    assert api.count_requests() == 0


def test_negative_zero_cap_is_zero() -> None:
    for value in ("-0", -0.0, Decimal("-0.00")):
        cap = parse_constraints({"max_price_monthly": value}).max_price_monthly
        assert cap == 0 and not cap.is_signed()


_numbers_text = st.from_regex(r"\A[-+]?\d{1,6}(\.\d{0,6})?([eE][-+]?\d{1,20})?\Z")
_anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6000), max_value=10**6000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    _numbers_text,
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(CONSTRAINT_FIELDS), value=_anything)
def test_any_constraint_value_selects_or_fails_with_a_package_error(field: str, value: Any) -> None:
    """Whatever arrives in a constraint: a plan, ``NoMatchingPlanError``, or a
    ``ConfigurationError`` naming the field; never a raw ``ValueError``/``decimal`` error."""
    plans = [Plan.model_validate(p) for p in _fixture_plans()]
    try:
        constraints = parse_constraints({field: value})
    except ConfigurationError as exc:
        assert str(exc).startswith(f"{field}: ") and len(str(exc)) < 300
        return
    try:
        select_plan(plans, constraints)
    except NoMatchingPlanError as exc:
        assert len(str(exc)) < 2000


def _fixture_plans() -> list[dict[str, Any]]:
    from pathlib import Path

    listed = Path(__file__).resolve().parent.parent / "fixtures" / "plans_list.json"
    results: list[dict[str, Any]] = json.loads(listed.read_text())["results"]
    return results


# -- one money rule, and the boundary ----------------------------------------------------------

_money_inputs = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.decimals(min_value=-MONEY_LIMIT, max_value=MONEY_LIMIT, allow_nan=False, places=2),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**5000), max_value=10**5000),
    st.integers(min_value=-(10**16), max_value=10**16),
    _numbers_text,
)
_MONEY = TypeAdapter(Money)


def _is_money(value: Decimal) -> bool:
    try:
        money(value)
    except NumberRangeError:
        return False
    return True


_valid_money = st.decimals(min_value=-MONEY_LIMIT, max_value=MONEY_LIMIT, allow_nan=False).filter(
    _is_money
)


@settings(max_examples=500, deadline=None)
@given(value=_money_inputs)
def test_money_fields_and_plain_values_follow_one_rule(value: Any) -> None:
    """The models' ``Money`` and :func:`money` (constraints, policies) accept the same values."""
    try:
        expected: Decimal | None = money(value)
    except NumberRangeError:
        expected = None
    try:
        parsed: Decimal | None = _MONEY.validate_python(value)
    except ValueError:
        parsed = None
    assert parsed == expected
    if expected is not None:
        out = to_number(expected)
        assert math.isfinite(out) and abs(out) <= float(MONEY_LIMIT)


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(st.decimals(), st.floats(), st.integers(-(10**400), 10**400)))
def test_the_boundary_never_emits_inf_or_nan(value: Any) -> None:
    try:
        out = plain({"v": [value]})
    except UnexpectedResponseError as exc:
        assert str(exc).startswith("v.0: ")
        return
    number = out["v"][0]
    assert math.isfinite(number)
    if isinstance(number, int):
        assert abs(number) <= MAX_EXACT_INT


def test_the_boundary_names_the_field_it_cannot_carry() -> None:
    fields = dict(_fixture_plans()[0])
    plan = Plan.model_construct(**{**fields, "price_monthly": Decimal("9E+999999")})
    with pytest.raises(UnexpectedResponseError, match=r"^price_monthly: 9E\+999999"):
        plan_state(plan)
    big = Plan.model_construct(**{**fields, "vcpus": 10**5000})
    with pytest.raises(UnexpectedResponseError, match=r"^vcpus: "):
        plan_state(big)
    with pytest.raises(UnexpectedResponseError, match=r"^a\.1: "):
        plain({"a": [1, 2**53 + 1]})
    assert math.copysign(1.0, plain(Decimal("-0"))) == 1.0


@settings(max_examples=200, deadline=None)
@given(amounts=st.lists(_valid_money, max_size=30))
def test_summary_totals_are_exact_and_finite(amounts: list[Decimal]) -> None:
    from datetime import datetime, timezone

    moment = datetime(2025, 1, 1, tzinfo=timezone.utc)
    rows: list[Any] = []
    for index, amount in enumerate(amounts):
        value = _MONEY.validate_python(amount)
        rows.append(
            {
                "id": index + 1,
                "status": "pending_payment",
                "type": "custom",
                "amount": value,
                "amount_with_vat": value,
                "created_at": moment,
                "due_at": moment,
            }
        )
    summary = summarize(rows, now=moment)
    exact = sum((Fraction(money(a)) for a in amounts), Fraction(0))
    assert Fraction(summary.total_amount) == exact
    assert Fraction(summary.unpaid_total) == exact
    assert math.isfinite(plain(summary)["total_amount"])


# -- through the dynamic provider, as the engine drives it ------------------------------------


def test_plan_lookup_refuses_hostile_numbers_and_never_records_inf(api: FakeVpsOrgApi) -> None:
    from pulumi_vpsorg.provider.lookups import PlanLookupProvider
    from tests.provider.dynamic_server import DynamicProviderServer, ProviderCallError

    with DynamicProviderServer(PlanLookupProvider()).start() as server:
        server.configure(
            {"vpsorg:apiToken": api.token, "vpsorg:apiUrl": api.url},
            secret_keys=["vpsorg:apiToken"],
        )
        urn = server.urn("PlanLookup", "web")
        hostile = {"max_price_monthly": "1e1000000", "max_price_hourly": "NaN", "min_vcpus": 1e308}
        checked = server.check(urn, {}, hostile)
        assert sorted(name for name, _ in checked.failures) == sorted(hostile)
        assert api.count_requests() == 0  # refused before any request

        _serve_once(api, PLANS, ("results", 0, "price_monthly"), '"9e999999"')
        fine = server.check(urn, {}, {"min_vcpus": 1})
        assert fine.failures == []
        with pytest.raises(ProviderCallError) as info:
            server.create(urn, fine.properties)
        assert "UnexpectedResponseError" in info.value.details
        assert "results.0.price_monthly" in info.value.details  # before: created, price inf


@pytest.mark.parametrize(
    ("provider", "news", "field"),
    [
        ("order", {"order_id": -(10**5000)}, "order_id"),
        ("order", {"order_id": 7736, "billing_cycle": 10**5000}, "billing_cycle"),
        ("order", {"order_id": 7736, "service_id": -(10**5000), "billing_cycle": 3}, "service_id"),
        ("order_lookup", {"order_id": -(10**5000)}, "order_id"),
    ],
    ids=["Order order_id", "Order billing_cycle", "Order service_id", "OrderLookup order_id"],
)
def test_order_checks_name_a_5000_digit_integer(
    provider: str, news: dict[str, Any], field: str
) -> None:
    """A check failure naming the property (was a raw ``ValueError`` formatting the integer)."""
    from pulumi_vpsorg.provider.lookups import OrderLookupProvider
    from pulumi_vpsorg.provider.order import OrderProvider

    checker = OrderProvider() if provider == "order" else OrderLookupProvider()
    result = checker.check({}, news)
    assert [f.property for f in result.failures] == [field]
    assert len(result.failures[0].reason) < 300


def test_get_order_names_a_5000_digit_order_id() -> None:
    with pytest.raises(ConfigurationError, match=r"^order_id: "):
        fns.get_order(-(10**5000), api_token="t", api_url="http://127.0.0.1:9/api/v1")
    with pytest.raises(ConfigurationError, match=r"^order_id: "):
        fns.get_order(10**5000, api_token="t", api_url="http://127.0.0.1:9/api/v1")
