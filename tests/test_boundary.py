"""The Pulumi boundary: pydantic-core dumps the models, and the result is exactly what the walk
over the models gives, with the same checks (finite numbers, exact integers, secrets as they are).
"""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pulumi_vpsorg._boundary import _plain, _Unrepresentable, plain, validated, validated_all
from pulumi_vpsorg._errors import UnexpectedResponseError
from pulumi_vpsorg.client import VpsOrgClient
from pulumi_vpsorg.orders.models import Order, Service
from pulumi_vpsorg.orders.summary import summarize
from pulumi_vpsorg.testing import FakeVpsOrgApi

ALL_STATUSES = ["pending_payment", "awaiting_payment", "processing", "paid", "cancelled"]


def _walked(value: Any) -> Any:
    """What the walk over the models (the boundary before pydantic-core dumped them) gives."""
    return _plain(value)


def test_every_order_plan_and_summary_converts_as_the_walk_does(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    orders = client.list_orders(ALL_STATUSES)
    full = [client.get_order(o.id) for o in orders[:20]]  # with invoices and services
    plans = client.list_plans()
    details = [client.get_plan(p.id) for p in plans]
    values: list[Any] = [*orders, *full, *plans, *details, summarize(orders)]
    assert any(o.invoices or o.services for o in full)
    for value in values:
        converted = plain(value)
        assert converted == _walked(value)
        assert type(converted) is dict
    # Exact types too: money as float, times as ISO strings, tuples as lists.
    one = plain(full[0])
    assert isinstance(one["amount"], float) and isinstance(one["created_at"], str)
    assert one["created_at"].endswith("Z") and isinstance(one["invoices"], list)


class _Secret:
    """Stands for a value the boundary does not know (a Pulumi secret or Output)."""


_ATOMS = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=5),
    st.integers(min_value=-(2**60), max_value=2**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.datetimes(timezones=st.just(timezone.utc)),
    st.just(_Secret()),
)
_VALUES = st.recursive(
    _ATOMS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.one_of(st.text(max_size=3), st.integers()), inner, max_size=4),
    ),
    max_leaves=12,
)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(_same, a, b))
    return type(a) is type(b) and (a is b or a == b)


@given(_VALUES)
def test_any_value_converts_or_fails_as_the_walk_does(value: Any) -> None:
    try:
        expected: Any = _walked(value)
    except _Unrepresentable as exc:
        where = ".".join(reversed(exc.path)) or "value"
        with pytest.raises(UnexpectedResponseError) as raised:
            plain(value)
        assert str(raised.value) == f"{where}: {exc.reason}"
        return
    assert _same(plain(value), expected)


def test_unknown_values_pass_unchanged_and_bad_numbers_are_named() -> None:
    secret = _Secret()
    assert plain({"k": [secret]})["k"][0] is secret
    with pytest.raises(UnexpectedResponseError, match=r"^a\.1\.b: .*no finite"):
        plain({"a": [1, {"b": float("inf")}]})
    with pytest.raises(UnexpectedResponseError, match=r"^x: .*2\*\*53"):
        plain({"x": 2**53 + 1})
    moment = datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2)))
    assert plain([moment, Decimal("-0"), (True, None)]) == [
        "2025-01-02T01:04:05Z",
        0.0,
        [True, None],
    ]


# -- validated: pydantic-core's JSON mode for what validation let in ---------------------------


def test_validated_orders_convert_as_plain_does(client: VpsOrgClient) -> None:
    orders = client.list_orders(ALL_STATUSES)
    full = [client.get_order(o.id) for o in orders[:20]]  # with invoices and services
    assert any(o.invoices or o.services for o in full)
    for order in [*orders, *full]:
        assert _same(validated(order), plain(order))


