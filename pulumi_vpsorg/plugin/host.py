"""The plugin as the behaviours' host: settings from ``Configure``, one client per process.

The same :class:`~pulumi_vpsorg.provider._behaviour.Host` the dynamic providers implement
(:class:`~pulumi_vpsorg.provider._base.ClientProvider`), without the pickling concerns: a plugin
process serves one provider (the default one, or one explicit ``pulumi:providers:vpsorg``).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._config import StackConfig, read_stack_config
from .._vocabulary import NAMESPACE

if TYPE_CHECKING:
    from ..client import VpsOrgClient

__all__ = ["PluginHost", "provider_config"]


def provider_config(args: Mapping[str, Any], variables: Mapping[str, str]) -> StackConfig:
    """The provider's settings: its inputs (``args``: the stack's ``vpsorg:*`` config for the
    default provider, an explicit provider's own inputs otherwise), else the ``variables`` the
    engine also sends (``vpsorg:config:apiToken`` or ``vpsorg:apiToken``). The environment and the
    defaults apply later, when the client resolves them (``_config``), exactly as for the dynamic
    providers."""

    def get(key: str) -> Any:
        if args:
            value = args.get(key)
            return None if value is None or value == "" else value
        for name in (f"{NAMESPACE}:config:{key}", f"{NAMESPACE}:{key}"):
            if variables.get(name) not in (None, ""):
                return variables[name]
        return None

    return read_stack_config(get, namespaced=False)


class PluginHost:
    """Settings and the client for the behaviours this plugin process runs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._config = StackConfig()
        self._client: VpsOrgClient | None = None

    @property
    def config(self) -> StackConfig:
        """The settings ``Configure`` gave (tokens redacted in its repr)."""
        return self._config

    def configure(self, config: StackConfig) -> None:
        """Take new settings; a client made for the old ones is closed."""
        with self._lock:
            self._config = config
            old, self._client = self._client, None
        if old is not None:
            old.close()

    def settings(self) -> tuple[str | None, str | None]:
        """``(token, url)`` as configured, each ``None`` when unset."""
        return self._config.api_token, self._config.api_url

    def client(self) -> VpsOrgClient:
        """The client for these settings, created on first use.

        :raises ConfigurationError: when no token is configured anywhere.
        """
        with self._lock:
            if self._client is None:
                from ..client import VpsOrgClient

                self._client = VpsOrgClient(**self._config.client_kwargs())
            return self._client
