"""``vpsorg-fake-api``: its printed settings and how it stops."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from ._support import (
    ALL_STATUSES,
)


def run_console(*args: str) -> tuple[subprocess.Popen[str], dict[str, str]]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pulumi_vpsorg.testing.fake_api",
            *args,
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert proc.stdout is not None
    env: dict[str, str] = {}
    while len(env) < 3:
        line = proc.stdout.readline()
        assert line, "the console script exited early"
        key, _, value = line.strip().partition("=")
        env[key] = value
    return proc, env


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_console_script(sig: signal.Signals) -> None:
    proc, env = run_console("--port", "0", "--token", "tok", "--orders", "10", "--latency", "0")
    try:
        assert env["VPSORG_API_TOKEN"] == "tok"
        assert env["VPSORG_API_READ_ONLY_TOKEN"].startswith("fake-ro-")
        r = requests.get(
            env["VPSORG_API_URL"] + "/orders",
            params={"filter[status]": ALL_STATUSES},
            headers={"Authorization": "Bearer tok", "Accept": "application/json"},
            timeout=10,
        )
        assert r.json()["meta"]["total"] == 10
    finally:
        proc.send_signal(sig)
        assert proc.wait(timeout=30) == 0
