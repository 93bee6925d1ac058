"""The retry decision, as a pure function: which failures are tried again, how often, after how
long (no server needed)."""

from __future__ import annotations

import pytest

from pulumi_vpsorg._http.retry import Failure, build_retry, decide


def attempts(method: str, failure: Failure, max_retries: int = 3) -> int:
    """How many attempts the policy allows when every one fails the same way."""
    retry = build_retry(max_retries, backoff_factor=0.0, max_retry_after=30)
    count = 1
    while (decision := decide(retry, method, failure)) is not None:
        retry, _ = decision
        count += 1
    return count


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
@pytest.mark.parametrize(
    "failure",
    [
        Failure(sent=False),
        Failure(sent=True),
        Failure(status=500),
        Failure(status=502),
        Failure(status=503),
        Failure(status=504),
        Failure(status=423),
        Failure(status=429),
    ],
)
def test_idempotent_calls_get_the_whole_budget(method: str, failure: Failure) -> None:
    assert attempts(method, failure) == 4


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (Failure(sent=False), 4),  # never left: safe to send again
        (Failure(status=423), 4),  # refused before processing
        (Failure(status=429), 4),
        (Failure(sent=True), 1),  # may have been processed: never resent
        (Failure(status=500), 1),
        (Failure(status=503), 1),
        (Failure(status=504), 1),
    ],
)
def test_a_payment_is_resent_only_when_it_certainly_was_not_processed(
    failure: Failure, expected: int
) -> None:
    assert attempts("POST", failure) == expected


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 501])
def test_other_statuses_are_final(status: int) -> None:
    assert attempts("GET", Failure(status=status)) == 1


def test_no_retries_means_one_attempt() -> None:
    assert attempts("GET", Failure(status=503), max_retries=0) == 1


def test_the_server_wait_is_capped_and_garbage_falls_back_to_the_backoff() -> None:
    retry = build_retry(3, backoff_factor=0.0, max_retry_after=2.5)
    assert decide(retry, "GET", Failure(status=429, retry_after="1"))[1] == 1.0  # type: ignore[index]
    assert decide(retry, "GET", Failure(status=429, retry_after="10000"))[1] == 2.5  # type: ignore[index]
    assert decide(retry, "GET", Failure(status=503, retry_after="soon"))[1] == 0.0  # type: ignore[index]


def test_the_backoff_grows_and_is_capped() -> None:
    retry = build_retry(10, backoff_factor=1.0, max_retry_after=30)
    waits = []
    for _ in range(8):
        decision = decide(retry, "GET", Failure(status=503))
        assert decision is not None
        retry, wait = decision
        waits.append(wait)
    assert waits[0] == 0  # urllib3: the first retry is immediate
    assert all(w <= 16 * 1.0 + 0.5 for w in waits)  # backoff_max plus jitter
    assert waits[3] > waits[1]
