"""Shared pieces of the lookup tests: a gRPC provider server configured for the fake API."""

from __future__ import annotations

from typing import Any

from pulumi_vpsorg.testing import FakeVpsOrgApi
from tests.provider.dynamic_server import DynamicProviderServer

PLANS = "/api/v1/plans/"


def serve(provider: Any, api: FakeVpsOrgApi) -> DynamicProviderServer:
    server = DynamicProviderServer(provider).start()
    server.configure(
        {"vpsorg:apiToken": api.token, "vpsorg:apiUrl": api.url, "project:other": "x"},
        secret_keys=["vpsorg:apiToken"],
    )
    return server


def assert_token_nowhere(server: DynamicProviderServer, api: FakeVpsOrgApi, *outs: Any) -> None:
    for token in (api.token, api.read_only_token):
        assert token.encode() not in server.transcript_bytes()
        assert token.encode() not in server.pickled_provider_bytes()
        assert token not in server.serialized_provider  # type: ignore[operator]
        for out in outs:
            assert token not in repr(out)
