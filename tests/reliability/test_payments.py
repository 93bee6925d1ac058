"""Paying under faults: whatever fails and however it is retried, no order is paid twice.

The fake counts actual payments (``pay_count``). Each case pays through the ``Order`` provider
(the path a Pulumi program takes), under a fault on ``POST /orders/pay``, then re-runs it the
way ``pulumi up`` would until the order is paid, and once more.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest

from pulumi_vpsorg import ConnectionFailedError, ServerError, ValidationError, VpsOrgError
from pulumi_vpsorg.provider.order import OrderError, OrderProvider, pay_idempotency_key
from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault

from .conftest import bounded, fast_client, reset
from .matrix import PAY_FAULTS, client_for, pay_under_fault, quiesce

PAY = "/api/v1/orders/pay"


@pytest.fixture(scope="module")
def api() -> Iterator[FakeVpsOrgApi]:
    with FakeVpsOrgApi(order_count=8) as fake:
        yield fake


@pytest.fixture(autouse=True)
def _quiet(api: FakeVpsOrgApi) -> Iterator[None]:
    reset(api)
    yield
    quiesce(api)
    reset(api)


@pytest.mark.parametrize(
    ("name", "make", "times", "processed"), PAY_FAULTS, ids=[p[0] for p in PAY_FAULTS]
)
def test_the_order_provider_pays_exactly_once_whatever_fails(
    api: FakeVpsOrgApi, name: str, make: Callable[[], Fault], times: int, processed: bool
) -> None:
    outcome = bounded(lambda: pay_under_fault(api, name, make, times))
    assert outcome.pay_count == 1, outcome
    if name.startswith(("429 +", "423")):
        # Refused before processing: resent with the same key, and it went through.
        assert outcome.first_run == "paid" and outcome.posts_first_run == times + 1
    elif name == "429 past the budget":
        assert outcome.first_run == "RateLimitError" and outcome.posts_first_run == 4
    else:
        # Anything else may have been processed: sent once, never resent blindly.
        assert outcome.first_run != "paid" and outcome.posts_first_run == 1
    if processed:
        # The re-run re-reads the order, sees it paid, and sends nothing.
        assert outcome.posts_total == outcome.posts_first_run


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (Fault.drop_after_processing(), ConnectionFailedError),
        (Fault.cut(3), ConnectionFailedError),
        (Fault.status(503), ServerError),
        (Fault.drop(), ConnectionFailedError),
    ],
)
def test_the_client_never_resends_a_payment_that_may_have_arrived(
    api: FakeVpsOrgApi, fault: Fault, error: type[VpsOrgError]
) -> None:
    order_id = api.add_order()["id"]
    api.add_fault(fault, method="POST", times=5)
    with fast_client(api, max_retries=5) as client:
        with pytest.raises(error) as info:
            client.pay_orders([order_id], "balance")
        if isinstance(info.value, ConnectionFailedError) and info.value.status is None:
            assert "not retried" in str(info.value)
    assert api.count_requests(method="POST") == 1
    assert api.pay_count(order_id) <= 1


def test_a_deliberate_repeat_with_the_same_key_is_deduplicated(api: FakeVpsOrgApi) -> None:
    order_id = api.add_order()["id"]
    key = pay_idempotency_key(order_id, "balance", "12.00")
    api.add_fault(Fault.drop_after_processing(), method="POST")
    with fast_client(api) as client:
        with pytest.raises(ConnectionFailedError):
            client.pay_orders([order_id], "balance", idempotency_key=key)
        client.pay_orders([order_id], "balance", idempotency_key=key)  # replayed, not re-paid
        assert client.get_order(order_id).status == "paid"
        with pytest.raises(ValidationError, match="already paid"):
            client.pay_orders([order_id], "balance")  # a new key: the API refuses a paid order
    assert api.pay_count(order_id) == 1
    replays = [r for r in api.requests if r.method == "POST"]
    assert len(replays) == 3


def test_eight_concurrent_runs_pay_once(api: FakeVpsOrgApi) -> None:
    order_id = api.add_order(auto_pay=False)["id"]
    inputs = {"order_id": order_id, "paid": True, "payment_method": "balance"}
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def run() -> None:
        with client_for(api) as client:
            provider = _Quick(client)
            start.wait()
            try:
                provider.create(provider.check({}, inputs).inputs)
            except OrderError as exc:
                errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
        assert not t.is_alive()
    assert api.pay_count(order_id) == 1
    # Losers of the race are told the order was paid meanwhile, or succeed via the replay.
    for exc in errors:
        assert "already paid" in str(exc) or "locked" in str(exc), exc


def test_faults_on_the_reads_around_a_payment_never_cause_a_second_one(
    api: FakeVpsOrgApi,
) -> None:
    order_id = api.add_order(auto_pay=False)["id"]
    path = f"/api/v1/orders/{order_id}"
    inputs = {"order_id": order_id, "paid": True}
    # The read after the payment fails past its budget: the payment is done, the state unknown.
    api.add_fault(Fault.status(503), method="GET", path=path, after=1, times=4)
    with client_for(api) as client:
        provider = _Quick(client)
        checked = provider.check({}, inputs).inputs
        with pytest.raises(OrderError, match="applied: payment"):
            provider.create(checked)
        for _ in range(3):
            out = provider.update(str(order_id), {}, checked).outs
            assert out["status"] == "paid"
    assert api.pay_count(order_id) == 1
    assert api.count_requests(method="POST") == 1


class _Quick(OrderProvider):
    def __init__(self, client: object) -> None:
        self._quick = client

    def client(self):  # type: ignore[no-untyped-def, override]
        return self._quick
