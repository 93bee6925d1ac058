"""Each example's and the policy pack's ``requirements.txt`` installs as written, the way Pulumi
installs it: ``pip install -r requirements.txt`` in the project's directory, into a new
virtualenv. Needs the package index (PyPI) for pulumi and the other dependencies."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pulumi_vpsorg.testing.engine import CliInfo

from .conftest import EXAMPLES

PROJECTS = sorted(p.parent for p in EXAMPLES.glob("*/requirements.txt"))


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory, cli: CliInfo) -> Path:
    path = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, timeout=300)
    return path


def test_every_project_has_requirements() -> None:
    assert {p.name for p in PROJECTS} == {
        "plan-reference",
        "select-plan",
        "order-audit",
        "order-settings",
        "policy-pack",
    }


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_requirements_install_as_written(project: Path, venv: Path) -> None:
    python = venv / "bin" / "python"
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "-r", "requirements.txt"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr

    imports = "import pulumi, pulumi_vpsorg; print(pulumi_vpsorg.__file__)"
    if project.name == "policy-pack":
        imports += "; import pulumi_policy, pulumi_vpsorg.policy"
    shown = subprocess.run(
        [str(python), "-c", imports], capture_output=True, text=True, timeout=120, check=True
    )
    # The checkout itself, editable: not some other distribution of that name.
    assert Path(shown.stdout.strip()).is_relative_to(EXAMPLES.parent / "pulumi_vpsorg")
