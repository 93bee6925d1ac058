"""``pulumi_vpsorg.testing.directory.install``: ``pulumi install`` runs where the project has an
environment of its own to make, never against the ``python3`` on ``PATH``.

The ``pulumi`` here is a stub script that records how it was called."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from pulumi_vpsorg.testing.directory import install


@pytest.fixture
def calls(tmp_path: Path) -> Path:
    return tmp_path / "calls.log"


@pytest.fixture
def backend(tmp_path: Path, calls: Path) -> Any:
    stub = tmp_path / "pulumi"
    stub.write_text(f'#!/bin/sh\necho "$(basename "$PWD") $*" >> "{calls}"\n')
    stub.chmod(0o755)
    return SimpleNamespace(cli=SimpleNamespace(pulumi=stub), env=lambda: dict(os.environ))


def project(tmp_path: Path, name: str, runtime: str) -> Path:
    directory = tmp_path / name
    directory.mkdir()
    (directory / "Pulumi.yaml").write_text(f"name: {name}\nruntime: {runtime}\n")
    (directory / "requirements.txt").write_text("pulumi>=3\n")
    return directory


@pytest.mark.parametrize(
    "runtime",
    ["python", "{name: python}", "{name: python, options: {toolchain: pip}}"],
)
def test_a_python_project_without_a_virtualenv_is_not_installed(
    tmp_path: Path, backend: Any, calls: Path, runtime: str
) -> None:
    install(backend, project(tmp_path, "bare", runtime))

    assert not calls.exists()


@pytest.mark.parametrize(
    "runtime",
    [
        "{name: python, options: {virtualenv: venv}}",
        "{name: python, options: {toolchain: poetry}}",
        "{name: python, options: {toolchain: uv, virtualenv: .venv}}",
        "nodejs",
    ],
)
def test_a_project_with_an_environment_of_its_own_is_installed_once(
    tmp_path: Path, backend: Any, calls: Path, runtime: str
) -> None:
    directory = project(tmp_path, "own", runtime)

    install(backend, directory)
    install(backend, directory)

    assert calls.read_text() == "own install\n"
