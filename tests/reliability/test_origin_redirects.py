"""The token and a payment stay on the API's origin, judged by where the HTTP library connects.

Raw-socket servers on loopback: the API answers with a hostile ``Location``; "other" listeners
(another address, the same address on another port) count every connection they accept. A
hostile redirect must end the call with an error before any connection to them, for a ``GET``
and for the ``pay`` ``POST``; a redirect within the origin is still followed, with the token.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

import pytest

from pulumi_vpsorg import UnexpectedResponseError, VpsOrgClient

from .._http.raw_server import PLANS_OK, RawServer, Received, raw_server, recording

TOKEN = "plans-token-4f1c9e"
ORDERS_TOKEN = "orders-token-77ab02"
NO_CONTENT = b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"


@dataclass
class Stage:
    """The API listener and two others that must never be reached."""

    api: RawServer
    api_log: list[Received]
    elsewhere: RawServer  # 127.0.0.2
    same_ip: RawServer  # 127.0.0.1, another port

    def others_untouched(self) -> bool:
        return self.elsewhere.connections == 0 and self.same_ip.connections == 0


@contextmanager
def _stage(first: Callable[[Stage], bytes], then: bytes) -> Iterator[Stage]:
    log: list[Received] = []
    holder: list[Stage] = []

    def answer(request: Received) -> bytes:
        return first(holder[0]) if len(log) == 1 else then

    never = recording(lambda r: PLANS_OK, [])
    with ExitStack() as stack:
        api = stack.enter_context(raw_server(recording(answer, log)))
        elsewhere = stack.enter_context(raw_server(never, host="127.0.0.2"))
        same_ip = stack.enter_context(raw_server(never))
        holder.append(Stage(api, log, elsewhere, same_ip))
        yield holder[0]


#: ``Location`` values, given the API's, another host's and the same IP's other authority, that
#: must never be followed. The first is the issue's: a parser splitting at the ``@`` sees the API,
#: the HTTP library connects to the host before the backslash.
HOSTILE: dict[str, Callable[[str, str, str], str]] = {
    "backslash before @": lambda a, o, s: f"http://{o}\\@{a}/api/v1/plans/",
    "backslash before @, same ip": lambda a, o, s: f"http://{s}\\@{a}/api/v1/plans/",
    "backslash authority": lambda a, o, s: f"\\\\{o}/api/v1/plans/",
    "slash backslash": lambda a, o, s: f"/\\{o}/api/v1/plans/",
    "another host": lambda a, o, s: f"http://{o}/api/v1/plans/",
    "another port": lambda a, o, s: f"http://{s}/api/v1/plans/",
    "scheme-relative": lambda a, o, s: f"//{o}/api/v1/plans/",
    "scheme-relative, same ip": lambda a, o, s: f"//{s}/api/v1/plans/",
    "triple slash": lambda a, o, s: f"///{o}/api/v1/plans/",
    "scheme without slashes": lambda a, o, s: f"http:/{o}/api/v1/plans/",
    "scheme, one slash too many": lambda a, o, s: f"http:///{o}/api/v1/plans/",
    "userinfo naming the api": lambda a, o, s: f"http://{a}@{o}/api/v1/plans/",
    "userinfo on the api": lambda a, o, s: f"http://user:pass@{a}/api/v1/plans/",
    "fragment before @": lambda a, o, s: f"http://{o}#@{a}/api/v1/plans/",
    "query before @": lambda a, o, s: f"http://{o}?@{a}/api/v1/plans/",
    "encoded slash before @": lambda a, o, s: f"http://{o}%2F@{a}/api/v1/plans/",
    "https downgrade/upgrade": lambda a, o, s: f"https://{a}/api/v1/plans/",
    "localhost alias": lambda a, o, s: f"http://localhost:{a.split(':')[1]}/api/v1/plans/",
    "trailing dot": lambda a, o, s: f"http://127.0.0.1.:{a.split(':')[1]}/api/v1/plans/",
    "ipv4-mapped ipv6": lambda a, o, s: f"http://[::ffff:127.0.0.2]:{o.split(':')[1]}/x",
    "decimal ip": lambda a, o, s: f"http://2130706434:{o.split(':')[1]}/api/v1/plans/",
    "percent-encoded host": lambda a, o, s: f"http://%31%32%37.0.0.2:{o.split(':')[1]}/x",
    "tab in authority": lambda a, o, s: f"http://{a}\t@{o}/api/v1/plans/",
    "space": lambda a, o, s: f"/api/v1/plans/ //{o}/",
    "nul": lambda a, o, s: f"http://{o}\x00@{a}/api/v1/plans/",
    "ideographic dots": lambda a, o, s: f"http://127\u30020\u30020\u30022:{o.split(':')[1]}/x",
    "fullwidth host": lambda a, o, s: (
        f"http://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54:{a.split(':')[1]}/x"
    ),
    "not http": lambda a, o, s: f"ftp://{o}/api/v1/plans/",
    "bad port": lambda a, o, s: f"http://{a}:{o.split(':')[1]}/api/v1/plans/",
}


def _redirect(location: str, code: int = 307) -> bytes:
    reason = {301: "Moved", 302: "Found", 303: "See Other", 307: "Temporary", 308: "Permanent"}
    head = f"HTTP/1.1 {code} {reason[code]}\r\nContent-Length: 0\r\n".encode()
    return head + b"Location: " + location.encode("utf-8") + b"\r\n\r\n"


@pytest.fixture(params=sorted(HOSTILE), ids=sorted(HOSTILE))
def hostile(request: pytest.FixtureRequest) -> Callable[[str, str, str], str]:
    return HOSTILE[request.param]


def _client(stage: Stage) -> VpsOrgClient:
    return VpsOrgClient(TOKEN, stage.api.url, max_retries=0, timeout=10)


def test_a_hostile_location_on_a_read_never_connects_elsewhere(
    hostile: Callable[[str, str, str], str],
) -> None:
    def first(s: Stage) -> bytes:
        return _redirect(hostile(s.api.authority, s.elsewhere.authority, s.same_ip.authority))

    with _stage(first, PLANS_OK) as stage:
        with _client(stage) as client, pytest.raises(UnexpectedResponseError) as info:
            client.list_plans()
        assert "redirect" in str(info.value) and TOKEN not in str(info.value)
        assert stage.others_untouched()
        assert [r.target for r in stage.api_log] == ["/api/v1/plans/"]


@pytest.mark.parametrize("code", [307, 308])
def test_a_hostile_location_on_a_payment_never_sends_it_elsewhere(
    hostile: Callable[[str, str, str], str], code: int
) -> None:
    def first(s: Stage) -> bytes:
        where = hostile(s.api.authority, s.elsewhere.authority, s.same_ip.authority)
        return _redirect(where.replace("/api/v1/plans/", "/api/v1/orders/pay"), code)

    with _stage(first, NO_CONTENT) as stage:
        with _client(stage) as client, pytest.raises(UnexpectedResponseError):
            client.pay_orders([7736], "balance")
        assert stage.others_untouched()
        assert [(r.method, r.target) for r in stage.api_log] == [("POST", "/api/v1/orders/pay")]


def test_more_than_one_location_is_ambiguous_and_refused() -> None:
    def first(s: Stage) -> bytes:
        return _redirect("/api/v1/plans/?next").replace(
            b"\r\n\r\n", f"\r\nLocation: http://{s.elsewhere.authority}/\r\n\r\n".encode()
        )

    with _stage(first, PLANS_OK) as stage:
        with _client(stage) as client, pytest.raises(UnexpectedResponseError, match="Location"):
            client.list_plans()
        assert stage.others_untouched() and len(stage.api_log) == 1


def test_a_folded_location_with_crlf_is_refused() -> None:
    def first(s: Stage) -> bytes:
        folded = f"/api/v1/plans/\r\n\t//{s.elsewhere.authority}/"
        return _redirect(folded)

    with _stage(first, PLANS_OK) as stage:
        with _client(stage) as client, pytest.raises(UnexpectedResponseError):
            client.list_plans()
        assert stage.others_untouched() and len(stage.api_log) == 1


# -- within the origin: still followed, with the token ------------------------------------------

SAME_ORIGIN: dict[str, Callable[[str], str]] = {
    "absolute path": lambda a: "/api/v1/plans/?moved=1",
    "query only": lambda a: "?moved=1",
    "absolute url": lambda a: f"http://{a}/api/v1/plans/?moved=1",
    "upper-case scheme": lambda a: f"HTTP://{a}/api/v1/plans/?moved=1",
    "scheme-relative to the api": lambda a: f"//{a}/api/v1/plans/?moved=1",
}


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("where", sorted(SAME_ORIGIN))
def test_a_redirect_within_the_origin_is_followed_with_the_token(where: str, code: int) -> None:
    def first(s: Stage) -> bytes:
        return _redirect(SAME_ORIGIN[where](s.api.authority), code)

    with _stage(first, PLANS_OK) as stage:
        with _client(stage) as client:
            assert client.list_plans() == []
        assert [(r.method, r.target) for r in stage.api_log] == [
            ("GET", "/api/v1/plans/"),
            ("GET", "/api/v1/plans/?moved=1"),
        ]
        assert [r.authorization for r in stage.api_log] == [f"Bearer {TOKEN}"] * 2
        assert stage.others_untouched()


@pytest.mark.parametrize("code", [307, 308])
def test_a_payment_redirected_to_its_own_path_with_a_slash_is_sent_once_more_whole(
    code: int,
) -> None:
    with _stage(lambda s: _redirect("/api/v1/orders/pay/", code), NO_CONTENT) as stage:
        with _client(stage) as client:
            client.pay_orders([7736], "balance", idempotency_key="k-1")
        first, second = stage.api_log
        assert (first.method, first.target) == ("POST", "/api/v1/orders/pay")
        assert (second.method, second.target) == ("POST", "/api/v1/orders/pay/")
        assert second.body == first.body == b'{"order_ids": [7736], "payment_method": "balance"}'
        assert second.authorization == first.authorization == f"Bearer {TOKEN}"
        assert second.headers["idempotency-key"] == "k-1"


@pytest.mark.parametrize(
    "location", ["/api/v1/orders/7737", "/api/v1/orders/pay?order=1", "/api/v1/orders/pay/x"]
)
def test_a_write_redirected_to_another_path_of_the_api_is_not_reported_done(
    location: str,
) -> None:
    with _stage(lambda s: _redirect(location, 307), NO_CONTENT) as stage:
        with _client(stage) as client, pytest.raises(UnexpectedResponseError, match="path"):
            client.pay_orders([7736], "balance")
        assert len(stage.api_log) == 1


@pytest.mark.parametrize("code", [301, 302, 303])
def test_a_write_turned_into_a_get_is_not_followed(code: int) -> None:
    with _stage(lambda s: _redirect("/api/v1/orders/pay", code), NO_CONTENT) as stage:
        with _client(stage) as client, pytest.raises(UnexpectedResponseError, match="not followed"):
            client.delete_order(7736)
        assert len(stage.api_log) == 1


# -- two hosts, two tokens ----------------------------------------------------------------------


@pytest.fixture
def two_hosts() -> Iterator[tuple[RawServer, list[Received], RawServer, list[Received]]]:
    plans_log: list[Received] = []
    orders_log: list[Received] = []
    answers: dict[str, bytes] = {}
    with (
        raw_server(recording(lambda r: answers.get("plans", PLANS_OK), plans_log)) as plans,
        raw_server(
            recording(lambda r: answers.get("orders", NO_CONTENT), orders_log), host="127.0.0.2"
        ) as orders,
    ):
        answers["plans"] = _redirect(f"http://{orders.authority}/v1/orders/pay")
        answers["orders"] = _redirect(f"http://{plans.authority}/api/v1/plans/")
        yield plans, plans_log, orders, orders_log


def _two_host_client(plans: RawServer, orders: RawServer) -> VpsOrgClient:
    return VpsOrgClient(
        TOKEN,
        plans.url,
        orders_api_url=f"http://{orders.authority}/v1",
        orders_api_token=ORDERS_TOKEN,
        max_retries=0,
        timeout=10,
    )


def test_each_host_only_ever_sees_its_own_token_even_when_redirecting_to_the_other(
    two_hosts: tuple[RawServer, list[Received], RawServer, list[Received]],
) -> None:
    plans, plans_log, orders, orders_log = two_hosts
    with _two_host_client(plans, orders) as client:
        with pytest.raises(UnexpectedResponseError, match="another origin"):
            client.list_plans()
        assert orders.connections == 0
        with pytest.raises(UnexpectedResponseError, match="another origin"):
            client.pay_orders([7736], "balance")
    assert [(r.method, r.target, r.authorization) for r in plans_log] == [
        ("GET", "/api/v1/plans/", f"Bearer {TOKEN}")
    ]
    assert [(r.method, r.target, r.authorization) for r in orders_log] == [
        ("POST", "/v1/orders/pay", f"Bearer {ORDERS_TOKEN}")
    ]
