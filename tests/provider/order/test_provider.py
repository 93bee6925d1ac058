"""``OrderProvider`` methods called directly, against the fake API over real HTTP."""

from __future__ import annotations

import base64
import functools
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.output import Unknown
from pulumi.runtime import rpc

from pulumi_vpsorg import VpsOrgError
from pulumi_vpsorg.client import VpsOrgClient
from pulumi_vpsorg.provider import _base
from pulumi_vpsorg.provider.order import (
    INPUT_KEYS,
    OrderApplyError,
    OrderError,
    OrderProvider,
    PartialApplyError,
)
from pulumi_vpsorg.provider.order.adoptions import forget_adoptions
from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault

API = "/api/v1"
WRITES = ("PATCH", "POST", "DELETE")


@pytest.fixture
def fake_api() -> Iterator[FakeVpsOrgApi]:
    """A small store: these tests only touch the orders they add."""
    with FakeVpsOrgApi(order_count=8) as api:
        yield api


def make_provider(api: FakeVpsOrgApi, token: str | None = None) -> OrderProvider:
    provider = OrderProvider()
    config = {"vpsorg:apiToken": token or api.token, "vpsorg:apiUrl": api.url}
    provider.configure(ConfigureRequest(Config(config, "proj")))
    return provider


@pytest.fixture
def provider(fake_api: FakeVpsOrgApi) -> OrderProvider:
    return make_provider(fake_api)


@pytest.fixture
def bare() -> OrderProvider:
    """Not configured: any API call would fail, so passing tests prove none was made."""
    return OrderProvider()


@pytest.fixture
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The provider's client with the default retry count but negligible backoff."""
    monkeypatch.setattr(
        _base, "VpsOrgClient", functools.partial(VpsOrgClient, backoff_factor=0.001)
    )


def writes(api: FakeVpsOrgApi) -> list[tuple[str, str, Any]]:
    return [(r.method, r.path, r.json) for r in api.requests if r.method in WRITES]


def checked(provider: OrderProvider, **news: Any) -> dict[str, Any]:
    result = provider.check({}, news)
    assert [(f.property, f.reason) for f in result.failures] == []
    return result.inputs


def assert_no_token(api: FakeVpsOrgApi, *values: Any) -> None:
    for value in values:
        text = repr(value)
        assert api.token not in text
        assert api.read_only_token not in text


def server_service(order: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in order["services"] if s["service_type"] == "server")


# -- check ---------------------------------------------------------------------------------


def test_check_normalizes_and_fills_defaults(bare: OrderProvider) -> None:
    result = bare.check(
        {},
        {
            "__provider": "pickled",
            "order_id": 7736.0,  # numbers cross gRPC as doubles
            "auto_pay": False,
            "billing_cycle": 12.0,
            "paid": None,
        },
    )
    assert result.failures == []
    assert result.inputs == {
        "order_id": 7736,
        "auto_pay": False,
        "billing_cycle": 12,
        "delete_on_destroy": False,
    }
    assert isinstance(result.inputs["order_id"], int)


@pytest.mark.parametrize(
    ("news", "prop", "fragment"),
    [
        ({}, "order_id", "required"),
        ({"order_id": 0}, "order_id", "got 0"),
        ({"order_id": "7736"}, "order_id", "got '7736'"),
        ({"order_id": True}, "order_id", "got True"),
        ({"order_id": 7.5}, "order_id", "got 7.5"),
        ({"order_id": 1, "auto_pay": "yes"}, "auto_pay", "got 'yes'"),
        ({"order_id": 1, "promo_code": ""}, "promo_code", "must not be blank"),
        ({"order_id": 1, "promo_code": "   "}, "promo_code", "blank"),
        ({"order_id": 1, "billing_cycle": 0}, "billing_cycle", "got 0"),
        ({"order_id": 1, "billing_cycle": 25}, "billing_cycle", "got 25"),
        ({"order_id": 1, "billing_cycle": 3, "service_id": -4}, "service_id", "got -4"),
        ({"order_id": 1, "billing_cycle": 3, "service_type": "a/b"}, "service_type", "a/b"),
        ({"order_id": 1, "paid": "true"}, "paid", "got 'true'"),
        ({"order_id": 1, "payment_method": 5}, "payment_method", "got 5"),
        ({"order_id": 1, "delete_on_destroy": 1}, "delete_on_destroy", "got 1"),
        ({"order_id": 1, "autopay": True}, "autopay", "unknown property"),
        ({"order_id": 1, "service_id": 42}, "service_id", "set billing_cycle"),
        ({"order_id": 1, "service_type": "server"}, "service_type", "set billing_cycle"),
    ],
)
def test_check_failures_name_the_property(
    bare: OrderProvider, news: dict[str, Any], prop: str, fragment: str
) -> None:
    result = bare.check({}, news)
    failures = {f.property: f.reason for f in result.failures}
    assert prop in failures, failures
    assert fragment in failures[prop]


