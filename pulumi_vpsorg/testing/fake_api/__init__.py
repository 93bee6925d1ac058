"""A faithful fake of the VPS.org API, served over real HTTP on loopback.

Written from the API documents (plans reference, orders list reference, and what the public orders
reference adds); where they are silent it follows :mod:`pulumi_vpsorg.assumptions`. Stdlib only, so
it runs anywhere the package runs, including as ``vpsorg-fake-api`` (:mod:`.__main__`).

- :mod:`.server`: :class:`FakeVpsOrgApi` (settings, lifecycle, auth, dispatch, test helpers);
  :mod:`.handler`: the HTTP side (framing, limits, faults applied); :mod:`.request_log`.
- :mod:`.store`: plans, orders, payments, locks and the list indexes; :mod:`.routes`: one handler
  per endpoint over the store; :mod:`.pricing`: repricing a changed renewal period.
- :mod:`.faults`: :class:`Fault` and its schedule; :mod:`.paging`: the orders list's page bodies.
- :mod:`.examples`: the documents' examples and vocabulary; :mod:`.records`: order building
  blocks; :mod:`.generator`: the deterministic order generator.
"""

from __future__ import annotations

from pulumi_vpsorg.testing.fake_api.faults import Fault, FaultKind
from pulumi_vpsorg.testing.fake_api.request_log import RecordedRequest
from pulumi_vpsorg.testing.fake_api.server import API_PREFIX, FakeVpsOrgApi

__all__ = ["API_PREFIX", "FakeVpsOrgApi", "Fault", "FaultKind", "RecordedRequest"]
