"""A provider that does nothing: the cold-start baseline of ``pulumi.dynamic`` itself."""

from __future__ import annotations

from typing import Any

from pulumi.dynamic import CreateResult, ResourceProvider


class NoopProvider(ResourceProvider):
    """Creates nothing, imports nothing beyond ``pulumi.dynamic``."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult("noop", {})
