"""The ``Order`` input rules without pydantic (the provider's Check) agree with the model that
applies them (:class:`~pulumi_vpsorg.provider.order.inputs.OrderInputs`), on any input."""

from __future__ import annotations

from typing import Annotated, Any

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from pulumi_vpsorg._numbers import MAX_EXACT_INT
from pulumi_vpsorg._vocabulary import whole
from pulumi_vpsorg.assumptions import BILLING_CYCLE_MAX, BILLING_CYCLE_MIN
from pulumi_vpsorg.provider.order.inputs import OrderInputs
from pulumi_vpsorg.provider.order.properties import INPUT_KEYS
from pulumi_vpsorg.provider.order.rules import (
    MISSING_ORDER_ID,
    RULES,
    parse_inputs,
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


def _not_blank(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        raise ValueError("must not be blank")
    return value


_Id = Annotated[StrictInt, Field(gt=0, le=MAX_EXACT_INT)]
_Text = Annotated[StrictStr, pydantic.BeforeValidator(_not_blank)]
_Months = Annotated[StrictInt, Field(ge=BILLING_CYCLE_MIN, le=BILLING_CYCLE_MAX)]


class DeclaredInputs(BaseModel):
    """An independent account of what the inputs accept: ``OrderInputs`` as pydantic types
    declared it before the rules, with ids capped at ``2**53`` as the rules cap them."""

    model_config = ConfigDict(extra="forbid")

    order_id: Annotated[_Id, pydantic.BeforeValidator(whole)]
    auto_pay: StrictBool | None = None
    promo_code: _Text | None = None
    billing_cycle: Annotated[_Months, pydantic.BeforeValidator(whole)] | None = None
    service_id: Annotated[_Id, pydantic.BeforeValidator(whole)] | None = None
    service_type: Annotated[_Text, Field(pattern=r"^[^/]+$")] | None = None
    paid: StrictBool | None = None
    payment_method: _Text | None = None
    delete_on_destroy: StrictBool = False
    clear_payment_record: _Text | None = None


def declared_verdict(values: dict[str, Any]) -> tuple[dict[str, Any] | None, set[str]]:
    """The stored inputs, or the refused fields, by :class:`DeclaredInputs`."""
    try:
        model = DeclaredInputs.model_validate(values)
    except pydantic.ValidationError as exc:
        return None, {str(e["loc"][0]) for e in exc.errors()}
    return model.model_dump(exclude_none=True), set()


def typed(values: dict[str, Any] | None) -> list[tuple[str, Any, type]] | None:
    return None if values is None else sorted((k, v, type(v)) for k, v in values.items())


def test_every_input_has_a_rule() -> None:
    assert tuple(RULES) == INPUT_KEYS
    assert tuple(OrderInputs.model_fields) == INPUT_KEYS


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BAGS)
def test_the_rules_give_the_models_verdict(values: dict[str, Any]) -> None:
    # The model applies the same rules: this holds the wiring (each field to its rule, the
    # order, missing and optional fields, the stored form) to Check's.
    parsed, problems = parse_inputs(values)
    stored, refused = model_verdict(values)
    assert problems == refused
    if not problems:
        assert typed(state(parsed)) == typed(stored)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BAGS)
def test_the_rules_accept_what_the_declared_types_accept(values: dict[str, Any]) -> None:
    parsed, problems = parse_inputs(values)
    stored, refused = declared_verdict(values)
    assert {name for name, _ in problems} == refused
    if not problems:
        assert typed(state(parsed)) == typed(stored)


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
        # Numbers cross gRPC as doubles: shown as the user wrote them.
        ({"order_id": 5.0, "auto_pay": 1.0}, [("auto_pay", "expected true or false, got 1")]),
        (
            {"order_id": 1, "payment_method": 36.0},
            [("payment_method", "expected a string, got 36")],
        ),
    ],
)
def test_messages(values: dict[str, Any], problems: list[tuple[str, str]]) -> None:
    assert parse_inputs(values)[1] == problems


def test_state_fills_defaults_and_leaves_unset_inputs_out() -> None:
    parsed, problems = parse_inputs({"order_id": 5.0, "billing_cycle": 12.0, "paid": True})
    assert problems == []
    assert state(parsed) == {
        "order_id": 5,
        "billing_cycle": 12,
        "paid": True,
        "delete_on_destroy": False,
    }
    assert isinstance(state(parsed)["order_id"], int)


def test_the_model_applies_the_rules_and_leaves_optional_inputs_unset() -> None:
    assert OrderInputs.model_validate({"order_id": 1, "paid": None}).paid is None
    with pytest.raises(pydantic.ValidationError, match="expected true or false, got None"):
        OrderInputs.model_validate({"order_id": 1, "delete_on_destroy": None})
    with pytest.raises(pydantic.ValidationError, match="expected 1 to 24 months, got 36"):
        OrderInputs.model_validate({"order_id": 1, "billing_cycle": 36.0})
