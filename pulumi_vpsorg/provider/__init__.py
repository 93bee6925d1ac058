"""Pulumi dynamic providers and resources for VPS.org."""

from __future__ import annotations

__all__: list[str] = []
