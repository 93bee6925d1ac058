"""``vpsorg`` itself: help, assumptions, the installed script, a closed pipe."""

from __future__ import annotations

import os
import subprocess

import pytest

from pulumi_vpsorg.assumptions import ASSUMPTIONS
from pulumi_vpsorg.testing import FakeVpsOrgApi
from tests.cli.support import TIMEOUT, _env, script, vpsorg


@pytest.mark.parametrize(
    "args", [["orders", "--json"], ["plans"], ["assumptions"], ["--help"], ["orders", "--help"]]
)
def test_a_closed_pipe_ends_quietly(fake_api: FakeVpsOrgApi, args: list[str]) -> None:
    # `vpsorg ... | head`: the reader is gone before the command writes a byte.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [script("vpsorg"), *args],
            env=_env(fake_api),
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode in (0, 1)


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ([], ["MB", "GB", "USD", "months"]),
        (["plans"], ["MB", "GB", "USD", "per month", "per hour", "cheapest"]),
        (["orders"], ["USD", "pending_payment", "renew-service", "overdue"]),
    ],
)
def test_help_explains_units_and_environment(command: list[str], words: list[str]) -> None:
    done = vpsorg(*command, "--help")

    assert done.returncode == 0
    for word in [*words, "VPSORG_API_TOKEN", "VPSORG_API_URL", "exit status"]:
        assert word in done.stdout, word
    assert "--token" not in done.stdout.replace("no --token option", "")


def test_no_command_is_a_usage_error() -> None:
    done = vpsorg()

    assert done.returncode == 2
    assert "plans" in done.stderr and "orders" in done.stderr


def test_assumptions_are_listed() -> None:
    done = vpsorg("assumptions")

    assert done.returncode == 0
    assert done.stdout.splitlines() == list(ASSUMPTIONS)


def test_console_script_is_installed() -> None:
    installed = script("vpsorg")
    assert os.path.exists(installed)
    done = subprocess.run(
        [installed, "--help"], capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    assert done.returncode == 0
    assert "plans" in done.stdout
