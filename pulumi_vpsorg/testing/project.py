"""Top-level settings of a Pulumi project file (``Pulumi.yaml``), read without a YAML parser."""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["project_setting"]


def project_setting(directory: Path, key: str) -> str | None:
    """The value of the top-level ``key:`` of the project file in ``directory`` (quotes and a
    trailing comment dropped), or None when there is no project file or no such key."""
    pattern = re.compile(rf"^{re.escape(key)}:[ \t]*(.*?)[ \t]*$", re.MULTILINE)
    for name in ("Pulumi.yaml", "Pulumi.yml"):
        path = directory / name
        if path.is_file():
            match = pattern.search(path.read_text(encoding="utf-8"))
            if match is None:
                return None
            value = match.group(1).split(" #", 1)[0].strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            return value or None
    return None
