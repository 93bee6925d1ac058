"""Fixtures of the provider tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pulumi_vpsorg.testing import FakeVpsOrgApi


@pytest.fixture
def api() -> Iterator[FakeVpsOrgApi]:
    with FakeVpsOrgApi(order_count=60) as fake:
        yield fake
