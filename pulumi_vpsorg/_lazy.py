"""Names a module exports but imports on first access (a module ``__getattr__``, PEP 562), so
that importing the module costs only what a program uses."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

__all__ = ["load"]


def load(namespace: dict[str, Any], homes: Mapping[str, str], name: str) -> Any:
    """The attribute ``name`` of the module whose ``globals()`` is ``namespace``: imported from
    the module ``homes[name]`` (relative to the module's package), and kept in ``namespace``, so
    that the next access is a plain lookup.

    :raises AttributeError: when ``name`` is not one of ``homes``.
    """
    home = homes.get(name)
    if home is None:
        raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, namespace["__package__"]), name)
    namespace[name] = value
    return value
