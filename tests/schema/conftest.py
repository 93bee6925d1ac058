"""The generated schema, built once per test module."""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_vpsorg.schema import build_schema


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return build_schema()
