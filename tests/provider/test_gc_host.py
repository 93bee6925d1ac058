"""In Pulumi's dynamic provider host (``python -m pulumi.dynamic``, as the engine runs it),
``configure()`` freezes the process after the first call's imports, and collection is on again.
A provider of this module reports the collector's state from inside the host."""

from __future__ import annotations

import gc
from typing import Any

from pulumi.dynamic import CreateResult

from pulumi_vpsorg.provider import PlanLookupProvider
from pulumi_vpsorg.testing import FakeVpsOrgApi
from tests.provider.lookup_support import serve


class CollectorProbe(PlanLookupProvider):
    """A ``PlanLookup`` provider (its ``configure()``) whose Create reports the collector."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult("probe", {"collecting": gc.isenabled(), "frozen": gc.get_freeze_count()})


CollectorProbe.__module__ = __name__  # pickled by reference to this module


def test_the_host_is_frozen_after_configure_and_collects_again(api: FakeVpsOrgApi) -> None:
    server = serve(CollectorProbe(), api)
    try:
        created = server.create(server.urn("PlanLookup", "probe"), {})
    finally:
        server.close()
    outputs = created.outputs()
    assert outputs["collecting"] is True
    assert outputs["frozen"] > 0
