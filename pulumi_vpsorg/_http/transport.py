"""The transport: one session per base URL, the token, and where calls start.

A call is one deadline (``timeout`` seconds for everything: connecting, every response, the
redirects, the bodies read and dropped, the retries and the waits between them), at most
:data:`MAX_REDIRECTS` redirects within the API's origin, and the retries :func:`decide` allows.
Every body is read capped (:mod:`.body`). The loop itself is :mod:`.call`; where a request may go
is :mod:`.urls`.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Final
from urllib.parse import urlencode, urlsplit

import requests
from urllib3.util.retry import Retry

from .._config import is_loopback
from .._errors import ConfigurationError
from .._version import __version__
from ..assumptions import IDEMPOTENCY_HEADER
from .call import MAX_REDIRECTS, Call, Stop
from .deadline import DeadlineAdapter, call_deadline
from .response import Response
from .retry import build_retry
from .urls import RefusedURL, destination, path_of, prepare, split_origin

__all__ = ["MAX_REDIRECTS", "USER_AGENT", "Response", "Transport"]

log = logging.getLogger("pulumi_vpsorg")

USER_AGENT: Final = f"pulumi-vpsorg/{__version__} (+python-requests/{requests.__version__})"
#: The adapter itself neither retries nor follows redirects: the call loop does both.
_NO_RETRY: Final = Retry(
    0, read=False, redirect=False, raise_on_status=False, raise_on_redirect=False
)


class Transport:
    """Owns the HTTP session for one API base URL and token.

    The token goes only into requests whose origin, as the adapter will connect to it, is this
    base URL's (checked on every attempt, redirects included).

    :param api_url: base URL, e.g. ``https://admin.vps.org/api/v1``.
    :param api_token: the Bearer token; kept private and never pickled or printed.
    :param timeout: seconds one call may take in all (see the module docstring).
    :param max_retries: retries per call (0 disables them).
    :param backoff_factor: base of the exponential backoff, in seconds.
    :param max_retry_after: upper bound on any server-requested wait, in seconds.
    :param pool_size: connections kept open (at least the concurrency of page reads).
    :param redact: other secrets to keep out of errors (the other host's token).
    :param auth_hint: what to check on a 401 (which token setting this transport uses).
    :raises ConfigurationError: when the HTTP library would read ``api_url`` differently.
    """

    def __init__(
        self,
        api_url: str,
        api_token: str,
        *,
        timeout: float = 30.0,
        max_retries: int = 3,
        backoff_factor: float = 0.5,
        max_retry_after: float = 30.0,
        pool_size: int = 16,
        redact: Sequence[str] = (),
        auth_hint: str | None = None,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self._auth_hint = auth_hint
        self._retry = build_retry(max_retries, backoff_factor, max_retry_after)
        self._secrets = (api_token, *(s for s in redact if s and s != api_token))
        self._authorization = f"Bearer {api_token}"
        session = self._session = requests.Session()
        # Proxies and CA bundles from the environment apply to the real API (corporate networks);
        # a loopback URL (the fake API) never goes through a proxy.
        session.trust_env = not is_loopback(urlsplit(self.api_url).hostname or "")
        # Only what the body reader decodes (requests would add br/zstd when installed).
        self._headers: dict[str, str] = {
            "Accept": "application/json",
            "Accept-Encoding": "gzip, deflate",
            "User-Agent": USER_AGENT,
        }
        self._adapter = DeadlineAdapter(
            pool_connections=1, pool_maxsize=pool_size, max_retries=_NO_RETRY
        )
        session.mount("https://", self._adapter)
        session.mount("http://", self._adapter)
        # The origin and base path as the library will send them (every call is checked
        # against these); a URL it reads differently from the standard library is refused.
        try:
            base = prepare("GET", self.api_url, {}, None)
            self._origin = destination(self._adapter, base)
        except RefusedURL as exc:
            raise ConfigurationError(f"API base URL: the URL {exc}") from None
        if split_origin(self.api_url) != (
            self._origin.scheme,
            self._origin.host,
            self._origin.port,
        ):
            raise ConfigurationError("API base URL: its host is ambiguous to the HTTP library")
        self._base_path = path_of(base).rstrip("/")
        # Resolved once: every request of this transport goes to one origin.
        settings = session.merge_environment_settings(self.api_url, {}, True, None, None)
        self._verify: bool | str = True if settings["verify"] is None else settings["verify"]
        self._cert: str | tuple[str, str] | None = settings["cert"]
        self._proxies: dict[str, str] = dict(settings["proxies"] or {})

    def __repr__(self) -> str:
        return f"Transport(api_url={self.api_url!r})"

    def __getstate__(self) -> dict[str, Any]:
        raise TypeError("a VPS.org transport holds the API token and cannot be pickled")

    def close(self) -> None:
        """Close pooled connections."""
        self._session.close()

    def get(
        self,
        path: str,
        params: Mapping[str, str | int] | None = None,
        *,
        hint_404: str | None = None,
    ) -> Response:
        """``GET`` shorthand."""
        return self.request("GET", path, params=params, hint_404=hint_404)

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | int] | None = None,
        json_body: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
        hint_404: str | None = None,
    ) -> Response:
        """Send one logical call and return its success.

        :param path: below the base URL, its segments already quoted
            (:func:`~.urls.path_segment`); a path the library would send differently (``..``) is
            refused before anything is sent.
        :param hint_404: what to check if the answer is 404 (e.g. the base URL setting).
        :raises APIError: a subclass chosen by the status, :class:`CallTimeoutError` when the
            call did not finish within ``timeout``, :class:`ConnectionFailedError` or
            :class:`UnexpectedResponseError`.
        :raises ConfigurationError: when the request would not go to ``path`` at this origin.
        """
        method = method.upper()
        headers: dict[str, str] = {}
        if json_body is not None:
            headers["Content-Type"] = "application/json"
        if method == "POST":
            headers[IDEMPOTENCY_HEADER] = idempotency_key or str(uuid.uuid4())
        body = None if json_body is None else json.dumps(json_body)
        url = self.api_url + path + (f"?{urlencode(params)}" if params else "")
        started = time.monotonic()
        call = Call(self, method, path, started + self.timeout, hint_404)
        try:
            with call_deadline(call.deadline):
                response = call.run(url, body, headers)
        except Stop as stop:
            error = stop.error
        else:
            log.debug(
                "%s %s -> %s in %.3fs", method, path, response.status, time.monotonic() - started
            )
            return response
        # Outside the except block: the error's __context__ stays empty.
        raise error
