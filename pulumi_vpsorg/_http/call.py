"""One call's loop: attempts, redirects and retries until a response or an error.

Every attempt is checked before it is sent: the origin the adapter will connect to must be the
transport's (only then is ``Authorization`` added), and the path must be the one asked for (a
read may be redirected elsewhere within the origin; a write only to its own path, give or take a
trailing slash). Errors raised here never chain the ``requests`` exception that failed: it holds
the prepared request, and with it the Authorization header.
"""

from __future__ import annotations

import contextlib
import logging
import ssl
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

import requests
from urllib3 import exceptions as urllib3_exceptions
from urllib3.exceptions import MaxRetryError
from urllib3.util.ssl_match_hostname import CertificateError

from .._errors import (
    APIError,
    CallTimeoutError,
    ConfigurationError,
    ConnectionFailedError,
    UnexpectedResponseError,
    VpsOrgError,
)
from .body import MAX_BODY_BYTES, BodyTooLarge, UndecodableBody, discard, read_capped
from .errors import redact, status_error
from .response import Response
from .retry import IDEMPOTENT_METHODS, Failure, decide
from .urls import (
    RefusedURL,
    destination,
    path_of,
    prepare,
    redirect_target,
    requote_path,
    split_origin,
    twins,
)

if TYPE_CHECKING:
    from .transport import Transport

__all__ = ["MAX_REDIRECTS", "Call", "Stop"]

log = logging.getLogger("pulumi_vpsorg")

MAX_REDIRECTS: Final = 5
_NETWORK_ERRORS: Final = (
    requests.exceptions.RequestException,
    urllib3_exceptions.HTTPError,
    OSError,
)
_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
#: Methods that only read: redirected anywhere within the origin. Anything else is a write.
_READS: Final = frozenset({"GET", "HEAD", "OPTIONS"})


class Stop(Exception):
    """Ends a call with ``error`` (raised outside any ``except`` block, so nothing is chained)."""

    def __init__(self, error: VpsOrgError) -> None:
        self.error = error


