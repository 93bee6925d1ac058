"""The fault matrix: every read path under every fault kind, with the figures it produces.

Shared by ``test_fault_matrix.py`` (which asserts) and ``benchmarks/reliability_figures.py``
(which prints the table for ``docs/reliability.md``). Schedules are deterministic: faults are
attached to a request's identity (path, and page for the audit) and a number of attempts, so
that concurrency never changes which call sees how many faults.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from pulumi_vpsorg import (
    CallTimeoutError,
    ConnectionFailedError,
    LockedError,
    OrderStatus,
    RateLimitError,
    ServerError,
    VpsOrgClient,
    VpsOrgError,
)
from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault

API: Final = "/api/v1"
ALL_STATUSES: Final = list(OrderStatus.KNOWN)
#: The matrix client's timeout: the whole call's deadline, long enough for three one-second
#: server-requested waits (the mixed run) and a loaded machine.
TIMEOUT: Final = 4.0
#: A shorter call deadline, and a response well past it: the "slow" kind (a call cut off at its
#: deadline is not retried: no time is left) and the slow payment.
SHORT_TIMEOUT: Final = 1.0
SLOW: Final = 2.0
#: Retries per call in the matrix (the client default is 3 as well).
BUDGET: Final = 3
#: Audit store: 2500 orders at 20 per page is 125 pages.
AUDIT_ORDERS: Final = 2500
AUDIT_PER_PAGE: Final = 20


@dataclass(frozen=True)
class Kind:
    """A fault kind, and the error expected once it outlasts the retry budget."""

    name: str
    make: Callable[[], Fault]
    error: type[VpsOrgError]
    message: str


KINDS: Final = (
    Kind("500", lambda: Fault.status(500), ServerError, "HTTP 500"),
    Kind("502", lambda: Fault.status(502), ServerError, "HTTP 502"),
    Kind("503", lambda: Fault.status(503), ServerError, "HTTP 503"),
    Kind("504", lambda: Fault.status(504), ServerError, "HTTP 504"),
    Kind("429 + Retry-After: 0", lambda: Fault.status(429, retry_after=0), RateLimitError, "429"),
    Kind("423", lambda: Fault.status(423), LockedError, "HTTP 423"),
    Kind("dropped connection", Fault.drop, ConnectionFailedError, "dropped"),
    Kind("dropped mid-body", lambda: Fault.cut(40), ConnectionFailedError, "reading the response"),
)
#: A response slower than the call's whole timeout (``SHORT_TIMEOUT``): the call ends at its
#: deadline with one ``CallTimeoutError`` after one attempt.
DEADLINE_KIND: Final = Kind(
    "slower than the call's timeout", lambda: Fault.delay(SLOW), CallTimeoutError, "timed out"
)
KIND_BY_NAME: Final = {k.name: k for k in KINDS}
#: A slower kind, used sparingly: the server asks for a real one-second wait.
RETRY_AFTER_1: Final = Kind(
    "429 + Retry-After: 1", lambda: Fault.status(429, retry_after=1), RateLimitError, "429"
)


@dataclass(frozen=True)
class ReadPath:
    """A read path: how to call it, and where its requests go."""

    name: str
    path: str
    call: Callable[[VpsOrgClient], Any]
    paged: bool = False


PATHS: Final = (
    ReadPath("plan catalogue", f"{API}/plans/", lambda c: c.list_plans()),
    ReadPath("plan details", f"{API}/plans/2/", lambda c: c.get_plan(2)),
    ReadPath(
        "orders audit (125 pages)",
        f"{API}/orders",
        lambda c: c.list_orders(status=ALL_STATUSES, concurrency=8),
        paged=True,
    ),
)


def client_for(
    api: FakeVpsOrgApi, *, max_retries: int = BUDGET, timeout: float = TIMEOUT
) -> VpsOrgClient:
    """The matrix's client: quick backoff, a few seconds per call, small server-wait cap."""
    return VpsOrgClient(
        api.token,
        api.url,
        timeout=timeout,
        max_retries=max_retries,
        backoff_factor=0.001,
        max_retry_after=2.0,
    )


@dataclass
class Outcome:
    """What one run did, as the fake counted it."""

    path: str
    kind: str
    faults: int
    requests: int
    baseline: int
    exact: bool | None
    error: VpsOrgError | None = None

    @property
    def retries(self) -> int:
        return self.requests - self.baseline


def schedule(
    api: FakeVpsOrgApi,
    path: ReadPath,
    kinds: list[Kind],
    *,
    seed: int,
    share: float = 0.3,
    pages: int = AUDIT_ORDERS // AUDIT_PER_PAGE,
    past_budget: bool = False,
) -> int:
    """Schedule faults for one run; returns how many faults were scheduled.

    Within the budget, a faulted call sees 1..``BUDGET`` faults (the last attempt succeeds);
    ``past_budget`` gives one call ``BUDGET + 1`` faults, which must end in one clear error.
    Paged paths fault a seeded ``share`` of the pages, kinds in rotation.
    """
    rng = random.Random(seed)
    total = 0
    if past_budget:
        target: dict[str, str] | None = None
        if path.paged:
            target = {"page": str(rng.randint(2, pages))}
        api.add_fault(kinds[0].make(), path=path.path, query=target, times=BUDGET + 1)
        return BUDGET + 1
    if not path.paged:
        api.add_fault(kinds[0].make(), path=path.path, times=BUDGET)
        return BUDGET
    chosen = sorted(rng.sample(range(1, pages + 1), round(pages * share)))
    for n, page in enumerate(chosen):
        times = rng.randint(1, BUDGET)
        kind = kinds[n % len(kinds)]
        api.add_fault(kind.make(), path=path.path, query={"page": str(page)}, times=times)
        total += times
    return total


