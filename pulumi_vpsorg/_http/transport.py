"""The transport: one session per base URL, the token, and the call loop.

A call is one deadline (``timeout`` seconds for everything: connecting, every response, the
redirects, the bodies read and dropped, the retries and the waits between them), at most
:data:`MAX_REDIRECTS` redirects within the API's origin, and the retries :func:`decide` allows.
Every body is read capped (:mod:`.body`). Errors raised here never chain the ``requests``
exception that failed: it holds the prepared request, and with it the Authorization header.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import quote, urlencode, urljoin, urlsplit

import requests
from urllib3 import exceptions as urllib3_exceptions
from urllib3.exceptions import MaxRetryError
from urllib3.util.retry import Retry

from .._config import is_loopback
from .._errors import (
    APIError,
    CallTimeoutError,
    ConnectionFailedError,
    UnexpectedResponseError,
)
from .._version import __version__
from ..assumptions import IDEMPOTENCY_HEADER
from .body import MAX_BODY_BYTES, BodyTooLarge, UndecodableBody, discard, read_capped
from .deadline import DeadlineAdapter, call_deadline
from .errors import decode_json, redact, status_error
from .retry import IDEMPOTENT_METHODS, Failure, build_retry, decide

__all__ = ["MAX_REDIRECTS", "USER_AGENT", "Response", "Transport"]

log = logging.getLogger("pulumi_vpsorg")

USER_AGENT: Final = f"pulumi-vpsorg/{__version__} (+python-requests/{requests.__version__})"
MAX_REDIRECTS: Final = 5
_NETWORK_ERRORS: Final = (
    requests.exceptions.RequestException,
    urllib3_exceptions.HTTPError,
    OSError,
)
_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
#: The adapter itself neither retries nor follows redirects: the call loop does both.
_NO_RETRY: Final = Retry(
    0, read=False, redirect=False, raise_on_status=False, raise_on_redirect=False
)


class _BearerAuth(requests.auth.AuthBase):
    """Adds the token to every request of this transport (only ever sent to its origin)."""

    def __init__(self, token: str) -> None:
        self._token = token

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers["Authorization"] = f"Bearer {self._token}"
        return r

    def __repr__(self) -> str:
        return "_BearerAuth(<redacted>)"


@dataclass(frozen=True)
class Response:
    """A successful response: status, the body's bytes (models validate them directly) and headers."""

    status: int
    raw: bytes
    headers: Mapping[str, str]
    method: str
    path: str
    #: Kept out of error messages built from this response (never printed or compared).
    secrets: Sequence[str] = field(default=(), repr=False, compare=False)

    @property
    def body(self) -> Any:
        """The body decoded as JSON (``None`` when empty).

        :raises UnexpectedResponseError: when it is not JSON.
        """
        return decode_json(
            self.raw, self.headers, self.status, self.method, self.path, self.secrets
        )


class _Stop(Exception):
    """Ends a call with ``error`` (raised outside any ``except`` block, so nothing is chained)."""

    def __init__(self, error: APIError) -> None:
        self.error = error


