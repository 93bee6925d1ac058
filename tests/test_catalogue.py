"""The plan catalogue memo, keyed by the client's own scope (plans URL and token fingerprint)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pulumi_vpsorg import VpsOrgClient, _catalogue
from pulumi_vpsorg.selection import parse_constraints
from pulumi_vpsorg.testing import FakeVpsOrgApi

PLANS = "/api/v1/plans/"


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    _catalogue.clear_cache()
    yield
    _catalogue.clear_cache()


def test_one_request_per_client_scope_and_location(fake_api: FakeVpsOrgApi) -> None:
    client = VpsOrgClient(fake_api.token, fake_api.url)
    again = VpsOrgClient(fake_api.token, fake_api.url)
    assert client.scope == again.scope and fake_api.token not in repr(client.scope)
    assert _catalogue.catalogue(client) == _catalogue.catalogue(again)
    assert _catalogue.catalogue(client, "asia-pacific") == _catalogue.catalogue(
        again, "asia-pacific"
    )
    assert fake_api.count_requests(path=PLANS) == 2
    other_token = VpsOrgClient(fake_api.read_only_token, fake_api.url)
    assert other_token.scope != client.scope
    _catalogue.catalogue(other_token)
    assert fake_api.count_requests(path=PLANS) == 3


def test_details_and_choice_use_the_clients_scope(fake_api: FakeVpsOrgApi) -> None:
    client = VpsOrgClient(fake_api.token, fake_api.url)
    assert _catalogue.plan_details(client, 2) is _catalogue.plan_details(client, 2)
    chosen = _catalogue.choose(client, parse_constraints({"min_vcpus": 2}))
    assert chosen.vcpus >= 2
    assert fake_api.count_requests(path="/api/v1/plans/2/") == 1