def run(
    api: FakeVpsOrgApi,
    path: ReadPath,
    kinds: list[Kind],
    expected: Any,
    baseline: int,
    *,
    seed: int = 0,
    past_budget: bool = False,
    timeout: float = TIMEOUT,
) -> Outcome:
    """One faulted run of ``path``: compare with the fault-free ``expected`` result."""
    api.clear_faults()
    api.clear_requests()
    schedule(api, path, kinds, seed=seed, past_budget=past_budget)
    name = " + ".join(k.name for k in kinds) if len(kinds) > 1 else kinds[0].name
    with client_for(api, timeout=timeout) as client:
        try:
            result = path.call(client)
        except VpsOrgError as exc:
            result, error = None, exc
        else:
            error = None
    requests = [r for r in api.requests if r.path == path.path]
    api.clear_faults()
    return Outcome(
        path=path.name,
        kind=name,
        faults=sum(1 for r in requests if r.fault is not None),
        requests=len(requests),
        baseline=baseline,
        exact=None if error is not None else result == expected,
        error=error,
    )


def fault_free(api: FakeVpsOrgApi, path: ReadPath) -> tuple[Any, int]:
    """The reference result of ``path`` and how many requests it takes without faults."""
    api.clear_faults()
    api.clear_requests()
    with client_for(api) as client:
        result = path.call(client)
    return result, api.count_requests(path=path.path)


def audit_api() -> FakeVpsOrgApi:
    """The store for the matrix: 2500 orders, 20 per page."""
    return FakeVpsOrgApi(order_count=AUDIT_ORDERS, max_per_page=AUDIT_PER_PAGE, seed=8)


# -- payments -------------------------------------------------------------------------------------

#: Faults on ``POST /orders/pay``: (name, fault, times, processed by the fake?).
PAY_FAULTS: Final = (
    ("500", lambda: Fault.status(500), 1, False),
    ("502 HTML page", lambda: Fault.raw(502, b"<html>Bad Gateway</html>", "text/html"), 1, False),
    ("503", lambda: Fault.status(503), 1, False),
    ("504", lambda: Fault.status(504), 1, False),
    ("429 + Retry-After: 0 (x2)", lambda: Fault.status(429, retry_after=0), 2, False),
    ("423 (x2)", lambda: Fault.status(423), 2, False),
    ("429 past the budget", lambda: Fault.status(429, retry_after=0), 10, False),
    ("dropped before processing", Fault.drop, 1, False),
    ("dropped after processing", Fault.drop_after_processing, 1, True),
    ("dropped mid-body after processing", lambda: Fault.cut(5), 1, True),
    ("slower than timeout (processed late)", lambda: Fault.delay(SLOW), 1, True),
)


def quiesce(api: FakeVpsOrgApi, seconds: float = 30.0) -> None:
    """Wait (bounded) until every request the fake received has been answered or dropped, so a
    late-processed payment (a slow fault) has happened before anyone counts."""
    import threading

    done = threading.Event()
    waited = 0.0
    dropped = ("drop", "drop_after_processing")
    while not all(r.status is not None or r.fault in dropped for r in api.requests):
        done.wait(0.01)
        waited += 0.01
        if waited > seconds:
            raise AssertionError("the fake never finished a request")


@dataclass
class PayOutcome:
    """Paying one order through the Order provider under one fault, then re-running."""

    fault: str
    first_run: str
    posts_first_run: int
    runs_to_converge: int
    posts_total: int
    pay_count: int


def pay_under_fault(
    api: FakeVpsOrgApi, name: str, make: Callable[[], Fault], times: int
) -> PayOutcome:
    """``Order(paid=True)`` created under a fault on the payment, then ``pulumi up`` re-run
    (``update``) until it converges; the fake counts payments."""
    from pulumi_vpsorg.provider.order import OrderError, OrderProvider

    class QuickOrderProvider(OrderProvider):
        def __init__(self, client: VpsOrgClient) -> None:
            self._quick = client

        def client(self) -> VpsOrgClient:
            return self._quick

    order_id = api.add_order(auto_pay=False)["id"]
    api.clear_requests()
    api.add_fault(make(), method="POST", path=f"{API}/orders/pay", times=times)
    inputs = {"order_id": order_id, "paid": True, "payment_method": "balance"}
    # The short deadline: a payment slower than it (processed late) ends the first run.
    with client_for(api, timeout=SHORT_TIMEOUT) as client:
        provider = QuickOrderProvider(client)
        checked = provider.check({}, inputs).inputs
        try:
            provider.create(checked)
            first = "paid"
        except OrderError as exc:
            first = type(exc.__cause__ or exc).__name__
        posts_first = api.count_requests(method="POST")
        quiesce(api)
        api.clear_faults()
        runs = 1
        while first != "paid" and runs < 5:
            runs += 1
            provider.update(str(order_id), {}, checked)
            if api.get_order(order_id)["status"] == "paid":  # type: ignore[index]
                break
        # One more run: a paid order is never paid again.
        provider.update(str(order_id), {}, checked)
    quiesce(api)
    return PayOutcome(
        fault=name,
        first_run=first,
        posts_first_run=posts_first,
        runs_to_converge=runs,
        posts_total=api.count_requests(method="POST"),
        pay_count=api.pay_count(order_id),
    )