def test_check_reports_every_bad_property_at_once(bare: OrderProvider) -> None:
    result = bare.check({}, {"order_id": -1, "auto_pay": 3, "billing_cycle": 99, "x": 1})
    assert sorted(f.property for f in result.failures) == [
        "auto_pay",
        "billing_cycle",
        "order_id",
        "x",
    ]


@pytest.mark.parametrize("unknown", [Unknown(), rpc.UNKNOWN])
def test_check_tolerates_unknowns_during_preview(bare: OrderProvider, unknown: Any) -> None:
    result = bare.check({}, {"order_id": unknown, "auto_pay": True, "billing_cycle": unknown})
    assert result.failures == []
    assert result.inputs["order_id"] is unknown
    assert result.inputs["billing_cycle"] is unknown
    assert result.inputs["auto_pay"] is True
    # the known values are still validated
    bad = bare.check({}, {"order_id": unknown, "auto_pay": "no"})
    assert [f.property for f in bad.failures] == ["auto_pay"]


def test_check_unwraps_secret_inputs(bare: OrderProvider) -> None:
    secret = rpc.wrap_rpc_secret("WELCOME10")
    assert checked(bare, order_id=1, promo_code=secret)["promo_code"] == "WELCOME10"


_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from([*INPUT_KEYS, "extra"]), _values, max_size=6))
def test_check_never_raises_and_accepted_inputs_are_canonical(news: dict[str, Any]) -> None:
    bare = OrderProvider()  # not configured: check() makes no API call
    result = bare.check({}, news)
    if result.failures:
        assert {f.property for f in result.failures} <= {*INPUT_KEYS, "extra"}
        return
    again = bare.check({}, result.inputs)
    assert again.failures == []
    assert again.inputs == result.inputs
    assert set(result.inputs) <= set(INPUT_KEYS)


# -- diff ----------------------------------------------------------------------------------


@pytest.fixture
def created(fake_api: FakeVpsOrgApi, provider: OrderProvider) -> dict[str, Any]:
    """An order adopted with auto_pay off and a 3-month renewal; the outputs."""
    order = fake_api.add_order()
    inputs = checked(provider, order_id=order["id"], auto_pay=False, billing_cycle=3)
    result = provider.create(inputs)
    assert result.outs is not None
    return result.outs


def test_diff_unchanged_program_has_no_changes(
    fake_api: FakeVpsOrgApi, provider: OrderProvider, created: dict[str, Any]
) -> None:
    news = checked(provider, order_id=created["order_id"], auto_pay=False, billing_cycle=3)
    before = len(fake_api.requests)
    result = provider.diff(str(created["order_id"]), {**created, "__provider": "x"}, news)
    assert result.changes is False
    assert result.replaces == []
    assert len(fake_api.requests) == before  # diff makes no API call


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"auto_pay": True}, ["auto_pay"]),
        ({"billing_cycle": 6}, ["billing_cycle"]),
        ({"promo_code": "WELCOME10"}, ["promo_code"]),
        ({"paid": True}, ["paid"]),
        ({"paid": True, "payment_method": "balance"}, ["paid", "payment_method"]),
        ({"paid": False}, []),
        ({"delete_on_destroy": True}, ["delete_on_destroy"]),
        ({"auto_pay": None}, []),  # unset means "leave as is"
        ({"billing_cycle": 3, "service_type": "server"}, []),
        ({"billing_cycle": 3, "service_type": "server-addon"}, ["billing_cycle"]),
        ({"auto_pay": Unknown()}, ["auto_pay"]),
        ({"billing_cycle": rpc.UNKNOWN}, ["billing_cycle"]),
    ],
)
def test_diff_reports_only_what_differs(
    provider: OrderProvider,
    created: dict[str, Any],
    change: dict[str, Any],
    expected: list[str],
) -> None:
    news = {"order_id": created["order_id"], "auto_pay": False, "billing_cycle": 3, **change}
    assert provider.changed_properties(created, news) == expected
    result = provider.diff(str(created["order_id"]), created, news)
    assert result.changes is bool(expected)
    assert result.replaces == []


