"""The Pulumi boundary: pydantic-core dumps the models, and the result is exactly what the walk
over the models gives, with the same checks (finite numbers, exact integers, secrets as they are).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pulumi_vpsorg._boundary import _plain, _Unrepresentable, plain
from pulumi_vpsorg._errors import UnexpectedResponseError
from pulumi_vpsorg.client import VpsOrgClient
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
    assert plain([moment, Decimal("-0"), (True, None)]) == ["2025-01-02T01:04:05Z", 0.0, [True, None]]
