"""Paying under faults: whatever fails and however it is retried, no order is paid twice.

The fake counts actual payments (``pay_count``). Each case pays through the ``Order`` provider
(the path a Pulumi program takes), under a fault on ``POST /orders/pay``, then re-runs it the
way ``pulumi up`` would until the order is paid, and once more.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from pulumi_vpsorg import (
    ConnectionFailedError,
    ServerError,
    ValidationError,
    VpsOrgClient,
    VpsOrgError,
)
from pulumi_vpsorg.provider.order import OrderError, OrderProvider, pay_idempotency_key
from pulumi_vpsorg.provider.order.adoptions import forget_adoptions
from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault

from .conftest import HANG_GUARD, bounded, fast_client, reset
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
    key = pay_idempotency_key(order_id, "balance")
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
    # Losers of the race find it paid, are replayed the payment, or are refused and converge.
    assert errors == []


def test_faults_on_the_reads_around_a_payment_never_cause_a_second_one(
    api: FakeVpsOrgApi,
) -> None:
    order_id = api.add_order(auto_pay=False)["id"]
    path = f"/api/v1/orders/{order_id}"
    inputs = {"order_id": order_id, "paid": True}
    # The read after the payment fails past its budget: the payment is done, the order unknown.
    api.add_fault(Fault.status(503), method="GET", path=path, after=1, times=4)
    with client_for(api) as client:
        provider = _Quick(client)
        checked = provider.check({}, inputs).inputs
        outs = provider.create(checked).outs
        assert outs is not None and outs["payment_status"] == "settling"
        for _ in range(3):  # even a run that lost the state re-reads it paid
            out = provider.update(str(order_id), {}, checked).outs
            assert out["status"] == "paid"
    assert api.pay_count(order_id) == 1
    assert api.count_requests(method="POST") == 1


class _Quick(OrderProvider):
    def __init__(self, client: object) -> None:
        self._quick = client

    def client(self):  # type: ignore[no-untyped-def, override]
        return self._quick


# -- an accepted payment is known from the resource's own state --------------------------------
#
# A payment the API accepted (any 2xx) may leave the order in ``processing`` or
# ``pending_payment`` for days (a bank transfer, bitcoin confirmations), and its amount may be
# repriced or written differently meanwhile. Each case: ``pulumi up`` creates the resource and
# pays; then the order settles slowly while three more ``pulumi up`` runs (and refreshes) go by.


def _provider(client: VpsOrgClient) -> OrderProvider:
    return _Quick(client)


def up(provider: OrderProvider, state: dict[str, Any], program: dict[str, Any]) -> dict[str, Any]:
    """One ``pulumi up`` of an existing resource, as the engine drives it: check, diff, and
    update when the diff reports changes; returns the new state."""
    news = provider.check(state, program).inputs
    oid = str(state["order_id"])
    if provider.diff(oid, state, news).changes:
        outs = provider.update(oid, state, news).outs
        assert outs is not None
        return outs
    return state


def refresh(provider: OrderProvider, state: dict[str, Any]) -> dict[str, Any]:
    """``pulumi refresh``: the state as read now."""
    result = provider.read(str(state["order_id"]), state)
    assert result.outs is not None
    return dict(result.outs)


def _settling(api: FakeVpsOrgApi, order_id: int, status: str, **fields: Any) -> None:
    """The payment went through, but the order shows ``status`` again (still settling).

    The fake would take a second payment of an order in that status, as an API without
    idempotency keys would.
    """
    api.update_order(order_id, status=status, payment_date=None, **fields)


def _amount_as_text(order_id: int, text: str) -> Fault:
    """The order read back with its amount written as ``text`` (e.g. ``"45.90"`` for 45.9)."""

    def rewrite(body: Any) -> Any:
        if isinstance(body, dict) and body.get("id") == order_id:
            body["amount_with_vat"] = text
        return body

    return Fault.mutate_json(rewrite)


SETTLING = [
    pytest.param("processing", {}, None, id="processing after 2xx"),
    pytest.param("pending_payment", {}, None, id="pending_payment after 2xx"),
    pytest.param("processing", {"amount_with_vat": 47.4}, None, id="repriced by a fee"),
    pytest.param("processing", {}, "45.90", id="amount written as 45.90"),
    pytest.param("processing", {}, "card", id="payment_method changed"),
]


@pytest.mark.parametrize(("status", "fields", "twist"), SETTLING)
def test_an_accepted_payment_that_is_still_settling_is_never_paid_again(
    api: FakeVpsOrgApi, status: str, fields: dict[str, Any], twist: str | None
) -> None:
    order_id = api.add_order(auto_pay=False, amount=38.25, tax_rate=1.2)["id"]
    program: dict[str, Any] = {"order_id": order_id, "paid": True, "payment_method": "balance"}
    with client_for(api) as client:
        provider = _provider(client)
        state = provider.create(provider.check({}, program).inputs).outs
        assert state is not None
        assert api.pay_count(order_id) == 1
        assert state["payment_status"] == "settled"
        assert state["accepted_payment"]["payment_method"] == "balance"
        _settling(api, order_id, status, **fields)
        if twist == "45.90":
            api.add_fault(_amount_as_text(order_id, "45.90"), method="GET", times=1000)
        elif twist == "card":
            program = {**program, "payment_method": "card"}
        for _ in range(3):
            state = up(provider, state, program)
            state = refresh(provider, state)
            assert state["status"] == status
            assert state["payment_status"] == "settling"
            assert state["accepted_payment"]["payment_method"] == "balance"
            assert provider.changed_properties(state, program) == []
        # It settles at last: the record stays, the status says so.
        api.clear_faults()
        api.update_order(order_id, status="paid")
        state = refresh(provider, up(provider, state, program))
        assert state["payment_status"] == "settled"
    assert api.pay_count(order_id) == 1
    assert api.count_requests(method="POST") == 1


def test_an_order_whose_payment_is_settling_is_not_deleted_on_destroy(api: FakeVpsOrgApi) -> None:
    order_id = api.add_order(auto_pay=False)["id"]
    program = {"order_id": order_id, "paid": True, "delete_on_destroy": True}
    with client_for(api) as client:
        provider = _provider(client)
        state = provider.create(provider.check({}, program).inputs).outs
        assert state is not None
        _settling(api, order_id, "processing")
        state = refresh(provider, state)
        forget_adoptions()  # `pulumi destroy` is a later deployment
        with pytest.raises(OrderError, match="accepted_payment"):
            provider.delete(str(order_id), state)
    assert api.get_order(order_id) is not None
    assert api.count_requests(method="DELETE") == 0


@pytest.mark.parametrize(
    ("status", "payment_date"),
    [("processing", None), ("pending_payment", "2026-01-02T03:04:05Z"), ("processing", "now")],
)
def test_an_order_showing_a_payment_under_way_without_a_record_is_not_deleted(
    api: FakeVpsOrgApi, status: str, payment_date: str | None
) -> None:
    """No record of a payment in state (a pay call cut off before its answer, or a payment made
    elsewhere), but the order shows one under way (assumption A5): destroying must not delete it.
    """
    order_id = api.add_order(auto_pay=False, status="pending_payment")["id"]
    program = {"order_id": order_id, "delete_on_destroy": True}
    with client_for(api) as client:
        provider = _provider(client)
        state = provider.create(provider.check({}, program).inputs).outs
        assert state is not None and state.get("accepted_payment") is None
        shown = api.get_order(order_id)["created_at"] if payment_date == "now" else payment_date
        api.update_order(order_id, status=status, payment_date=shown)
        state = refresh(provider, state)
        forget_adoptions()  # `pulumi destroy` is a later deployment
        with pytest.raises(OrderError, match="payment is under way"):
            provider.delete(str(order_id), state)
    assert api.get_order(order_id) is not None
    assert api.count_requests(method="DELETE") == 0


def test_an_unpaid_order_showing_no_payment_is_still_deleted(api: FakeVpsOrgApi) -> None:
    order_id = api.add_order(auto_pay=False, status="awaiting_payment")["id"]
    program = {"order_id": order_id, "delete_on_destroy": True}
    with client_for(api) as client:
        provider = _provider(client)
        state = provider.create(provider.check({}, program).inputs).outs
        assert state is not None
        forget_adoptions()
        provider.delete(str(order_id), state)
    assert order_id not in api.orders
    assert api.count_requests(method="DELETE") == 1


@pytest.mark.parametrize("code", [200, 202, 204])
def test_a_server_without_idempotency_keys_is_paid_once_while_the_order_settles(
    code: int,
) -> None:
    # Nothing in the documents says the API honours Idempotency-Key: this server ignores it, pays
    # on every POST, keeps the order in ``processing`` and writes its amount back as 45.90.
    with SettlingApi(pay_status=code) as server, server.client() as client:
        provider = _provider(client)
        program = {"order_id": server.order_id, "paid": True, "payment_method": "bank"}
        state = provider.create(provider.check({}, program).inputs).outs
        assert state is not None
        assert state["status"] == "processing"
        assert state["payment_status"] == "settling"
        for method in ("bank", "bank", "card"):
            state = refresh(provider, up(provider, state, {**program, "payment_method": method}))
            assert state["payment_status"] == "settling"
        assert server.payments == 1
        # What a run that lost its state sees: a processing order with a recorded payment is
        # still unsettled; with no record at all, nothing in the state can say it was paid.
        assert state["accepted_payment"]["amount_with_vat"] == 45.9


def test_the_read_after_an_accepted_payment_failing_keeps_the_record(
    api: FakeVpsOrgApi,
) -> None:
    order_id = api.add_order(auto_pay=False)["id"]
    path = f"/api/v1/orders/{order_id}"
    program = {"order_id": order_id, "paid": True}
    api.add_fault(Fault.status(503), method="GET", path=path, after=1, times=4)
    with client_for(api) as client:
        provider = _provider(client)
        state = provider.create(provider.check({}, program).inputs).outs
        assert state is not None
        # The re-read failed past its budget: the state still says the payment was accepted.
        assert state["payment_status"] == "settling"
        assert state["accepted_payment"] is not None
        _settling(api, order_id, "processing")
        for _ in range(3):
            state = refresh(provider, up(provider, state, program))
    assert api.pay_count(order_id) == 1
    assert api.count_requests(method="POST") == 1


def test_concurrent_runs_with_different_methods_pay_once_and_all_converge(
    api: FakeVpsOrgApi,
) -> None:
    order_id = api.add_order(auto_pay=False)["id"]
    runs = 6
    # No payment is processed before every run has sent one, so every run read the order unpaid.
    all_sent = threading.Barrier(runs, timeout=HANG_GUARD)

    def hold(request: Any) -> None:
        if request.method == "POST":
            all_sent.wait()

    api.on_request = hold
    results: list[dict[str, Any]] = []
    errors: list[BaseException] = []

    def run(n: int) -> None:
        method = ("balance", "card", "bank")[n % 3]
        program = {"order_id": order_id, "paid": True, "payment_method": method}
        # A long timeout: a run waiting at the barrier must not time out and read again.
        with fast_client(api, timeout=HANG_GUARD) as client:
            provider = _provider(client)
            try:
                outs = provider.create(provider.check({}, program).inputs).outs
                assert outs is not None
                results.append(outs)
            except BaseException as exc:
                errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(runs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(HANG_GUARD)
        assert not t.is_alive()
    assert errors == []
    assert api.pay_count(order_id) == 1
    assert [r["status"] for r in results] == ["paid"] * runs
    assert api.count_requests(method="POST") == runs  # each paid or was told it was paid


def test_a_run_refused_with_423_while_another_pays_converges(api: FakeVpsOrgApi) -> None:
    order_id = api.add_order(auto_pay=False)["id"]
    api.add_fault(Fault.status(423), method="POST", path=PAY, times=4)

    def other_run_pays(request: Any) -> None:
        # The order is locked while another run's payment goes through.
        if request.method == "POST" and api.get_order(order_id)["status"] != "paid":  # type: ignore[index]
            api.update_order(order_id, status="paid", payment_date="2026-11-27T10:00:00Z")

    api.on_request = other_run_pays
    with client_for(api) as client:
        provider = _provider(client)
        program = {"order_id": order_id, "paid": True}
        outs = provider.create(provider.check({}, program).inputs).outs
    assert outs is not None
    assert outs["status"] == "paid" and outs["payment_status"] == "settled"
    assert outs["accepted_payment"] is None  # this run's payment was never accepted
    assert api.pay_count(order_id) == 0  # the fake's store recorded no payment of this run


class SettlingApi:
    """A small independent API on loopback: one order, and a payment endpoint that takes every
    payment it is sent (it ignores ``Idempotency-Key``), answers ``pay_status``, and leaves the
    order ``processing`` with its amount written as ``45.90``."""

    TOKEN = "settling-api-token"

    def __init__(self, pay_status: int = 200) -> None:
        self.pay_status = pay_status
        order = FakeVpsOrgApi(order_count=0).add_order(
            id=4242, amount=38.25, tax_rate=1.2, auto_pay=False
        )
        self.order_id: int = order["id"]
        self.order = order
        self.amount = "45.9"
        self.payments = 0
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def _body(self) -> bytes:
        with self._lock:
            text = json.dumps({**self.order, "amount_with_vat": "AMOUNT"})
            return text.replace('"AMOUNT"', self.amount).encode()

    def _pay(self, body: Any) -> None:
        with self._lock:
            assert body["order_ids"] == [self.order_id], body
            self.payments += 1
            self.order["status"] = "processing"
            self.amount = "45.90"

    def __enter__(self) -> SettlingApi:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _reply(self, status: int, payload: bytes = b"") -> None:
                self.send_response(status)
                if status != 204:
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if status != 204:
                    self.wfile.write(payload)

            def do_GET(self) -> None:
                if self.path != f"/api/v1/orders/{api.order_id}":
                    self._reply(404, b'{"message": "No results found."}')
                    return
                self._reply(200, api._body())

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length))
                if self.path != "/api/v1/orders/pay":
                    self._reply(404, b'{"message": "No results found."}')
                    return
                api._pay(body)
                self._reply(api.pay_status, b"{}")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def client(self) -> VpsOrgClient:
        assert self._server is not None
        url = f"http://127.0.0.1:{self._server.server_address[1]}/api/v1"
        return VpsOrgClient(self.TOKEN, url, timeout=HANG_GUARD, backoff_factor=0.001)


# -- a 2xx whose body says the payment failed ---------------------------------------------------

REFUSALS = [
    pytest.param(b'{"success": false, "message": "Insufficient balance."}', "success=false", id="success false"),
    pytest.param(b'{"status": "declined", "message": "Card declined."}', "declined", id="status declined"),
    pytest.param(b'{"errors": {"order_ids": ["Payment failed."]}}', "errors", id="errors"),
    pytest.param(b"<html>Payment gateway</html>", "not JSON", id="not JSON"),
]


@pytest.mark.parametrize(("body", "said"), REFUSALS)
def test_a_2xx_that_says_the_payment_failed_is_unconfirmed_warned_and_clearable(
    api: FakeVpsOrgApi, body: bytes, said: str
) -> None:
    from tests.provider.dynamic_server import DynamicProviderServer

    order_id = api.add_order(auto_pay=False)["id"]
    program: dict[str, Any] = {"order_id": order_id, "paid": True, "payment_method": "balance"}
    # Answered 200 with a refusal, and not processed: the payment did not happen.
    api.add_fault(Fault.status(200, body=body), method="POST", path=PAY)
    with DynamicProviderServer(OrderProvider()) as server:
        server.configure({"vpsorg:apiToken": api.token, "vpsorg:apiUrl": api.url})
        urn = server.urn("Order", f"o{order_id}")
        checked = server.check(urn, {}, program).properties
        state = server.create(urn, checked).properties
        record = state["accepted_payment"]
        # Before: recorded as accepted, `settling` forever, without a word.
        assert state["payment_status"] == "unconfirmed"
        assert record["confirmed"] is False and said in record["refusal"]
        assert api.token not in str(state)

        refreshed = server.read(str(order_id), urn, state).properties
        assert refreshed["payment_status"] == "unconfirmed"
        warning = [line for line in server.stderr().splitlines() if "unconfirmed" in line]
        assert len(warning) == 1 and warning[0].startswith("warning: Order")
        assert f'clear_payment_record="{record["accepted_at"]}"' in warning[0]
        # Never paid again on its own.
        assert server.diff(str(order_id), urn, refreshed, checked).changes is False
        assert api.count_requests(method="POST") == 1

        # The user knows it did not happen: clear that record; the order is paid, once.
        cleared = {**program, "clear_payment_record": record["accepted_at"]}
        news = server.check(urn, checked, cleared).properties
        diff = server.diff(str(order_id), urn, refreshed, news)
        assert diff.changes is True and diff.replaces == []
        state = server.update(str(order_id), urn, refreshed, news).properties
        assert state["payment_status"] == "settled"
        assert state["accepted_payment"]["confirmed"] is True
        assert state["accepted_payment"]["accepted_at"] != record["accepted_at"]
        keys = [r.header("Idempotency-Key") for r in api.requests if r.method == "POST"]
        assert keys[0] == pay_idempotency_key(order_id, "balance")
        assert keys[1].startswith(keys[0] + "-retry-")
        # The input stays in the program: it names a record that is gone, so nothing happens.
        assert server.diff(str(order_id), urn, state, news).changes is False
    assert api.pay_count(order_id) == 1


def test_a_2xx_listing_the_order_as_paid_or_an_empty_body_is_confirmed(api: FakeVpsOrgApi) -> None:
    order_id = api.add_order(auto_pay=False)["id"]
    with client_for(api) as client:
        receipt = client.pay_orders([order_id], "balance")  # the fake lists it as paid
        assert receipt.confirmed and receipt.refusal is None
    other = api.add_order(auto_pay=False)["id"]
    api.add_fault(Fault.raw(204, b"", "application/json"), method="POST", path=PAY)
    with client_for(api) as client:
        assert client.pay_orders([other], "balance").confirmed


@pytest.mark.parametrize("token", ['tok"en-with-quote-51', "tok\\en-with-backslash-51"])
def test_a_refusal_listing_errors_keeps_a_json_escaped_token_out_of_the_record(token: str) -> None:
    """``errors`` is quoted as JSON, which escapes a quote or backslash in the token."""
    with FakeVpsOrgApi(order_count=1, token=token) as api:
        order_id = api.add_order(auto_pay=False)["id"]
        body = json.dumps({"success": True, "errors": {"auth": f"token {token} may not pay"}})
        api.add_fault(Fault.status(200, body=body.encode()), method="POST", path=PAY)
        with client_for(api) as client:
            provider = _provider(client)
            program = {"order_id": order_id, "paid": True}
            outs = provider.create(provider.check({}, program).inputs).outs
    assert outs is not None
    refusal = outs["accepted_payment"]["refusal"]
    assert "<redacted>" in refusal
    assert token not in refusal and json.dumps(token)[1:-1] not in refusal


def test_a_refusal_echoing_the_token_keeps_it_out_of_the_record(api: FakeVpsOrgApi) -> None:
    order_id = api.add_order(auto_pay=False)["id"]
    body = json.dumps({"success": False, "message": f"bad token {api.token}\x1b]0;owned\x07"})
    api.add_fault(Fault.status(200, body=body.encode()), method="POST", path=PAY)
    with client_for(api) as client:
        provider = _provider(client)
        outs = provider.create(provider.check({}, {"order_id": order_id, "paid": True}).inputs).outs
    assert outs is not None
    refusal = outs["accepted_payment"]["refusal"]
    assert api.token not in refusal and "<redacted>" in refusal
    assert "\x1b" not in refusal and "\x07" not in refusal


def test_a_payment_method_that_is_no_header_value_still_makes_a_valid_key() -> None:
    for method in ("bank transfer", "b\u00e4nk", "x\r\nInjected: 1", "a" * 300):
        key = pay_idempotency_key(7, method)
        assert key.isascii() and key.isprintable() and " " not in key and len(key) < 80
    assert pay_idempotency_key(7, "bank transfer") != pay_idempotency_key(7, "bank  transfer")