@pytest.mark.parametrize("new_id", [123456, Unknown()])
def test_diff_order_id_forces_replacement(
    provider: OrderProvider, created: dict[str, Any], new_id: Any
) -> None:
    news = {"order_id": new_id, "auto_pay": False, "billing_cycle": 3}
    result = provider.diff(str(created["order_id"]), created, news)
    assert result.changes is True
    assert result.replaces == ["order_id"]
    assert result.delete_before_replace is False


def test_diff_ignores_payment_inputs_once_the_order_is_paid(
    fake_api: FakeVpsOrgApi, provider: OrderProvider
) -> None:
    order = fake_api.add_order(status="paid", payment_method="card")
    outs = provider.create(checked(provider, order_id=order["id"], paid=True)).outs
    assert outs is not None
    news = {"order_id": order["id"], "paid": True, "payment_method": "balance"}
    assert provider.changed_properties(outs, news) == []
    assert fake_api.count_requests("POST") == 0


def test_diff_ignores_payment_inputs_once_a_payment_was_accepted(
    fake_api: FakeVpsOrgApi, provider: OrderProvider
) -> None:
    order = fake_api.add_order(auto_pay=False)
    outs = provider.create(checked(provider, order_id=order["id"], paid=True)).outs
    assert outs is not None and outs["accepted_payment"] is not None
    news = {"order_id": order["id"], "paid": True, "payment_method": "balance"}
    settling = {**outs, "status": "processing", "amount_with_vat": 99.5}
    assert provider.changed_properties(settling, news) == []
    # The record belongs to its order: another order's record does not count.
    foreign = {**settling, "accepted_payment": {**outs["accepted_payment"], "order_id": 1}}
    assert provider.changed_properties(foreign, news) == ["paid", "payment_method"]
    assert provider.changed_properties({**settling, "accepted_payment": None}, news) == [
        "paid",
        "payment_method",
    ]
    assert fake_api.pay_count(order["id"]) == 1


def test_diff_on_float_state_from_grpc(provider: OrderProvider, created: dict[str, Any]) -> None:
    # State read back from the engine has every number as a double.
    olds = {**created, "order_id": float(created["order_id"])}
    olds["services"] = [
        {**s, "service_id": float(s["service_id"]), "service_billing_cycle": 3.0}
        if s["service_type"] == "server"
        else s
        for s in created["services"]
    ]
    news = {"order_id": created["order_id"], "auto_pay": False, "billing_cycle": 3.0}
    assert provider.changed_properties(olds, news) == []


# -- create / update: only what differs, in order --------------------------------------------


def test_create_applies_only_what_differs_in_order(
    fake_api: FakeVpsOrgApi, provider: OrderProvider
) -> None:
    order = fake_api.add_order(auto_pay=True)
    oid = order["id"]
    server = server_service(order)
    inputs = checked(
        provider,
        order_id=oid,
        auto_pay=False,
        promo_code="WELCOME10",
        billing_cycle=12,
        paid=True,
        payment_method="balance",
    )
    result = provider.create(inputs)
    assert result.id == str(oid)
    assert writes(fake_api) == [
        ("PATCH", f"{API}/orders/{oid}", {"auto_pay": False, "promo_code": "WELCOME10"}),
        ("PATCH", f"{API}/orders/{oid}/server/{server['service_id']}", {"billing_cycle": 12}),
        ("POST", f"{API}/orders/pay", {"order_ids": [oid], "payment_method": "balance"}),
    ]
    outs = result.outs
    assert outs is not None
    assert outs["order_id"] == oid
    assert outs["status"] == "paid"
    assert outs["auto_pay"] is False
    assert outs["promo"]["code"] == "WELCOME10"
    assert server_service(outs)["service_billing_cycle"] == 12
    assert outs["delete_on_destroy"] is False
    assert outs["billing_cycle"] == 12
    assert isinstance(outs["amount"], float)
    assert outs["created_at"].endswith("Z")
    assert {"invoices", "services", "payment_information", "due_at"} <= set(outs)
    assert fake_api.pay_count(oid) == 1
    assert_no_token(fake_api, outs)


