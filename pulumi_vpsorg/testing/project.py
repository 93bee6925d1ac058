"""Pulumi project files (``Pulumi.yaml``, a policy pack's ``PulumiPolicy.yaml``), read as the CLI
reads them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

__all__ = ["project_file", "project_setting"]

_PROJECT_FILES = ("Pulumi.yaml", "Pulumi.yml")
_POLICY_PACK_FILES = ("PulumiPolicy.yaml",)


def project_file(directory: Path, *, policy_pack: bool = False) -> dict[str, Any] | None:
    """The settings of the project file in ``directory`` (a policy pack's with
    ``policy_pack``), or None when there is none.

    :raises yaml.YAMLError: the file is not valid YAML (the CLI refuses it too).
    """
    for name in _POLICY_PACK_FILES if policy_pack else _PROJECT_FILES:
        path = directory / name
        if path.is_file():
            settings = yaml.safe_load(path.read_text(encoding="utf-8"))
            return settings if isinstance(settings, dict) else {}
    return None


def project_setting(directory: Path, key: str) -> str | None:
    """The value of the top-level ``key`` of the project file in ``directory`` as text, or None
    when there is no project file, no such key, or the key holds a mapping or a list.

    :raises yaml.YAMLError: the project file is not valid YAML (the CLI refuses it too).
    """
    value = (project_file(directory) or {}).get(key)
    if isinstance(value, (dict, list)) or value is None or value == "":
        return None
    return str(value)
