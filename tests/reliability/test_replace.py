"""A replacement never deletes the order the user last said to keep.

A new ``order_id`` replaces an ``Order``; the engine then destroys the old resource with its
*old* state. Turning ``delete_on_destroy`` off in the same change would still DELETE the old
order, so check (and diff, for hosts that skip check) refuse that change, naming both fields.
Through the real gRPC server (``python -m pulumi.dynamic``), called as the engine calls it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pulumi_vpsorg.provider.order import OrderProvider
from pulumi_vpsorg.testing import FakeVpsOrgApi
from tests.provider.dynamic_server import DynamicProviderServer, ProviderCallError


@pytest.fixture(scope="module")
def api() -> Iterator[FakeVpsOrgApi]:
    with FakeVpsOrgApi(order_count=4) as fake:
        yield fake


@pytest.fixture(scope="module")
def server(api: FakeVpsOrgApi) -> Iterator[DynamicProviderServer]:
    with DynamicProviderServer(OrderProvider()) as srv:
        srv.configure(
            {"vpsorg:apiToken": api.token, "vpsorg:apiUrl": api.url},
            secret_keys=["vpsorg:apiToken"],
        )
        yield srv


def _adopted(
    api: FakeVpsOrgApi, server: DynamicProviderServer, name: str
) -> tuple[str, int, int, dict[str, Any], dict[str, Any]]:
    kept, other = api.add_order()["id"], api.add_order()["id"]
    urn = server.urn("Order", name)
    program = {"order_id": kept, "delete_on_destroy": True}
    checked = server.check(urn, {}, program)
    state = server.create(urn, checked.properties).properties
    api.clear_requests()
    return urn, kept, other, checked.properties, state


def test_a_new_order_id_with_delete_on_destroy_turned_off_is_refused_naming_both(
    api: FakeVpsOrgApi, server: DynamicProviderServer
) -> None:
    urn, kept, other, old_inputs, state = _adopted(api, server, "repointed")
    program = {"order_id": other, "delete_on_destroy": False}

    checked = server.check(urn, old_inputs, program)

    # Before: no failure; the engine replaced, then Delete(old state) DELETEd order `kept`.
    fields = sorted(prop for prop, _ in checked.failures)
    assert fields == ["delete_on_destroy", "order_id"]
    for _, reason in checked.failures:
        assert "order_id" in reason and "delete_on_destroy" in reason
        assert f"would delete order {kept}" in reason
    # A host that skips check is stopped by diff.
    with pytest.raises(ProviderCallError, match="cannot change in one update"):
        server.diff(str(kept), urn, state, {**program, "delete_on_destroy": False})
    assert api.requests == []
    assert kept in api.orders


def test_the_two_step_way_forgets_the_old_order_and_deletes_nothing(
    api: FakeVpsOrgApi, server: DynamicProviderServer
) -> None:
    urn, kept, other, old_inputs, state = _adopted(api, server, "twostep")
    # 1. turn it off: an update in place, no replacement
    off = server.check(urn, old_inputs, {"order_id": kept, "delete_on_destroy": False})
    assert off.failures == []
    diff = server.diff(str(kept), urn, state, off.properties)
    assert diff.changes is True and diff.replaces == []
    state = server.update(str(kept), urn, state, off.properties).properties
    # 2. re-point: replaced; the engine destroys the old resource with its (new) old state
    moved = server.check(urn, off.properties, {"order_id": other, "delete_on_destroy": False})
    assert moved.failures == []
    assert server.diff(str(kept), urn, state, moved.properties).replaces == ["order_id"]
    server.create(urn, moved.properties)
    server.delete(str(kept), urn, state)
    assert api.count_requests(method="DELETE") == 0
    assert kept in api.orders and other in api.orders


@pytest.mark.parametrize(
    ("old", "new", "refused"),
    [
        (True, True, False),  # re-pointed, still deleting: the old order is deleted, as declared
        (False, True, False),  # the old one is forgotten
        (False, False, False),
        (True, False, True),
    ],
)
def test_only_the_change_that_would_delete_a_kept_order_is_refused(
    api: FakeVpsOrgApi, server: DynamicProviderServer, old: bool, new: bool, refused: bool
) -> None:
    urn = server.urn("Order", "matrix")
    checked = server.check(
        urn, {"order_id": 1, "delete_on_destroy": old}, {"order_id": 2, "delete_on_destroy": new}
    )
    assert bool(checked.failures) is refused



@pytest.mark.parametrize("how", ["replace", "rename"])
def test_a_replacement_that_adopts_the_same_order_never_deletes_it(
    api: FakeVpsOrgApi, how: str
) -> None:
    """``pulumi up --replace`` (or a rename without an alias) of an ``Order`` with
    ``delete_on_destroy``: in one deployment the engine creates the new resource, which adopts
    the same order, then deletes the old one with its old state. The order stays on the API."""
    order_id = api.add_order()["id"]
    program = {"order_id": order_id, "delete_on_destroy": True}
    with DynamicProviderServer(OrderProvider()) as first:
        first.configure(
            {"vpsorg:apiToken": api.token, "vpsorg:apiUrl": api.url},
            secret_keys=["vpsorg:apiToken"],
        )
        old_urn = first.urn("Order", "kept")
        old_state = first.create(old_urn, first.check(old_urn, {}, program).properties).properties
    with DynamicProviderServer(OrderProvider()) as deployment:
        deployment.configure(
            {"vpsorg:apiToken": api.token, "vpsorg:apiUrl": api.url},
            secret_keys=["vpsorg:apiToken"],
        )
        new_urn = old_urn if how == "replace" else deployment.urn("Order", "renamed")
        checked = deployment.check(new_urn, {}, program)
        deployment.create(new_urn, checked.properties)
        api.clear_requests()

        deployment.delete(str(order_id), old_urn, old_state)

    # Before: the old resource's delete DELETEd the order the new one had just adopted.
    assert api.count_requests("DELETE") == 0
    assert order_id in api.orders
