"""Imports made in bulk with Python's cyclic garbage collector paused.

Importing a module allocates many objects and leaves almost none of them as garbage, yet the
allocations trigger collections all the same, and each full collection walks every tracked object
the process holds. In a process that has imported Pulumi (grpc, protobuf: a few hundred thousand
objects), collections took about a fifth of the 0.11 s a dynamic provider's first call spends
importing the client, pydantic and ``requests`` (``docs/benchmarks.md``).
"""

from __future__ import annotations

import gc
import importlib
import sys
import threading
from collections.abc import Iterable

__all__ = ["all_imported", "import_all"]

_lock = threading.Lock()
#: Calls of :func:`import_all` under way (in any thread), and whether collection was enabled
#: when the first of them began: the last to end enables it again.
_pauses = 0
_was_enabled = False


def _imported(name: str) -> bool:
    module = sys.modules.get(name)
    # A module another thread is still importing is not imported yet: importing it waits for it.
    return module is not None and not getattr(module.__spec__, "_initializing", False)


def all_imported(names: Iterable[str]) -> bool:
    """Whether every module of ``names`` is imported (none still being imported by a thread)."""
    return all(_imported(name) for name in names)


def _pause() -> None:
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1


def _end_pause(*, freeze: bool) -> None:
    global _pauses
    with _lock:
        _pauses -= 1
        if freeze:
            gc.freeze()
        if _pauses == 0 and _was_enabled:
            gc.enable()


def import_all(names: Iterable[str], *, freeze: bool = False) -> None:
    """Import the modules ``names`` (in order) with collection paused until the last call under
    way in the process ends; a no-op when all are already imported.

    :param freeze: after imports that succeeded, move every object alive in the process to the
        permanent generation (:func:`gc.freeze`), so that no later collection walks them again:
        for a process that serves requests after its imports (a provider), whose modules live as
        long as it. Frozen objects are still freed when their reference count drops; only cycles
        among them are never collected (the provider's imports leave about a hundred objects in
        such cycles).
    """
    missing = [name for name in names if not _imported(name)]
    if not missing:
        return
    _pause()
    imported = False
    try:
        for name in missing:
            importlib.import_module(name)
        imported = True
    finally:
        _end_pause(freeze=freeze and imported)
