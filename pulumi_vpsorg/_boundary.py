"""The Pulumi boundary: models become plain JSON-able values (money as numbers, times as ISO)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from pydantic import BaseModel, TypeAdapter
from pydantic_core import PydanticSerializationError

from ._errors import UnexpectedResponseError
from ._numbers import NumberRangeError, exact_int
from ._types import PULUMI_BOUNDARY, to_iso, to_number

if TYPE_CHECKING:
    from .orders.models import Order
    from .plans.models import Plan

__all__ = ["order_state", "plain", "plan_state", "validated", "validated_all"]


_ATOMS: Final = frozenset({str, bool, type(None)})
_UTC: Final = timezone.utc


class _Unrepresentable(Exception):
    """A value Pulumi cannot carry; ``path`` is filled in, innermost key first, on the way out."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        self.path: list[str] = []
        super().__init__(reason)


def plain(value: Any) -> Any:
    """Convert models, Decimals, datetimes, tuples recursively into Pulumi-serializable values.

    Pulumi numbers are doubles: a number that has no finite double (or an integer a double does
    not hold exactly) is refused, never sent as ``inf``/``NaN`` or rounded into another id. Values
    of other types (a secret, an ``Output``) are passed on unchanged.

    Values are converted by a lookup on their exact type (no ``isinstance`` chain, no error
    bookkeeping per level); only when that refuses a value does the walk run again, to name the
    field.

    :raises UnexpectedResponseError: naming the field (the models refuse such numbers when they
        parse a response, so this is the last line, not the usual one).
    """
    try:
        return _convert(value)
    except NumberRangeError:
        pass
    try:
        return _plain(value)
    except _Unrepresentable as exc:
        where = ".".join(reversed(exc.path)) or "value"
        raise UnexpectedResponseError(f"{where}: {exc.reason}") from None


def validated(model: BaseModel) -> dict[str, Any]:
    """A model that came out of validation, as :func:`plain` gives it, serialised by pydantic-core.

    Only for models built by validation: the models' JSON mode, in the boundary's context
    (:data:`~pulumi_vpsorg._types.PULUMI_BOUNDARY`), is the boundary's rule for what validation let
    in (money as floats, finite within the range; timestamps as ISO-8601 ``Z``;
    tuples as lists; ``JsonValue`` fields held to finite numbers and exact integers), and the
    ranges validation checked are not checked again. A value of another type than its field
    declares makes pydantic-core refuse, and the model then goes through :func:`plain`, with its
    checks and its errors naming the field.
    """
    try:
        dumped: dict[str, Any] = model.model_dump(
            mode="json", warnings="error", context=PULUMI_BOUNDARY
        )
    except PydanticSerializationError:
        return plain(model)  # type: ignore[no-any-return]
    return dumped


#: One adapter per model class for :func:`validated_all` (a list's schema is built once).
_LIST_ADAPTERS: dict[type[BaseModel], TypeAdapter[list[Any]]] = {}


def validated_all(models: Sequence[BaseModel]) -> list[dict[str, Any]]:
    """:func:`validated` of each model (all of one class), in one call to pydantic-core."""
    if not models:
        return []
    cls = type(models[0])
    if any(type(model) is not cls for model in models):
        return [validated(model) for model in models]
    adapter = _LIST_ADAPTERS.get(cls)
    if adapter is None:
        adapter = _LIST_ADAPTERS[cls] = TypeAdapter(list[cls])  # type: ignore[valid-type]
    try:
        dumped: list[dict[str, Any]] = adapter.dump_python(
            list(models), mode="json", warnings="error", context=PULUMI_BOUNDARY
        )
    except PydanticSerializationError:
        return [validated(model) for model in models]
    return dumped


def _same(value: Any) -> Any:
    return value


def _mapping(value: Mapping[Any, Any]) -> dict[str, Any]:
    out = {}
    for key, item in value.items():
        convert = _BY_TYPE.get(type(item))
        out[str(key)] = convert(item) if convert is not None else _other(item)
    return out


