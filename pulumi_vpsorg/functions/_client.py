"""The one place where the functions turn settings into a client.

Settings: explicit ``api_token`` / ``api_url`` arguments, then stack config (``vpsorg:apiToken``,
``vpsorg:apiUrl``, ``vpsorg:ordersApiToken``, ``vpsorg:ordersApiUrl``, read by the same reader as
the providers'), then the environment. One client per pair of URLs and tokens, per process,
shared by every function call.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pulumi

from .._config import StackConfig, read_stack_config
from .._vocabulary import NAMESPACE

if TYPE_CHECKING:
    from ..client import VpsOrgClient

__all__ = ["client_for", "hosted_config", "stack_config"]

#: Settings of the provider plugin hosting a function call (``Invoke``), instead of stack config.
_hosted: contextvars.ContextVar[StackConfig | None] = contextvars.ContextVar(
    "vpsorg_hosted_config", default=None
)


@contextlib.contextmanager
def hosted_config(config: StackConfig) -> Iterator[None]:
    """Within this block, the functions read ``config`` where a program reads stack config (the
    native plugin serving ``Invoke`` with its provider's settings)."""
    token = _hosted.set(config)
    try:
        yield
    finally:
        _hosted.reset(token)


def stack_config() -> StackConfig:
    """What stack config says (or the hosting plugin's settings); empty outside a Pulumi program."""
    hosted = _hosted.get()
    if hosted is not None:
        return hosted
    # Outside a Pulumi program (scripts, tests) Config may be unusable: fall back to env.
    try:
        return read_stack_config(pulumi.Config(NAMESPACE), namespaced=False)
    except Exception:
        return StackConfig()


def client_for(api_token: str | None, api_url: str | None) -> VpsOrgClient:
    """The shared client for these settings (its ``scope`` keys the plan catalogue).

    :raises ConfigurationError: no token, or a URL that is not usable (before any request).
    """
    from .._client_registry import shared_client

    return shared_client(stack_config().client_kwargs(api_token=api_token, api_url=api_url))
