"""Two hosts (issue 15.1, assumption A1): plans go to the plans URL, orders to the orders URL,
each call to exactly one host, proved with two fake APIs; one token serves both unless an orders
token is set. From arguments, the environment, stack config (providers and functions)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.runtime.config import set_all_config

from pulumi_vpsorg import AuthenticationError, ConfigurationError, VpsOrgClient, functions
from pulumi_vpsorg._config import StackConfig, read_stack_config
from pulumi_vpsorg.provider.lookups import OrderLookupProvider, PlanLookupProvider
from pulumi_vpsorg.testing import FakeVpsOrgApi


@pytest.fixture
def plans_api() -> Iterator[FakeVpsOrgApi]:
    with FakeVpsOrgApi(token="plans-token", order_count=0) as api:
        yield api


@pytest.fixture
def orders_api() -> Iterator[FakeVpsOrgApi]:
    with FakeVpsOrgApi(token="orders-token", order_count=40) as api:
        yield api


@pytest.fixture(autouse=True)
def _fresh_functions() -> Iterator[None]:
    functions.clear_cache()
    yield
    functions.clear_cache()
    set_all_config({})


def hosts(plans: FakeVpsOrgApi, orders: FakeVpsOrgApi) -> tuple[set[str], set[str]]:
    """The paths each fake saw (without the /api/v1 prefix)."""
    return (
        {r.path.removeprefix("/api/v1") for r in plans.requests},
        {r.path.removeprefix("/api/v1") for r in orders.requests},
    )


def only_orders_paths(paths: set[str]) -> bool:
    return bool(paths) and all(p.startswith("/orders") for p in paths)


def only_plans_paths(paths: set[str]) -> bool:
    return bool(paths) and all(p.startswith("/plans") for p in paths)


def orders_calls(orders: FakeVpsOrgApi) -> dict[str, Callable[[VpsOrgClient], Any]]:
    def renew(client: VpsOrgClient) -> None:
        order = orders.add_order()
        service = next(s for s in order["services"] if s["is_period_changeable"])
        client.change_renewal_period(order["id"], service["service_type"], service["service_id"], 6)

    return {
        "list_orders": lambda c: c.list_orders(),
        "iter_orders": lambda c: list(c.iter_orders()),
        "list_order_figures": lambda c: c.list_order_figures(),
        "summarize_orders": lambda c: c.summarize_orders(),
        "get_order": lambda c: c.get_order(orders.add_order()["id"]),
        "update_order": lambda c: c.update_order(orders.add_order()["id"], auto_pay=True),
        "change_renewal_period": renew,
        "pay_orders": lambda c: c.pay_orders([orders.add_order()["id"]], "balance"),
        "delete_order": lambda c: c.delete_order(orders.add_order()["id"]),
    }


PLANS_CALLS: dict[str, Callable[[VpsOrgClient], Any]] = {
    "list_plans": lambda c: c.list_plans(),
    "get_plan": lambda c: c.get_plan(2),
}


def test_every_call_goes_to_exactly_its_host(
    plans_api: FakeVpsOrgApi, orders_api: FakeVpsOrgApi
) -> None:
    client = VpsOrgClient(
        plans_api.token,
        plans_api.url,
        orders_api_url=orders_api.url,
        orders_api_token=orders_api.token,
        max_retries=0,
    )
    for name, call in PLANS_CALLS.items():
        plans_api.clear_requests(), orders_api.clear_requests()
        call(client)
        plans_paths, orders_paths = hosts(plans_api, orders_api)
        assert only_plans_paths(plans_paths) and orders_paths == set(), name
        assert {r.header("Authorization") for r in plans_api.requests} == {"Bearer plans-token"}
    for name, call in orders_calls(orders_api).items():
        plans_api.clear_requests(), orders_api.clear_requests()
        call(client)
        plans_paths, orders_paths = hosts(plans_api, orders_api)
        assert plans_paths == set() and only_orders_paths(orders_paths), name
        assert {r.header("Authorization") for r in orders_api.requests} == {"Bearer orders-token"}
    assert client.api_url == plans_api.url and client.orders_api_url == orders_api.url


def test_one_token_serves_both_unless_an_orders_token_is_set(
    plans_api: FakeVpsOrgApi, orders_api: FakeVpsOrgApi
) -> None:
    client = VpsOrgClient(plans_api.token, plans_api.url, orders_api_url=orders_api.url)
    with pytest.raises(AuthenticationError, match="vpsorg:ordersApiToken") as info:
        client.list_orders()
    assert orders_api.requests[-1].header("Authorization") == "Bearer plans-token"
    assert "plans-token" not in str(info.value)


def test_the_default_hosts_are_the_documents_hosts() -> None:
    client = VpsOrgClient("t0ken")
    assert client.api_url == "https://admin.vps.org/api/v1"
    assert client.orders_api_url == "https://api.vpsbg.eu/v1"


def test_a_plans_url_alone_points_both_at_one_server(fake_api: FakeVpsOrgApi) -> None:
    client = VpsOrgClient(fake_api.token, fake_api.url)
    assert client.orders_api_url == fake_api.url
    client.list_plans(), client.list_orders()
    assert fake_api.count_requests(path="/api/v1/plans/") == 1
    assert fake_api.count_requests(path="/api/v1/orders") >= 1


@pytest.mark.parametrize(
    "plans_url",
    [
        "https://admin.vps.org/api/v1",
        "https://admin.vps.org/api/v1/",
        "HTTPS://Admin.VPS.org/api/v1",
        "https://admin.vps.org:443/api/v1",
    ],
)
def test_the_documented_plans_host_set_alone_keeps_orders_at_theirs(
    plans_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plans document's host serves no orders: naming it, as an argument or in the
    environment, is not a one-server setup (A1)."""
    assert VpsOrgClient("t0ken", plans_url).orders_api_url == "https://api.vpsbg.eu/v1"
    monkeypatch.setenv("VPSORG_API_URL", plans_url)
    assert VpsOrgClient("t0ken").orders_api_url == "https://api.vpsbg.eu/v1"


