"""The client's settings, resolved and checked once into one value the client carries.

Only :mod:`pulumi_vpsorg.client` and callers about to make a client import this (pydantic):
Pulumi-facing modules stay light with :mod:`pulumi_vpsorg._config`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt
from pydantic import ValidationError as PydanticValidationError

from ._config import (
    ENV_ORDERS_URL,
    ENV_URL,
    ClientArgs,
    _env,
    _first,
    check_url,
    is_plans_host,
    resolve_api_url,
    resolve_tokens,
    token_fingerprint,
)
from ._errors import ConfigurationError
from .assumptions import DEFAULT_ORDERS_API_URL

__all__ = ["ClientSettings", "client_key", "resolve_settings"]


class ClientSettings(BaseModel):
    """Every setting of a client, checked once (the tokens are not here: they are secrets).

    :ivar api_url: plans base URL.
    :ivar orders_api_url: orders base URL.
    :ivar timeout: seconds one call may take in all: connecting, sending, every response,
        redirects, retries and the waits between them.
    :ivar max_retries: retries per call (idempotent calls, and refused payments).
    :ivar backoff_factor: exponential backoff base, in seconds.
    :ivar max_retry_after: longest server-requested wait honoured, in seconds.
    :ivar concurrency: parallel page reads of an orders listing.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    api_url: str
    orders_api_url: str
    timeout: StrictFloat | StrictInt = Field(default=30.0, gt=0, le=86_400)
    max_retries: StrictInt = Field(default=3, ge=0, le=100)
    backoff_factor: StrictFloat | StrictInt = Field(default=0.5, ge=0, le=3600)
    max_retry_after: StrictFloat | StrictInt = Field(default=30.0, ge=0, le=86_400)
    concurrency: StrictInt = Field(default=8, ge=1, le=256)


def _settings_error(exc: PydanticValidationError) -> ConfigurationError:
    problems = []
    for error in exc.errors(include_url=False):
        name = ".".join(str(part) for part in error["loc"][:1]) or "settings"
        ctx = error.get("ctx", {})
        message = {
            "int_type": "expected a whole number",
            "float_type": "expected a finite number",
            "finite_number": "expected a finite number",
            "greater_than": f"expected a number > {ctx.get('gt')}",
            "greater_than_equal": f"expected a number >= {ctx.get('ge')}",
            "less_than_equal": f"expected a number <= {ctx.get('le')}",
        }.get(error["type"], error["msg"])
        problems.append(f"{name}: {message}, got {error['input']!r}")
    # One setting per message, the first in declaration order (as a user fixes them).
    return ConfigurationError(problems[0] if problems else str(exc))


def resolve_settings(
    *,
    api_url: str | None = None,
    orders_api_url: str | None = None,
    **numbers: Any,
) -> ClientSettings:
    """The client's settings: URLs resolved (argument, environment, default) and every number
    checked.

    The orders URL is the first set of ``orders_api_url``, ``api_url``, ``VPSORG_ORDERS_API_URL``
    and ``VPSORG_API_URL``, else the orders document's host; a plans URL that is the plans
    document's own host is passed over, since that host serves no orders (A1). Callers pass stack
    config values as the arguments when no explicit ones are given.

    :param numbers: ``timeout``, ``max_retries``, ``backoff_factor``, ``max_retry_after``,
        ``concurrency``.
    :raises ConfigurationError: naming the first unusable setting, before any request.
    """
    plans = resolve_api_url(api_url)
    orders = _orders_url(orders_api_url, api_url)
    try:
        return ClientSettings(api_url=plans, orders_api_url=orders, **numbers)
    except PydanticValidationError as exc:
        raise _settings_error(exc) from None


def _orders_url(orders_api_url: str | None, api_url: str | None) -> str:
    """The orders base URL, checked (see :func:`resolve_settings`)."""
    chain = (
        ("orders_api_url", orders_api_url, False),
        ("api_url", api_url, True),
        ("orders_api_url", _env(ENV_ORDERS_URL), False),
        ("orders_api_url", _env(ENV_URL), True),
    )
    for name, value, is_plans_url in chain:
        if not _first(value):
            continue
        assert value is not None
        url = check_url(name, value)
        if not (is_plans_url and is_plans_host(url)):
            return url
    return DEFAULT_ORDERS_API_URL


def client_key(args: ClientArgs) -> tuple[str, str, str, str]:
    """Which client these arguments make, resolved as the client resolves them: both URLs and
    both token fingerprints (for memo keys; never a token).

    :raises ConfigurationError: as the client would, before any request.
    """
    settings = resolve_settings(api_url=args["api_url"], orders_api_url=args["orders_api_url"])
    token, orders_token = resolve_tokens(args["api_token"], args["orders_api_token"])
    return (
        settings.api_url,
        token_fingerprint(token),
        settings.orders_api_url,
        token_fingerprint(orders_token),
    )
