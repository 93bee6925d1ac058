"""Responses into errors: the status picks the class, the body and headers give the details.

Knows no endpoint paths: what to suggest on a 404 is the caller's to say. Everything a server
sends that may reach an error (message, field errors, request id, Content-Type, a redirect
target) is redacted of the token first: a server may echo it back.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final
from urllib.parse import quote

from .._errors import APIError, UnexpectedResponseError, error_for_status
from ..assumptions import RETRY_AFTER_HEADER

__all__ = ["REDACTED", "decode_json", "redact", "status_error"]

REDACTED: Final = "<redacted>"
_REQUEST_ID_HEADERS: Final = ("X-Request-Id", "X-Request-ID", "Request-Id")
_MAX_TEXT: Final = 500


def redact(text: object, secrets: Sequence[str], limit: int = _MAX_TEXT) -> str:
    """``text`` with every secret replaced, then cut to ``limit``.

    Each secret is matched as is, URL-quoted and JSON-escaped, in any letter case (a host name
    comes back lower-cased), longest first and in one pass, so that a secret holding another
    leaves no part of itself. Redacted before truncating, so that no prefix survives either.
    """
    value = str(text)
    pattern = _pattern(tuple(secrets))
    if pattern is not None:
        value = pattern.sub(REDACTED, value)
    return value[:limit]


@functools.lru_cache(maxsize=8)
def _pattern(secrets: tuple[str, ...]) -> re.Pattern[str] | None:
    """Every form of every secret, longest first (built once per set of secrets: the headers of
    every response are checked with it)."""
    forms = {
        form
        for secret in secrets
        if secret
        for form in (
            secret,
            quote(secret, safe=""),
            json.dumps(secret)[1:-1],
            json.dumps(secret, ensure_ascii=False)[1:-1],
        )
    }
    if not forms:
        return None
    ordered = sorted(forms, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, ordered)), re.IGNORECASE)


def decode_json(
    raw: bytes,
    headers: Mapping[str, str],
    status: int,
    method: str,
    path: str,
    secrets: Sequence[str],
) -> Any:
    """The body as JSON (``None`` when empty).

    :raises UnexpectedResponseError: when it is not JSON.
    """
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: [[[[... nesting
        ctype = redact(headers.get("Content-Type", ""), secrets, 100)
        raise UnexpectedResponseError(
            f"{method} {path}: HTTP {status} body is not JSON"
            f" (Content-Type {ctype or 'missing'}, {len(raw)} bytes)",
            method=method,
            path=path,
            status=status,
        ) from None


def status_error(
    status: int,
    headers: Mapping[str, str],
    raw: bytes,
    *,
    method: str,
    path: str,
    secrets: Sequence[str],
    hint_404: str | None = None,
    hint_401: str | None = None,
    note: str | None = None,
) -> APIError:
    """The error for an unsuccessful response (see :func:`~pulumi_vpsorg._errors.error_for_status`).

    :param hint_404: what to check when the status is 404 (say, the base URL setting).
    :param hint_401: what to check when the status is 401 (the token setting).
    :param note: why the client did not retry (the next attempt would start past the deadline).
    """
    request_id = next(
        (redact(headers[h], secrets) for h in _REQUEST_ID_HEADERS if h in headers), None
    )
    try:
        body = decode_json(raw, headers, status, method, path, secrets)
    except UnexpectedResponseError:
        body = None
    api_message: str | None = None
    field_errors: dict[str, list[str]] = {}
    if isinstance(body, dict):
        msg = body.get("message")
        api_message = redact(msg, secrets) if isinstance(msg, str) else None
        errors = body.get("errors")
        if isinstance(errors, dict):
            for field, messages in errors.items():
                items = messages if isinstance(messages, list) else [messages]
                field_errors[redact(field, secrets)] = [redact(m, secrets) for m in items]
    retry_after: float | None = None
    if status == 429:
        try:
            retry_after = float(headers.get(RETRY_AFTER_HEADER, ""))
        except ValueError:
            retry_after = None
        if retry_after is not None and not math.isfinite(retry_after):
            retry_after = None
    return error_for_status(
        status,
        method=method,
        path=path,
        api_message=api_message,
        field_errors=field_errors,
        retry_after=retry_after,
        request_id=request_id,
        hint={404: hint_404, 401: hint_401}.get(status),
        note=note,
    )
