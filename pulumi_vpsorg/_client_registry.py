"""One client per settings, per process, shared by every caller that has those settings.

The functions ask for a client on every call; a dynamic provider process holds one provider object
per resource type (``pulumi.dynamic`` keeps each unpickled ``__provider`` for the process), and
each asked for a client of its own. Shared, they use one connection pool (one TLS handshake,
against the real API, where each made its own). Clients are safe to share between threads (the
audit's page reads do); they live as long as the process, or until :func:`close_shared_clients`.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from ._gc import import_all

if TYPE_CHECKING:
    from ._config import ClientArgs
    from .client import VpsOrgClient

__all__ = ["close_shared_clients", "shared_client"]

_lock = threading.Lock()
_clients: dict[tuple[type[VpsOrgClient], tuple[str, str, str, str]], VpsOrgClient] = {}


def shared_client(args: ClientArgs, cls: type[VpsOrgClient] | None = None) -> VpsOrgClient:
    """The process's client of class ``cls`` (:class:`~pulumi_vpsorg.client.VpsOrgClient` by
    default) for these settings, made on first use. Settings are resolved first (explicit, then
    the environment, then the defaults), so that equal settings share a client however given.

    :raises ConfigurationError: no token, or a URL that is not usable (before any request).
    """
    # The first call loads pydantic and requests: with collection paused, not frozen (this may
    # be a user's program, whose objects are not ours to exempt).
    import_all(("pulumi_vpsorg._settings", "pulumi_vpsorg.client"))
    from ._settings import client_key

    if cls is None:
        from .client import VpsOrgClient

        cls = VpsOrgClient
    key = (cls, client_key(args))
    with _lock:
        existing = _clients.get(key)
        if existing is None:
            existing = _clients[key] = cls(**args)
        return existing


def close_shared_clients() -> None:
    """Close and forget every shared client: the next caller makes a new one, as a new process
    would (benchmarks measuring a cold client use it)."""
    with _lock:
        clients = list(_clients.values())
        _clients.clear()
    for client in clients:
        client.close()
