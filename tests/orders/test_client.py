"""The order endpoints against the fake API: filters, figures and summaries, get, update,
renewal period, pay, delete, and their errors."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

import pytest

from pulumi_vpsorg import (
    ConfigurationError,
    LockedError,
    NotFoundError,
    PermissionDeniedError,
    UnexpectedResponseError,
    ValidationError,
    VpsOrgClient,
)
from pulumi_vpsorg.orders.models import figures_of
from pulumi_vpsorg.orders.summary import summarize
from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault
from tests.client_support import ALL, only, renewal, unpaid_ids


def test_status_filter_is_sent_comma_separated(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    orders = client.list_orders(status=["awaiting_payment", "processing"], concurrency=1)
    assert {o.status for o in orders} == {"awaiting_payment", "processing"}
    assert fake_api.requests[0].query["filter[status]"] == "awaiting_payment,processing"


def test_order_figures_are_the_listed_orders_fields_in_the_same_order(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    full = client.list_orders(status=ALL, per_page=50, concurrency=4)
    full_requests = [(r.method, r.path, r.query) for r in fake_api.requests]
    fake_api.clear_requests()
    rows = client.list_order_figures(status=ALL, per_page=50, concurrency=4)
    assert sorted((r.method, r.path, tuple(r.query.items())) for r in fake_api.requests) == sorted(
        (m, p, tuple(q.items())) for m, p, q in full_requests
    )
    assert rows == [figures_of(o) for o in full]
    assert set(rows[0]) == {
        "id",
        "status",
        "type",
        "amount",
        "amount_with_vat",
        "created_at",
        "due_at",
    }
    assert isinstance(rows[0]["amount"], Decimal) and rows[0]["due_at"].tzinfo is not None


def test_order_figures_are_validated_and_the_bad_field_is_named(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    def bad_amount(body: Any) -> Any:
        body["data"][3]["amount_with_vat"] = "twelve"
        return body

    fake_api.add_fault(Fault.mutate_json(bad_amount), query={"page": "2"}, times=100)
    with pytest.raises(UnexpectedResponseError, match=r"data\.3\.amount_with_vat"):
        client.list_order_figures(per_page=25, concurrency=2)


def test_order_figures_refuse_a_bad_concurrency(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    with pytest.raises(ConfigurationError, match="concurrency"):
        client.list_order_figures(concurrency=0)


def test_a_now_without_an_offset_is_utc(fake_api: FakeVpsOrgApi, client: VpsOrgClient) -> None:
    """Assumption A10, as for the API's timestamps: not a comparison error after the reads."""
    naive, aware = datetime(2030, 1, 1), datetime(2030, 1, 1, tzinfo=timezone.utc)
    summary = client.summarize_orders(ALL, now=naive)
    assert summary == client.summarize_orders(ALL, now=aware)
    assert summary.overdue_count > 0
    read = client.convert_orders(lambda orders: orders, ALL, now=naive)
    assert read.summary == summary
    order = client.get_order(summary.overdue_order_ids[0])
    assert order.is_overdue(naive) is order.is_overdue(aware) is True


@pytest.mark.parametrize("now", ["2030-01-01", 1893456000, date(2030, 1, 1)])
def test_a_now_that_is_no_datetime_is_refused_before_any_request(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient, now: object
) -> None:
    for call in (
        lambda: client.summarize_orders(ALL, now=now),  # type: ignore[arg-type]
        lambda: client.convert_orders(lambda orders: orders, ALL, now=now),  # type: ignore[arg-type]
    ):
        with pytest.raises(ConfigurationError, match="now: expected a datetime"):
            call()
    assert fake_api.requests == []


@pytest.mark.parametrize(
    ("status", "types"),
    [(None, None), (ALL, None), (ALL, ["renew-service"]), ("paid", "new-service")],
)
def test_summarize_orders_is_the_summary_of_the_listed_figures(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient, status: Any, types: Any
) -> None:
    now = datetime(2025, 1, 10, tzinfo=timezone.utc)
    rows = client.list_order_figures(status)
    wanted = [types] if isinstance(types, str) else types
    expected = summarize([r for r in rows if wanted is None or r["type"] in wanted], now)
    listed = sorted((r.method, r.path, sorted(r.query.items())) for r in fake_api.requests)
    fake_api.clear_requests()
    assert client.summarize_orders(status, types, now=now) == expected
    assert sorted((r.method, r.path, sorted(r.query.items())) for r in fake_api.requests) == listed
    assert expected.count > 0


