"""``pulumi_vpsorg._gc.import_all``: imports with collection paused, then optionally frozen; and
its two callers, a provider process (tests/provider/test_runtime_imports.py) and the first shared
client of a program (below).

Each case runs in a fresh interpreter (a freeze is for the life of a process), importing a module
written for it whose import makes enough cyclic garbage to trigger collections; ``gc.callbacks``
records every collection that starts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

_CHURN = """
class Node:
    def __init__(self):
        self.me = self

for _ in range(50_000):
    Node()
"""

_PROGRAM = """
import gc, json, sys
sys.path.insert(0, sys.argv[1])
started = []
gc.callbacks.append(lambda phase, info: phase == "start" and started.append(info["generation"]))
if sys.argv[2] == "disabled":
    gc.disable()
from pulumi_vpsorg._gc import import_all

frozen = gc.get_freeze_count()
started.clear()
if sys.argv[3] == "plain":
    import churn
else:
    import_all(["json", "churn"], freeze=sys.argv[3] == "freeze")
collections = len(started)
newly_frozen = gc.get_freeze_count() - frozen
import_all(["churn"], freeze=True)  # already imported: nothing to do, nothing frozen
print(json.dumps({
    "collections": collections,
    "frozen": newly_frozen,
    "frozen_again": gc.get_freeze_count() - frozen - newly_frozen,
    "enabled": gc.isenabled(),
    "imported": "churn" in sys.modules,
}))
"""


def _run(tmp_path: Path, gc_state: str, how: str) -> dict[str, Any]:
    (tmp_path / "churn.py").write_text(_CHURN)
    done = subprocess.run(
        [sys.executable, "-c", _PROGRAM, str(tmp_path), gc_state, how],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def test_a_plain_import_of_the_module_collects(tmp_path: Path) -> None:
    # The control: without import_all, this import starts collections.
    found = _run(tmp_path, "enabled", "plain")
    assert found["collections"] > 0
    assert found["frozen"] == 0


@pytest.mark.parametrize("how", ["pause", "freeze"])
def test_import_all_collects_nothing_and_enables_collection_again(
    tmp_path: Path, how: str
) -> None:
    found = _run(tmp_path, "enabled", how)
    assert found["imported"] is True
    assert found["collections"] == 0
    assert found["enabled"] is True
    assert (found["frozen"] > 0) is (how == "freeze")
    assert found["frozen_again"] == 0


def test_collection_disabled_before_stays_disabled(tmp_path: Path) -> None:
    found = _run(tmp_path, "disabled", "freeze")
    assert found["collections"] == 0
    assert found["enabled"] is False
    assert found["frozen"] > 0


_FIRST_CLIENT = """
import gc, json, sys
import pulumi  # a program's heap
from pulumi_vpsorg._client_registry import shared_client
from pulumi_vpsorg._config import StackConfig

NAMES = ("pulumi_vpsorg._settings", "pulumi_vpsorg.client")
during = []

def importing():
    return [
        name for name in NAMES
        if name not in sys.modules or getattr(sys.modules[name].__spec__, "_initializing", False)
    ]

gc.callbacks.append(lambda phase, info: phase == "start" and during.append(importing()))
shared_client(StackConfig().client_kwargs(api_token="t", api_url="http://127.0.0.1:9/api/v1"))
print(json.dumps({
    "during_import": [names for names in during if names],
    "enabled": gc.isenabled(),
    "frozen": gc.get_freeze_count(),
}))
"""


def test_the_first_shared_client_imports_with_collection_paused_and_freezes_nothing() -> None:
    # A program's first function call: pydantic and requests load with no collection starting,
    # and nothing of the program is frozen.
    done = subprocess.run(
        [sys.executable, "-c", _FIRST_CLIENT], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found == {"during_import": [], "enabled": True, "frozen": 0}
