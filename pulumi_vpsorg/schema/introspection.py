"""What the schema reads from the code: Python annotations as schema types, the fields a class
declares, where a boundary function puts each model field, and what a resource registers."""

from __future__ import annotations

import collections.abc
import datetime
import decimal
import inspect
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Final
from unittest import mock

import pulumi
import pulumi.dynamic
from pydantic import BaseModel

from .naming import ref
from .sources import OBJECT_TYPES, result_class

__all__ = [
    "Registration",
    "declared_fields",
    "is_timestamp",
    "named_types",
    "probe_values",
    "signature_hints",
    "state_fields",
    "type_spec",
]

_NONE: Final = type(None)
#: ``pulumi.Input`` refers to ``"Output[T]"`` by name (the wrapper is dropped anyway).
_PULUMI_NAMES: Final = {"Output": pulumi.Output, "Input": pulumi.Input, "T": typing.TypeVar("T")}
_WRAPPERS: Final = (collections.abc.Awaitable, pulumi.Output)
_SEQUENCES: Final = (list, tuple, collections.abc.Sequence)
_MAPPINGS: Final = (dict, collections.abc.Mapping)


def named_types() -> dict[type, type[BaseModel]]:
    """Model classes and the result classes mirroring them (``PlanResult`` for ``Plan``)."""
    named: dict[type, type[BaseModel]] = {}
    for model in OBJECT_TYPES:
        named[model] = model
        result = result_class(model)
        if result is not None:
            named[result] = model
    return named


def type_spec(tp: Any) -> tuple[dict[str, Any], bool]:
    """A Python annotation as a Pulumi type spec, and whether it admits ``None``.

    :raises TypeError: for an annotation with no schema counterpart (so that it gets one).
    """
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Annotated:
        return type_spec(args[0])
    if origin in (typing.Union, types.UnionType):
        optional = _NONE in args
        members = [a for a in args if a is not _NONE]
        members = [a for a in members if (typing.get_origin(a) or a) not in _WRAPPERS] or members
        if len(members) == 1:
            spec, inner = type_spec(members[0])
            return spec, optional or inner
        specs = [type_spec(m)[0] for m in members]
        arrays = [s for s in specs if s.get("type") == "array"]
        if arrays:
            # str | Sequence[str]: one name or several; other languages take the list.
            return arrays[0], optional
        if any(m in (float, decimal.Decimal) for m in members):
            # float | Decimal | str: an amount given as a number or numeric text.
            return {"type": "number"}, optional
        raise TypeError(f"no schema type for the union {tp!r}")
    if origin is pulumi.Output:
        return type_spec(args[0])
    if origin in _SEQUENCES:
        return {"type": "array", "items": type_spec(args[0])[0]}, False
    if origin in _MAPPINGS:
        return {"type": "object", "additionalProperties": type_spec(args[1])[0]}, False
    if origin is typing.Literal and all(isinstance(a, str) for a in args):
        return {"type": "string"}, False
    if tp is Any:
        return {"$ref": "pulumi.json#/Any"}, True
    named = named_types()
    if tp in named:
        return ref(named[tp]), False
    for python_type, name in (
        (bool, "boolean"),
        (int, "integer"),
        (float, "number"),
        (decimal.Decimal, "number"),
        (str, "string"),
        (datetime.datetime, "string"),
    ):
        if tp is python_type:
            return {"type": name}, False
    raise TypeError(f"no schema type for {tp!r}")


def is_timestamp(tp: Any) -> bool:
    """Whether ``tp`` is, or holds, ``datetime``."""
    if tp is datetime.datetime:
        return True
    return any(is_timestamp(a) for a in typing.get_args(tp))


def declared_fields(cls: type) -> dict[str, Any]:
    """The fields a class annotates itself (not its bases), evaluated."""
    return _evaluate(inspect.get_annotations(cls), cls.__module__)


def _evaluate(annotations: Mapping[str, Any], module: str) -> dict[str, Any]:
    """Evaluate (string) annotations in ``module``; Pulumi's own forward references resolve too."""
    holder = type("_Annotations", (), {"__annotations__": dict(annotations), "__module__": module})
    return typing.get_type_hints(holder, localns=_PULUMI_NAMES)


def signature_hints(fn: Callable[..., Any]) -> dict[str, Any]:
    """The evaluated annotations of ``fn``'s parameters and return."""
    return typing.get_type_hints(fn, localns=_PULUMI_NAMES)


class _Marker:
    """Stands in for a field's value, so that a boundary function shows where each field goes."""

    def __init__(self, field: str) -> None:
        self.field = field


def state_fields(model: type[BaseModel], to_state: Callable[..., Any]) -> dict[str, str]:
    """``{state key: model field}`` as ``to_state`` writes a ``model`` instance to state."""
    values: dict[str, Any] = {name: _Marker(name) for name in model.model_fields}
    instance = model.model_construct(**values)
    state: Mapping[str, Any] = to_state(instance)
    return {key: value.field for key, value in state.items() if isinstance(value, _Marker)}


def probe_values(spec: Mapping[str, Any]) -> tuple[Any, Any]:
    """Two different values of the type ``spec`` describes (to ask a provider's ``diff``)."""
    kind = spec.get("type")
    if kind == "boolean":
        return False, True
    if kind in ("integer", "number"):
        return 1, 2
    if kind == "array":
        return ["a"], ["b"]
    return "a", "b"


class Registration:
    """What a resource's constructor registers: its provider, properties and options."""

    def __init__(self, resource: type[pulumi.dynamic.Resource], args: Mapping[str, Any]) -> None:
        captured: dict[str, Any] = {}

        def capture(_self: Any, provider: Any, _name: str, props: Any, opts: Any = None) -> None:
            captured.update(provider=provider, props=props, opts=opts)

        # Runs the real constructor, but stops where it would register with the engine.
        with mock.patch.object(pulumi.dynamic.Resource, "__init__", capture):
            typing.cast(Any, resource)("schema", **args)
        self.provider: pulumi.dynamic.ResourceProvider = captured["provider"]
        self.properties: tuple[str, ...] = tuple(captured["props"])
        opts: pulumi.ResourceOptions | None = captured["opts"]
        self.secrets: tuple[str, ...] = tuple((opts and opts.additional_secret_outputs) or ())
        self.replaces: tuple[str, ...] = tuple((opts and opts.replace_on_changes) or ())
