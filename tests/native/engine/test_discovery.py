"""How the engine finds ``pulumi-resource-vpsorg`` when it is not on ``PATH``: a project pinning
it through ``plugins.providers`` in ``Pulumi.yaml``, and ``pulumi plugin install resource vpsorg
VERSION --file`` (the executable, or a directory holding it). YAML projects under the real CLI,
against the fake API; ``PATH`` holds no ``pulumi-resource-vpsorg`` and plugin acquisition is off,
so nothing else can supply it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from pulumi_vpsorg._version import __version__
from pulumi_vpsorg.testing import FakeVpsOrgApi
from pulumi_vpsorg.testing.engine import ProjectCommandError, ProjectStack

from .conftest import VENV_BIN

PLUGIN = "pulumi-resource-vpsorg"
PROGRAM = """name: discovery
runtime: yaml
{plugins}resources:
  web:
    type: vpsorg:index:PlanLookup
    properties:
      minVcpus: 2
outputs:
  slug: ${{web.slug}}
"""


@pytest.fixture(autouse=True)
def _plugin_not_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    entries = os.environ.get("PATH", "").split(os.pathsep)
    kept = [e for e in entries if e and not (Path(e) / PLUGIN).exists()]
    monkeypatch.setenv("PATH", os.pathsep.join(kept))
    assert shutil.which(PLUGIN) is None


@pytest.fixture
def yaml_project(
    project: Callable[..., ProjectStack], tmp_path: Path
) -> Callable[[str], ProjectStack]:
    """``yaml_project(plugins)``: a new stack of a YAML project with one ``PlanLookup``, whose
    ``Pulumi.yaml`` has ``plugins`` (YAML text) before its resources."""

    def make(plugins: str) -> ProjectStack:
        directory = tmp_path / "project"
        directory.mkdir()
        (directory / "Pulumi.yaml").write_text(PROGRAM.format(plugins=plugins))
        stack = project(directory)
        stack.env = {"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true"}
        return stack

    return make


def up_and_destroy(stack: ProjectStack, api: FakeVpsOrgApi) -> None:
    printed = stack.up()
    assert "from $PATH" not in printed
    assert stack.outputs()["slug"] == "standard"
    assert api.count_requests("GET", path_prefix="/api/v1/plans") >= 1
    stack.destroy()
    assert stack.resources() == []


def test_without_a_pin_or_an_install_the_plugin_is_not_found(
    yaml_project: Callable[[str], ProjectStack],
) -> None:
    stack = yaml_project("")
    with pytest.raises(ProjectCommandError) as caught:
        stack.preview()
    assert f"no resource plugin '{PLUGIN}' found in the workspace or on your $PATH" in str(
        caught.value
    )


def test_a_project_pins_the_plugin_through_plugins_providers(
    yaml_project: Callable[[str], ProjectStack], api: FakeVpsOrgApi, tmp_path: Path
) -> None:
    holder = tmp_path / "plugin"
    holder.mkdir()
    (holder / PLUGIN).symlink_to(VENV_BIN / PLUGIN)
    # a path relative to the project directory, as a checked-in Pulumi.yaml would say it
    stack = yaml_project("plugins:\n  providers:\n    - name: vpsorg\n      path: ../plugin\n")
    up_and_destroy(stack, api)


def test_a_pin_to_the_executable_itself_is_refused_by_the_engine(
    yaml_project: Callable[[str], ProjectStack],
) -> None:
    # plugins.providers takes the directory holding the plugin (what docs/native.md says)
    stack = yaml_project(
        f"plugins:\n  providers:\n    - name: vpsorg\n      path: {VENV_BIN / PLUGIN}\n"
    )
    with pytest.raises(ProjectCommandError) as caught:
        stack.preview()
    assert "is not a directory" in str(caught.value)


@pytest.mark.parametrize("given", ["executable", "directory"])
def test_plugin_install_from_file(
    yaml_project: Callable[[str], ProjectStack], api: FakeVpsOrgApi, tmp_path: Path, given: str
) -> None:
    holder = tmp_path / "release"
    holder.mkdir()
    shutil.copy(VENV_BIN / PLUGIN, holder / PLUGIN)  # as a user copies it out of a virtualenv
    source = holder / PLUGIN if given == "executable" else holder
    stack = yaml_project("")
    stack.pulumi("plugin", "install", "resource", "vpsorg", __version__, "--file", str(source))
    listed = stack.pulumi("plugin", "ls", "--json").stdout
    assert '"name": "vpsorg"' in listed and f'"version": "{__version__}"' in listed
    installed = stack.backend.home / "plugins" / f"resource-vpsorg-v{__version__}" / PLUGIN
    assert os.access(installed, os.X_OK)
    up_and_destroy(stack, api)
