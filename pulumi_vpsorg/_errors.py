"""One error hierarchy for everything the API (or the network) can do to a call."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ._vocabulary import ENV_TOKEN, TOKEN_CONFIG

__all__ = [
    "APIError",
    "AuthenticationError",
    "CallTimeoutError",
    "ConfigurationError",
    "ConnectionFailedError",
    "LockedError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "UnexpectedResponseError",
    "ValidationError",
    "VpsOrgError",
    "error_for_status",
]


class VpsOrgError(Exception):
    """Root of every error this package raises."""


class ConfigurationError(VpsOrgError, ValueError):
    """Settings or arguments are unusable; raised before any request is made."""


class APIError(VpsOrgError):
    """A request reached the API (or tried to) and did not succeed.

    :ivar method: HTTP method of the failed call.
    :ivar path: path of the failed call, relative to the API URL.
    :ivar status: HTTP status, or ``None`` when no response was received.
    :ivar api_message: the server's own message, if it sent one.
    :ivar request_id: the server's request id header, if it sent one.
    :ivar past_deadline: the answer called for another attempt, which was not made because it
        would have started past the call's timeout (a long ``Retry-After``).
    """

    def __init__(
        self,
        message: str,
        *,
        method: str = "",
        path: str = "",
        status: int | None = None,
        api_message: str | None = None,
        request_id: str | None = None,
        past_deadline: bool = False,
    ) -> None:
        self.method = method
        self.path = path
        self.status = status
        self.api_message = api_message
        self.request_id = request_id
        self.past_deadline = past_deadline
        super().__init__(message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class AuthenticationError(APIError):
    """401: the token is missing, invalid or expired."""


class PermissionDeniedError(APIError):
    """403: the token may not do this, e.g. a read-only token attempting a write."""


class NotFoundError(APIError):
    """404: the plan or order does not exist."""


class ValidationError(APIError, ValueError):
    """422: the API rejected the input.

    :ivar field_errors: messages per field, as the API sent them.
    """

    field_errors: dict[str, list[str]] = {}  # noqa: RUF012 - set per instance by error_for_status


class LockedError(APIError):
    """423: the resource is locked at the moment; retry later."""


class RateLimitError(APIError):
    """429: the API rate limit was exceeded and the retry budget is spent.

    :ivar retry_after: seconds the server asked to wait, if it said.
    """

    retry_after: float | None = None


class ServerError(APIError):
    """5xx: the API failed."""


class UnexpectedResponseError(APIError):
    """The response is not what the documents promise: wrong status, malformed or oversize body."""


class ConnectionFailedError(APIError):
    """No usable response: connection refused or dropped, timeout, TLS failure."""


class CallTimeoutError(ConnectionFailedError):
    """The call did not finish within the client's ``timeout``: that bounds the whole call
    (connecting, every response and body, redirects, retries and the waits between them)."""


_BY_STATUS: dict[int, type[APIError]] = {
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    422: ValidationError,
    423: LockedError,
    429: RateLimitError,
}

_HINTS: dict[int, str] = {
    401: f"check {TOKEN_CONFIG} / {ENV_TOKEN}",
    403: "the token may be read-only; writes need a Read+Write token",
    423: "the resource is locked at the moment; try again later",
    429: "API rate limit exceeded",
}


def error_for_status(
    status: int,
    *,
    method: str,
    path: str,
    api_message: str | None,
    field_errors: Mapping[str, Sequence[str]] | None = None,
    retry_after: float | None = None,
    request_id: str | None = None,
    hint: str | None = None,
    note: str | None = None,
) -> APIError:
    """Map an unsuccessful status to its error class, with a message naming the call.

    :param status: the HTTP status received.
    :param hint: what to check, instead of the status's usual hint.
    :param note: why the client did not retry: the next attempt would have started past the
        call's deadline (sets ``past_deadline``).
    """
    cls: type[APIError]
    if status in _BY_STATUS:
        cls = _BY_STATUS[status]
    elif status >= 500:
        cls = ServerError
    else:
        cls = UnexpectedResponseError
    parts = [f"{method} {path} failed with HTTP {status}"]
    if api_message:
        parts.append(f": {api_message}")
    if field_errors:
        detail = "; ".join(f"{k}: {' '.join(v)}" for k, v in sorted(field_errors.items()))
        parts.append(f" ({detail})")
    if hint or status in _HINTS:
        parts.append(f" [{hint or _HINTS[status]}]")
    if note:
        parts.append(f" ({note})")
    if request_id:
        parts.append(f" (request id {request_id})")
    message = "".join(parts)
    error = cls(
        message,
        method=method,
        path=path,
        status=status,
        api_message=api_message,
        request_id=request_id,
        past_deadline=note is not None,
    )
    if isinstance(error, ValidationError):
        error.field_errors = {k: list(v) for k, v in (field_errors or {}).items()}
    if isinstance(error, RateLimitError):
        error.retry_after = retry_after
    return error
