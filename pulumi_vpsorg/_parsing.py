"""Turning response bodies into models, with failures mapped into the package's errors."""

from __future__ import annotations

from typing import Any, TypeVar

import pydantic

from ._errors import ConfigurationError, UnexpectedResponseError
from ._http import Response

__all__ = ["parse", "require_id"]

M = TypeVar("M", bound=pydantic.BaseModel)


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
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '<body>'}: {err['msg']}"
            for err in exc.errors()[:5]
        )
        more = f" (+{exc.error_count() - 5} more)" if exc.error_count() > 5 else ""
        raise UnexpectedResponseError(
            f"{response.method} {response.path}: HTTP {response.status} body does not match the "
            "documented "
            f"{model.__name__} (Content-Type {ctype or 'missing'}): {problems}{more}",
            method=response.method,
            path=response.path,
            status=response.status,
        ) from None


def require_id(name: str, value: Any) -> int:
    """Validate an id argument before it goes into a URL.

    :raises ConfigurationError: naming the argument.
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigurationError(f"{name}: expected a positive integer, got {value!r}")
    return value
