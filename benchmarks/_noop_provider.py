"""A provider that does nothing: the cold-start baseline of ``pulumi.dynamic`` itself."""

from __future__ import annotations

from typing import Any

from pulumi.dynamic import CreateResult, Resource, ResourceProvider


class NoopProvider(ResourceProvider):
    """Creates nothing, imports nothing beyond ``pulumi.dynamic``."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult("noop", {})


class NoopResource(Resource, module="bench", name="Noop"):
    """A dynamic resource of :class:`NoopProvider`: the engine's floor for one dynamic resource."""

    def __init__(self, name: str) -> None:
        super().__init__(NoopProvider(), name, {})
