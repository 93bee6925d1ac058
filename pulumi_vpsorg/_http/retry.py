"""The retry policy, in one place: which failures are tried again, how often, after how long.

:func:`decide` is the whole decision, a pure function of the policy state and what the attempt
ended in (urllib3's :class:`~urllib3.util.retry.Retry` keeps the counts, the backoff and the
``Retry-After`` parsing). The transport only carries it out, within the call's deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from urllib3 import exceptions as urllib3_exceptions
from urllib3.util.retry import RequestHistory, Retry

__all__ = [
    "IDEMPOTENT_METHODS",
    "REFUSED_STATUSES",
    "RETRY_STATUSES",
    "Failure",
    "build_retry",
    "decide",
]

#: Methods that are safe to send twice: reads, and the documented PATCH/DELETE operations,
#: which set a state rather than add to it. POST (pay) is deliberately absent.
IDEMPOTENT_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "PATCH", "DELETE"})
RETRY_STATUSES: Final = frozenset({423, 429, 500, 502, 503, 504})
#: Answers that say the request was refused before any processing (locked, rate limited): safe to
#: send again even for POST, with the same idempotency key (the same headers are resent).
REFUSED_STATUSES: Final = frozenset({423, 429})


class _CappedRetry(Retry):
    """urllib3's Retry, with the server's Retry-After bounded so that no wait is unbounded."""

    max_retry_after: float = 30.0

    def parse_retry_after(self, retry_after: str) -> float:
        try:
            wait = float(super().parse_retry_after(retry_after))
        except urllib3_exceptions.InvalidHeader:
            # An unreadable Retry-After ("soon", "-5") is no reason to give up: 0 means "not
            # given", so the usual backoff applies.
            return 0.0
        return min(wait, self.max_retry_after)

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if method.upper() not in IDEMPOTENT_METHODS:
            return status_code in REFUSED_STATUSES and bool(self.total)
        return bool(super().is_retry(method, status_code, has_retry_after))


def build_retry(max_retries: int, backoff_factor: float, max_retry_after: float) -> Retry:
    """The policy's initial state: ``max_retries`` retries per call, backoff and wait caps."""
    retry_cls = type("_BoundRetry", (_CappedRetry,), {"max_retry_after": max_retry_after})
    retry: Retry = retry_cls(
        total=max_retries,
        connect=max_retries,
        read=max_retries,
        status=max_retries,
        other=0,
        redirect=0,
        allowed_methods=IDEMPOTENT_METHODS,
        status_forcelist=RETRY_STATUSES,
        backoff_factor=backoff_factor,
        backoff_max=max(backoff_factor * 16, 0.0),
        backoff_jitter=backoff_factor / 2,
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
    )
    return retry


@dataclass(frozen=True)
class Failure:
    """How an attempt failed.

    :ivar status: the response's status, or ``None`` when no response came.
    :ivar sent: ``False`` when the request certainly never reached the server (no connection).
    :ivar retry_after: the response's ``Retry-After`` header, if any.
    """

    status: int | None = None
    sent: bool = True
    retry_after: str | None = None


def decide(retry: Retry, method: str, failure: Failure) -> tuple[Retry, float] | None:
    """Whether to try again: the next policy state and the seconds to wait first, or ``None``.

    * no connection (the request never left): retried for every method;
    * no response after sending (dropped, cut mid-body): retried for idempotent methods only, so
      a payment that may have been processed is never resent;
    * a status: retried per :meth:`Retry.is_retry` (idempotent methods on
      :data:`RETRY_STATUSES`, POST only on :data:`REFUSED_STATUSES`);
    * each kind spends the one budget (``total``); the wait is the server's ``Retry-After``
      (capped) when it gives one, else the exponential backoff.
    """
    method = method.upper()
    if failure.status is not None:
        if not retry.is_retry(method, failure.status, failure.retry_after is not None):
            return None
        kind = "status"
    elif not failure.sent:
        kind = "connect"
    elif method in IDEMPOTENT_METHODS:
        kind = "read"
    else:
        return None
    counts = {
        "total": None if retry.total is None else int(retry.total) - 1,
        "connect": retry.connect,
        "read": retry.read,
        "status": retry.status,
    }
    current = counts[kind]
    if isinstance(current, int) and not isinstance(current, bool):
        counts[kind] = current - 1
    history = (*retry.history, RequestHistory(method, None, None, failure.status, None))
    following = retry.new(history=history, **counts)
    if following.is_exhausted():
        return None
    wait = following.get_backoff_time()
    if failure.retry_after is not None and retry.respect_retry_after_header:
        wait = retry.parse_retry_after(failure.retry_after) or wait
    return following, wait
