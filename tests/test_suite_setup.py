"""The suite's own set-up (``tests/conftest.py``): its hooks load with and without pytest-xdist,
and collection leaves what it made alive frozen."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_without_pytest_xdist_the_hooks_load_and_tests_run() -> None:
    """The xdist hooks are optional ones: without the plugin, pytest would otherwise end in
    ``INTERNALERROR ... unknown hook`` before running anything (a decorator once moved onto
    the wrong function, and only a run without xdist showed it)."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:xdist",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",  # pyproject.toml's -n and --dist are xdist's options
            "-q",
            "tests/test_vocabulary.py",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "INTERNALERROR" not in output
    assert " passed in " in output


def test_collection_froze_what_it_left_alive() -> None:
    """``pytest_collection_finish`` froze the modules and collected tests, so that the cyclic
    collector does not walk them again in every full collection."""
    assert gc.get_freeze_count() > 0
