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
from collections.abc import Iterable

__all__ = ["import_all"]


def import_all(names: Iterable[str], *, freeze: bool = False) -> None:
    """Import the modules ``names`` (in order) with collection paused; a no-op when all are
    already imported.

    :param freeze: afterwards, move every object alive to the permanent generation
        (:func:`gc.freeze`), so that no later collection walks them again: for a process that
        serves requests after its imports (a provider), whose imported modules live as long as it.
        Objects frozen are still freed when their reference count drops; only cycles among them
        are never collected.
    """
    missing = [name for name in names if name not in sys.modules]
    if not missing:
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        for name in missing:
            importlib.import_module(name)
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()
