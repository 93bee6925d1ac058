"""``pulumi new`` from ``templates/vpsorg-python``, as the README's "Install" section and the
template's README write it, non-interactively (``PULUMI_SKIP_CONFIRMATIONS`` answers what a
terminal would be asked), then ``pulumi up`` against the fake API: the language host installs
pulumi-vpsorg by name from the wheel that ``PIP_FIND_LINKS`` points at, the token set with
``--secret`` is stored encrypted, and the stack goes through preview, refresh and destroy."""

from __future__ import annotations

from pathlib import Path

import pytest

from pulumi_vpsorg.testing import FakeVpsOrgApi
from pulumi_vpsorg.testing.engine import LocalBackend, ProjectStack

from ..packaging_support import CHECKOUT_PLACEHOLDER, ROOT, shell_blocks
from ._directory import plugins, run_block

TEMPLATE = ROOT / "templates" / "vpsorg-python"


@pytest.fixture
def wheelhouse(readme_build: Path) -> Path:
    """The ``dist/`` of a checkout where the README's build block ran (tests/conftest.py)."""
    return readme_build / "dist"


def as_written(block: str) -> str:
    return block.replace(CHECKOUT_PLACEHOLDER, str(ROOT))


def plan(
    plan_id: int, slug: str, name: str, vcpus: int, memory: int, price: int
) -> dict[str, object]:
    return {
        "planId": plan_id,
        "slug": slug,
        "name": name,
        "vcpus": vcpus,
        "memoryMb": memory,
        "priceMonthlyUsd": price,
    }


def test_template_readme_without_prompts(
    wheelhouse: Path, backend: LocalBackend, api: FakeVpsOrgApi, tmp_path: Path
) -> None:
    (_, block) = shell_blocks(TEMPLATE / "README.md")
    # The token is the stdin of `pulumi config set vpsorg:apiToken --secret`; the URL is the
    # fake's, from the environment, since the template leaves vpsorg:apiUrl unset.
    env = {"PIP_FIND_LINKS": str(wheelhouse), "VPSORG_API_URL": api.url}
    run_block(backend, tmp_path, as_written(block), env, stdin=api.token)
    project = ProjectStack(backend, tmp_path / "my-vps", "dev", env)

    stack_config = project.settings_file.read_text()
    assert "  vpsorg:apiToken:\n    secure: v1:" in stack_config
    assert "vpsorg:apiUrl" not in stack_config
    assert '  my-vps:minVcpus: "4"\n' in stack_config
    assert "  my-vps:location: eu-central\n" in stack_config
    performance = plan(3, "performance", "Performance VPS", 4, 8192, 20)
    assert project.outputs() == performance
    assert plugins(project) == ["python"]

    project.preview("--expect-no-changes")
    project.refresh("--expect-no-changes")
    project.destroy()
    assert project.outputs() == {}
    leaks = [
        path
        for base in (project.directory, backend.backend_dir)
        for path in base.rglob("*")
        if path.is_file() and "venv" not in path.parts and api.token.encode() in path.read_bytes()
    ]
    assert leaks == []


def test_readme_install_pulumi_new_with_the_defaults(
    wheelhouse: Path, backend: LocalBackend, api: FakeVpsOrgApi, tmp_path: Path
) -> None:
    (line,) = [
        line
        for block in shell_blocks(ROOT / "README.md", "Install")
        for line in block.splitlines()
        if line.startswith("pulumi new ")
    ]
    env = {"PIP_FIND_LINKS": str(wheelhouse), "VPSORG_API_URL": api.url}
    run_block(backend, tmp_path, as_written(line), env)
    project = ProjectStack(backend, tmp_path / "my-vps", "dev", env)
    project.pulumi("config", "set", "--secret", "vpsorg:apiToken", stdin=api.token)
    project.up()

    assert project.outputs() == plan(2, "standard", "Standard VPS", 2, 4096, 10)
