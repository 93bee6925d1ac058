"""Hosting as a dynamic provider: tiny pickles free of secrets, settings from config or the
provider process's environment.
"""

from __future__ import annotations

import base64
import pickletools

import pytest

from pulumi_vpsorg.provider import OrderLookupProvider, OrdersAuditProvider, PlanLookupProvider
from pulumi_vpsorg.provider._base import ClientProvider
from pulumi_vpsorg.testing import FakeVpsOrgApi
from tests.provider.dynamic_server import DynamicProviderServer, ProviderCallError
from tests.provider.earlier_states import EARLIER_STATES


def test_pickled_providers_are_tiny_and_hold_nothing_secret(api: FakeVpsOrgApi) -> None:
    for cls in (PlanLookupProvider, OrdersAuditProvider, OrderLookupProvider):
        provider = cls()
        server = DynamicProviderServer(provider)
        raw = server.pickled_provider_bytes()
        assert len(raw) < 120, (cls.__name__, len(raw))
        assert cls.__name__.encode() in raw  # pickled by reference to the importable class
        assert api.token.encode() not in raw


def test_missing_token_is_a_clear_error(api: FakeVpsOrgApi) -> None:
    with DynamicProviderServer(PlanLookupProvider()) as server:
        server.configure({"vpsorg:apiUrl": api.url})
        urn = server.urn("PlanLookup", "x")
        checked = server.check(urn, {}, {})
        with pytest.raises(ProviderCallError, match="vpsorg:apiToken"):
            server.create(urn, checked.properties)
    assert api.count_requests() == 0


def test_token_from_environment_of_the_provider_process(api: FakeVpsOrgApi) -> None:
    env = {"VPSORG_API_TOKEN": api.read_only_token, "VPSORG_API_URL": api.url}
    with DynamicProviderServer(OrderLookupProvider(), env=env) as server:
        server.configure({})
        urn = server.urn("OrderLookup", "o")
        order_id = next(iter(api.orders))
        created = server.create(urn, server.check(urn, {}, {"order_id": order_id}).properties)
        assert created.outputs()["order_id"] == order_id
        assert api.requests[-1].header("Authorization") == f"Bearer {api.read_only_token}"
        assert api.read_only_token.encode() not in server.transcript_bytes()


def test_providers_share_a_client_only_with_equal_settings(api: FakeVpsOrgApi) -> None:
    # pulumi.dynamic keeps one provider object per resource type in a provider process; with
    # equal settings they share one client (and its connections), as the functions do.
    from pulumi.dynamic import Config, ConfigureRequest

    from pulumi_vpsorg.functions._client import client_for

    def configured(cls: type[ClientProvider], token: str) -> ClientProvider:
        provider = cls()
        config = {"vpsorg:apiToken": token, "vpsorg:apiUrl": api.url}
        provider.configure(ConfigureRequest(Config(config, "vpsorg")))
        return provider

    lookup = configured(OrderLookupProvider, api.token)
    plans = configured(PlanLookupProvider, api.token)
    other = configured(OrderLookupProvider, api.read_only_token)
    assert lookup.client() is plans.client() is client_for(api.token, api.url)
    assert other.client() is not lookup.client()

    order_id = min(api.orders)
    for provider in (lookup, plans, lookup):
        provider.client().get_order(order_id)
    assert api.count_requests() == 3
    assert api.count_connections() == 1


def test_serialized_provider_round_trips_as_the_sdk_does() -> None:
    server = DynamicProviderServer(PlanLookupProvider())
    assert server.serialized_provider is not None
    assert base64.b64decode(server.serialized_provider) == server.pickled_provider_bytes()


@pytest.mark.parametrize("name", sorted(EARLIER_STATES))
def test_states_written_by_earlier_versions_still_load(name: str) -> None:
    import dill

    import pulumi_vpsorg.provider as provider

    cls = getattr(provider, name)
    # As the dynamic provider server does with the state it is sent (these bytes are constants).
    loaded = dill.loads(base64.b64decode(EARLIER_STATES[name]))  # noqa: S301
    assert type(loaded) is cls


@pytest.mark.parametrize("name", sorted(EARLIER_STATES))
def test_a_pickle_is_the_class_by_reference_with_no_state(name: str) -> None:
    from pulumi.dynamic.dynamic import serialize_provider

    import pulumi_vpsorg.provider as provider

    cls = getattr(provider, name)
    instance = cls()
    instance.__dict__["left_behind"] = "never pickled"
    ops = [op.name for op, _, _ in pickletools.genops(base64.b64decode(serialize_provider(instance)))]
    assert ops == [
        "PROTO", "FRAME", "SHORT_BINUNICODE", "MEMOIZE", "SHORT_BINUNICODE", "MEMOIZE",
        "STACK_GLOBAL", "MEMOIZE", "EMPTY_TUPLE", "NEWOBJ", "MEMOIZE", "STOP",
    ]  # fmt: skip


def test_two_thousand_dynamic_resources_pickle_in_one_program() -> None:
    # pulumi.dynamic's serialize_provider wraps the pickler's _batch_setitems once more on every
    # call and never unwraps it: a pickle holding a dict walks every wrapper so far, and from
    # about the 980th dynamic resource of a program that was a RecursionError. A fresh
    # interpreter, as a program is: the wrappers stay for the rest of the process.
    import subprocess
    import sys

    code = "\n".join(
        [
            "from pulumi.dynamic.dynamic import serialize_provider",
            "from pulumi_vpsorg.provider import OrderProvider, PlanLookupProvider",
            "for _ in range(1000):",
            "    serialize_provider(PlanLookupProvider()); serialize_provider(OrderProvider())",
        ]
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_configure_loads_what_check_and_diff_import_lazily() -> None:
    # The engine calls methods from a thread pool; first imports there could race. configure()
    # is called one provider at a time, so it loads what Check and Diff import (a fresh
    # interpreter shows it; the rest: tests/provider/test_runtime_imports.py).
    import subprocess
    import sys

    code = "\n".join(
        [
            "import sys",
            "from pulumi.dynamic import Config, ConfigureRequest",
            "from pulumi_vpsorg.provider import OrderProvider",
            "lazy = ('pulumi_vpsorg.provider.order.behaviour', 'pulumi_vpsorg.provider.order.rules')",
            "assert not any(m in sys.modules for m in lazy)",
            "OrderProvider().configure(ConfigureRequest(Config({}, 'p')))",
            "assert all(m in sys.modules for m in lazy), lazy",
        ]
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


class _RefusedLock:
    """Stands in for the runtime lock: taking it fails the test."""

    def __enter__(self) -> None:
        raise AssertionError("the runtime lock was taken")

    def __exit__(self, *exc: object) -> None:
        return None


def test_load_modules_takes_no_lock_once_they_are_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    # client() calls it on every request: another provider's first imports, under the lock,
    # must not hold up requests whose modules are loaded.
    from pulumi_vpsorg.provider import _base

    monkeypatch.setattr(_base, "_runtime_lock", _RefusedLock())
    _base.load_modules(("json", "pulumi_vpsorg._gc"))
    with pytest.raises(AssertionError, match="runtime lock"):
        _base.load_modules(("json", "pulumi_vpsorg._not_imported_yet"))
