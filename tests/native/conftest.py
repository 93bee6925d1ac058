"""Fixtures of the native plugin tests: the fake API and the plugin process configured for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pulumi_vpsorg.testing import FakeVpsOrgApi
from tests.native.plugin_server import PluginServer


@pytest.fixture
def api() -> Iterator[FakeVpsOrgApi]:
    with FakeVpsOrgApi(order_count=8) as fake:
        yield fake


@pytest.fixture
def plugin(api: FakeVpsOrgApi) -> Iterator[PluginServer]:
    with PluginServer() as server:
        server.configure({"apiToken": api.token, "apiUrl": api.url}, secret_keys=["apiToken"])
        yield server
        for token in (api.token, api.read_only_token):
            assert token.encode() not in server.transcript_bytes()
