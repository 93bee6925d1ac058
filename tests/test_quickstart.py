"""``vpsorg-quickstart`` as a subprocess: every example, failures, a closed pipe."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.cli.support import _env, quickstart, script


@pytest.mark.parametrize("engine", ["mocks", "cli"])
def test_the_quickstart_on_a_closed_pipe_ends_quietly(engine: str) -> None:
    # `vpsorg-quickstart | head`, the reader gone at once; under the CLI when one is found.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [script("vpsorg-quickstart"), "--engine", engine],
            env=_env(),
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=600,
            check=False,
        )
    finally:
        os.close(write_end)
    assert done.stderr == "" or "no Pulumi CLI found" in done.stderr, done.stderr
    assert done.returncode in (1, 2)


def test_quickstart_runs_every_example(
    quickstart_run: subprocess.CompletedProcess[str],
) -> None:
    done = quickstart_run  # `vpsorg-quickstart`, no arguments (tests/conftest.py)

    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    for name in ("plan-reference", "select-plan", "order-audit", "order-settings"):
        assert f"=== {name}: " in out
    for output in (
        "planById",
        "planBySlug",
        "selectPlan",
        "sameChoice",
        "unpaidTotalUsd",
        "overdueOrderIds",
        "billingCycleMonths",
    ):
        assert output in out
    assert '"Standard VPS"' in out
    assert "4 examples passed, 0 failed" in out
    assert "FAILED" not in out
    # The fake API's tokens (random, prefixed fake-rw-/fake-ro-) are never printed.
    assert "fake-rw-" not in out + done.stderr
    assert "fake-ro-" not in out + done.stderr
    assert done.stderr == ""


def test_quickstart_only_and_full(tmp_path: Path) -> None:
    done = quickstart("--only", "order-audit", "--full")

    assert done.returncode == 0, done.stderr
    assert "=== order-audit" in done.stdout and "=== select-plan" not in done.stdout
    assert "more (" not in done.stdout
    assert "1 examples passed, 0 failed" in done.stdout

    unknown = quickstart("--only", "nope")
    assert unknown.returncode == 2
    assert "nope" in unknown.stderr


def test_quickstart_reports_failing_examples(tmp_path: Path) -> None:
    good = tmp_path / "good"
    bad = tmp_path / "bad"
    for project, body in (
        (good, "import pulumi\npulumi.export('answer', 42)\n"),
        (bad, "import pulumi_vpsorg as vpsorg\nvpsorg.select_plan(min_vcpus=99)\n"),
    ):
        project.mkdir()
        (project / "Pulumi.yaml").write_text(f"name: {project.name}\nruntime: python\n")
        (project / "__main__.py").write_text(body)

    # The mocks harness names the error on the FAILED line; `pulumi up` prints it above that line.
    done = quickstart("--examples", str(tmp_path), "--engine", "mocks")

    assert done.returncode == 1
    assert "answer: 42" in done.stdout
    assert "FAILED: NoMatchingPlanError: No plan matches min_vcpus=99" in done.stdout
    assert "1 examples passed, 1 failed" in done.stdout

    auto = quickstart("--examples", str(tmp_path))
    assert auto.returncode == 1
    assert "No plan matches min_vcpus=99" in auto.stdout
    assert "1 examples passed, 1 failed" in auto.stdout


def test_quickstart_without_examples_exits_2(tmp_path: Path) -> None:
    done = quickstart("--examples", str(tmp_path))

    assert done.returncode == 2
    assert "no example projects" in done.stderr
