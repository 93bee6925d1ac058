"""``pulumi_vpsorg._gc.import_all``: imports with collection paused, then optionally frozen; and
its callers: a program's first shared client (below) and a provider's ``configure()``
(``tests/provider/test_runtime_imports.py``).

Each case runs in a fresh interpreter (a freeze is for the life of a process) and imports modules
written for it. ``gc.callbacks`` records every collection that starts; a module counts the
collections that start while it is being imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

#: Makes enough cyclic garbage to trigger collections, and records how many started meanwhile.
_CHURN = """
import __main__

before = len(__main__.started)


class Node:
    def __init__(self):
        self.me = self


for _ in range(50_000):
    Node()
__main__.during.append(len(__main__.started) - before)
"""

_PROGRAM = """
import gc, json, sys
sys.path.insert(0, sys.argv[1])
started, during = [], []
gc.callbacks.append(lambda phase, info: phase == "start" and started.append(info["generation"]))
if sys.argv[2] == "disabled":
    gc.disable()
from pulumi_vpsorg._gc import import_all

frozen = gc.get_freeze_count()
if sys.argv[3] == "plain":
    import churn
else:
    import_all(["json", "churn"], freeze=sys.argv[3] == "freeze")
newly_frozen = gc.get_freeze_count() - frozen
import_all(["churn"], freeze=True)  # already imported: nothing to do, nothing frozen
print(json.dumps({
    "collections": during[0],
    "frozen": newly_frozen,
    "frozen_again": gc.get_freeze_count() - frozen - newly_frozen,
    "enabled": gc.isenabled(),
}))
"""


def _python(code: str, *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def _run(tmp_path: Path, gc_state: str, how: str) -> dict[str, Any]:
    (tmp_path / "churn.py").write_text(_CHURN)
    return _python(_PROGRAM, str(tmp_path), gc_state, how)


def test_a_plain_import_of_the_module_collects(tmp_path: Path) -> None:
    # The control: without import_all, the same import starts collections.
    found = _run(tmp_path, "enabled", "plain")
    assert found["collections"] > 0
    assert found["frozen"] == 0


@pytest.mark.parametrize("how", ["pause", "freeze"])
def test_import_all_collects_nothing_and_enables_collection_again(
    tmp_path: Path, how: str
) -> None:
    found = _run(tmp_path, "enabled", how)
    assert found["collections"] == 0
    assert found["enabled"] is True
    assert (found["frozen"] > 0) is (how == "freeze")
    assert found["frozen_again"] == 0


def test_collection_disabled_before_stays_disabled(tmp_path: Path) -> None:
    found = _run(tmp_path, "disabled", "freeze")
    assert found["collections"] == 0
    assert found["enabled"] is False
    assert found["frozen"] > 0


_FAILING = """
import gc, json, sys
sys.path.insert(0, sys.argv[1])
from pulumi_vpsorg._gc import import_all

try:
    import_all(["json", "broken"], freeze=True)
except ZeroDivisionError:
    raised = True
print(json.dumps({"raised": raised, "enabled": gc.isenabled(), "frozen": gc.get_freeze_count()}))
"""


def test_an_import_that_fails_enables_collection_again_and_freezes_nothing(
    tmp_path: Path,
) -> None:
    (tmp_path / "broken.py").write_text("1 / 0\n")
    found = _python(_FAILING, str(tmp_path))
    assert found == {"raised": True, "enabled": True, "frozen": 0}


_OVERLAPPING = """
import gc, json, sys, threading
sys.path.insert(0, sys.argv[1])
import gate
from pulumi_vpsorg._gc import import_all

seen = {}
first = threading.Thread(target=import_all, args=(["slow_a"],))
first.start()
gate.a_inside.wait(60)
second = threading.Thread(target=import_all, args=(["slow_b"],))
second.start()
gate.b_inside.wait(60)
gate.release_a.set()
first.join(60)
seen["after_the_first_ended"] = gc.isenabled()
gate.release_b.set()
second.join(60)
seen["after_both_ended"] = gc.isenabled()
print(json.dumps(seen))
"""


def test_collection_stays_paused_until_the_last_of_overlapping_imports_ends(
    tmp_path: Path,
) -> None:
    (tmp_path / "gate.py").write_text(
        "import threading\n"
        "a_inside, b_inside = threading.Event(), threading.Event()\n"
        "release_a, release_b = threading.Event(), threading.Event()\n"
    )
    for name in ("a", "b"):
        (tmp_path / f"slow_{name}.py").write_text(
            f"import gate\ngate.{name}_inside.set()\ngate.release_{name}.wait(60)\n"
        )
    found = _python(_OVERLAPPING, str(tmp_path))
    assert found == {"after_the_first_ended": False, "after_both_ended": True}


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
        if name in sys.modules and getattr(sys.modules[name].__spec__, "_initializing", False)
    ]


args = StackConfig().client_kwargs(api_token="t", api_url="http://127.0.0.1:9/api/v1")
gc.callbacks.append(lambda phase, info: phase == "start" and during.append(importing()))
shared_client(args)
print(json.dumps({
    "during_import": [names for names in during if names],
    "enabled": gc.isenabled(),
    "frozen": gc.get_freeze_count(),
}))
"""


def test_the_first_shared_client_imports_with_collection_paused_and_freezes_nothing() -> None:
    # A program's first function call: no collection starts while pydantic and requests load,
    # and nothing of the program is frozen.
    found = _python(_FIRST_CLIENT)
    assert found == {"during_import": [], "enabled": True, "frozen": 0}
