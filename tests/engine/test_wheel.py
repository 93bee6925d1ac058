"""The wheel, built and found the way the README's "Install" section says, runs an example copied
outside the checkout as a directory project under the real CLI: the copy's ``requirements.txt``
replaced as the README says, the Python language host building the project's virtualenv from it
(pulumi-vpsorg from the wheel), ``stack init``, ``config set``, ``up``, no changes after, no
plugin named ``vpsorg`` wanted, ``destroy``. Needs the package index for the build backend and
the dependencies."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pulumi_vpsorg._version import __version__
from pulumi_vpsorg.testing import FakeVpsOrgApi
from pulumi_vpsorg.testing.engine import LocalBackend, ProjectStack

from ..packaging_support import CHECKOUT_PLACEHOLDER, ROOT, shell_blocks
from ._directory import plugins, run_block

README = ROOT / "README.md"


def install_block(containing: str) -> str:
    (block,) = [b for b in shell_blocks(README, "Install") if containing in b]
    return block


@pytest.fixture
def checkout(readme_build: Path) -> Path:
    """A user's checkout, where the README's build block ran as written (tests/conftest.py)."""
    return readme_build


def test_a_copy_of_an_example_runs_from_the_wheel(
    checkout: Path, backend: LocalBackend, api: FakeVpsOrgApi, tmp_path: Path
) -> None:
    env = {"PIP_FIND_LINKS": str(checkout / "dist")}
    copy = install_block("cp -r").replace(CHECKOUT_PLACEHOLDER, str(checkout))
    copy = copy[copy.index("cp -r") :]  # the lines after the `pulumi new` alternative
    run_block(backend, tmp_path, copy, env)
    project = ProjectStack(backend, tmp_path / "my-plan", "dev", env)
    requirements = (project.directory / "requirements.txt").read_text()
    assert "-e ../.." not in requirements
    assert "\npulumi-vpsorg\n" in requirements

    project.init()
    project.pulumi("config", "set", "vpsorg:apiUrl", api.url)
    project.pulumi("config", "set", "--secret", "vpsorg:apiToken", stdin=api.token)
    project.pulumi("config", "set", "minVcpus", "4")
    project.pulumi("config", "set", "minMemory", "8192")
    project.up()

    performance = {
        "id": 3,
        "slug": "performance",
        "name": "Performance VPS",
        "vcpus": 4,
        "memoryMb": 8192,
        "priceMonthlyUsd": 20,
        "priceHourlyUsd": 0.03,
    }
    assert project.outputs() == {
        "constraints": {"minVcpus": 4, "minMemoryMb": 8192, "location": "eu-central"},
        "selectPlan": performance,
        "planLookup": performance,
        "sameChoice": True,
    }
    # The host's virtualenv holds the wheel's copy, not the checkout's code.
    shown = subprocess.run(
        [
            str(project.directory / "venv" / "bin" / "python"),
            "-c",
            "import pulumi_vpsorg, importlib.metadata as m;"
            "print(pulumi_vpsorg.__file__); print(m.version('pulumi-vpsorg'))",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert Path(shown[0]).is_relative_to(project.directory / "venv")
    assert shown[1] == __version__
    # pulumi-plugin.json in the wheel: the host reports no resource plugin `vpsorg`.
    assert plugins(project) == ["python"]

    project.preview("--expect-no-changes")
    project.destroy()
    assert project.outputs() == {}
    assert api.token not in project.settings_file.read_text()
