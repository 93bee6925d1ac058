"""``scripts/install-pulumi-cli`` without building anything: a machine without Go, a ``pulumi`` of
the pinned version already on PATH, and the two plugin launchers it writes."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "install-pulumi-cli"
PIN = re.search(r'"pulumi==([0-9.]+)"', (ROOT / "pyproject.toml").read_text()).group(1)  # type: ignore[union-attr]
#: Enough for the script, and no Go: /usr/local/go/bin is where this machine's Go lives.
BASE_PATH = "/usr/bin:/bin"


def run(path: str, cache: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT)],
        env={"PATH": path, "HOME": str(cache.parent), "PULUMI_CLI_CACHE": str(cache), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def stub(directory: Path, name: str, body: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return path


def test_without_go_it_fails_in_one_line(tmp_path: Path) -> None:
    assert subprocess.run(["sh", "-c", "command -v go"], env={"PATH": BASE_PATH}).returncode != 0

    done = run(BASE_PATH, tmp_path / "cache")

    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert "needs Go" in done.stderr and f"v{PIN}" in done.stderr


@pytest.fixture
def installed(tmp_path: Path) -> Path:
    ambient = tmp_path / "ambient"
    stub(ambient, "pulumi", f'[ "$1" = version ] && echo v{PIN}\n')
    done = run(f"{ambient}:{BASE_PATH}", tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    bin_dir = Path(done.stdout.strip().splitlines()[-1])
    assert bin_dir == tmp_path / "cache" / "pulumi-cli" / f"v{PIN}" / "bin"
    assert (bin_dir / "pulumi").resolve() == (ambient / "pulumi").resolve()
    return bin_dir


def test_a_pulumi_of_the_pinned_version_on_path_is_used(installed: Path) -> None:
    for launcher in ("pulumi-resource-pulumi-python", "pulumi-analyzer-policy-python"):
        assert os.access(installed / launcher, os.X_OK)


def echo_python(directory: Path) -> Path:
    """A stand-in Python that prints its arguments, one per line."""
    return stub(directory, "python", 'for a in "$@"; do echo "$a"; done\n')


def launch(installed: Path, launcher: str, *args: str, cwd: Path, **env: str) -> list[str]:
    done = subprocess.run(
        [str(installed / launcher), *args],
        env={"PATH": BASE_PATH, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_the_dynamic_provider_launcher_runs_the_programs_virtualenv(
    installed: Path, tmp_path: Path
) -> None:
    echo_python(tmp_path / "venv" / "bin")

    argv = launch(
        installed,
        "pulumi-resource-pulumi-python",
        "127.0.0.1:5000",
        cwd=tmp_path,
        PULUMI_RUNTIME_VIRTUALENV="venv",
    )

    assert argv == ["-u", "-m", "pulumi.dynamic", "127.0.0.1:5000"]


def test_the_dynamic_provider_launcher_falls_back_to_pulumi_python_cmd(
    installed: Path, tmp_path: Path
) -> None:
    python = echo_python(tmp_path / "elsewhere")

    argv = launch(
        installed, "pulumi-resource-pulumi-python", "x", cwd=tmp_path, PULUMI_PYTHON_CMD=str(python)
    )

    assert argv == ["-u", "-m", "pulumi.dynamic", "x"]


@pytest.mark.parametrize(
    "options",
    [["-virtualenv=venv"], ["-virtualenv", "venv"], ["-virtualenv=venv", "-toolchain=pip"]],
    ids=["equals", "separate", "with-other-options"],
)
def test_the_policy_launcher_drops_runtime_options(
    installed: Path, tmp_path: Path, options: list[str]
) -> None:
    echo_python(tmp_path / "pack" / "venv" / "bin")

    argv = launch(
        installed,
        "pulumi-analyzer-policy-python",
        *options,
        "127.0.0.1:6000",
        ".",
        cwd=tmp_path / "pack",
    )

    assert argv == ["-u", "-m", "pulumi.policy", "127.0.0.1:6000", "."]


def test_the_policy_launcher_without_the_packs_virtualenv_uses_pulumi_python_cmd(
    installed: Path, tmp_path: Path
) -> None:
    python = echo_python(tmp_path / "elsewhere")
    (tmp_path / "pack").mkdir()

    argv = launch(
        installed,
        "pulumi-analyzer-policy-python",
        "-virtualenv=venv",
        "127.0.0.1:6000",
        ".",
        cwd=tmp_path / "pack",
        PULUMI_PYTHON_CMD=str(python),
    )

    assert argv == ["-u", "-m", "pulumi.policy", "127.0.0.1:6000", "."]
