"""Names in the schema: Pulumi tokens, camelCase property names and the Python names codegen
derives from them."""

from __future__ import annotations

import keyword
from typing import Any, Final

import pulumi.dynamic

from .._vocabulary import NAMESPACE, camel_case

__all__ = [
    "MODULE",
    "PACKAGE",
    "TYPE_NAMES",
    "camel_case",
    "dynamic_type",
    "function_token",
    "python_name",
    "ref",
    "registered_name",
    "resource_token",
    "type_token",
]

#: The package name in tokens and config keys.
PACKAGE: Final = NAMESPACE
#: The one schema module every token names.
MODULE: Final = "index"


def python_name(name: str) -> str:
    """The Python name Pulumi's codegen derives from a camelCase name (a port of its ``PyName``).

    ``priceMonthly`` -> ``price_monthly``; acronyms stay together (``vatID`` -> ``vat_id``);
    digits stay with what precedes them (``last4`` -> ``last4``, not ``last_4``).
    """
    words: list[str] = []
    current = ""
    state = "first"
    for raw in name:
        char = raw if raw.isalnum() or raw == "_" else "_"
        if state == "first":
            if not (char.isalpha() or char == "_"):
                current += "_"
            state = "upper" if char.isupper() else "lower"
            current += char.lower()
        elif state == "upper":
            state = "acronym" if char.isupper() else "lower"
            current += char.lower()
        elif state == "acronym":
            if char.isupper():
                current += char.lower()
            elif char.isdigit() or char == "s":
                state = "lower"
                current += char
            else:
                words.append(current[:-1])
                current = current[-1] + char
                state = "lower"
        elif char.isupper():
            words.append(current)
            current = char.lower()
            state = "upper"
        else:
            current += char
    words.append(current)
    result = "_".join(w for w in words if w)
    return f"{result}_" if keyword.iskeyword(result) or result in ("print", "exec") else result


#: Object types named apart from the model: a type and a resource of one name (``Order``) make
#: the Go SDK declare ``OrderType`` twice (Go codegen renames both), so it does not build.
TYPE_NAMES: Final = {"Order": "OrderInfo"}


def type_token(name: str) -> str:
    """``Plan`` -> ``vpsorg:index/Plan:Plan``; the model ``Order`` -> ``.../OrderInfo:OrderInfo``."""
    name = TYPE_NAMES.get(name, name)
    return f"{PACKAGE}:{MODULE}/{name}:{name}"


def function_token(python: str) -> str:
    """``get_plans`` -> ``vpsorg:index/getPlans:getPlans``."""
    name = camel_case(python)
    return f"{PACKAGE}:{MODULE}/{name}:{name}"


def resource_token(resource: type[pulumi.dynamic.Resource]) -> str:
    """``Order`` -> ``vpsorg:index:Order`` (from the dynamic resource's registered name)."""
    return f"{PACKAGE}:{MODULE}:{registered_name(resource)}"


def dynamic_type(resource: type[pulumi.dynamic.Resource]) -> str:
    """The type token the engine records: ``pulumi-python:dynamic/vpsorg:Order``."""
    type_name: str = resource._resource_type_name
    return f"pulumi-python:{type_name}"


def registered_name(resource: type[pulumi.dynamic.Resource]) -> str:
    """The name a dynamic resource class registers with (``name=`` of its class statement)."""
    type_name: str = resource._resource_type_name
    return type_name.rpartition(":")[2]


def ref(model: type) -> dict[str, Any]:
    """A reference to the object type of ``model``."""
    return {"$ref": f"#/types/{type_token(model.__name__)}"}
