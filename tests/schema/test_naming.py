"""Tokens, camelCase property names and the Python names Pulumi's codegen derives from them."""

from __future__ import annotations

import re
from typing import Any

from pulumi_vpsorg import functions
from pulumi_vpsorg import schema as gen

from .documents import all_properties, to_snake, type_token


def test_tokens_and_python_names(schema: dict[str, Any]) -> None:
    assert set(schema["functions"]) == {
        f"vpsorg:index/{n}:{n}"
        for n in ("getPlans", "getPlan", "selectPlan", "getOrders", "getOrder")
    }
    for token in schema["functions"]:
        python = gen.python_name(token.rpartition(":")[2])
        assert callable(getattr(functions, python))
        assert callable(getattr(functions, f"{python}_output"))
        assert f"`pulumi_vpsorg.{python}()`" in schema["functions"][token]["description"]
    assert set(schema["resources"]) == {
        f"vpsorg:index:{n}" for n in ("Order", "PlanLookup", "OrdersAudit", "OrderLookup")
    }
    import pulumi_vpsorg

    for token, spec in schema["resources"].items():
        name = token.rpartition(":")[2]
        cls = getattr(pulumi_vpsorg, name)
        dynamic = f"pulumi-python:dynamic/vpsorg:{name}"
        assert f"pulumi-python:{cls._resource_type_name}" == dynamic
        assert f"`{dynamic}`" in spec["description"]
        assert f"`pulumi_vpsorg.{name}`" in spec["description"]
    assert set(schema["types"]) == {
        type_token(n)
        for n in (
            "Plan",
            "PlanDetails",
            "Order",
            "Promo",
            "PaymentInformation",
            "Invoice",
            "Service",
            "OrdersSummary",
        )
    }


def test_python_name_matches_pulumi_codegen() -> None:
    cases = {
        "priceMonthly": "price_monthly",
        "overdueOrderIds": "overdue_order_ids",
        "last4": "last4",
        "SHA256Hash": "sha256_hash",
        "vatID": "vat_id",
        "openXJsonSerDe": "open_xjson_ser_de",
        "class": "class_",
    }
    for camel, snake in cases.items():
        assert gen.python_name(camel) == snake


def test_every_property_is_camel_case_and_described(schema: dict[str, Any]) -> None:
    for where, name, prop in all_properties(schema):
        assert re.fullmatch(r"[a-z][a-zA-Z0-9]*", name), f"{where}.{name}"
        assert prop.get("description"), f"{where}.{name} has no description"
        snake = to_snake(name)
        if gen.python_name(name) != snake:
            assert f"Python and state key `{snake}`" in prop["description"] or any(
                c.isdigit() for c in name
            ), f"{where}.{name}"
