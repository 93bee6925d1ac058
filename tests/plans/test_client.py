"""The plan endpoints against the fake API: the documented requests, filters and 404."""

from __future__ import annotations

from decimal import Decimal

import pytest
import requests

from pulumi_vpsorg import (
    NotFoundError,
    VpsOrgClient,
)
from pulumi_vpsorg._http import USER_AGENT
from pulumi_vpsorg.testing import FakeVpsOrgApi
from tests._http.raw_server import Received, raw_server, recording, response
from tests.client_support import only


def test_list_plans_sends_the_documented_request(
    fake_api: FakeVpsOrgApi, client: VpsOrgClient
) -> None:
    plans = client.list_plans()
    assert [p.slug for p in plans] == ["starter", "standard", "performance", "enterprise"]
    req = only(fake_api)
    assert (req.method, req.path, req.query) == ("GET", "/api/v1/plans/", {})
    assert req.header("Authorization") == f"Bearer {fake_api.token}"
    assert req.header("Accept") == "application/json"
    assert req.header("User-Agent") == USER_AGENT


def test_list_plans_location_filter(fake_api: FakeVpsOrgApi, client: VpsOrgClient) -> None:
    plans = client.list_plans(location="asia-pacific")
    assert [p.id for p in plans] == [2, 3, 4]
    assert only(fake_api).query == {"location": "asia-pacific"}


def test_get_plan_details_and_404(fake_api: FakeVpsOrgApi, client: VpsOrgClient) -> None:
    plan = client.get_plan(2)
    assert plan.price_monthly == Decimal("10.00") and "IPv6 Support" in plan.features
    assert fake_api.requests[0].path == "/api/v1/plans/2/"
    with pytest.raises(NotFoundError) as info:
        client.get_plan(999)
    assert info.value.status == 404 and info.value.path == "/plans/999/"
    assert "GET /plans/999/ failed with HTTP 404" in str(info.value)


def test_list_plans_keeps_only_the_location_when_the_server_ignores_the_filter(
    fake_api: FakeVpsOrgApi,
) -> None:
    catalogue = requests.get(
        f"{fake_api.url}/plans/", headers={"Authorization": f"Bearer {fake_api.token}"}, timeout=5
    ).content
    seen: list[Received] = []
    answer = recording(lambda _: response("200 OK", catalogue), seen)
    with raw_server(answer) as server, VpsOrgClient("t", server.url) as client:
        plans = client.list_plans(location="asia-pacific")
    assert [p.id for p in plans] == [2, 3, 4]
    assert all("asia-pacific" in p.locations for p in plans)
    assert [r.target for r in seen] == ["/api/v1/plans/?location=asia-pacific"]
