"""The ``Order`` input rules without pydantic (the provider's Check) agree with the model that
applies them (:class:`~pulumi_vpsorg.provider.order.inputs.OrderInputs`), on any input."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pulumi_vpsorg.provider.order.inputs import OrderInputs
from pulumi_vpsorg.provider.order.properties import INPUT_KEYS
from pulumi_vpsorg.provider.order.rules import (
    MISSING_ORDER_ID,
    RULES,
    input_problems,
    state,
)

VALUES = st.one_of(
    st.booleans(),
    st.integers(min_value=-3, max_value=30),
    st.integers(min_value=-(2**60), max_value=2**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, 12.0, 12.5, 2.0**53, 2.0**54]),
    st.sampled_from(["", "  ", "server", "a/b", "WELCOME10", "7736", "true"]),
    st.text(max_size=4),
    st.lists(st.integers(), max_size=2),
)
BAGS = st.dictionaries(st.sampled_from(INPUT_KEYS), VALUES, max_size=6)


def model_verdict(values: dict[str, Any]) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    """The stored inputs, or the problems, as the model reports them."""
    try:
        return OrderInputs.model_validate(values).state(), []
    except pydantic.ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = str(error["loc"][0])
            if error["type"] == "missing":
                problems.append((field, MISSING_ORDER_ID))
            else:
                problems.append((field, str(error["msg"]).removeprefix("Value error, ")))
        return None, problems


def test_every_input_has_a_rule() -> None:
    assert tuple(RULES) == INPUT_KEYS
    assert tuple(OrderInputs.model_fields) == INPUT_KEYS


@settings(max_examples=500)
@given(BAGS)
def test_the_rules_give_the_models_verdict(values: dict[str, Any]) -> None:
    parsed, problems = input_problems(values)
    stored, refused = model_verdict(values)
    assert problems == refused
    if not problems:
        assert state(parsed) == stored


@pytest.mark.parametrize(
    ("values", "problems"),
    [
        ({}, [("order_id", MISSING_ORDER_ID)]),
        ({"order_id": 0}, [("order_id", "expected a positive integer of at most 2**53, got 0")]),
        (
            {"order_id": 7.5},
            [("order_id", "expected a positive integer of at most 2**53, got 7.5")],
        ),
        (
            {"order_id": 1, "billing_cycle": 25},
            [("billing_cycle", "expected 1 to 24 months, got 25")],
        ),
        (
            {"order_id": 1, "billing_cycle": "12"},
            [("billing_cycle", "expected a whole number, got '12'")],
        ),
        ({"order_id": 1, "auto_pay": "yes"}, [("auto_pay", "expected true or false, got 'yes'")]),
        ({"order_id": 1, "promo_code": 123456}, [("promo_code", "expected a string")]),
        ({"order_id": 1, "payment_method": 5}, [("payment_method", "expected a string, got 5")]),
        ({"order_id": 1, "payment_method": " "}, [("payment_method", "must not be blank")]),
        (
            {"order_id": 1, "service_type": "a/b"},
            [("service_type", "must not contain '/', got 'a/b'")],
        ),
    ],
)
def test_messages(values: dict[str, Any], problems: list[tuple[str, str]]) -> None:
    assert input_problems(values)[1] == problems


def test_state_fills_defaults_and_leaves_unset_inputs_out() -> None:
    parsed, problems = input_problems({"order_id": 5.0, "billing_cycle": 12.0, "paid": True})
    assert problems == []
    assert state(parsed) == {
        "order_id": 5,
        "billing_cycle": 12,
        "paid": True,
        "delete_on_destroy": False,
    }
    assert isinstance(state(parsed)["order_id"], int)


def test_the_rules_import_no_pydantic() -> None:
    code = (
        "import sys; from pulumi_vpsorg.provider.order import rules; "
        "rules.input_problems({'order_id': 0, 'billing_cycle': 99}); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"
