"""Property values on the wire: protobuf ``Struct`` to plain values and back, with the engine's
secret and unknown markers.

The engine marks a secret as ``{SIG: SECRET, "value": ...}`` and a value not known yet (preview)
as the string :data:`UNKNOWN`. Behaviours work on plain values: secrets are unwrapped on the way
in (the top-level keys that held one are remembered) and wrapped again on the way out; unknowns
pass through as the string, which :func:`pulumi_vpsorg.provider._behaviour.is_unknown` knows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from google.protobuf import json_format, struct_pb2

from .._errors import ConfigurationError

__all__ = ["SECRET", "SIG", "UNKNOWN", "NotFinite", "Values", "decode", "encode", "secret"]

#: The engine's markers (``pulumi.runtime.rpc``; spelled here so the plugin starts light).
SIG: Final = "4dabf18193072939515e22adb298388d"
SECRET: Final = "1b47061264138c4ac30d75fd1eb44270"
UNKNOWN: Final = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"


def secret(value: Any) -> dict[str, Any]:
    """``value`` marked secret, as the engine marks it."""
    return {SIG: SECRET, "value": value}


def _reveal(value: Any) -> tuple[Any, bool]:
    """``value`` without secret markers, and whether it held any."""
    if isinstance(value, dict):
        if value.get(SIG) == SECRET:
            inner, _ = _reveal(value.get("value"))
            return inner, True
        out: dict[str, Any] = {}
        held = False
        for key, item in value.items():
            out[key], inner_held = _reveal(item)
            held = held or inner_held
        return out, held
    if isinstance(value, list):
        items = [_reveal(item) for item in value]
        return [v for v, _ in items], any(h for _, h in items)
    return value, False


class Values:
    """Plain top-level properties, and the keys that arrived secret."""

    __slots__ = ("props", "secrets")

    def __init__(self, props: dict[str, Any], secrets: Iterable[str] = ()) -> None:
        self.props = props
        self.secrets = set(secrets)


class NotFinite(ConfigurationError):
    """A property holding inf or NaN, which no property of this package takes (JSON has neither)."""

    def __init__(self, name: str) -> None:
        self.property = name
        self.reason = "expected a finite number, not inf or NaN"
        super().__init__(f"{name}: {self.reason}")


def decode(struct: struct_pb2.Struct | None, not_finite: list[NotFinite] | None = None) -> Values:
    """A request's properties as plain values (numbers are floats, as on the wire).

    :param not_finite: where given, a property holding inf or NaN is left out and its error
        appended here, instead of raised.
    :raises NotFinite: naming the first property that holds inf or NaN.
    """
    if struct is None:
        return Values({})
    props: dict[str, Any] = {}
    secrets: set[str] = set()
    for key, field in struct.fields.items():
        try:
            value = json_format.MessageToDict(field)
        except ValueError:  # protobuf's JSON refuses inf and NaN
            if not_finite is None:
                raise NotFinite(key) from None
            not_finite.append(NotFinite(key))
            continue
        props[key], held = _reveal(value)
        if held:
            secrets.add(key)
    return Values(props, secrets)


def encode(props: Mapping[str, Any], secrets: Iterable[str] = ()) -> struct_pb2.Struct:
    """Plain top-level properties as a ``Struct``, the ``secrets`` keys (if present) marked."""
    marked = set(secrets)
    struct = struct_pb2.Struct()
    struct.update(
        {k: (secret(v) if k in marked and v is not None else v) for k, v in props.items()}
    )
    return struct
