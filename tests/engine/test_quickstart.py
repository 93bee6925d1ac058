"""``vpsorg-quickstart`` under the real CLI: each example's ``pulumi up`` output, as printed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from pulumi_vpsorg.testing.engine import CliInfo

from .conftest import EXAMPLES


def quickstart(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pulumi_vpsorg.quickstart", *args],
        env=env if env is not None else {**os.environ, "PULUMI_SKIP_UPDATE_CHECK": "true"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_quickstart_runs_every_example_with_pulumi_up(
    cli: CliInfo, quickstart_run: subprocess.CompletedProcess[str]
) -> None:
    # `vpsorg-quickstart` with no arguments, run once for tests/test_quickstart.py too: with a CLI found
    # it runs under the CLI (`--engine cli` without one: test_quickstart_without_a_cli).
    done = quickstart_run

    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert f"under the Pulumi CLI {cli.version_text}" in out
    assert "from each example's directory" in out
    for name in ("plan-reference", "select-plan", "order-audit", "order-settings"):
        assert f"=== {name}: " in out
    assert "Updating (quickstart):" in out
    assert out.count("Updating (quickstart):") == 4
    # each `pulumi up` summary: resources created
    assert len(re.findall(r"Resources:\n    \+ \d+ created", out)) == 4
    assert "pulumi-python:dynamic/vpsorg:PlanLookup by-slug created" in out
    assert 'name           : "Standard VPS"' in out
    assert "4 examples passed, 0 failed" in out
    assert "fake-rw-" not in out + done.stderr
    # The stack it made in each directory is gone, its settings file with it.
    assert sorted(EXAMPLES.glob("*/Pulumi.quickstart.yaml")) == []


def test_quickstart_auto_uses_the_cli_when_found(cli: CliInfo) -> None:
    done = quickstart("--only", "plan-reference")

    assert done.returncode == 0, done.stdout + done.stderr
    assert "under the Pulumi CLI" in done.stdout
    assert "1 examples passed, 0 failed" in done.stdout


def test_quickstart_without_a_cli(tmp_path: Path) -> None:
    env = {
        "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PULUMI_CLI_CACHE": str(tmp_path / "empty-cache"),
    }

    asked = quickstart("--engine", "cli", env=env)
    assert asked.returncode == 2
    assert asked.stdout == ""
    assert asked.stderr.count("\n") == 1 and "scripts/install-pulumi-cli" in asked.stderr

    auto = quickstart("--only", "plan-reference", env=env)
    assert auto.returncode == 0, auto.stdout + auto.stderr
    assert "in-process under Pulumi's runtime mocks" in auto.stdout
