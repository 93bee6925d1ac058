"""Fixtures of the fake API tests: a full-size fake, a small one with known tokens, and clients."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pulumi_vpsorg.testing import FakeVpsOrgApi

from .._http_client import Http


@pytest.fixture
def api() -> Iterator[FakeVpsOrgApi]:
    with FakeVpsOrgApi() as fake:
        yield fake


@pytest.fixture
def small() -> Iterator[FakeVpsOrgApi]:
    with FakeVpsOrgApi(order_count=40, token="rw-token", read_only_token="ro-token") as fake:
        yield fake


@pytest.fixture
def http(api: FakeVpsOrgApi) -> Iterator[Http]:
    h = Http(api)
    yield h
    h.close()


@pytest.fixture
def shttp(small: FakeVpsOrgApi) -> Iterator[Http]:
    h = Http(small)
    yield h
    h.close()
