"""Every read path under every fault kind: the exact result within the retry budget, one clear
error past it, never a hang.

Paths: the plan catalogue, plan details, and an orders audit over 125 pages read 8 at a time.
Kinds: 500, 502, 503, 504, 429 with Retry-After, 423, a dropped connection, a connection dropped
mid-body, and a response slower than the client's timeout. The figures of
``docs/reliability.md`` come from the same schedules (``benchmarks/reliability_figures.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pulumi_vpsorg import (
    CallTimeoutError,
    ConnectionFailedError,
    RateLimitError,
    ServerError,
    VpsOrgClient,
)
from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault

from .conftest import bounded
from .matrix import (
    BUDGET,
    DEADLINE_KIND,
    KINDS,
    PATHS,
    RETRY_AFTER_1,
    SHORT_TIMEOUT,
    Kind,
    ReadPath,
    audit_api,
    fault_free,
    run,
)

PLANS = f"{PATHS[0].path}"


@pytest.fixture(scope="module")
def api() -> Iterator[FakeVpsOrgApi]:
    with audit_api() as fake:
        yield fake


@pytest.fixture(scope="module")
def references(api: FakeVpsOrgApi) -> dict[str, tuple[Any, int]]:
    refs = {p.name: fault_free(api, p) for p in PATHS}
    orders, pages = refs[PATHS[2].name]
    assert len(orders) == 2500 and pages == 125
    return refs


@pytest.fixture(autouse=True)
def _quiet(api: FakeVpsOrgApi) -> Iterator[None]:
    api.clear_faults()
    api.clear_requests()
    yield
    api.clear_faults()
    api.on_request = None


def _id(value: Any) -> str:
    return value.name.replace(" ", "-") if isinstance(value, (Kind, ReadPath)) else str(value)


@pytest.mark.parametrize("kind", KINDS, ids=_id)
@pytest.mark.parametrize("path", PATHS, ids=_id)
def test_within_the_budget_the_result_is_exact(
    api: FakeVpsOrgApi, references: dict[str, tuple[Any, int]], path: ReadPath, kind: Kind
) -> None:
    expected, baseline = references[path.name]
    outcome = bounded(lambda: run(api, path, [kind], expected, baseline, seed=len(kind.name)))
    assert outcome.error is None, outcome.error
    assert outcome.exact is True
    assert outcome.faults >= BUDGET
    # Each fault cost exactly one more request: no page read twice, none skipped.
    assert outcome.requests == baseline + outcome.faults


@pytest.mark.parametrize("kind", KINDS, ids=_id)
@pytest.mark.parametrize("path", PATHS, ids=_id)
def test_past_the_budget_one_clear_error(
    api: FakeVpsOrgApi, references: dict[str, tuple[Any, int]], path: ReadPath, kind: Kind
) -> None:
    expected, baseline = references[path.name]
    outcome = bounded(lambda: run(api, path, [kind], expected, baseline, past_budget=True))
    error = outcome.error
    assert isinstance(error, kind.error), repr(error)
    assert kind.message in str(error)
    rel = path.path.removeprefix("/api/v1")
    assert f"GET {rel}" in str(error)
    assert error.method == "GET" and error.path == rel
    assert outcome.faults == BUDGET + 1  # the faulted call was tried 1 + BUDGET times
    if not path.paged:
        assert outcome.requests == BUDGET + 1


@pytest.mark.parametrize("path", PATHS, ids=_id)
def test_a_response_slower_than_the_calls_timeout_ends_it_at_the_deadline(
    api: FakeVpsOrgApi, references: dict[str, tuple[Any, int]], path: ReadPath
) -> None:
    """``timeout`` bounds the whole call: a stalled attempt uses it up, so it is not retried."""
    expected, baseline = references[path.name]
    kind = DEADLINE_KIND
    outcome = bounded(
        lambda: run(api, path, [kind], expected, baseline, past_budget=True, timeout=SHORT_TIMEOUT)
    )
    error = outcome.error
    assert isinstance(error, CallTimeoutError), repr(error)
    rel = path.path.removeprefix("/api/v1")
    assert f"GET {rel} timed out" in str(error) and error.path == rel
    assert outcome.faults == 1  # one attempt: no time was left for another


def test_a_server_wait_longer_than_the_time_left_ends_the_call_without_waiting(
    api: FakeVpsOrgApi,
) -> None:
    api.add_fault(Fault.status(429, retry_after=5), path=PLANS, times=10)
    client = VpsOrgClient(api.token, api.url, timeout=1, max_retry_after=30, max_retries=5)
    with pytest.raises(RateLimitError, match=r"HTTP 429.*next attempt, due in 5s") as info:
        bounded(client.list_plans)
    assert (info.value.status, info.value.retry_after) == (429, 5)
    assert api.count_requests(path=PLANS) == 1


def test_every_kind_at_once_over_the_audit_is_exact(
    api: FakeVpsOrgApi, references: dict[str, tuple[Any, int]]
) -> None:
    audit = PATHS[2]
    expected, baseline = references[audit.name]
    kinds = [*KINDS, RETRY_AFTER_1]
    for seed in (1, 2):
        outcome = bounded(lambda s=seed: run(api, audit, kinds, expected, baseline, seed=s))
        assert outcome.error is None, outcome.error
        assert outcome.exact is True
        ids = [o.id for o in expected]
        assert len(ids) == len(set(ids)) == 2500
        assert outcome.faults > 60
        assert outcome.requests == baseline + outcome.faults


def test_sequential_iteration_is_exact_under_faults(
    api: FakeVpsOrgApi, references: dict[str, tuple[Any, int]]
) -> None:
    expected, _ = references[PATHS[2].name]
    for n, kind in enumerate(KINDS[:7]):  # the quick kinds
        api.add_fault(kind.make(), path="/api/v1/orders", query={"page": str(10 * n + 3)}, times=2)
    with VpsOrgClient(api.token, api.url, timeout=2, backoff_factor=0.001) as client:
        seen = bounded(lambda: list(client.iter_orders(status=[o.status for o in expected])))
    assert sorted(o.id for o in seen) == sorted(o.id for o in expected)
    assert {o.id: o for o in seen} == {o.id: o for o in expected}


# -- server-requested waits are bounded ------------------------------------------------------


@pytest.mark.parametrize(
    "fault",
    [
        Fault.status(429, retry_after=10**9),
        Fault.status(503, retry_after=10**9),
        Fault.status(429, headers={"Retry-After": "Fri, 31 Dec 9999 23:59:59 GMT"}),
        Fault.status(503, headers={"Retry-After": "soon"}),
        Fault.status(429, headers={"Retry-After": "-5"}),
    ],
    ids=["429-1e9s", "503-1e9s", "429-date-9999", "503-garbage", "429-negative"],
)
def test_a_hostile_retry_after_never_hangs_and_is_retried(
    api: FakeVpsOrgApi, references: dict[str, tuple[Any, int]], fault: Fault
) -> None:
    expected, _ = references[PATHS[0].name]
    api.add_fault(fault, path=PLANS, times=2)
    client = VpsOrgClient(api.token, api.url, backoff_factor=0.001, max_retry_after=0.05)
    assert bounded(client.list_plans) == expected
    assert api.count_requests(path=PLANS) == 3


def test_a_hostile_retry_after_past_the_budget_is_one_clear_error(api: FakeVpsOrgApi) -> None:
    api.add_fault(Fault.status(429, retry_after=10**9), path=PLANS, times=10)
    client = VpsOrgClient(
        api.token, api.url, backoff_factor=0.001, max_retry_after=0.05, max_retries=2
    )
    with pytest.raises(RateLimitError) as info:
        bounded(client.list_plans)
    assert info.value.retry_after == 10**9  # reported as the server said, never waited for
    assert api.count_requests(path=PLANS) == 3


def test_retries_disabled_means_one_request_and_one_error(api: FakeVpsOrgApi) -> None:
    for fault, error in ((Fault.status(502), ServerError), (Fault.drop(), ConnectionFailedError)):
        api.clear_requests()
        api.add_fault(fault, path=PLANS)
        client = VpsOrgClient(api.token, api.url, max_retries=0, timeout=2)
        with pytest.raises(error):
            bounded(client.list_plans)
        assert api.count_requests(path=PLANS) == 1
