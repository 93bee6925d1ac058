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
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

from .wire import UNKNOWN, secret

__all__ = ["Shape", "function_shapes", "provider_shape", "resource_shapes", "schema", "schema_text"]

_TYPE_REF: Final = "#/types/"
_SNAKE_RULE: Final = re.compile(r"(?<!^)(?=[A-Z])")
_CAMEL_RULE: Final = re.compile(r"_([a-z])")
#: Names made of lowercase words only, on the wire (``priceMonthly``) and as state keys
#: (``price_monthly``): the two rules above turn one into the other exactly. Any other name
#: (``last4``, ``last_4``) goes through the package's own naming.
_PLAIN_WIRE: Final = re.compile(r"[a-z]+(?:[A-Z][a-z]+)*")
_PLAIN_KEY: Final = re.compile(r"[a-z]+(?:_[a-z]+)*")
#: The packaged copy of ``schema.json`` (tests keep the two identical).
_SCHEMA_FILE: Final = "schema/schema.json"


@functools.lru_cache(maxsize=1)
def schema_text() -> str:
    """The packaged ``schema.json`` text, as it is (what ``GetSchema`` answers).

    Read, not built: building it imports every model and function of the package, which a
    plugin process started only to answer ``GetSchema`` would otherwise pay for.
    """
    from importlib.resources import files

    return files("pulumi_vpsorg").joinpath(_SCHEMA_FILE).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The package schema (:func:`schema_text`, parsed)."""
    import json

    parsed: dict[str, Any] = json.loads(schema_text())
    return parsed


@functools.lru_cache(maxsize=1)
def _snake_names() -> dict[str, str]:
    """``{camelCase: state key}`` for every name the package uses (``last4`` -> ``last_4``)."""
    from .. import _vocabulary as v
    from ..provider.order.properties import OUTPUT_ONLY
    from ..schema.naming import camel_case
    from ..schema.sources import FUNCTIONS, OBJECT_TYPES

    names: list[str] = list(OUTPUT_ONLY)
    for model in OBJECT_TYPES:
        names.extend(model.model_fields)
    for fn in FUNCTIONS:
        names.extend(inspect.signature(fn).parameters)
    return {**v.STATE_KEY_OF_PROPERTY, **{camel_case(name): name for name in names}}


def snake(name: str) -> str:
    """The state key of a wire name."""
    if _PLAIN_WIRE.fullmatch(name):
        return _SNAKE_RULE.sub("_", name).lower()
    known = _snake_names().get(name)
    return known if known is not None else _SNAKE_RULE.sub("_", name).lower()


def camel(name: str) -> str:
    """The wire name of a state key."""
    if _PLAIN_KEY.fullmatch(name):
        return _CAMEL_RULE.sub(lambda m: m.group(1).upper(), name)
    from ..schema.naming import camel_case

    return camel_case(name)


class Shape:
    """The properties of one object (a resource's inputs or outputs, a function's arguments or
    result), and the conversions between wire values and state values."""

    def __init__(self, properties: Mapping[str, Any], required: Iterable[str] = ()) -> None:
        self.properties = dict(properties)
        self.required = tuple(required)

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

    def problems(self, props: Mapping[str, Any]) -> list[tuple[str, str]]:
        """``(wire name, reason)`` for each property ``props`` gives that this object does not
        have, and each required one it lacks."""
        unknown = [
            (name, f"unknown property; expected one of: {', '.join(self.properties)}")
            for name in props
            if name not in self.properties
        ]
        missing = [(name, "required") for name in self.required if props.get(name) is None]
        return unknown + missing

    def in_wire_names(self, text: str) -> str:
        """``text`` with this object's state keys written as their wire names, as the schema
        and the SDKs spell them (``min_vcpus`` -> ``minVcpus``); only keys of this object, so
        that values that look like keys (``sortBy: price_monthly``) stay as they are."""
        keys = {snake(name): name for name in self.properties if snake(name) != name}
        if not keys:
            return text
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, keys)) + r")\b")
        return pattern.sub(lambda m: keys[m.group(1)], text)


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
    nested: bool = False,
) -> dict[str, Any]:
    """An object's properties converted; outbound, those of an object inside a property that
    the schema marks secret leave marked (``encode`` marks only the top level's: a card inside
    ``getOrders``' ``orders``)."""
    mark = nested and not inbound
    out: dict[str, Any] = {}
    for key, item in value.items():
        wire = key if inbound else camel(key)
        spec = properties.get(wire)
        if spec is None:
            out[rename(key)] = item
            continue
        converted = _value(item, spec, rename, inbound=inbound)
        if mark and spec.get("secret") and converted is not None and converted != UNKNOWN:
            converted = secret(converted)
        out[rename(key)] = converted
    return out


def _value(value: Any, spec: Mapping[str, Any], rename: Callable[[str], str], *, inbound: bool) -> Any:
    if value is None or value == UNKNOWN:
        return value
    spec = _resolve(spec)
    kind = spec.get("type")
    if isinstance(value, dict):
        if "properties" in spec:
            return _object(value, spec["properties"], rename, inbound=inbound, nested=True)
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
    inputs = spec["inputs"]
    return (
        Shape(inputs["properties"], inputs.get("required", ())),
        Shape(spec["outputs"]["properties"]),
    )


def provider_shape() -> Shape:
    """The explicit provider's inputs (``pulumi:providers:vpsorg``)."""
    return Shape(schema()["provider"]["inputProperties"])
