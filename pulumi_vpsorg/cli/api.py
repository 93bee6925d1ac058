"""The client a ``vpsorg`` command uses: token from the environment only, URLs and timeout from
the flags or the environment (errors name the flag or the variable the value came from)."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING, Any

from .._errors import ConfigurationError
from .._vocabulary import ENV_ORDERS_TOKEN, ENV_ORDERS_URL, ENV_TOKEN, ENV_URL
from .values import fields_named

if TYPE_CHECKING:
    from ..client import VpsOrgClient

__all__ = ["client"]


def client(args: argparse.Namespace) -> VpsOrgClient:
    """A client for ``args``.

    :raises ConfigurationError: without a token, or for a bad URL or timeout (naming the flag).
    """
    from ..client import VpsOrgClient

    kwargs: dict[str, Any] = {}
    if getattr(args, "timeout", None) is not None:
        kwargs["timeout"] = args.timeout
    if not os.environ.get(ENV_TOKEN, "").strip():
        # The library's message names stack config and arguments; the command has neither.
        raise ConfigurationError(
            f"no API token: export {ENV_TOKEN}=<token> (a read-only token is enough for this command)"
        )
    api_url = getattr(args, "api_url", None)
    orders_api_url = getattr(args, "orders_api_url", None)
    # Each setting named where it came from: the flag when given, else the environment.
    make = fields_named(
        {
            "api_url": "--api-url" if api_url is not None else ENV_URL,
            "orders_api_url": "--orders-api-url" if orders_api_url is not None else ENV_ORDERS_URL,
            "timeout": "--timeout",
            "api_token": ENV_TOKEN,
            "orders_api_token": ENV_ORDERS_TOKEN,
        },
        VpsOrgClient,
    )
    made: VpsOrgClient = make(api_url=api_url, orders_api_url=orders_api_url, **kwargs)
    return made
