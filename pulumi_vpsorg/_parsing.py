"""Turning response bodies into models, with failures mapped into the package's errors."""

from __future__ import annotations

import json
from typing import Any, Final, TypeVar

import pydantic

from ._errors import ConfigurationError, UnexpectedResponseError
from ._http import Response
from ._vocabulary import positive_id, require

__all__ = ["parse", "require_id"]

M = TypeVar("M", bound=pydantic.BaseModel)

#: Digits before the point from which pydantic-core's JSON parser refuses a number ("number out
#: of range"), as Python refuses ``int()`` of more than 4,300 digits.
_PARSER_DIGITS: Final = 4300


def parse(model: type[M], response: Response) -> M:
    """Validate a body against a model.

    :raises UnexpectedResponseError: naming the offending fields (never their values, which
        could be anything the server sent).
    """
    try:
        # Straight from bytes: pydantic-core parses and validates in one pass, with no dicts built.
        return model.model_validate_json(response.raw or b"null")
    except pydantic.ValidationError as exc:
        ctype = response.headers.get("Content-Type", "")
        problems = "; ".join(_problem(err, response.raw) for err in exc.errors()[:5])
        more = f" (+{exc.error_count() - 5} more)" if exc.error_count() > 5 else ""
        error = UnexpectedResponseError(
            f"{response.method} {response.path}: HTTP {response.status} body does not match the "
            "documented "
            f"{model.__name__} (Content-Type {ctype or 'missing'}): {problems}{more}",
            method=response.method,
            path=response.path,
            status=response.status,
        )
    # Outside the except block: the body (anything the server sent) stays off the error's chain.
    raise error


def _problem(err: Any, raw: bytes) -> str:
    if err["type"] == "json_invalid" and "number out of range" in str(err["msg"]):
        where = _huge_number(raw)
        if where is not None:
            return f"{where}: number out of range (more than {_PARSER_DIGITS} digits)"
    return f"{'.'.join(str(p) for p in err['loc']) or '<body>'}: {err['msg']}"


class _Number(str):
    """A JSON number's text, unconverted (so no 4,300-digit limit and no ``inf``)."""


def _huge_number(raw: bytes) -> str | None:
    """Where the first number too long for the JSON parser sits, e.g. ``results.0.vcpus``."""
    try:
        document = json.loads(raw, parse_int=_Number, parse_float=_Number, parse_constant=_Number)
    except (ValueError, RecursionError):
        return None
    stack: list[tuple[str, Any]] = [("", document)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, _Number):
            whole = node.lstrip("-").split(".")[0].lower().split("e")[0]
            if len(whole) > _PARSER_DIGITS:
                return path or "<body>"
        elif isinstance(node, dict):
            children = list(node.items())
            stack.extend((f"{path}.{k}" if path else str(k), v) for k, v in reversed(children))
        elif isinstance(node, list):
            items = list(enumerate(node))
            stack.extend((f"{path}.{i}" if path else str(i), v) for i, v in reversed(items))
    return None


def require_id(name: str, value: Any) -> int:
    """Validate an id argument before it goes into a URL.

    :raises ConfigurationError: naming the argument.
    """
    return require(name, positive_id, value, ConfigurationError)
