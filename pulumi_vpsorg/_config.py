"""Where settings come from: explicit arguments, then Pulumi stack config, then the environment."""

from __future__ import annotations

import ipaddress
import os
from typing import Any, Final, Protocol
from urllib.parse import urlsplit

from ._errors import ConfigurationError
from .assumptions import DEFAULT_API_URL

__all__ = [
    "CONFIG_NAMESPACE",
    "CONFIG_TOKEN_KEY",
    "CONFIG_URL_KEY",
    "ENV_TOKEN",
    "ENV_URL",
    "is_loopback",
    "resolve_api_token",
    "resolve_api_url",
    "settings_from_config",
]

ENV_TOKEN: Final = "VPSORG_API_TOKEN"
ENV_URL: Final = "VPSORG_API_URL"
CONFIG_NAMESPACE: Final = "vpsorg"
CONFIG_TOKEN_KEY: Final = "apiToken"
CONFIG_URL_KEY: Final = "apiUrl"


class _Config(Protocol):
    """A config object: ``get(key)`` gives the value or ``None``."""

    def get(self, key: str, /) -> Any: ...


_MISSING_TOKEN = (
    "No VPS.org API token: set it with `pulumi config set vpsorg:apiToken --secret`, "
    f"the {ENV_TOKEN} environment variable, or the api_token argument."
)


def _first(*values: str | None) -> str | None:
    for value in values:
        if value is not None and value.strip() != "":
            return value
    return None


def resolve_api_token(explicit: str | None = None, configured: str | None = None) -> str:
    """Pick the token: explicit argument, then stack config, then ``VPSORG_API_TOKEN``.

    :raises ConfigurationError: when none is set or the value could not be a header value.
    """
    token = _first(explicit, configured, os.environ.get(ENV_TOKEN))
    if token is None:
        raise ConfigurationError(_MISSING_TOKEN)
    token = token.strip()
    if any(ch.isspace() or ord(ch) < 0x21 or ord(ch) > 0x7E for ch in token):
        # Never echo the value: it is a secret even when malformed.
        raise ConfigurationError(
            "api_token: the API token contains whitespace or non-printable characters"
        )
    return token


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine (``localhost``, 127.0.0.0/8, ``::1``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def resolve_api_url(explicit: str | None = None, configured: str | None = None) -> str:
    """Pick the API base URL: explicit, stack config, ``VPSORG_API_URL``, then the default.

    Plain ``http://`` is accepted only for loopback hosts (the fake API).

    :raises ConfigurationError: when the URL is not usable.
    """
    url = _first(explicit, configured, os.environ.get(ENV_URL)) or DEFAULT_API_URL
    url = url.strip()
    parts = urlsplit(url)
    if "@" in parts.netloc:
        # Checked first: no other message may echo a URL that carries credentials.
        raise ConfigurationError("api_url: credentials in the URL are not allowed")
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or not host:
        raise ConfigurationError(f"api_url: {url!r} is not an http(s) URL with a host")
    if parts.scheme == "http" and not is_loopback(host):
        raise ConfigurationError(
            f"api_url: {url!r} uses plain http; only https is allowed except on loopback hosts"
        )
    if parts.query or parts.fragment:
        raise ConfigurationError(f"api_url: {url!r} must not have a query or fragment")
    return url.rstrip("/")


def settings_from_config(config: _Config) -> tuple[str | None, str | None]:
    """Read ``vpsorg:apiToken`` and ``vpsorg:apiUrl`` (namespaced keys, as the engine sends them).

    :param config: anything with ``get(key)``, such as the dynamic provider's ``req.config``.
    :returns: ``(token, url)``, each ``None`` when absent.
    """

    def value(key: str) -> str | None:
        raw = config.get(f"{CONFIG_NAMESPACE}:{key}")
        return None if raw is None else str(raw)

    return value(CONFIG_TOKEN_KEY), value(CONFIG_URL_KEY)