def test_the_plans_host_passes_the_orders_url_on_to_the_next_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Passed over, the plans host does not end the chain: an orders URL from the environment,
    or from the stack's config, still applies."""
    monkeypatch.setenv("VPSORG_ORDERS_API_URL", "http://127.0.0.1:9999/v1")
    client = VpsOrgClient("t0ken", "https://admin.vps.org/api/v1")
    assert client.orders_api_url == "http://127.0.0.1:9999/v1"
    monkeypatch.delenv("VPSORG_ORDERS_API_URL")
    configured = StackConfig(orders_api_url="http://127.0.0.1:9998/v1")
    kwargs = configured.client_kwargs(api_url="https://admin.vps.org/api/v1")
    assert kwargs["orders_api_url"] == "http://127.0.0.1:9998/v1"
    # Any other explicit plans URL still serves both, over the stack's orders URL (A1).
    kwargs = configured.client_kwargs(api_url="http://127.0.0.1:9997/api/v1")
    assert kwargs["orders_api_url"] is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"api_url": "https://admin.vps.org/api/v2"},
        {
            "api_url": "https://admin.vps.org/api/v1",
            "orders_api_url": "https://admin.vps.org/api/v1",
        },
    ],
)
def test_another_plans_url_or_an_explicit_orders_url_is_taken_as_given(
    kwargs: dict[str, str],
) -> None:
    client = VpsOrgClient("t0ken", **kwargs)
    assert client.orders_api_url == kwargs.get("orders_api_url", kwargs["api_url"])


