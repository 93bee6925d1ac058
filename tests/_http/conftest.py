"""Fixtures shared with the reliability suite: "another host" on loopback."""

from __future__ import annotations

from ..reliability.conftest import other_host

__all__ = ["other_host"]
