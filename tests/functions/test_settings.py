"""Where the functions take their settings: arguments, then stack config, then the environment."""

from __future__ import annotations

import pytest
from pulumi.runtime.config import set_all_config

from pulumi_vpsorg import ConfigurationError, functions
from pulumi_vpsorg.functions import get_plans, select_plan
from pulumi_vpsorg.testing import FakeVpsOrgApi


def test_env_fallback(fake_api: FakeVpsOrgApi, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VPSORG_API_TOKEN", fake_api.token)
    monkeypatch.setenv("VPSORG_API_URL", fake_api.url)
    assert select_plan().slug == "starter"


def test_stack_config_then_explicit_arguments_win(
    fake_api: FakeVpsOrgApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VPSORG_API_TOKEN", "env-token-that-is-wrong")
    monkeypatch.setenv("VPSORG_API_URL", "http://127.0.0.1:9/api/v1")
    set_all_config(
        {"vpsorg:apiToken": fake_api.read_only_token, "vpsorg:apiUrl": fake_api.url},
        ["vpsorg:apiToken"],
    )
    assert get_plans().count == 4
    assert fake_api.requests[-1].header("Authorization") == f"Bearer {fake_api.read_only_token}"
    functions.clear_cache()
    assert get_plans(api_token=fake_api.token).count == 4
    assert fake_api.requests[-1].header("Authorization") == f"Bearer {fake_api.token}"


def test_missing_token_is_one_clear_error(fake_api: FakeVpsOrgApi) -> None:
    with pytest.raises(ConfigurationError, match="vpsorg:apiToken") as info:
        get_plans(api_url=fake_api.url)
    assert "VPSORG_API_TOKEN" in str(info.value)
    assert fake_api.count_requests() == 0


def test_orders_go_to_the_orders_url_from_stack_config(fake_api: FakeVpsOrgApi) -> None:
    from pulumi_vpsorg.functions import get_orders

    with FakeVpsOrgApi(token=fake_api.token) as orders_host:
        set_all_config(
            {
                "vpsorg:apiToken": fake_api.token,
                "vpsorg:apiUrl": fake_api.url,
                "vpsorg:ordersApiUrl": orders_host.url,
            },
            ["vpsorg:apiToken"],
        )
        assert get_plans().count == 4
        assert get_orders("paid").summary.count > 0
        assert {r.path for r in orders_host.requests} == {"/api/v1/orders"}
    assert {r.path for r in fake_api.requests} == {"/api/v1/plans/"}


def test_one_url_serves_both_when_the_orders_url_is_unset(
    fake_api: FakeVpsOrgApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pulumi_vpsorg.functions import get_orders

    monkeypatch.setenv("VPSORG_API_TOKEN", fake_api.token)
    monkeypatch.setenv("VPSORG_API_URL", fake_api.url)
    assert get_orders("paid").summary.count > 0 and get_plans().count == 4
    assert {r.path for r in fake_api.requests} == {"/api/v1/orders", "/api/v1/plans/"}
