"""Where settings come from, checked once: explicit arguments, then Pulumi stack config, then the
environment, then the documented defaults.

Two base URLs: plans at the plans document's host, orders at the orders document's host
(assumption A1). A URL or token set for plans serves orders too unless the orders one is set at
the same level or a more explicit one (argument, then stack config, then environment).
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Protocol, TypedDict
from urllib.parse import unquote, urlsplit

from ._errors import ConfigurationError
from ._vocabulary import (
    CONFIG_ORDERS_TOKEN_KEY,
    CONFIG_ORDERS_URL_KEY,
    CONFIG_TOKEN_KEY,
    CONFIG_URL_KEY,
    ENV_ORDERS_TOKEN,
    ENV_ORDERS_URL,
    ENV_TOKEN,
    ENV_URL,
    NAMESPACE,
    TOKEN_CONFIG,
)
from .assumptions import DEFAULT_API_URL

__all__ = [
    "CONFIG_NAMESPACE",
    "CONFIG_ORDERS_TOKEN_KEY",
    "CONFIG_ORDERS_URL_KEY",
    "CONFIG_TOKEN_KEY",
    "CONFIG_URL_KEY",
    "DEFAULT_PORTS",
    "ENV_ORDERS_TOKEN",
    "ENV_ORDERS_URL",
    "ENV_TOKEN",
    "ENV_URL",
    "ClientArgs",
    "StackConfig",
    "check_url",
    "is_loopback",
    "is_plans_host",
    "read_stack_config",
    "resolve_api_token",
    "resolve_api_url",
    "resolve_tokens",
    "settings_from_config",
    "split_origin",
    "token_fingerprint",
]

CONFIG_NAMESPACE: Final = NAMESPACE
#: The port a URL of each scheme means when it names none.
DEFAULT_PORTS: Final = {"http": 80, "https": 443}


class _Config(Protocol):
    """A config object: ``get(key)`` gives the value or ``None``."""

    def get(self, key: str, /) -> Any: ...


_MISSING_TOKEN = (
    f"No VPS.org API token: set it with `pulumi config set {TOKEN_CONFIG} --secret`, "
    f"the {ENV_TOKEN} environment variable, or the api_token argument."
)
_HOST_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")


def _first(*values: str | None) -> str | None:
    for value in values:
        if value is not None and value.strip() != "":
            return value
    return None


def _env(name: str) -> str | None:
    return os.environ.get(name)


def _check_token(name: str, token: str) -> str:
    token = token.strip()
    if any(ch.isspace() or ord(ch) < 0x21 or ord(ch) > 0x7E for ch in token):
        # Never echo the value: it is a secret even when malformed.
        raise ConfigurationError(
            f"{name}: the API token contains whitespace or non-printable characters"
        )
    return token


def resolve_api_token(explicit: str | None = None, configured: str | None = None) -> str:
    """Pick the token: explicit argument, then stack config, then ``VPSORG_API_TOKEN``.

    :raises ConfigurationError: when none is set or the value could not be a header value.
    """
    token = _first(explicit, configured, _env(ENV_TOKEN))
    if token is None:
        raise ConfigurationError(_MISSING_TOKEN)
    return _check_token("api_token", token)


def resolve_tokens(
    api_token: str | None = None, orders_api_token: str | None = None
) -> tuple[str, str]:
    """``(plans token, orders token)``: the orders token is ``orders_api_token``, else
    ``api_token``, else ``VPSORG_ORDERS_API_TOKEN``, else ``VPSORG_API_TOKEN`` (assumption A1).

    Callers pass stack config values as the arguments when no explicit ones are given.

    :raises ConfigurationError: when no token is set or one could not be a header value.
    """
    token = resolve_api_token(api_token)
    orders = _first(orders_api_token, api_token, _env(ENV_ORDERS_TOKEN))
    return token, token if orders is None else _check_token("orders_api_token", orders)


def token_fingerprint(token: str) -> str:
    """A short, one-way fingerprint of a token for use in memo keys (never the token)."""
    return hashlib.sha256(token.encode()).hexdigest()[:16]


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine (``localhost``, 127.0.0.0/8, ``::1``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _shown(url: str) -> str:
    """``url`` as an error may show it: a query or fragment (where tokens get pasted) replaced
    by ``<redacted>``, and nothing of it at all when what remains has an ``@`` (userinfo)."""
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    head = url[:cut]
    if "@" in head:
        return "the URL (not repeated: it may hold credentials)"
    return repr(head + (f"{url[cut]}<redacted>" if cut < len(url) else ""))


def split_origin(url: str) -> tuple[str, str, int | None]:
    """``(scheme, host, port)`` of ``url`` by the standard library, the default port filled in
    (``None`` for one that is not a port)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or DEFAULT_PORTS.get(scheme)
    except ValueError:
        port = None
    return scheme, unquote(parts.hostname or ""), port


