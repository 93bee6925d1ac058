"""``GET /plans/`` and ``GET /plans/{plan_id}/`` against the plans document."""

from __future__ import annotations

import pytest

from pulumi_vpsorg.testing import FakeVpsOrgApi

from .._http_client import Http
from ._support import (
    fixture,
)


def test_plans_list_is_the_documented_example(http: Http) -> None:
    r = http("GET", "/plans/")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json"
    assert r.json() == fixture("plans_list.json")
    assert list(r.json()["results"][0]) == list(fixture("plans_list.json")["results"][0])


def test_plan_2_detail_is_the_documented_example(http: Http) -> None:
    r = http("GET", "/plans/2/")
    assert r.status_code == 200
    assert r.json() == fixture("plan_detail.json")
    assert list(r.json()) == list(fixture("plan_detail.json"))


@pytest.mark.parametrize("plan_id", [1, 3, 4])
def test_other_plan_details_extend_their_list_entry(http: Http, plan_id: int) -> None:
    listed = {p["id"]: p for p in http("GET", "/plans/").json()["results"]}
    detail = http("GET", f"/plans/{plan_id}/").json()
    assert {k: v for k, v in detail.items() if k in listed[plan_id]} == listed[plan_id]
    assert list(detail)[-2:] == ["features", "recommended_for"]
    for key in ("features", "recommended_for"):
        assert detail[key] and all(isinstance(x, str) and x for x in detail[key])


@pytest.mark.parametrize(
    ("location", "ids"),
    [("asia-pacific", [2, 3, 4]), ("us-west", [1, 2, 3, 4]), ("mars", []), ("", [1, 2, 3, 4])],
)
def test_plans_location_filter(http: Http, location: str, ids: list[int]) -> None:
    body = http("GET", "/plans/", params={"location": location}).json()
    assert body["count"] == len(ids)
    assert [p["id"] for p in body["results"]] == ids


@pytest.mark.parametrize(
    "path", ["/plans/99/", "/plans/abc/", "/plans/0/", "/plans/2", "/plans", "/plans/-1/"]
)
def test_unknown_plans_and_undocumented_paths_are_404(http: Http, path: str) -> None:
    r = http("GET", path)
    assert (r.status_code, r.json()) == (404, {"message": "Not found."})


def test_plans_can_be_replaced() -> None:
    plan = {**fixture("plan_detail.json"), "id": 9, "available": False}
    with FakeVpsOrgApi(order_count=0, plans=[plan]) as fake:
        h = Http(fake)
        assert [p["id"] for p in h("GET", "/plans/").json()["results"]] == [9]
        assert h("GET", "/plans/9/").json() == plan
        assert h("GET", "/plans/2/").status_code == 404
        assert fake.plans == [plan]
        h.close()
