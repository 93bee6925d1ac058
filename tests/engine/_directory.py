"""Directory projects under the real CLI, the way users run them: ``pulumi`` as a subprocess in
the project's directory, whose Python language host builds the project's virtualenv from its
``requirements.txt``. A minimal runner for the wheel and template tests (the engine tier's own
runner lives in ``pulumi_vpsorg.testing.engine``)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pulumi_vpsorg.testing.engine import LocalBackend


def user_env(backend: LocalBackend, **extra: str) -> dict[str, str]:
    """The backend's environment as a user's shell has it: the language host finds ``python3``
    itself, and automatic plugin acquisition is left on (a wanted plugin would be fetched)."""
    env = backend.env()
    env.pop("PULUMI_PYTHON_CMD")
    env.pop("PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION")
    env.update(extra)
    return env


@dataclass
class Project:
    directory: Path
    env: Mapping[str, str]

    def run(self, *args: str, stdin: str | None = None) -> str:
        """``pulumi ARGS`` in the project's directory; its standard output, or a failed
        assertion showing both streams."""
        done = subprocess.run(
            ["pulumi", *args],
            cwd=self.directory,
            env=dict(self.env),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        assert done.returncode == 0, f"pulumi {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def outputs(self) -> dict[str, Any]:
        shown: dict[str, Any] = json.loads(self.run("stack", "output", "--json"))
        return shown

    def plugins(self) -> list[dict[str, Any]]:
        """What ``pulumi about`` lists as the project's plugins."""
        about = json.loads(self.run("about", "--json"))
        found: list[dict[str, Any]] = about.get("plugins") or []
        return found

    def bash(self, script: str, stdin: str | None = None) -> str:
        """A README block, run as written by bash in this directory."""
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=self.directory,
            env=dict(self.env),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        assert done.returncode == 0, f"{script}\n{done.stdout}\n{done.stderr}"
        return done.stdout + done.stderr