def is_plans_host(url: str) -> bool:
    """Whether ``url`` is the plans document's base URL (A1), however spelled: any letter case
    of the scheme and host, the default port written or not, a trailing slash or not. That host
    serves no orders, so it never stands in for the orders URL."""
    return split_origin(url) == split_origin(DEFAULT_API_URL) and (
        urlsplit(url).path.rstrip("/") == urlsplit(DEFAULT_API_URL).path.rstrip("/")
    )


def check_url(name: str, url: str) -> str:
    """``url`` as a usable API base URL (no trailing slash), or an error naming ``name``.

    Plain ``http://`` is accepted only for loopback hosts (the fake API). No error repeats the
    URL's userinfo, query or fragment (a token pasted there stays out of logs and terminals).

    :raises ConfigurationError: for anything but an http(s) URL with a valid host and port, and
        no userinfo, query, fragment, backslash, whitespace or control characters.
    """
    if not isinstance(url, str):
        raise ConfigurationError(f"{name}: expected a URL string, got {type(url).__name__}")
    url = url.strip()
    authority = url.split("://", 1)[-1].split("/", 1)[0]
    if "@" in authority:
        # Checked first: no other message may echo a URL that carries credentials.
        raise ConfigurationError(f"{name}: credentials in the URL are not allowed")
    shown = _shown(url)
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        raise ConfigurationError(f"{name}: {shown} contains whitespace or control characters")
    if "\\" in url:
        # Parsers disagree about where a backslash ends the host.
        raise ConfigurationError(f"{name}: {shown} contains a backslash")
    # Errors are raised outside the except blocks: the parser's own exception (which may quote
    # the URL) is neither chained nor kept as the context.
    problem = ""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:  # "Port out of range 0-65535", "Invalid IPv6 URL", ...
        problem = "invalid port" if "port" in str(exc).lower() else "malformed IPv6 address"
    if problem == "invalid port":
        # Not repeated: what follows the colon may be anything pasted there (user:TOKEN).
        host_part = authority.rsplit(":", 1)[0]
        raise ConfigurationError(
            f"{name}: not a valid URL: what follows {_shown(host_part)}: is not a port (1-65535)"
        )
    if problem:
        raise ConfigurationError(f"{name}: {shown} is not a valid URL ({problem})")
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or not host:
        raise ConfigurationError(f"{name}: {shown} is not an http(s) URL with a host")
    if parts.query or parts.fragment or "?" in url or "#" in url:
        raise ConfigurationError(f"{name}: {shown} must not have a query or fragment")
    if port == 0:
        raise ConfigurationError(f"{name}: {shown} has port 0; expected 1-65535")
    if "[" in parts.netloc:
        try:
            ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            problem = f"has a malformed IPv6 address [{host}]"
        if problem:
            raise ConfigurationError(f"{name}: {shown} {problem}")
    elif not all(_HOST_LABEL.match(label) for label in host.rstrip(".").split(".")):
        raise ConfigurationError(f"{name}: {shown} has an invalid host name {host!r}")
    if parts.scheme == "http" and not is_loopback(host):
        raise ConfigurationError(
            f"{name}: {shown} uses plain http; only https is allowed except on loopback hosts"
        )
    return url.rstrip("/")