_MONEY = st.one_of(
    st.just(0),
    st.just("-0"),
    st.just(1e15),
    st.just(-1e15),
    st.just("1E-30"),
    st.floats(min_value=-1e15, max_value=1e15, allow_nan=False).filter(
        lambda x: x == 0 or abs(x) >= 1e-30  # the Money range
    ),
    st.decimals(min_value=-(10**15), max_value=10**15, allow_nan=False, places=6).map(str),
)
_MOMENT = st.one_of(
    st.datetimes(
        min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(None)
    ).map(lambda d: d.isoformat() + "Z"),
    st.datetimes(
        min_value=datetime(2, 1, 1),
        max_value=datetime(9998, 1, 1),
        timezones=st.builds(
            timezone, st.integers(-23 * 60, 23 * 60).map(lambda m: timedelta(minutes=m))
        ),
    ).map(datetime.isoformat),
)
_JSON = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.text(max_size=4),
        st.integers(-(2**53), 2**53),
        st.floats(allow_nan=False, allow_infinity=False),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def _order_bodies(draw: st.DrawFn) -> dict[str, Any]:
    service = {
        "label": draw(st.text(max_size=5)),
        "service_id": draw(st.integers(1, 2**53)),
        "amount": draw(_MONEY),
        "amount_with_vat": draw(_MONEY),
        "period_from": draw(st.one_of(st.none(), st.integers(0, 2**33))),
        "promo": draw(_JSON),
    }
    return {
        "id": draw(st.integers(-(2**53), 2**53)),
        "tax_rate": draw(_MONEY),
        "amount": draw(_MONEY),
        "amount_with_vat": draw(_MONEY),
        "amount_from_balance": draw(_MONEY),
        "payment_method": "card",
        "status": draw(st.sampled_from(ALL_STATUSES)),
        "type": "new-service",
        "auto_pay": draw(st.booleans()),
        "promo_applicable": False,
        "created_at": draw(_MOMENT),
        "due_at": draw(_MOMENT),
        "payment_date": draw(st.one_of(st.none(), _MOMENT)),
        "promo": draw(st.one_of(st.none(), st.just({"code": "X", "percentage": 12.5}))),
        "payment_information": {"last_4": 42, "tx_amount": draw(_MONEY), "confirmed_at": None},
        "invoices": [
            {
                "id": 1,
                "invoice_number": 7,
                "created_at": draw(_MOMENT),
                "amount": draw(_MONEY),
                "amount_with_vat": 0,
                "type": "proform",
                "order_ids": [1, 2**53],
            }
        ],
        "services": draw(st.lists(st.just(service), max_size=2)),
    }


@given(_order_bodies())
def test_any_validated_order_converts_as_plain_does(body: dict[str, Any]) -> None:
    order = Order.model_validate_json(json.dumps(body))
    assert _same(validated(order), plain(order))


@pytest.mark.parametrize(
    ("promo", "expected"),
    [
        (-0.0, 0.0),
        ([[-0.0]], [[0.0]]),
        ({"a": [1, {"b": -0.0}], "c": -0.5}, {"a": [1, {"b": 0.0}], "c": -0.5}),
    ],
)
def test_a_negative_zero_in_a_json_value_is_zero_on_both_paths(promo: Any, expected: Any) -> None:
    # Found by test_any_validated_order_converts_as_plain_does: the walk made -0.0 into 0.0 and
    # pydantic-core's JSON mode kept it.
    given = json.loads(json.dumps(promo))  # what a caller holds: must stay as it is
    body = {"label": "x", "service_id": 1, "amount": 1, "amount_with_vat": 1, "promo": promo}
    from_json = Service.model_validate_json(json.dumps(body))
    from_python = Service.model_validate({**body, "promo": given})
    for service in (from_json, from_python):
        assert _same(validated(service)["promo"], expected)
        assert _same(plain(service)["promo"], expected)
    assert _same(given, promo)


@pytest.mark.parametrize(
    ("promo", "problem"),
    [(float("nan"), "finite"), ({"x": [float("inf")]}, "finite"), (2**53 + 1, "2\\*\\*53")],
)
def test_a_json_value_a_pulumi_number_cannot_hold_is_refused_where_it_is_read(
    promo: Any, problem: str
) -> None:
    body = json.dumps(
        {"label": "x", "service_id": 1, "amount": 1, "amount_with_vat": 1, "promo": promo}
    )
    with pytest.raises(pydantic.ValidationError, match=rf"promo\n.*{problem}"):
        Service.model_validate_json(body)


def test_a_value_of_another_type_than_declared_goes_through_plain_and_its_checks() -> None:
    order = Order.model_construct(id=float("inf"), amount=Decimal("1.5"))  # never validated
    with pytest.raises(UnexpectedResponseError, match=r"^id: .*no finite"):
        validated(order)


def test_validated_all_is_validated_of_each_in_one_call(client: VpsOrgClient) -> None:
    orders = client.list_orders(ALL_STATUSES)[:150]
    assert validated_all(orders) == [validated(o) for o in orders]
    assert validated_all([]) == []
    odd = Order.model_construct(id=float("inf"), amount=Decimal("1.5"))  # never validated
    with pytest.raises(UnexpectedResponseError, match=r"^id: .*no finite"):
        validated_all([*orders[:3], odd])


def test_the_models_json_mode_keeps_money_exact_outside_the_boundary() -> None:
    body = {
        "label": "x",
        "service_id": 1,
        "amount": "0.1000000000000000000001",  # more digits than a float holds
        "amount_with_vat": 146.17,
    }
    service = Service.model_validate_json(json.dumps(body))
    assert service.model_dump(mode="json")["amount"] == "0.1000000000000000000001"
    assert service.model_dump(mode="json")["amount_with_vat"] == "146.17"
    assert validated(service)["amount"] == 0.1 and validated(service)["amount_with_vat"] == 146.17
