"""Shared pieces of the functions tests: a fresh memo, credentials, export, and runtime mocks."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from typing import Any

import pulumi
import pytest
from google.protobuf.json_format import MessageToDict
from pulumi.runtime import rpc
from pulumi.runtime.config import set_all_config

from pulumi_vpsorg import functions
from pulumi_vpsorg.testing import FakeVpsOrgApi


@pytest.fixture(autouse=True)
def _fresh_memo() -> Iterator[None]:
    functions.clear_cache()
    yield
    functions.clear_cache()
    set_all_config({})


@pytest.fixture
def creds(fake_api: FakeVpsOrgApi) -> dict[str, str]:
    return {"api_token": fake_api.token, "api_url": fake_api.url}


def to_json(value: Any) -> Any:
    """What Pulumi sends for a stack output: serialize like ``pulumi.export`` does."""
    loop = asyncio.new_event_loop()
    try:
        struct = loop.run_until_complete(rpc.serialize_properties({"v": value}, {}))
    finally:
        loop.close()
    return json.loads(json.dumps(MessageToDict(struct)))["v"]


class Mocks(pulumi.runtime.Mocks):
    """Resources echo their inputs; ``on_create`` runs as the engine creates one."""

    def __init__(self) -> None:
        self.created: list[str] = []
        #: Called with the resource's name as the engine creates it (before its id is known).
        self.on_create: Callable[[str], None] = lambda _name: None
        #: Ids the engine does not know yet, as in a preview of resources about to be created.
        self.unknown_ids = False

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.on_create(args.name)
        self.created.append(args.name)
        return ("" if self.unknown_ids else f"{args.name}-id"), args.inputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], None]:
        return {}, None


@pytest.fixture
def mocks() -> Mocks:
    m = Mocks()
    pulumi.runtime.set_mocks(m, preview=False)
    return m


@pytest.fixture
def preview_mocks() -> Mocks:
    m = Mocks()
    m.unknown_ids = True
    pulumi.runtime.set_mocks(m, preview=True)
    return m
