"""Where a request goes, as the HTTP library itself sees it: origins, redirect targets, paths.

The origin of a request is the adapter's own connection-pool key for the prepared request (what
``requests`` connects to), cross-checked against ``urllib3``'s parse of the same URL: when the two
disagree, or the URL carries userinfo, it is ambiguous and refused. A ``Location`` is refused
outright unless it is one plain, printable ASCII URL without backslashes. Nothing here echoes a
URL's query, fragment or userinfo.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote, unquote, urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.utils import requote_uri
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.util import parse_url

from .._config import DEFAULT_PORTS as _DEFAULT_PORTS
from .._config import split_origin

__all__ = [
    "Origin",
    "RefusedURL",
    "destination",
    "path_of",
    "path_segment",
    "prepare",
    "redirect_target",
    "requote_path",
    "split_origin",
    "twins",
]



@dataclass(frozen=True)
class Origin:
    """Scheme, host (lower case, IPv6 without brackets) and port (the default made explicit)."""

    scheme: str
    host: str
    port: int | None

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"


class RefusedURL(ValueError):
    """A URL the transport will not send to; the message never quotes the URL."""


def prepare(
    method: str, url: str, headers: dict[str, str], body: str | None
) -> requests.PreparedRequest:
    """The request as ``requests`` will send it (no auth: the transport adds it once the origin
    is checked).

    :raises RefusedURL: when the library cannot make a request of ``url``.
    """
    prepared = requests.PreparedRequest()
    try:
        prepared.prepare(method=method, url=url, headers=headers, data=body)
    except (requests.exceptions.RequestException, Urllib3Error, ValueError, UnicodeError):
        raise RefusedURL("is not a URL the HTTP library can send to") from None
    return prepared


def destination(adapter: HTTPAdapter, prepared: requests.PreparedRequest) -> Origin:
    """The origin ``adapter`` will connect to for ``prepared``: its own pool key.

    :raises RefusedURL: when ``urllib3`` reads the same URL differently, or it has userinfo.
    """
    url = prepared.url or ""
    try:
        params, _ = adapter.build_connection_pool_key_attributes(prepared, True, None)
        parsed = parse_url(url)
    except (Urllib3Error, ValueError, UnicodeError):
        raise RefusedURL("is not a URL the HTTP library can send to") from None
    scheme = str(params["scheme"] or "").lower()
    host = unquote(str(params["host"] or "")).lower()
    port = params["port"] or _DEFAULT_PORTS.get(scheme)
    if parsed.auth is not None or "@" in urlsplit(url).netloc:
        raise RefusedURL("carries credentials (userinfo)")
    seen = (
        (parsed.scheme or "").lower(),
        unquote(parsed.host or "").strip("[]").lower(),
        parsed.port or _DEFAULT_PORTS.get((parsed.scheme or "").lower()),
    )
    if seen != (scheme, host, port) or not host:
        raise RefusedURL("is ambiguous: its parsers disagree about the host")
    return Origin(scheme, host, port)


def path_of(prepared: requests.PreparedRequest) -> str:
    """The path of the request target the library will send (no query)."""
    return prepared.path_url.partition("?")[0]


def requote_path(path: str) -> str:
    """``path`` quoted as the library quotes what it sends (to compare with :func:`path_of`)."""
    return requote_uri(path)


def path_segment(value: str) -> str:
    """``value`` as one path segment: percent-encoded so that nothing in it (``/``, ``?``,
    ``#``, ``%``, ``\\``) can change the path.

    :raises RefusedURL: for ``""``, ``.`` and ``..`` (no encoding keeps those from moving the
        path: servers decode ``%2E``).
    """
    if value in ("", ".", ".."):
        raise RefusedURL(f"{value!r} is not a path segment")
    return quote(value, safe="")


def redirect_target(current: str, locations: Sequence[str]) -> str:
    """The absolute URL a redirect's ``Location`` header names, resolved against ``current``
    as ``requests`` resolves it.

    :raises RefusedURL: for none or several ``Location`` headers, or one with anything but
        printable ASCII (whitespace, control characters, non-ASCII) or a backslash, or an
        absolute one without ``//`` and a host.
    """
    if len(locations) != 1:
        raise RefusedURL(f"has {len(locations)} Location headers")
    location = locations[0]
    if not location or any(not 0x21 <= ord(ch) <= 0x7E or ch == "\\" for ch in location):
        raise RefusedURL(
            "Location is not a plain URL (whitespace, control or non-ASCII characters,"
            " or a backslash)"
        )
    problem = ""
    try:
        parts = urlsplit(location)
        target = urljoin(current, location)
    except ValueError:  # "Invalid IPv6 URL" (unbalanced brackets)
        problem = "is not a valid URL"
    if problem:
        raise RefusedURL(problem)
    absolute = bool(parts.scheme) or location.startswith("//")
    if absolute and (
        not parts.netloc or location.partition("//")[0].lower() not in ("", parts.scheme + ":")
    ):
        # "///host/x" and "http:/host/x" are a path to urljoin and a host to WHATWG parsers.
        raise RefusedURL("names no host, or names it without '//'")
    return target


def twins(target: str) -> frozenset[str]:
    """``target`` (a path and query) and the same with its path's trailing slash added or removed:
    where a write may be redirected and still be the same write."""
    path, sep, query = target.partition("?")
    other = path[:-1] if path.endswith("/") else path + "/"
    return frozenset({target, other + sep + query}) if other else frozenset({target})