def test_create_with_nothing_to_change_only_reads(
    fake_api: FakeVpsOrgApi, provider: OrderProvider
) -> None:
    order = fake_api.add_order(auto_pay=True)
    result = provider.create(
        checked(provider, order_id=order["id"], auto_pay=True, billing_cycle=1)
    )
    assert writes(fake_api) == []
    assert fake_api.count_requests("GET") == 1
    assert result.outs is not None and result.outs["status"] == "pending_payment"


def test_update_applies_changed_inputs_and_returns_outputs(
    fake_api: FakeVpsOrgApi, provider: OrderProvider, created: dict[str, Any]
) -> None:
    oid = created["order_id"]
    fake_api.clear_requests()
    news = checked(provider, order_id=oid, auto_pay=True, billing_cycle=3, delete_on_destroy=True)
    result = provider.update(str(oid), created, news)
    assert writes(fake_api) == [("PATCH", f"{API}/orders/{oid}", {"auto_pay": True})]
    assert result.outs is not None
    assert result.outs["auto_pay"] is True
    assert result.outs["delete_on_destroy"] is True

    # delete_on_destroy alone: an update with no write, still returning every output
    fake_api.clear_requests()
    news = checked(provider, order_id=oid, auto_pay=True, billing_cycle=3)
    again = provider.update(str(oid), result.outs, news)
    assert writes(fake_api) == []
    assert again.outs is not None
    assert again.outs["delete_on_destroy"] is False
    assert again.outs["status"] == "pending_payment"


def test_create_of_a_missing_order_is_a_clear_error(
    fake_api: FakeVpsOrgApi, provider: OrderProvider
) -> None:
    with pytest.raises(OrderError, match=r"order 999999 does not exist \(404\)"):
        provider.create(checked(provider, order_id=999999, auto_pay=True))
    assert writes(fake_api) == []


# -- validation against services[] before any write ------------------------------------------


def _two_changeable(api: FakeVpsOrgApi) -> dict[str, Any]:
    order = api.add_order()
    services = order["services"]
    services[1] = {**services[1], "service_type": "server", "is_period_changeable": True}
    return api.update_order(order["id"], services=services)


@pytest.mark.parametrize(
    ("setup", "extra", "match"),
    [
        ("minimum", {"billing_cycle": 2}, r"billing_cycle: 2 is below the minimum of 6"),
        ("addon", {"billing_cycle": 6}, r"billing_cycle: .*server-addon .* cannot be changed"),
        ("ambiguous", {"billing_cycle": 6}, r"service_id: .*several services .*set service_id"),
        ("no-such", {"billing_cycle": 6, "service_id": 4242}, r"service_id: .*no service with"),
        ("deposit", {"billing_cycle": 6}, r"billing_cycle: the order has no services"),
    ],
)
def test_billing_cycle_is_validated_before_any_write(
    fake_api: FakeVpsOrgApi,
    provider: OrderProvider,
    setup: str,
    extra: dict[str, Any],
    match: str,
) -> None:
    if setup == "minimum":
        order = fake_api.add_order()
        services = order["services"]
        services[0] = {**services[0], "service_minimum_billing_cycle": 6}
        order = fake_api.update_order(order["id"], services=services)
    elif setup == "addon":
        order = fake_api.add_order()
        extra = {**extra, "service_type": "server-addon"}
    elif setup == "ambiguous":
        order = _two_changeable(fake_api)
    elif setup == "deposit":
        order = fake_api.add_order(type="deposit", services=[])
    else:
        order = fake_api.add_order()
    # auto_pay also differs: it must not be applied when the renewal is invalid
    inputs = checked(provider, order_id=order["id"], auto_pay=False, **extra)
    with pytest.raises(OrderError, match=match) as info:
        provider.create(inputs)
    assert not isinstance(info.value, OrderApplyError)
    assert writes(fake_api) == []