def test_the_environment_splits_the_hosts(
    plans_api: FakeVpsOrgApi, orders_api: FakeVpsOrgApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VPSORG_API_TOKEN", plans_api.token)
    monkeypatch.setenv("VPSORG_API_URL", plans_api.url)
    monkeypatch.setenv("VPSORG_ORDERS_API_URL", orders_api.url)
    monkeypatch.setenv("VPSORG_ORDERS_API_TOKEN", orders_api.token)
    client = VpsOrgClient()
    client.list_plans(), client.list_orders()
    plans_paths, orders_paths = hosts(plans_api, orders_api)
    assert only_plans_paths(plans_paths) and only_orders_paths(orders_paths)


def test_an_explicit_url_outranks_an_orders_url_from_the_environment(
    plans_api: FakeVpsOrgApi, orders_api: FakeVpsOrgApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A test pointing a client at one fake never reaches a developer's configured orders host."""
    monkeypatch.setenv("VPSORG_ORDERS_API_URL", orders_api.url)
    monkeypatch.setenv("VPSORG_ORDERS_API_TOKEN", orders_api.token)
    client = VpsOrgClient(plans_api.token, plans_api.url)
    assert client.orders_api_url == plans_api.url
    client.list_orders()
    assert orders_api.requests == []


def configure(provider: Any, config: dict[str, str]) -> None:
    provider.configure(ConfigureRequest(Config(config, "vpsorg")))


def test_providers_read_the_orders_settings_from_stack_config(
    plans_api: FakeVpsOrgApi, orders_api: FakeVpsOrgApi
) -> None:
    config = {
        "vpsorg:apiToken": plans_api.token,
        "vpsorg:apiUrl": plans_api.url,
        "vpsorg:ordersApiUrl": orders_api.url,
        "vpsorg:ordersApiToken": orders_api.token,
    }
    orders_lookup = OrderLookupProvider()
    configure(orders_lookup, config)
    order_id = orders_api.add_order()["id"]
    orders_lookup.create({"order_id": order_id})
    plan_lookup = PlanLookupProvider()
    configure(plan_lookup, config)
    plan_lookup.create({"slug": "starter"})
    plans_paths, orders_paths = hosts(plans_api, orders_api)
    assert only_plans_paths(plans_paths) and only_orders_paths(orders_paths)


def test_functions_read_the_orders_settings_from_stack_config(
    plans_api: FakeVpsOrgApi, orders_api: FakeVpsOrgApi
) -> None:
    set_all_config(
        {
            "vpsorg:apiToken": plans_api.token,
            "vpsorg:apiUrl": plans_api.url,
            "vpsorg:ordersApiUrl": orders_api.url,
            "vpsorg:ordersApiToken": orders_api.token,
        },
        ["vpsorg:apiToken", "vpsorg:ordersApiToken"],
    )
    functions.get_plans()
    functions.get_orders()
    plans_paths, orders_paths = hosts(plans_api, orders_api)
    assert only_plans_paths(plans_paths) and only_orders_paths(orders_paths)


def test_the_stack_config_reader_reads_all_four_keys_and_never_shows_a_token() -> None:
    config = {
        "vpsorg:apiToken": "a-secret",
        "vpsorg:apiUrl": "https://plans.example/v1",
        "vpsorg:ordersApiToken": "b-secret",
        "vpsorg:ordersApiUrl": "https://orders.example/v1",
    }
    read = read_stack_config(config)
    assert read == StackConfig(
        "a-secret", "https://plans.example/v1", "b-secret", "https://orders.example/v1"
    )
    assert "secret" not in repr(read)
    unprefixed = read_stack_config(
        {k.split(":")[1]: v for k, v in config.items()}, namespaced=False
    )
    assert unprefixed == read
    # An explicit plans setting also stands for orders; otherwise stack config applies.
    args = read.client_kwargs(api_url="https://explicit.example/v1")
    assert args["orders_api_url"] is None and args["api_url"] == "https://explicit.example/v1"
    assert read.client_kwargs()["orders_api_url"] == "https://orders.example/v1"


def test_a_plans_url_with_a_bad_port_is_refused_naming_it_not_by_the_host_check() -> None:
    """Whether a URL is the plans host is asked before the URL is checked: a port that is not
    one must reach the check, which names the setting, not fail in ``urlsplit``."""
    bad = "https://admin.vps.org:99999/api/v1"
    kwargs = StackConfig(orders_api_url="http://127.0.0.1:9998/v1").client_kwargs(api_url=bad)
    assert kwargs["orders_api_url"] is None  # an explicit plans URL that is not the plans host
    with pytest.raises(ConfigurationError, match=r"^api_url: .*is not a port"):
        VpsOrgClient("t0ken", bad)