def resolve_api_url(explicit: str | None = None, configured: str | None = None) -> str:
    """Pick the plans base URL: explicit, stack config, ``VPSORG_API_URL``, then the default.

    :raises ConfigurationError: when the URL is not usable.
    """
    url = _first(explicit, configured, _env(ENV_URL)) or DEFAULT_API_URL
    return check_url("api_url", url)


class ClientArgs(TypedDict):
    """The settings arguments of :class:`~pulumi_vpsorg.client.VpsOrgClient`."""

    api_token: str | None
    api_url: str | None
    orders_api_token: str | None
    orders_api_url: str | None


@dataclass(frozen=True)
class StackConfig:
    """What stack config says (``vpsorg:*``), each ``None`` when unset; tokens never printed."""

    api_token: str | None = None
    api_url: str | None = None
    orders_api_token: str | None = None
    orders_api_url: str | None = None

    def __repr__(self) -> str:
        token = None if self.api_token is None else "<redacted>"
        orders_token = None if self.orders_api_token is None else "<redacted>"
        return (
            f"StackConfig(api_token={token}, api_url={self.api_url!r}, "
            f"orders_api_token={orders_token}, orders_api_url={self.orders_api_url!r})"
        )

    def __getstate__(self) -> dict[str, Any]:
        raise TypeError("stack config holds the API token and cannot be pickled")

    def client_kwargs(
        self,
        *,
        api_token: str | None = None,
        api_url: str | None = None,
        orders_api_token: str | None = None,
        orders_api_url: str | None = None,
    ) -> ClientArgs:
        """Keyword arguments for :class:`~pulumi_vpsorg.client.VpsOrgClient`: explicit values
        first, then this stack config. An explicit plans setting also stands for orders (a
        configured orders setting is less explicit), as the client does with the environment.
        """
        return {
            "api_token": _first(api_token, self.api_token),
            "api_url": _first(api_url, self.api_url),
            "orders_api_token": _first(
                orders_api_token, None if _first(api_token) else self.orders_api_token
            ),
            # An explicit plans URL serves the orders too (A1), over the stack's orders URL,
            # unless it is the plans host, which serves none.
            "orders_api_url": _first(
                orders_api_url,
                None
                if _first(api_url) and not is_plans_host(api_url or "")
                else self.orders_api_url,
            ),
        }


def read_stack_config(
    config: _Config | Mapping[str, Any] | Callable[[str], Any], *, namespaced: bool = True
) -> StackConfig:
    """Read ``vpsorg:apiToken``, ``vpsorg:apiUrl``, ``vpsorg:ordersApiToken`` and
    ``vpsorg:ordersApiUrl``: the one reader of stack config, for providers and functions.

    :param config: anything with ``get(key)`` (the dynamic provider's ``req.config``, a dict,
        ``pulumi.Config("vpsorg")``) or a function of the key.
    :param namespaced: keys carry the ``vpsorg:`` prefix (as the engine sends them to providers);
        ``False`` for ``pulumi.Config("vpsorg")``.
    """
    get = config if callable(config) and not hasattr(config, "get") else config.get
    prefix = f"{CONFIG_NAMESPACE}:" if namespaced else ""

    def value(key: str) -> str | None:
        raw = get(f"{prefix}{key}")
        return None if raw is None else str(raw)

    return StackConfig(
        api_token=value(CONFIG_TOKEN_KEY),
        api_url=value(CONFIG_URL_KEY),
        orders_api_token=value(CONFIG_ORDERS_TOKEN_KEY),
        orders_api_url=value(CONFIG_ORDERS_URL_KEY),
    )


def settings_from_config(config: _Config) -> tuple[str | None, str | None]:
    """``(token, url)`` of :func:`read_stack_config` (the plans settings; kept for callers that
    predate the orders settings).
    """
    configured = read_stack_config(config)
    return configured.api_token, configured.api_url
