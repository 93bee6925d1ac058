"""Top-level settings of a Pulumi project file (``Pulumi.yaml``), read as the CLI reads it."""

from __future__ import annotations

from pathlib import Path

import yaml

__all__ = ["project_setting"]


def project_setting(directory: Path, key: str) -> str | None:
    """The value of the top-level ``key`` of the project file in ``directory`` as text, or None
    when there is no project file, no such key, or the key holds a mapping or a list.

    :raises yaml.YAMLError: the project file is not valid YAML (the CLI refuses it too).
    """
    for name in ("Pulumi.yaml", "Pulumi.yml"):
        path = directory / name
        if path.is_file():
            settings = yaml.safe_load(path.read_text(encoding="utf-8"))
            value = settings.get(key) if isinstance(settings, dict) else None
            if isinstance(value, (dict, list)) or value is None or value == "":
                return None
            return str(value)
    return None
