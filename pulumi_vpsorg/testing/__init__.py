"""Test support: a faithful fake of the VPS.org API served over real HTTP."""

from __future__ import annotations

from pulumi_vpsorg.testing.fake_api import FakeVpsOrgApi, Fault, RecordedRequest

__all__ = ["FakeVpsOrgApi", "Fault", "RecordedRequest"]