class Transport:
    """Owns the HTTP session for one API base URL and token.

    :param api_url: base URL, e.g. ``https://admin.vps.org/api/v1``.
    :param api_token: the Bearer token; kept private and never pickled or printed.
    :param timeout: seconds one call may take in all (see the module docstring).
    :param max_retries: retries per call (0 disables them).
    :param backoff_factor: base of the exponential backoff, in seconds.
    :param max_retry_after: upper bound on any server-requested wait, in seconds.
    :param pool_size: connections kept open (at least the concurrency of page reads).
    :param redact: other secrets to keep out of errors (the other host's token).
    :param auth_hint: what to check on a 401 (which token setting this transport uses).
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
        self._base_path = urlsplit(self.api_url).path
        self._origin = _origin(self.api_url)
        session = self._session = requests.Session()
        # Proxies and CA bundles from the environment apply to the real API (corporate networks);
        # a loopback URL (the fake API) never goes through a proxy.
        session.trust_env = not is_loopback(urlsplit(self.api_url).hostname or "")
        session.auth = _BearerAuth(api_token)
        # Only what the body reader decodes (requests would add br/zstd when installed).
        session.headers.update(
            {
                "Accept": "application/json",
                "Accept-Encoding": "gzip, deflate",
                "User-Agent": USER_AGENT,
            }
        )
        self._adapter = DeadlineAdapter(
            pool_connections=1, pool_maxsize=pool_size, max_retries=_NO_RETRY
        )
        session.mount("https://", self._adapter)
        session.mount("http://", self._adapter)
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

        :param hint_404: what to check if the answer is 404 (e.g. the base URL setting).
        :raises APIError: a subclass chosen by the status, :class:`CallTimeoutError` when the
            call did not finish within ``timeout``, :class:`ConnectionFailedError` or
            :class:`UnexpectedResponseError`.
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
        call = _Call(self, method, path, started + self.timeout, hint_404)
        try:
            with call_deadline(call.deadline):
                response = call.run(url, body, headers)
        except _Stop as stop:
            error = stop.error
        else:
            log.debug(
                "%s %s -> %s in %.3fs", method, path, response.status, time.monotonic() - started
            )
            return response
        # Outside the except block: the error's __context__ stays empty.
        raise error


class _Call:
    """One call's loop: attempts, redirects and retries until a response or an error."""

    def __init__(
        self, transport: Transport, method: str, path: str, deadline: float, hint: str | None
    ) -> None:
        self.t = transport
        self.method = method
        self.path = path
        self.deadline = deadline
        self.hint = hint

    # -- errors ---------------------------------------------------------------------------

    def _timed_out(self, what: str, status: int | None = None) -> _Stop:
        return _Stop(
            CallTimeoutError(
                f"{self.method} {self.path} timed out: {what} within {self.t.timeout:g}s",
                method=self.method,
                path=self.path,
                status=status,
            )
        )

    def _unexpected(self, status: int, reason: str) -> _Stop:
        return _Stop(
            UnexpectedResponseError(
                f"{self.method} {self.path}: {reason}",
                method=self.method,
                path=self.path,
                status=status,
            )
        )

    def _failed(self, reason: str, status: int | None = None) -> _Stop:
        if self.method in IDEMPOTENT_METHODS:
            note = f"after {self.t.max_retries} retries"
        else:
            note = "not retried: the request may have reached the server"
        return _Stop(
            ConnectionFailedError(
                f"{self.method} {self.path} failed without a usable response: {reason} ({note})",
                method=self.method,
                path=self.path,
                status=status,
            )
        )

    def _past_deadline(self) -> bool:
        return time.monotonic() >= self.deadline

    # -- the loop -------------------------------------------------------------------------

    def run(self, url: str, body: str | None, headers: dict[str, str]) -> Response:
        retry = self.t._retry
        method = self.method
        redirects = 0
        while True:
            resp, failure, reason = self._send(method, url, body, headers)
            if resp is not None:
                status = resp.status_code
                if status in _REDIRECTS and "Location" in resp.headers:
                    redirects += 1
                    method, url, body = self._redirect(resp, method, url, body, redirects)
                    if body is None:
                        headers.pop("Content-Type", None)
                    continue
                if 200 <= status < 300:
                    raw, failure, reason = self._read(resp)
                    if failure is None:
                        assert raw is not None
                        headers_ = _redacted_headers(resp.headers, self.t._secrets)
                        return Response(
                            status, raw, headers_, self.method, self.path, self.t._secrets
                        )
                else:
                    failure = Failure(status=status, retry_after=resp.headers.get("Retry-After"))
            assert failure is not None
            decision = decide(retry, method, failure)
            if decision is not None and time.monotonic() + decision[1] >= self.deadline:
                # The budget allows another attempt, the deadline does not: the call's time is
                # what ended it (the server's wait is not waited for).
                if resp is not None:
                    resp.close()
                last = f"HTTP {failure.status}" if failure.status is not None else reason
                raise self._timed_out(
                    f"no usable response (last: {last}; next attempt due in {decision[1]:.3g}s)",
                    failure.status,
                )
            if decision is None:
                if resp is not None and failure.status is not None:
                    raise self._status_error(resp)
                raise self._failed(reason, None if resp is None else resp.status_code)
            if resp is not None and failure.status is not None:
                self._drop(resp)
            retry, wait = decision
            log.debug("%s %s: %s; retrying in %.3fs", method, self.path, reason, wait)
            if wait > 0:
                time.sleep(wait)

    def _send(
        self, method: str, url: str, body: str | None, headers: Mapping[str, str]
    ) -> tuple[requests.Response | None, Failure | None, str]:
        """One attempt: the response (headers in, body not read), or how it failed."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise self._timed_out("no response")
        session = self.t._session
        prepared = requests.PreparedRequest()
        # What Session.request does, minus re-merging settings into a fresh Request per call.
        prepared.prepare(
            method=method,
            url=url,
            headers={**session.headers, **headers},
            data=body,
            auth=session.auth,
        )
        reason = ""
        try:
            # The adapter, not Session.send: that would read a redirect's whole body uncapped.
            resp = self.t._adapter.send(
                prepared,
                stream=True,
                timeout=(left, left),
                verify=self.t._verify,
                cert=self.t._cert,
                proxies=self.t._proxies,
            )
        except requests.exceptions.RequestException as exc:
            sent, reason = _classify(exc)
        else:
            return resp, None, ""
        # Here, not in the except block: nothing may chain the exception (it holds the request).
        if self._past_deadline() or reason == "timed out":
            raise self._timed_out("no response")
        return None, Failure(sent=sent), reason

    def _read(self, resp: requests.Response) -> tuple[bytes | None, Failure | None, str]:
        """The body of a success, capped; or the failure of a connection lost while reading."""
        status = resp.status_code
        problem: _Stop | None = None
        try:
            return read_capped(resp.raw, resp.headers), None, ""
        except BodyTooLarge as exc:
            size = f"of {exc.declared} bytes " if exc.declared is not None else ""
            problem = self._unexpected(
                status, f"response body {size}exceeds {MAX_BODY_BYTES} bytes"
            )
        except UndecodableBody as exc:
            problem = self._unexpected(status, f"HTTP {status} body cannot be decoded: {exc}")
        except _NETWORK_ERRORS:
            pass
        finally:
            resp.close()
        if problem is not None:
            raise problem
        if self._past_deadline():
            raise self._timed_out(f"the response body (HTTP {status}) did not arrive")
        return None, Failure(sent=True), "connection failed while reading the response body"

    def _drop(self, resp: requests.Response) -> None:
        """Read and drop a body the call does not use (bounded); close the connection if it is
        too large or does not arrive."""
        with contextlib.suppress(*_NETWORK_ERRORS):
            discard(resp.raw, resp.headers)
        # Closing an unfinished response closes its connection; a finished one is reused.
        resp.close()
        if self._past_deadline():
            raise self._timed_out(f"no usable response (last: HTTP {resp.status_code})")

    def _status_error(self, resp: requests.Response) -> _Stop:
        status = resp.status_code
        error: APIError
        try:
            raw = read_capped(resp.raw, resp.headers)
        except (BodyTooLarge, UndecodableBody):
            raw = b""  # the status says what happened; the body only adds detail
        except _NETWORK_ERRORS:
            raw = b""
        finally:
            resp.close()
        hint = None
        if self.hint is not None:
            hint = f"no API at {self.t.api_url}{self.path}: {self.hint}"
        error = status_error(
            status,
            resp.headers,
            raw,
            method=self.method,
            path=self.path,
            secrets=self.t._secrets,
            hint_404=hint,
            hint_401=self.t._auth_hint,
        )
        return _Stop(error)

    def _redirect(
        self, resp: requests.Response, method: str, url: str, body: str | None, count: int
    ) -> tuple[str, str, str | None]:
        """Where a redirect leads: followed only within the API's origin, at most
        :data:`MAX_REDIRECTS` times; a POST only keeps its method on 307/308."""
        status = resp.status_code
        target = urljoin(url, resp.headers["Location"])
        origin = _origin(target)
        if origin != self.t._origin:
            resp.close()
            # requests would follow it without the token, but the call would then "succeed"
            # with whatever the other origin says (a payment redirected away pays nothing).
            shown = redact(origin, self.t._secrets, 200)
            raise self._unexpected(
                status, f"HTTP {status} redirects to another origin ({shown}); not followed"
            )
        if count > MAX_REDIRECTS:
            resp.close()
            raise self._failed("too many redirects", status)
        if method not in IDEMPOTENT_METHODS and status not in (307, 308):
            resp.close()
            raise self._unexpected(
                status, f"HTTP {status} would turn the {method} into a GET; not followed"
            )
        self._drop(resp)
        if status == 303 and method != "HEAD":
            return "GET", target, None
        return method, target, body


def _redacted_headers(headers: Mapping[str, str], secrets: Sequence[str]) -> Mapping[str, str]:
    """The headers, with any the server echoed a secret into redacted (errors quote them)."""
    values = "\n".join(headers.values())
    if not any(s in values or quote(s, safe="") in values for s in secrets):
        return headers
    return requests.structures.CaseInsensitiveDict(
        {name: redact(value, secrets, 10_000) for name, value in headers.items()}
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    default = {"https": 443, "http": 80}.get(parts.scheme)
    try:
        port = parts.port or default
    except ValueError:
        port = None
    return f"{parts.scheme}://{parts.hostname}:{port}"


def _classify(exc: requests.exceptions.RequestException) -> tuple[bool, str]:
    """``(may have been sent, reason)`` for a failed attempt, without echoing the request."""
    reason: BaseException = exc
    inner = exc.args[0] if exc.args else None
    if isinstance(inner, MaxRetryError) and inner.reason is not None:
        reason = inner.reason
    elif isinstance(inner, BaseException):
        reason = inner
    # NewConnectionError subclasses urllib3's ConnectTimeoutError: test it first.
    if isinstance(reason, urllib3_exceptions.NameResolutionError):
        return False, "could not connect: the host name does not resolve"
    if isinstance(reason, (urllib3_exceptions.NewConnectionError, ConnectionRefusedError)):
        return False, "could not connect: connection refused or unreachable"
    if isinstance(
        reason, (TimeoutError, requests.exceptions.Timeout, urllib3_exceptions.TimeoutError)
    ):
        return True, "timed out"
    if isinstance(reason, urllib3_exceptions.ProxyError | requests.exceptions.ProxyError):
        return False, "could not connect through the proxy"
    if isinstance(reason, urllib3_exceptions.SSLError | requests.exceptions.SSLError):
        return False, "TLS verification failed"
    if isinstance(reason, urllib3_exceptions.ProtocolError):
        return True, "connection dropped before a response"
    return True, type(reason).__name__
