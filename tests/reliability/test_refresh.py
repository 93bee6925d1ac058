"""``pulumi refresh`` never forgets an order on a 404 that does not prove it gone (A12), and
never forgets a payment the API accepted.

Through the real ``python -m pulumi.dynamic`` gRPC server, the way the engine refreshes: each
case pays an order with ``Order(paid=True)``, lets it settle slowly (``processing``), then
refreshes while the API answers 404 in one way or another. Payments are counted by the fake.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pulumi_vpsorg.provider.lookups import OrderLookupProvider
from pulumi_vpsorg.provider.order import OrderProvider
from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault
from tests.provider.dynamic_server import DynamicProviderServer, ProviderCallError

HTML_404 = b"<html><body><h1>404 Not Found</h1>nginx</body></html>"


@pytest.fixture(scope="module")
def api() -> Iterator[FakeVpsOrgApi]:
    with FakeVpsOrgApi(order_count=4) as fake:
        yield fake


@pytest.fixture(autouse=True)
def _clean(api: FakeVpsOrgApi) -> Iterator[None]:
    api.clear_faults()
    api.clear_requests()
    yield
    api.clear_faults()


def _serve(provider: Any, api: FakeVpsOrgApi, orders_url: str | None = None) -> Any:
    server = DynamicProviderServer(provider)
    server.start()
    config = {"vpsorg:apiToken": api.token, "vpsorg:apiUrl": api.url}
    if orders_url is not None:
        config["vpsorg:ordersApiUrl"] = orders_url
    server.configure(config, secret_keys=["vpsorg:apiToken"])
    return server


@pytest.fixture(scope="module")
def server(api: FakeVpsOrgApi) -> Iterator[DynamicProviderServer]:
    with _serve(OrderProvider(), api) as srv:
        yield srv


def _paid_and_settling(api: FakeVpsOrgApi, server: DynamicProviderServer) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """An ``Order`` that paid (accepted) and whose order shows ``processing`` again."""
    oid = api.add_order(auto_pay=False)["id"]
    program = {"order_id": oid, "paid": True, "payment_method": "balance"}
    urn = server.urn("Order", f"o{oid}")
    checked = server.check(urn, {}, program)
    created = server.create(urn, checked.properties)
    assert api.pay_count(oid) == 1
    # Still settling; an API ignoring idempotency keys would take a second payment now.
    api.update_order(oid, status="processing", payment_date=None)
    api.clear_requests()
    return urn, checked.properties, created.properties


def _up(server: DynamicProviderServer, urn: str, state: dict[str, Any], program: dict[str, Any]) -> dict[str, Any]:
    news = server.check(urn, state, program).properties
    oid = str(int(state["order_id"]))
    if server.diff(oid, urn, state, news).changes:
        return server.update(oid, urn, state, news).properties
    return state


def test_a_transient_404_is_read_again_and_the_record_kept(
    api: FakeVpsOrgApi, server: DynamicProviderServer
) -> None:
    urn, program, state = _paid_and_settling(api, server)
    oid = int(state["order_id"])
    path = f"/api/v1/orders/{oid}"
    api.add_fault(Fault.status(404, body=b'{"message": "No results found."}'), path=path)

    refreshed = server.read(str(oid), urn, state)

    # Before: the first 404 made the read answer "gone", and the engine dropped the record.
    assert refreshed.id == str(oid)
    assert refreshed.properties["accepted_payment"]["order_id"] == oid
    assert refreshed.properties["payment_status"] == "settling"
    assert [(r.method, r.path) for r in api.requests] == [
        ("GET", path),
        ("GET", "/api/v1/orders"),
        ("GET", path),
    ]
    after = _up(server, urn, refreshed.properties, program)
    assert after["payment_status"] == "settling"
    assert api.pay_count(oid) == 1


@pytest.mark.parametrize(
    "fault",
    [
        pytest.param(Fault.raw(404, HTML_404, "text/html"), id="404 HTML from a proxy"),
        pytest.param(Fault.raw(404, b"", "application/json"), id="404 without a body"),
    ],
)
def test_a_404_without_the_apis_error_body_is_an_error_and_changes_nothing(
    api: FakeVpsOrgApi, server: DynamicProviderServer, fault: Fault
) -> None:
    urn, _, state = _paid_and_settling(api, server)
    oid = int(state["order_id"])
    api.add_fault(fault, path=f"/api/v1/orders/{oid}", times=10)

    with pytest.raises(ProviderCallError) as raised:
        server.read(str(oid), urn, state)

    assert "not proof that it is gone" in raised.value.details
    assert "state is left as it was" in raised.value.details
    assert api.count_requests(method="GET") == 1  # nothing else was needed to refuse
    api.clear_faults()
    assert server.read(str(oid), urn, state).properties["payment_status"] == "settling"


def test_a_wrong_orders_url_for_one_refresh_is_an_error_not_a_forgotten_payment(
    api: FakeVpsOrgApi, server: DynamicProviderServer
) -> None:
    urn, program, state = _paid_and_settling(api, server)
    oid = int(state["order_id"])
    wrong = api.url.replace("/api/v1", "/api/v2")  # every path 404s with the fake's JSON body

    with (
        _serve(OrderProvider(), api, orders_url=wrong) as misconfigured,
        pytest.raises(ProviderCallError) as raised,
    ):
        misconfigured.read(str(oid), urn, state)

    assert "the list at the same URL failed too" in raised.value.details
    assert [r.path for r in api.requests] == [f"/api/v2/orders/{oid}", "/api/v2/orders"]
    # The URL is put right: the record is still in the state the engine kept.
    refreshed = server.read(str(oid), urn, state)
    assert refreshed.properties["accepted_payment"] is not None
    _up(server, urn, refreshed.properties, program)
    assert api.pay_count(oid) == 1


def test_an_order_proven_gone_is_dropped_only_without_a_payment_record(
    api: FakeVpsOrgApi, server: DynamicProviderServer
) -> None:
    oid = api.add_order(auto_pay=False)["id"]
    urn = server.urn("Order", f"unpaid{oid}")
    checked = server.check(urn, {}, {"order_id": oid})
    state = server.create(urn, checked.properties).properties
    api.remove_order(oid)
    api.clear_requests()

    gone = server.read(str(oid), urn, state)

    assert gone.id == ""
    assert [r.path for r in api.requests] == [
        f"/api/v1/orders/{oid}",
        "/api/v1/orders",
        f"/api/v1/orders/{oid}",
    ]

    # With a record, the resource stays (an error that says why) rather than drop the record.
    urn, _, paid_state = _paid_and_settling(api, server)
    paid = int(paid_state["order_id"])
    api.remove_order(paid)
    with pytest.raises(ProviderCallError) as raised:
        server.read(str(paid), urn, paid_state)
    assert "records a payment of it the API accepted" in raised.value.details
    assert "remove the resource from the program" in raised.value.details


def test_a_new_resource_never_pays_an_order_whose_payment_is_under_way(
    api: FakeVpsOrgApi, server: DynamicProviderServer
) -> None:
    # The state lost its record anyway (state edited, resource re-created): the next up refuses.
    _, program, state = _paid_and_settling(api, server)
    oid = int(state["order_id"])
    fresh = server.urn("Order", f"again{oid}")
    with pytest.raises(ProviderCallError) as raised:
        server.create(fresh, server.check(fresh, {}, program).properties)
    assert "refusing to pay: it is processing" in raised.value.details
    assert api.pay_count(oid) == 1
    assert api.count_requests(method="POST") == 0  # nothing sent after the first payment


class TestOrderLookup:
    @pytest.fixture(scope="class")
    @classmethod
    def lookups(cls, api: FakeVpsOrgApi) -> Iterator[DynamicProviderServer]:
        with _serve(OrderLookupProvider(), api) as srv:
            yield srv

    def _created(self, api: FakeVpsOrgApi, lookups: DynamicProviderServer) -> tuple[str, str, dict[str, Any]]:
        oid = api.add_order()["id"]
        urn = lookups.urn("OrderLookup", f"l{oid}")
        created = lookups.create(urn, lookups.check(urn, {}, {"order_id": oid}).properties)
        return urn, str(created.id), created.properties

    def test_a_transient_404_reads_the_order_again(
        self, api: FakeVpsOrgApi, lookups: DynamicProviderServer
    ) -> None:
        urn, id_, state = self._created(api, lookups)
        path = f"/api/v1/orders/{int(state['order_id'])}"
        api.add_fault(Fault.status(404, body=b'{"message": "No results found."}'), path=path)
        assert lookups.read(id_, urn, state).id == id_  # before: "" (gone)

    def test_a_404_without_the_error_body_is_an_error(
        self, api: FakeVpsOrgApi, lookups: DynamicProviderServer
    ) -> None:
        urn, id_, state = self._created(api, lookups)
        path = f"/api/v1/orders/{int(state['order_id'])}"
        api.add_fault(Fault.raw(404, HTML_404, "text/html"), path=path, times=10)
        with pytest.raises(ProviderCallError, match="not proof that it is gone"):
            lookups.read(id_, urn, state)

    def test_a_deleted_order_reads_as_gone(
        self, api: FakeVpsOrgApi, lookups: DynamicProviderServer
    ) -> None:
        urn, id_, state = self._created(api, lookups)
        api.remove_order(int(state["order_id"]))
        assert lookups.read(id_, urn, state).id == ""
