"""The package schema as the plugin reads it: property names on the wire (camelCase, as the
schema and the generated SDKs spell them) against the behaviours' state keys (snake_case, as the
dynamic providers store them), walked through nested object types.

Keys of ``additionalProperties`` maps (``countByStatus``) are data and stay as they are, and so
does anything typed ``Any`` (``acceptedPayment``, which the Order behaviour reads back).
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

from .wire import UNKNOWN

__all__ = ["Shape", "function_shapes", "provider_shape", "resource_shapes", "schema", "schema_text"]

_TYPE_REF: Final = "#/types/"
_SNAKE_RULE: Final = re.compile(r"(?<!^)(?=[A-Z])")


@functools.lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The package schema, built from the code as ``schema.json`` holds it."""
    from ..schema import build_schema

    return build_schema()


@functools.lru_cache(maxsize=1)
def schema_text() -> str:
    """The schema as ``schema.json`` holds it (what ``GetSchema`` answers)."""
    from ..schema import render

    return render(schema())


@functools.lru_cache(maxsize=1)
def _snake_names() -> dict[str, str]:
    """``{camelCase: state key}`` for every name the package uses (``last4`` -> ``last_4``)."""
    from .. import _vocabulary as v
    from ..provider.order.properties import OUTPUT_ONLY
    from ..schema.naming import camel_case
    from ..schema.sources import FUNCTIONS, OBJECT_TYPES

    names: list[str] = [
        *v.PLAN_LOOKUP_INPUTS, *v.PLAN_LOOKUP_OUTPUTS, *v.ORDERS_AUDIT_INPUTS,
        *v.ORDERS_AUDIT_OUTPUTS, *v.ORDER_INPUTS, *v.ORDER_OUTPUTS, *OUTPUT_ONLY,
    ]
    for model in OBJECT_TYPES:
        names.extend(model.model_fields)
    for fn in FUNCTIONS:
        names.extend(inspect.signature(fn).parameters)
    return {camel_case(name): name for name in names}


def snake(name: str) -> str:
    """The state key of a wire name."""
    known = _snake_names().get(name)
    return known if known is not None else _SNAKE_RULE.sub("_", name).lower()


def camel(name: str) -> str:
    """The wire name of a state key."""
    from ..schema.naming import camel_case

    return camel_case(name)


class Shape:
    """The properties of one object (a resource's inputs or outputs, a function's arguments or
    result), and the conversions between wire values and state values."""

    def __init__(self, properties: Mapping[str, Any]) -> None:
        self.properties = dict(properties)

    @property
    def secrets(self) -> frozenset[str]:
        """The wire names the schema marks secret."""
        return frozenset(k for k, spec in self.properties.items() if spec.get("secret"))

    def to_state(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """Wire properties as state (snake_case keys, integral numbers as ints)."""
        return _object(props, self.properties, snake, inbound=True)

    def to_wire(self, state: Mapping[str, Any]) -> dict[str, Any]:
        """State as wire properties (camelCase keys)."""
        return _object(state, self.properties, camel, inbound=False)

    def names(self, keys: list[str]) -> list[str]:
        """State keys as wire names."""
        return [camel(k) for k in keys]


def _resolve(spec: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = spec.get("$ref")
    if isinstance(ref, str) and ref.startswith(_TYPE_REF):
        resolved: Mapping[str, Any] = schema()["types"][ref[len(_TYPE_REF):]]
        return resolved
    return spec


def _object(
    value: Mapping[str, Any],
    properties: Mapping[str, Any],
    rename: Callable[[str], str],
    *,
    inbound: bool,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, item in value.items():
        wire = key if inbound else camel(key)
        spec = properties.get(wire)
        out[rename(key)] = item if spec is None else _value(item, spec, rename, inbound=inbound)
    return out


def _value(value: Any, spec: Mapping[str, Any], rename: Callable[[str], str], *, inbound: bool) -> Any:
    if value is None or value == UNKNOWN:
        return value
    spec = _resolve(spec)
    kind = spec.get("type")
    if isinstance(value, dict):
        if "properties" in spec:
            return _object(value, spec["properties"], rename, inbound=inbound)
        items = spec.get("additionalProperties")
        if isinstance(items, Mapping):
            return {k: _value(v, items, rename, inbound=inbound) for k, v in value.items()}
        return value
    if isinstance(value, list) and kind == "array":
        return [_value(v, spec.get("items", {}), rename, inbound=inbound) for v in value]
    if kind == "integer" and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def resource_shapes(token: str) -> tuple[Shape, Shape]:
    """``(inputs, outputs)`` of the resource ``token``.

    :raises KeyError: for a token the schema does not have.
    """
    spec = schema()["resources"][token]
    return Shape(spec["inputProperties"]), Shape({**spec["inputProperties"], **spec["properties"]})


def function_shapes(token: str) -> tuple[Shape, Shape]:
    """``(arguments, result)`` of the function ``token``.

    :raises KeyError: for a token the schema does not have.
    """
    spec = schema()["functions"][token]
    return Shape(spec["inputs"]["properties"]), Shape(spec["outputs"]["properties"])


def provider_shape() -> Shape:
    """The explicit provider's inputs (``pulumi:providers:vpsorg``)."""
    return Shape(schema()["provider"]["inputProperties"])
