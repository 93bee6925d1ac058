"""Schema -> code: every property maps to a model field, function argument or resource input,
and everything the providers write is described (read from the code, not from the generator)."""

from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Mapping
from typing import Any

from pulumi_vpsorg import functions
from pulumi_vpsorg import schema as gen
from pulumi_vpsorg._boundary import order_state, plain, plan_state
from pulumi_vpsorg.orders.models import OrderPage
from pulumi_vpsorg.orders.summary import summarize
from pulumi_vpsorg.plans.models import PlanDetails

from .documents import FIXTURES, to_snake


def _snake(name: str, prop: Mapping[str, Any]) -> set[str]:
    names = {to_snake(name)}
    declared = re.search(r"Python and state key `([a-z0-9_]+)`", prop.get("description", ""))
    if declared:
        names.add(declared.group(1))
    return names


def _annotated(cls: type) -> set[str]:
    return set(inspect.get_annotations(cls))


def _state_keys() -> dict[str, set[str]]:
    """State keys the providers write, from real models through the boundary functions."""
    details = PlanDetails.model_validate_json((FIXTURES / "plan_detail.json").read_text())
    page = OrderPage.model_validate_json((FIXTURES / "orders_list.json").read_text())
    order_keys = set(order_state(page.data[0]))
    return {
        "PlanLookup": set(plan_state(details)),
        "OrdersAudit": set(plain(summarize(page.data))),
        "OrderLookup": order_keys,
        "Order": order_keys,
    }


def test_every_schema_property_maps_to_a_model_field_or_input(schema: dict[str, Any]) -> None:
    import pulumi_vpsorg

    models = {gen.type_token(m.__name__).rpartition(":")[2]: m for m in gen.OBJECT_TYPES}
    for token, spec in schema["types"].items():
        model = models[token.rpartition(":")[2]]
        for name, prop in spec["properties"].items():
            assert _snake(name, prop) & set(model.model_fields), f"{token}.{name}"

    for token, spec in schema["functions"].items():
        fn = getattr(functions, gen.python_name(token.rpartition(":")[2]))
        params = set(inspect.signature(fn).parameters)
        for name, prop in spec["inputs"]["properties"].items():
            assert _snake(name, prop) & params, f"{token} input {name}"
        result = typing.get_type_hints(fn)["return"]
        for name, prop in spec["outputs"]["properties"].items():
            assert _snake(name, prop) & _annotated(result), f"{token} output {name}"

    state = _state_keys()
    for token, spec in schema["resources"].items():
        name = token.rpartition(":")[2]
        cls = getattr(pulumi_vpsorg, name)
        params = set(inspect.signature(cls.__init__).parameters) - {"self", "resource_name", "opts"}
        for prop_name, prop in spec["inputProperties"].items():
            assert _snake(prop_name, prop) & params, f"{token} input {prop_name}"
        outputs = params | state[name] | _annotated(cls)
        for prop_name, prop in spec["properties"].items():
            assert _snake(prop_name, prop) & outputs, f"{token} output {prop_name}"
        # ...and the other way: everything the provider writes is described.
        described = {k for p, v in spec["properties"].items() for k in _snake(p, v)}
        assert state[name] | params <= described, token


def test_function_results_mirror_the_models() -> None:
    """The generator describes ``PlanResult`` by ``Plan`` etc.: their fields must agree."""
    for model in gen.OBJECT_TYPES:
        result = getattr(functions, f"{model.__name__}Result")
        assert _annotated(result) == set(model.model_fields), result.__name__


def test_resource_inputs_are_what_the_providers_accept(schema: dict[str, Any]) -> None:
    from pulumi_vpsorg.provider import lookups, order

    accepted = {
        "PlanLookup": set(lookups.PLAN_LOOKUP_INPUTS),
        "OrdersAudit": set(lookups.ORDERS_AUDIT_INPUTS),
        "OrderLookup": set(lookups.ORDER_LOOKUP_INPUTS),
        "Order": set(order.INPUT_KEYS) | set(order.OrderInputs.model_fields),
    }
    for name, keys in accepted.items():
        inputs = schema["resources"][f"vpsorg:index:{name}"]["inputProperties"]
        assert {to_snake(k) for k in inputs} == keys, name
