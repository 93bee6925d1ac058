"""Shared fixtures: a started fake API, a client for it, and no VPS.org settings leaking in."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from pulumi_vpsorg.client import VpsOrgClient

if TYPE_CHECKING:
    from pulumi_vpsorg.testing import FakeVpsOrgApi


@pytest.fixture(autouse=True)
def _fresh_event_loop() -> Iterator[None]:
    """Each test gets its own main-thread event loop.

    Pulumi's runtime (and ``set_mocks``) schedules on the current loop; a test that ran
    ``asyncio.run`` leaves the main thread without one, which would break the next test.
    """
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    yield
    asyncio.set_event_loop(None)
    loop.close()


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's VPSORG_API_TOKEN / VPSORG_API_URL (nor the orders ones)."""
    for name in (
        "VPSORG_API_TOKEN",
        "VPSORG_API_URL",
        "VPSORG_ORDERS_API_TOKEN",
        "VPSORG_ORDERS_API_URL",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake_api() -> Iterator[FakeVpsOrgApi]:
    """A started fake API on loopback, with its default data."""
    from pulumi_vpsorg.testing import FakeVpsOrgApi

    with FakeVpsOrgApi() as api:
        yield api


@pytest.fixture
def client(fake_api: FakeVpsOrgApi) -> Iterator[VpsOrgClient]:
    """A client for ``fake_api`` with its read/write token."""
    with VpsOrgClient(api_token=fake_api.token, api_url=fake_api.url, max_retries=0) as c:
        yield c


@pytest.fixture
def fast(fake_api: FakeVpsOrgApi) -> Iterator[VpsOrgClient]:
    """A client with retries but a negligible backoff."""
    with VpsOrgClient(fake_api.token, fake_api.url, max_retries=3, backoff_factor=0.001) as c:
        yield c
