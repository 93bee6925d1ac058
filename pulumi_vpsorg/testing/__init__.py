"""Test support: a faithful fake of the VPS.org API over real HTTP, and a harness that runs Pulumi
programs in-process with this package's resources carried out by their real providers.

The harness loads on first use (PEP 562), so ``vpsorg-fake-api`` never imports Pulumi.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pulumi_vpsorg import _lazy
from pulumi_vpsorg.testing.fake_api import FakeVpsOrgApi, Fault, RecordedRequest

if TYPE_CHECKING:
    from pulumi_vpsorg.testing.harness import (
        UNKNOWN,
        CheckFailedError,
        ProgramResult,
        ResourceRecord,
        run_program,
    )

_HARNESS = dict.fromkeys(
    ("UNKNOWN", "CheckFailedError", "ProgramResult", "ResourceRecord", "run_program"), ".harness"
)

__all__ = [
    "UNKNOWN",
    "CheckFailedError",
    "FakeVpsOrgApi",
    "Fault",
    "ProgramResult",
    "RecordedRequest",
    "ResourceRecord",
    "run_program",
]


def __getattr__(name: str) -> Any:
    return _lazy.load(globals(), _HARNESS, name)
