"""``scripts/install-pulumi-cli`` without building anything: a machine without Go, an official
Pulumi install of the pinned version on PATH (its hosts used), no host sources beside the checkout."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

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


HOSTS = ("pulumi-language-python", "pulumi-language-nodejs", "pulumi-language-go")


def official_install(directory: Path, *plugins: str) -> Path:
    """A stand-in for an official Pulumi install: ``pulumi`` of the pinned version and, beside it,
    the named hosts and launchers."""
    stub(directory, "pulumi", f'[ "$1" = version ] && echo v{PIN}\n')
    for name in plugins:
        stub(directory, name, "exit 0\n")
    return directory


def bin_dir_of(done: subprocess.CompletedProcess[str], cache: Path) -> Path:
    assert done.returncode == 0, done.stderr
    printed = Path(done.stdout.strip().splitlines()[-1])
    assert printed == cache / "pulumi-cli" / f"v{PIN}" / "bin"
    return printed


def test_an_official_install_on_path_is_used_with_its_hosts(tmp_path: Path) -> None:
    plugins = (*HOSTS, "pulumi-language-yaml", "pulumi-resource-pulumi-python")
    ambient = official_install(tmp_path / "ambient", *plugins)

    done = run(f"{ambient}:{BASE_PATH}", tmp_path / "cache")

    installed = bin_dir_of(done, tmp_path / "cache")
    for name in ("pulumi", *plugins):
        assert (installed / name).resolve() == (ambient / name).resolve(), name
    # Pulumi's hosts run policy packs: no launcher of our own is written any more.
    assert not (installed / "pulumi-analyzer-policy-python").exists()
    assert "building" not in done.stderr


def test_without_host_sources_the_hosts_are_skipped_in_one_line(tmp_path: Path) -> None:
    ambient = official_install(
        tmp_path / "ambient", "pulumi-language-yaml", "pulumi-resource-pulumi-python"
    )

    done = run(
        f"{ambient}:{BASE_PATH}",
        tmp_path / "cache",
        PULUMI_LANGUAGE_HOSTS=str(tmp_path / "no-such-dir"),
    )

    installed = bin_dir_of(done, tmp_path / "cache")
    skipped = [line for line in done.stderr.splitlines() if "skipped" in line]
    assert len(skipped) == 1, done.stderr
    assert "no language host sources" in skipped[0] and "Python, Node.js and Go" in skipped[0]
    assert not any((installed / host).exists() for host in HOSTS)


def test_an_old_launcher_of_our_own_is_removed(tmp_path: Path) -> None:
    ambient = official_install(tmp_path / "ambient", *HOSTS, "pulumi-language-yaml")
    cache = tmp_path / "cache"
    old = stub(cache / "pulumi-cli" / f"v{PIN}" / "bin", "pulumi-analyzer-policy-python", "")

    bin_dir_of(run(f"{ambient}:{BASE_PATH}", cache), cache)

    assert not old.exists()