def _sequence(value: list[Any] | tuple[Any, ...]) -> list[Any]:
    items = []
    for item in value:
        convert = _BY_TYPE.get(type(item))
        items.append(convert(item) if convert is not None else _other(item))
    return items


#: Each model class's field names, in order (``model_fields`` is a computed class property).
_FIELDS: dict[type[BaseModel], tuple[str, ...]] = {}


def _model(value: BaseModel) -> dict[str, Any]:
    # The declared fields, in order, read from the instance dict (where pydantic keeps them).
    cls = type(value)
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(cls.model_fields)
    fields = value.__dict__
    out = {}
    for key in names:
        item = fields[key]
        convert = _BY_TYPE.get(type(item))
        out[key] = convert(item) if convert is not None else _other(item)
    return out


def _number(value: Decimal | float) -> float:
    # to_number's rule, with its checks only where the plain conversion is not already a finite
    # float: x - x is 0.0 exactly for finite floats and NaN for infinities and NaN.
    try:
        result = float(value)
    except (ValueError, OverflowError):  # a signalling NaN
        return to_number(value)
    if result - result == 0.0:
        return result + 0.0  # -0.0 + 0.0 is 0.0
    return to_number(value)  # raises NumberRangeError


def _moment(value: datetime) -> str:
    if value.tzinfo is _UTC:  # what the models hold: no conversion to make
        return value.isoformat().replace("+00:00", "Z")
    return to_iso(value)


#: Conversions by exact type: a dict lookup instead of an ``isinstance`` chain per value.
_BY_TYPE: Final[dict[type, Callable[[Any], Any]]] = {
    str: _same,
    bool: _same,
    type(None): _same,
    int: exact_int,
    float: _number,
    Decimal: _number,
    datetime: _moment,
    dict: _mapping,
    list: _sequence,
    tuple: _sequence,
}


def _other(value: Any) -> Any:
    """Subclasses and models: the same rules as :func:`_plain`, checked in the same order."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return exact_int(value)
    if isinstance(value, (Decimal, float)):
        return to_number(value)
    if isinstance(value, BaseModel):
        return _model(value)
    if isinstance(value, datetime):
        return to_iso(value)
    if isinstance(value, Mapping):
        return _mapping(value)
    if isinstance(value, (list, tuple)):
        return _sequence(value)
    return value


def _convert(value: Any) -> Any:
    convert = _BY_TYPE.get(type(value))
    return convert(value) if convert is not None else _other(value)


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind in _ATOMS:
        return value
    try:
        if kind is int:  # first: an audit's order_ids are 20,000 ints (Mapping is an ABC)
            return exact_int(value)
        if isinstance(value, (Decimal, float)):
            return to_number(value)  # floats too: refuse inf/NaN
    except NumberRangeError as exc:
        raise _Unrepresentable(str(exc)) from None
    key: Any = None
    try:
        if isinstance(value, BaseModel):
            out: dict[str, Any] = {}
            for key in type(value).model_fields:
                out[key] = _plain(getattr(value, key))
            return out
        if isinstance(value, datetime):
            return to_iso(value)
        if isinstance(value, Mapping):
            out = {}
            for key, item in value.items():
                out[str(key)] = _plain(item)
            return out
        if isinstance(value, (list, tuple)):
            items = []
            for key, item in enumerate(value):  # noqa: B007  (the except clause reads key)
                items.append(_plain(item))
            return items
    except _Unrepresentable as exc:
        exc.path.append(str(key))
        raise
    return value


def plan_state(plan: Plan) -> dict[str, Any]:
    """A plan's fields as resource state; ``id`` becomes ``plan_id`` (``id`` is Pulumi's)."""
    state: dict[str, Any] = plain(plan)
    state["plan_id"] = state.pop("id")
    return state


def order_state(order: Order) -> dict[str, Any]:
    """An order's fields as resource state; ``id`` becomes ``order_id``."""
    state: dict[str, Any] = plain(order)
    state["order_id"] = state.pop("id")
    return state
