"""What the wheel and template tests add to :class:`~pulumi_vpsorg.testing.engine.ProjectStack`:
a README's shell block run as written, and the plugins ``pulumi about`` lists."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pulumi_vpsorg.testing.engine import LocalBackend, ProjectStack


def run_block(
    backend: LocalBackend,
    cwd: Path,
    script: str,
    env: Mapping[str, str],
    stdin: str | None = None,
) -> str:
    """A README block, run as written by bash in ``cwd`` with the backend's environment."""
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=cwd,
        env=backend.env(env),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, f"{script}\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def plugins(stack: ProjectStack) -> list[str]:
    """The names of the plugins ``pulumi about`` lists for the project."""
    about = json.loads(stack.pulumi("about", "--json").stdout)
    listed: list[dict[str, Any]] = about.get("plugins") or []
    return [plugin["name"] for plugin in listed]
