"""The request log and the ``on_request`` hook."""

from __future__ import annotations

from pulumi_vpsorg.testing import FakeVpsOrgApi, RecordedRequest

from .._http_client import Http
from ._support import (
    ALL_STATUSES,
)


def test_request_log(shttp: Http) -> None:
    fake = shttp.fake
    fake.clear_requests()
    shttp("GET", "/orders", params={"page": 2, "filter[status]": "paid"})
    shttp("PATCH", "/orders/999999", json={"auto_pay": True}, headers={"X-Trace": "t1"})
    shttp("GET", "/plans/")
    log = fake.requests
    assert [(r.method, r.path, r.status) for r in log] == [
        ("GET", "/api/v1/orders", 200),
        ("PATCH", "/api/v1/orders/999999", 404),
        ("GET", "/api/v1/plans/", 200),
    ]
    assert log[0].query == {"page": "2", "filter[status]": "paid"}
    assert log[0].json is None and log[0].fault is None
    assert log[1].json == {"auto_pay": True}
    assert log[1].header("x-trace") == "t1" and log[1].header("Authorization") == "Bearer rw-token"
    assert log[1].header("missing") is None
    assert fake.count_requests() == 3
    assert fake.count_requests("get") == 2
    assert fake.count_requests(path="/api/v1/orders") == 1
    assert fake.count_requests(path_prefix="/api/v1/orders") == 2
    assert fake.count_requests("PATCH", path_prefix="/api/v1/plans") == 0
    fake.clear_requests()
    assert fake.requests == []


def test_on_request_runs_before_processing(shttp: Http) -> None:
    fake = shttp.fake
    params = {"per_page": 5, "filter[status]": ALL_STATUSES}
    page1 = [o["id"] for o in shttp("GET", "/orders", params=params).json()["data"]]
    seen: list[RecordedRequest] = []

    def hook(request: RecordedRequest) -> None:
        seen.append(request)
        assert request.status is None
        if request.query.get("page") == "2":
            fake.add_order()

    fake.on_request = hook
    page2 = [o["id"] for o in shttp("GET", "/orders", params={**params, "page": 2}).json()["data"]]
    # A new newest order shifts everything down: page 2 starts with page 1's last order.
    assert page2[0] == page1[-1]
    assert len(seen) == 1 and seen[0].status == 200


def test_failing_hook_answers_500(shttp: Http) -> None:
    def hook(request: RecordedRequest) -> None:
        raise RuntimeError("boom")

    shttp.fake.on_request = hook
    r = shttp("GET", "/plans/")
    assert (r.status_code, r.json()) == (500, {"message": "Server Error"})
    assert [str(e) for e in shttp.fake.server_errors] == ["boom"]
    assert shttp.fake.requests[-1].status == 500


def test_the_request_log_keeps_the_latest_requests() -> None:
    with FakeVpsOrgApi(order_count=0, request_log_size=3) as fake:
        h = Http(fake)
        for n in range(5):
            h("GET", "/plans/", params={"n": n})
        h.close()
        assert [r.query["n"] for r in fake.requests] == ["2", "3", "4"]
        assert fake.count_requests("GET") == 3


def test_server_errors_are_bounded(shttp: Http) -> None:
    def hook(request: RecordedRequest) -> None:
        raise RuntimeError(request.query["n"])

    shttp.fake.on_request = hook
    for n in range(120):
        assert shttp("GET", "/plans/", params={"n": n}).status_code == 500
    errors = [str(e) for e in shttp.fake.server_errors]
    assert len(errors) == 100 and errors[-1] == "119"
