"""The token never shows: not in outputs, state, the pickled provider, error messages, DEBUG
logs or reprs, through a full lifecycle of every resource over the real gRPC server; plain
``http://`` is refused off loopback; a redirect elsewhere does not carry the header."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pulumi_vpsorg import ConfigurationError, UnexpectedResponseError, VpsOrgClient
from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault

from .conftest import OtherHost
from .lifecycle import READ_ONLY, TOKEN, grpc_lifecycle, in_process_lifecycle


@pytest.fixture
def api() -> Iterator[FakeVpsOrgApi]:
    with FakeVpsOrgApi(token=TOKEN, read_only_token=READ_ONLY, order_count=40) as fake:
        yield fake


def test_a_full_grpc_lifecycle_of_every_resource_leaves_the_token_nowhere(
    api: FakeVpsOrgApi,
) -> None:
    scan = grpc_lifecycle(api)
    assert scan.calls > 40 and scan.failing_calls >= 6
    assert scan.occurrences(TOKEN, READ_ONLY) == dict.fromkeys(scan.blobs, 0)
    # The token did do its job: every API request carried it.
    assert api.requests and all(
        r.header("Authorization") == f"Bearer {TOKEN}" for r in api.requests
    )
    assert len(api.payments) == 1  # the Order was paid, once


def test_in_process_lifecycle_logs_reprs_and_errors_leave_the_token_nowhere(
    api: FakeVpsOrgApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    scan = in_process_lifecycle(api, lambda: caplog.text)
    assert "DEBUG" in caplog.text or caplog.records
    assert scan.occurrences(TOKEN, READ_ONLY) == dict.fromkeys(scan.blobs, 0)


@pytest.mark.parametrize(
    "url",
    [
        "http://api.example.com/api/v1",
        "http://admin.vps.org/api/v1",
        "http://10.0.0.1/api/v1",
        "http://192.168.1.10:8080/api/v1",
        "http://localhost.example.com/api/v1",
        "http://127.0.0.1.nip.io/api/v1",
        "http://[2001:db8::1]/api/v1",
        "HTTP://api.example.com/api/v1",
    ],
)
def test_plain_http_is_refused_off_loopback(url: str) -> None:
    with pytest.raises(ConfigurationError, match=r"plain http|not an http") as info:
        VpsOrgClient(TOKEN, url)
    assert TOKEN not in str(info.value)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:1/api/v1",
        "http://127.0.0.2:1/x",
        "http://localhost:1/x",
        "http://[::1]:1/x",
    ],
)
def test_plain_http_is_accepted_on_loopback(url: str) -> None:
    VpsOrgClient(TOKEN, url).close()


def test_a_redirect_elsewhere_is_never_followed_so_the_header_never_leaves(
    api: FakeVpsOrgApi, other_host: OtherHost
) -> None:
    for code in (301, 302, 307, 308):
        api.add_fault(Fault.redirect(f"{other_host.origin}/api/v1/orders/7736", code))
        with (
            VpsOrgClient(TOKEN, api.url, max_retries=0) as client,
            pytest.raises(UnexpectedResponseError, match="another origin") as info,
        ):
            client.get_order(7736)
        assert TOKEN not in str(info.value)
    assert other_host.seen == []