def test_service_id_chooses_among_several_changeable(
    fake_api: FakeVpsOrgApi, provider: OrderProvider
) -> None:
    order = _two_changeable(fake_api)
    second = order["services"][1]["service_id"]
    outs = provider.create(
        checked(provider, order_id=order["id"], billing_cycle=6, service_id=second)
    ).outs
    assert outs is not None
    assert [s["service_billing_cycle"] for s in outs["services"]] == [1, 6]
    news = {"order_id": order["id"], "billing_cycle": 6, "service_id": second}
    assert provider.changed_properties(outs, news) == []
    first = order["services"][0]["service_id"]
    assert provider.changed_properties(outs, {**news, "service_id": first}) == ["billing_cycle"]


# -- read: refresh, drift, import ------------------------------------------------------------


def test_refresh_shows_drift_and_keeps_the_desired_inputs(
    fake_api: FakeVpsOrgApi, provider: OrderProvider, created: dict[str, Any]
) -> None:
    oid = created["order_id"]
    # someone flips auto_pay and the renewal period outside Pulumi
    services = fake_api.get_order(oid)["services"]  # type: ignore[index]
    services[0]["service_billing_cycle"] = 1
    fake_api.update_order(oid, auto_pay=True, services=services)

    result = provider.read(str(oid), {**created, "__provider": "x"})
    assert result.id == str(oid)
    assert result.inputs is None  # refresh keeps the program's inputs
    outs = result.outs
    assert outs is not None
    assert outs["auto_pay"] is True
    assert outs["billing_cycle"] == 3  # the desired value, as given
    assert server_service(outs)["service_billing_cycle"] == 1
    news = {"order_id": oid, "auto_pay": False, "billing_cycle": 3, "delete_on_destroy": False}
    assert provider.changed_properties(outs, news) == ["auto_pay", "billing_cycle"]

    # the next up converges
    fake_api.clear_requests()
    updated = provider.update(str(oid), outs, news).outs
    assert updated is not None
    assert len(writes(fake_api)) == 2
    assert provider.changed_properties(updated, news) == []


def test_read_of_a_deleted_order_reports_it_gone(
    fake_api: FakeVpsOrgApi, provider: OrderProvider, created: dict[str, Any]
) -> None:
    fake_api.remove_order(created["order_id"])
    result = provider.read(str(created["order_id"]), created)
    assert result.id is None
    assert result.outs == {}


def test_read_for_import_returns_inputs_from_the_order_alone(
    fake_api: FakeVpsOrgApi, provider: OrderProvider
) -> None:
    order = fake_api.add_order(auto_pay=False)
    result = provider.read(str(order["id"]), {})
    assert result.id == str(order["id"])
    assert result.inputs == {
        "order_id": order["id"], "delete_on_destroy": False, "auto_pay": False, "billing_cycle": 1
    }
    assert result.outs is not None
    assert result.outs["auto_pay"] is False
    assert result.outs["status"] == "pending_payment"
    # a program adopting it as it is sees no difference
    assert provider.changed_properties(result.outs, {**result.inputs, "auto_pay": False}) == []
    with pytest.raises(OrderError, match="order id, such as 7736"):
        provider.read("not-a-number", {})


# -- delete ----------------------------------------------------------------------------------


def test_delete_by_default_forgets_the_order(
    fake_api: FakeVpsOrgApi, provider: OrderProvider, created: dict[str, Any]
) -> None:
    fake_api.clear_requests()
    provider.delete(str(created["order_id"]), created)
    assert fake_api.requests == []
    assert created["order_id"] in fake_api.orders


