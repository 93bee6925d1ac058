"""The fake's answers: one response value, compact JSON, and the error bodies it sends (A6)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

__all__ = [
    "JSON",
    "LOCKED",
    "NOT_FOUND",
    "Response",
    "dumps",
    "invalid",
    "json_response",
    "message",
]

JSON: Final = "application/json"
NOT_FOUND: Final = "Not found."
LOCKED: Final = "The resource is locked at the moment."

# What json.dumps(obj, separators=(",", ":"), ensure_ascii=False) builds on every call.
_ENCODER: Final = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


@dataclass
class Response:
    """One answer: status, body bytes (None for none) and extra headers."""

    status: int
    body: bytes | None
    content_type: str = JSON
    headers: dict[str, str] = field(default_factory=dict)


def dumps(obj: Any) -> bytes:
    """Compact UTF-8 JSON, non-ASCII text kept raw (as the pages are spliced from)."""
    return _ENCODER.encode(obj).encode()


def json_response(status: int, obj: Any, headers: Mapping[str, str] | None = None) -> Response:
    """``obj`` as a JSON body."""
    return Response(status, dumps(obj), headers=dict(headers or {}))


def message(status: int, text: str) -> Response:
    """Laravel's error body: ``{"message": text}``."""
    return json_response(status, {"message": text})


def invalid(errors: Mapping[str, list[str]]) -> Response:
    """Laravel's 422: the first error as the message, plus how many more there are."""
    messages = [m for ms in errors.values() for m in ms]
    text = messages[0]
    if len(messages) > 1:
        more = len(messages) - 1
        text += f" (and {more} more error{'s' if more > 1 else ''})"
    return json_response(422, {"message": text, "errors": dict(errors)})