def test_summarize_orders_sorts_orders_the_server_sent_out_of_order(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    def reverse(body: Any) -> Any:
        body["data"].reverse()
        return body

    fake_api.add_fault(Fault.mutate_json(reverse), query={"page": "2"}, times=100)
    rows = client.list_order_figures(ALL)
    keys = [(r["created_at"], r["id"]) for r in rows]
    assert keys == sorted(keys, reverse=True)
    summary = client.summarize_orders(ALL)
    assert summary.order_ids == tuple(r["id"] for r in rows)


def test_summarize_orders_refuses_bad_types_before_any_request(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    for bad, message in (
        ("renew_service", "did you mean 'renew-service'"),
        ([], "at least one"),
        ([3], "order type names"),
        (3, "at least one"),
    ):
        with pytest.raises(ConfigurationError, match=rf"^type: .*{message}"):
            client.summarize_orders(type=bad)
    assert fake_api.requests == []


def test_invalid_filters_fail_before_any_request(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    for kwargs in ({"status": []}, {"status": ["paid,cancelled"]}, {"per_page": 0}):
        with pytest.raises(ConfigurationError):
            client.list_orders(**kwargs)  # type: ignore[arg-type]
    assert fake_api.requests == []


def test_api_422_for_an_unknown_status_carries_field_errors(client: VpsOrgClient) -> None:
    with pytest.raises(ValidationError) as info:
        client.list_orders(status="nonsense")
    assert info.value.status == 422 and info.value.field_errors


def test_get_order_has_invoices_and_services(fake_api: FakeVpsOrgApi, client: VpsOrgClient) -> None:
    order = client.get_order(7736)
    assert order.amount_from_balance == Decimal("146.17") and order.invoices
    assert only(fake_api).path == "/api/v1/orders/7736"
    with pytest.raises(NotFoundError):
        client.get_order(1)


def test_update_order_patches_only_given_fields_then_rereads(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    order_id = unpaid_ids(fake_api)[0]
    before = fake_api.orders[order_id]["auto_pay"]
    order = client.update_order(order_id, auto_pay=not before)
    assert order.auto_pay is (not before)
    patch, get = fake_api.requests
    assert (patch.method, patch.path, patch.json) == (
        "PATCH",
        f"/api/v1/orders/{order_id}",
        {"auto_pay": not before},
    )
    assert patch.header("Content-Type") == "application/json"
    assert (get.method, get.path) == ("GET", f"/api/v1/orders/{order_id}")


def test_update_order_rejected_promo_is_a_validation_error(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    order_id = next(
        i for i in unpaid_ids(fake_api) if fake_api.orders[i]["promo_applicable"] is True
    )
    with pytest.raises(ValidationError) as info:
        client.update_order(order_id, promo_code="NOT-A-CODE")
    assert "promo_code" in info.value.field_errors


def test_change_renewal_period_hits_the_documented_path(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    order_id, service = renewal(fake_api)
    client.change_renewal_period(order_id, service["service_type"], service["service_id"], 12)
    req = only(fake_api)
    assert req.method == "PATCH"
    assert (
        req.path == f"/api/v1/orders/{order_id}/{service['service_type']}/{service['service_id']}"
    )
    assert req.json == {"billing_cycle": 12} and req.status == 204
    assert client.get_order(order_id).services[0].service_billing_cycle is not None


@pytest.mark.parametrize("cycle", [0, 25, True, 3.0])
def test_change_renewal_period_bounds_checked_locally(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient, cycle: Any
) -> None:
    with pytest.raises(ConfigurationError, match="billing_cycle"):
        client.change_renewal_period(1, "server", 2, cycle)
    assert fake_api.requests == []


def test_pay_is_sent_once_with_an_idempotency_key(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    order_id = unpaid_ids(fake_api)[0]
    order = client.pay_order(order_id, "balance")
    assert order.status == "paid" and order.payment_method == "balance"
    post = fake_api.requests[0]
    assert (post.method, post.path) == ("POST", "/api/v1/orders/pay")
    assert post.json == {"order_ids": [order_id], "payment_method": "balance"}
    assert post.header("Idempotency-Key")
    assert fake_api.pay_count(order_id) == 1


def test_delete_unpaid_then_404_and_paid_refused(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    order_id = unpaid_ids(fake_api)[0]
    client.delete_order(order_id)
    assert fake_api.requests[0].method == "DELETE" and fake_api.requests[0].status == 204
    with pytest.raises(NotFoundError):
        client.delete_order(order_id)
    with pytest.raises(ValidationError):
        client.delete_order(7736)
    assert 7736 in fake_api.orders


def test_read_only_token_writes_are_refused_with_a_clear_error(
    fake_api: FakeVpsOrgApi,
) -> None:
    ro = VpsOrgClient(fake_api.read_only_token, fake_api.url)
    assert ro.get_order(7736).id == 7736
    with pytest.raises(PermissionDeniedError, match="read-only"):
        ro.update_order(7736, auto_pay=False)


def test_locked_order_reports_423_after_retries(
    fake_api: FakeVpsOrgApi, fast: VpsOrgClient
) -> None:
    order_id = unpaid_ids(fake_api)[0]
    fake_api.lock_order(order_id)
    with pytest.raises(LockedError, match="locked"):
        fast.delete_order(order_id)
    assert fake_api.count_requests(method="DELETE") == 4
    fake_api.lock_order(order_id, False)
    fast.delete_order(order_id)


def test_every_orders_request_asks_for_json(fake_api: FakeVpsOrgApi, client: VpsOrgClient) -> None:
    """The document marks ``Accept: application/json`` required (A15); the fake serves a request
    without it too, so the header is checked here, on every method."""
    order = fake_api.add_order(auto_pay=False)
    oid = order["id"]
    server = next(s for s in order["services"] if s["is_period_changeable"])
    fake_api.clear_requests()
    client.list_orders(status=ALL, concurrency=1)
    client.get_order(oid)
    client.update_order(oid, auto_pay=True)
    client.change_renewal_period(oid, server["service_type"], server["service_id"], 3)
    client.pay_orders([oid])
    other = fake_api.add_order(auto_pay=False)["id"]
    client.delete_order(other)
    sent = {(r.method, r.header("Accept")) for r in fake_api.requests}
    assert {method for method, _ in sent} == {"GET", "PATCH", "POST", "DELETE"}
    assert {accept for _, accept in sent} == {"application/json"}