def test_delete_on_destroy_deletes_an_unpaid_order(
    fake_api: FakeVpsOrgApi, provider: OrderProvider
) -> None:
    order = fake_api.add_order()
    outs = provider.create(checked(provider, order_id=order["id"], delete_on_destroy=True)).outs
    assert outs is not None
    forget_adoptions()  # `pulumi destroy` is a later deployment
    provider.delete(str(order["id"]), outs)
    assert order["id"] not in fake_api.orders
    # already gone (404 on read, then on delete itself): done
    provider.delete(str(order["id"]), outs)
    other = fake_api.add_order()
    fake_api.add_fault(Fault.status(404), method="DELETE")
    provider.delete(str(other["id"]), {**outs, "order_id": other["id"]})


def test_delete_on_destroy_refuses_a_paid_order(
    fake_api: FakeVpsOrgApi, provider: OrderProvider
) -> None:
    order = fake_api.add_order()
    inputs = checked(provider, order_id=order["id"], paid=True, delete_on_destroy=True)
    outs = provider.create(inputs).outs
    assert outs is not None
    forget_adoptions()  # `pulumi destroy` is a later deployment
    with pytest.raises(OrderError) as info:
        provider.delete(str(order["id"]), outs)
    assert str(info.value) == (
        f"order {order['id']} is paid; it cannot be deleted; set delete_on_destroy=false to "
        "forget it instead"
    )
    assert fake_api.count_requests("DELETE") == 0
    assert order["id"] in fake_api.orders


def test_delete_refused_by_the_api_is_explained(
    fake_api: FakeVpsOrgApi, provider: OrderProvider
) -> None:
    order = fake_api.add_order()
    fake_api.add_fault(
        Fault.status(422, body=b'{"message":"Only unpaid orders can be deleted."}'),
        method="DELETE",
    )
    with pytest.raises(OrderError, match=r"deleting it failed: .*HTTP 422.*unpaid"):
        provider.delete(str(order["id"]), {"order_id": order["id"], "delete_on_destroy": True})


# -- failures: 403, 422, 423, partial, payment faults -----------------------------------------


def test_read_only_token_gets_an_error_that_says_so(fake_api: FakeVpsOrgApi) -> None:
    provider = make_provider(fake_api, fake_api.read_only_token)
    order = fake_api.add_order(auto_pay=True)
    inputs = checked(provider, order_id=order["id"], auto_pay=False)
    with pytest.raises(OrderApplyError) as info:
        provider.create(inputs)
    message = str(info.value)
    assert "HTTP 403" in message
    assert "read-only or lacks write permission" in message
    assert "Read+Write token" in message
    assert "applied: nothing" in message
    assert not isinstance(info.value, PartialApplyError)
    assert fake_api.get_order(order["id"])["auto_pay"] is True  # type: ignore[index]
    assert_no_token(fake_api, message, info.value.args, repr(info.value))
    # reading is allowed with it
    assert provider.read(str(order["id"]), {}).id == str(order["id"])
    with pytest.raises(OrderError, match="read-only"):
        provider.delete(str(order["id"]), {"order_id": order["id"], "delete_on_destroy": True})


def test_api_validation_error_names_the_field(
    fake_api: FakeVpsOrgApi, provider: OrderProvider
) -> None:
    order = fake_api.add_order(promo_applicable=False)
    inputs = checked(provider, order_id=order["id"], promo_code="WELCOME10")
    with pytest.raises(OrderApplyError, match=r"HTTP 422.*promo_code: No promo code can be"):
        provider.create(inputs)
    bad = checked(provider, order_id=fake_api.add_order()["id"], promo_code="NOPE")
    with pytest.raises(OrderApplyError, match=r"promo_code: The selected promo code is invalid"):
        provider.create(bad)


def test_locked_once_is_retried_and_succeeds(
    fake_api: FakeVpsOrgApi, provider: OrderProvider
) -> None:
    order = fake_api.add_order(auto_pay=True)
    oid = order["id"]
    fake_api.add_fault(Fault.status(423), method="PATCH", path=f"{API}/orders/{oid}")
    fake_api.add_fault(Fault.status(429, retry_after=0), method="GET", times=1)
    outs = provider.create(checked(provider, order_id=oid, auto_pay=False)).outs
    assert outs is not None and outs["auto_pay"] is False
    assert fake_api.count_requests("PATCH") == 2