class Call:
    """One call's loop: attempts, redirects and retries until a response or an error.

    :param path: the path asked for, below the transport's base path.
    """

    def __init__(
        self, transport: Transport, method: str, path: str, deadline: float, hint: str | None
    ) -> None:
        self.t = transport
        self.method = method
        self.path = path
        self.deadline = deadline
        self.hint = hint
        #: The request target (path and query) the first attempt sent; a write stays on it.
        self._first: str | None = None
        #: A read redirected within the origin may go to any path there.
        self._any_path = False

    # -- errors ---------------------------------------------------------------------------

    def _timed_out(self, what: str, status: int | None = None) -> Stop:
        return Stop(
            CallTimeoutError(
                f"{self.method} {self.path} timed out: {what} within {self.t.timeout:g}s",
                method=self.method,
                path=self.path,
                status=status,
            )
        )

    def _unexpected(self, status: int, reason: str) -> Stop:
        return Stop(
            UnexpectedResponseError(
                f"{self.method} {self.path}: {reason}",
                method=self.method,
                path=self.path,
                status=status,
            )
        )

    def _failed(self, reason: str, status: int | None = None, *, sent: bool = True) -> Stop:
        if sent and self.method not in IDEMPOTENT_METHODS:
            note = "not retried: the request may have reached the server"
        else:
            note = f"after {self.t.max_retries} retries"
        return Stop(
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
                # The budget allows another attempt, the deadline does not (the server's wait is
                # not waited for). An answer that arrived is the error: a 429 keeps its
                # Retry-After, and a refused payment stays a refusal, not an unknown outcome.
                if resp is not None and failure.status is not None:
                    raise self._status_error(
                        resp,
                        note=f"not retried: the next attempt, due in {_seconds(decision[1])}, "
                        "would start past the call's timeout",
                    )
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
                raise self._failed(
                    reason, None if resp is None else resp.status_code, sent=failure.sent
                )
            if resp is not None and failure.status is not None:
                self._drop(resp)
            retry, wait = decision
            log.debug("%s %s: %s; retrying in %.3fs", method, self.path, reason, wait)
            if wait > 0:
                time.sleep(wait)

    def _prepared(
        self, method: str, url: str, body: str | None, headers: Mapping[str, str]
    ) -> requests.PreparedRequest:
        """The attempt as the library will send it, with the token only once its origin and
        path are the ones intended."""
        problem = ""
        try:
            prepared = prepare(method, url, {**self.t._headers, **headers}, body)
            origin = destination(self.t._adapter, prepared)
        except RefusedURL as exc:
            problem = f"the URL {exc}"
        else:
            if origin != self.t._origin:
                problem = f"the request would go to another origin ({self._shown(origin)})"
            elif self._first is None:
                sent = path_of(prepared)
                if sent != requote_path(self.t._base_path + self.path) or _dot_segments(sent):
                    problem = f"the path would be sent as {self._shown(sent)!r}, not as asked"
                else:
                    self._first = prepared.path_url
            elif not self._any_path and prepared.path_url not in twins(self._first):
                problem = (
                    f"the request would go to another path ({self._shown(prepared.path_url)!r})"
                )
        if problem:
            # Nothing was sent: what this call was asked to send is not what would go out.
            raise Stop(ConfigurationError(f"{self.method} {self.path}: {problem}; not sent"))
        prepared.headers["Authorization"] = self.t._authorization
        return prepared

    def _send(
        self, method: str, url: str, body: str | None, headers: Mapping[str, str]
    ) -> tuple[requests.Response | None, Failure | None, str]:
        """One attempt: the response (headers in, body not read), or how it failed."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise self._timed_out("no response")
        prepared = self._prepared(method, url, body, headers)
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
        problem: Stop | None = None
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

    def _status_error(self, resp: requests.Response, note: str | None = None) -> Stop:
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
            note=note,
        )
        return Stop(error)

    def _shown(self, origin: object) -> str:
        return redact(origin, self.t._secrets, 200)

    def _redirect(
        self, resp: requests.Response, method: str, url: str, body: str | None, count: int
    ) -> tuple[str, str, str | None]:
        """Where a redirect leads: followed at most :data:`MAX_REDIRECTS` times, only to a
        ``Location`` that is unambiguous and within the API's origin; a write only on 307/308
        and only to its own path (give or take a trailing slash)."""
        status = resp.status_code
        write = method not in _READS
        problem = ""
        try:
            target = redirect_target(url, resp.raw.headers.getlist("Location"))
            prepared = prepare(method, target, {}, None)
            origin = destination(self.t._adapter, prepared)
            if split_origin(target) != (origin.scheme, origin.host, origin.port):
                raise RefusedURL("is ambiguous: its parsers disagree about the host")
        except RefusedURL as exc:
            problem = f"redirect refused: the Location {exc}"
        else:
            if origin != self.t._origin:
                # requests would follow it without the token, but the call would then "succeed"
                # with whatever the other origin says (a payment redirected away pays nothing).
                problem = f"redirects to another origin ({self._shown(origin)})"
            elif write and status not in (307, 308):
                problem = (
                    f"would turn the {method} into a GET"
                    if method == "POST" or status == 303
                    else f"may not keep the {method} (only 307 and 308 must)"
                )
            elif write and self._first is not None and prepared.path_url not in twins(self._first):
                problem = (
                    f"redirects the {method} to another path ({self._shown(prepared.path_url)!r})"
                )
        if problem:
            resp.close()
            raise self._unexpected(status, f"HTTP {status} {problem}; not followed")
        if count > MAX_REDIRECTS:
            resp.close()
            raise self._failed("too many redirects", status)
        self._drop(resp)
        if not write:
            self._any_path = True
        if status == 303 and method != "HEAD":
            return "GET", target, None
        return method, target, body


def _seconds(wait: float) -> str:
    """A wait as people write it: ``0.8s``, ``5s``, ``3600s`` (not ``3.6e+03s``)."""
    return f"{wait:.3g}s" if wait < 100 else f"{wait:.0f}s"


def _dot_segments(path: str) -> bool:
    """Whether a server would resolve ``path`` to another one (``.``/``..`` segments)."""
    return any(segment in (".", "..") for segment in path.split("/"))


def _redacted_headers(headers: Mapping[str, str], secrets: Sequence[str]) -> Mapping[str, str]:
    """The headers, with any the server echoed a secret into redacted (errors quote them)."""
    values = "\n".join(headers.values())
    if redact(values, secrets, len(values)) == values:
        return headers
    return requests.structures.CaseInsensitiveDict(
        {name: redact(value, secrets, 10_000) for name, value in headers.items()}
    )


def _refused_certificate(exc: BaseException) -> bool:
    """Whether ``exc``, or an exception it wraps, is the client refusing the server's
    certificate (which can only happen in the handshake, before anything is sent)."""
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError | CertificateError):
            return True
        pending += [a for a in current.args if isinstance(a, BaseException)]
        pending += [e for e in (current.__cause__, current.__context__) if e is not None]
    return False


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
        # Only a certificate the client refused proves the request never left: the handshake
        # failed. Any other TLS error may come after the request went out, while the response
        # is read (a payment the server already made).
        if _refused_certificate(reason):
            return False, "TLS verification failed"
        return True, "TLS error on the connection"
    if isinstance(reason, urllib3_exceptions.ProtocolError):
        return True, "connection dropped before a response"
    return True, type(reason).__name__