def test_payment_answered_423_is_sent_again_and_paid_once(
    fake_api: FakeVpsOrgApi, provider: OrderProvider, fast_retries: None
) -> None:
    order = fake_api.add_order()
    fake_api.add_fault(Fault.status(423), method="POST", path=f"{API}/orders/pay", times=2)
    outs = provider.create(checked(provider, order_id=order["id"], paid=True)).outs
    assert outs is not None and outs["status"] == "paid"
    assert fake_api.count_requests("POST") == 3
    assert fake_api.pay_count(order["id"]) == 1


def test_a_rate_limited_payment_whose_wait_outlasts_the_timeout_is_a_refusal_sent_once(
    fake_api: FakeVpsOrgApi, provider: OrderProvider
) -> None:
    """A 429 means the payment was not made; with a wait past the call's timeout it is not
    retried, and the error says so (not "after retrying", not an unknown outcome)."""
    order = fake_api.add_order()
    fake_api.add_fault(Fault.status(429, retry_after=3600), method="POST", times=10)
    with pytest.raises(OrderApplyError) as info:
        provider.create(checked(provider, order_id=order["id"], paid=True))
    message = str(info.value)
    assert "applied: nothing; not applied: payment" in message
    assert "HTTP 429" in message and "not retried: the next attempt, due in 30s" in message
    assert "(try again later)" in message and "after retrying" not in message
    assert "outcome is unknown" not in message
    assert fake_api.count_requests("POST") == 1
    assert fake_api.pay_count(order["id"]) == 0


def test_order_that_stays_locked_fails_clearly(
    fake_api: FakeVpsOrgApi, provider: OrderProvider, fast_retries: None
) -> None:
    order = fake_api.add_order(auto_pay=True)
    fake_api.lock_order(order["id"])
    with pytest.raises(OrderApplyError) as info:
        provider.create(checked(provider, order_id=order["id"], auto_pay=False, paid=True))
    message = str(info.value)
    assert "HTTP 423" in message and "locked" in message
    assert "still refused after retrying" in message
    assert "applied: nothing; not applied: update auto_pay=false, payment" in message
    assert fake_api.count_requests("PATCH") == 4  # 1 + 3 retries
    assert fake_api.count_requests("POST") == 0

    fake_api.lock_order(order["id"], locked=False)
    fake_api.add_fault(Fault.status(423), method="POST", times=10)
    with pytest.raises(PartialApplyError, match=r"applied: update auto_pay=false; not applied"):
        provider.create(checked(provider, order_id=order["id"], auto_pay=False, paid=True))
    assert fake_api.pay_count(order["id"]) == 0


def test_partial_failure_says_what_was_applied_and_the_next_run_converges(
    fake_api: FakeVpsOrgApi, provider: OrderProvider, fast_retries: None
) -> None:
    order = fake_api.add_order(auto_pay=True)
    oid = order["id"]
    sid = server_service(order)["service_id"]
    renewal = f"{API}/orders/{oid}/server/{sid}"
    fake_api.add_fault(Fault.status(500), method="PATCH", path=renewal, times=10)
    inputs = checked(provider, order_id=oid, auto_pay=False, billing_cycle=12, paid=True)
    with pytest.raises(PartialApplyError) as info:
        provider.create(inputs)
    error = info.value
    assert error.applied == ("update auto_pay=false",)
    assert error.not_applied == (
        f"billing_cycle=12 for server {sid}",
        "payment (payment_method=default)",
    )
    assert str(error).startswith(
        f"order {oid}: applied: update auto_pay=false; not applied: billing_cycle=12 for server "
        f"{sid}, payment (payment_method=default); cause: PATCH /orders/{oid}/server/{sid} "
        "failed with HTTP 500"
    )
    assert isinstance(error, VpsOrgError)
    assert_no_token(fake_api, str(error))
    assert fake_api.pay_count(oid) == 0

    fake_api.clear_faults()
    fake_api.clear_requests()
    outs = provider.create(inputs).outs  # a failed create is retried as a create
    assert outs is not None
    assert [m for m, _, _ in writes(fake_api)] == ["PATCH", "POST"]
    assert writes(fake_api)[0][1] == renewal
    assert provider.changed_properties(outs, inputs) == []
    assert fake_api.pay_count(oid) == 1


def test_connection_dropped_after_payment_never_pays_twice(
    fake_api: FakeVpsOrgApi, provider: OrderProvider
) -> None:
    order = fake_api.add_order()
    oid = order["id"]
    fake_api.add_fault(Fault.drop_after_processing(), method="POST", path=f"{API}/orders/pay")
    inputs = checked(provider, order_id=oid, paid=True, payment_method="balance")
    with pytest.raises(OrderApplyError) as info:
        provider.create(inputs)
    message = str(info.value)
    assert "outcome is unknown" in message
    assert "never paid again" in message
    assert fake_api.count_requests("POST") == 1  # the transport did not resend it
    assert fake_api.pay_count(oid) == 1

    outs = provider.create(inputs).outs  # the second `pulumi up`
    assert outs is not None and outs["status"] == "paid"
    assert fake_api.count_requests("POST") == 1
    assert fake_api.pay_count(oid) == 1


def test_dropped_payment_request_is_paid_exactly_once_on_the_next_run(
    fake_api: FakeVpsOrgApi, provider: OrderProvider
) -> None:
    order = fake_api.add_order()
    oid = order["id"]
    fake_api.add_fault(Fault.drop(), method="POST", path=f"{API}/orders/pay")
    inputs = checked(provider, order_id=oid, paid=True)
    with pytest.raises(OrderApplyError, match="outcome is unknown"):
        provider.create(inputs)
    assert fake_api.pay_count(oid) == 0
    provider.create(inputs)
    assert fake_api.pay_count(oid) == 1
    keys = {key for _, key in fake_api.payments}
    posted = {r.header("Idempotency-Key") for r in fake_api.requests if r.method == "POST"}
    assert len(posted) == 1 and keys == posted  # the retry reused the deterministic key


def test_server_error_on_payment_is_not_resent(
    fake_api: FakeVpsOrgApi, provider: OrderProvider
) -> None:
    order = fake_api.add_order()
    fake_api.add_fault(Fault.status(503), method="POST")
    with pytest.raises(OrderApplyError, match="HTTP 503") as info:
        provider.create(checked(provider, order_id=order["id"], paid=True))
    # A 5xx may come from a gateway after the API processed it: not "not applied", but unknown.
    assert "outcome is unknown" in str(info.value)
    assert fake_api.count_requests("POST") == 1
    assert fake_api.pay_count(order["id"]) == 0
    # The next run re-reads, finds it unpaid, and pays it once.
    outs = provider.create(checked(provider, order_id=order["id"], paid=True)).outs
    assert outs is not None and outs["status"] == "paid"
    assert fake_api.pay_count(order["id"]) == 1


def test_paid_false_never_pays(fake_api: FakeVpsOrgApi, provider: OrderProvider) -> None:
    order = fake_api.add_order()
    provider.create(checked(provider, order_id=order["id"], paid=False, payment_method="card"))
    assert fake_api.count_requests("POST") == 0


# -- the pickled provider ----------------------------------------------------------------------


def test_pickled_provider_is_small_and_free_of_the_token(
    fake_api: FakeVpsOrgApi, provider: OrderProvider
) -> None:
    provider.client()  # a live client exists: still nothing of it may be pickled
    serialized = serialize_provider(provider)
    raw = base64.b64decode(serialized)
    assert len(raw) < 2048, len(raw)
    assert b"pulumi_vpsorg.provider.order" in raw and b"OrderProvider" in raw
    assert fake_api.token.encode() not in raw
    assert serialize_provider(OrderProvider()) == serialized  # deterministic: no spurious diff
    print(f"pickled OrderProvider: {len(raw)} bytes")


def test_a_failed_promo_code_is_named_not_shown(bare: OrderProvider) -> None:
    (failure,) = bare.check({}, {"order_id": 1, "promo_code": 123456}).failures
    assert failure.property == "promo_code"
    assert "string" in failure.reason and "123456" not in failure.reason
