"""``vpsorg-fake-api``: its printed settings, its refusals in one line, and how it stops."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from ._support import ALL_STATUSES

ROOT = Path(__file__).resolve().parents[3]
COMMAND = [sys.executable, "-m", "pulumi_vpsorg.testing.fake_api"]
SETTINGS = (
    "VPSORG_API_URL",
    "VPSORG_ORDERS_API_URL",
    "VPSORG_API_TOKEN",
    "VPSORG_API_READ_ONLY_TOKEN",
)


def run_console(*args: str) -> tuple[subprocess.Popen[str], dict[str, str]]:
    proc = subprocess.Popen(
        [*COMMAND, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    env: dict[str, str] = {}
    while len(env) < len(SETTINGS):
        line = proc.stdout.readline()
        assert line, "the console script exited early"
        key, _, value = line.strip().partition("=")
        env[key] = value
    return proc, env


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_console_script(sig: signal.Signals) -> None:
    proc, env = run_console("--port", "0", "--token", "tok", "--orders", "10", "--latency", "0")
    try:
        assert list(env) == list(SETTINGS)
        assert env["VPSORG_API_TOKEN"] == "tok"
        assert env["VPSORG_API_READ_ONLY_TOKEN"].startswith("fake-ro-")
        # The orders host is a port of its own, under the orders document's prefix.
        plans_url, orders_url = (
            urlsplit(env["VPSORG_API_URL"]),
            urlsplit(env["VPSORG_ORDERS_API_URL"]),
        )
        assert (plans_url.path, orders_url.path) == ("/api/v1", "/v1")
        assert orders_url.port != plans_url.port
        r = requests.get(
            env["VPSORG_ORDERS_API_URL"] + "/orders",
            params={"filter[status]": ALL_STATUSES},
            headers={"Authorization": "Bearer tok", "Accept": "application/json"},
            timeout=10,
        )
        assert r.json()["meta"]["total"] == 10
        plans = requests.get(
            env["VPSORG_API_URL"] + "/plans/", headers={"Authorization": "Bearer tok"}, timeout=10
        )
        assert plans.json()["count"] == 4
    finally:
        proc.send_signal(sig)
        assert proc.wait(timeout=30) == 0
    assert proc.stderr is not None and proc.stderr.read() == ""


def refused(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, *args], capture_output=True, text=True, cwd=ROOT, timeout=60, check=False
    )


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--port", "70000"], "--port"),
        (["--port", "-1"], "--port"),
        (["--port", "http"], "--port"),
        (["--orders-port", "70000"], "--orders-port"),
        (["--orders-port", "x"], "--orders-port"),
        (["--port", "8080", "--orders-port", "8080"], "--orders-port"),
        (["--orders", "-5"], "--orders"),
        (["--orders", "10" + "0" * 12], "--orders"),
        (["--orders", "9" * 5000], "--orders"),
        (["--latency", "nan"], "--latency"),
        (["--latency", "inf"], "--latency"),
        (["--latency", "-1"], "--latency"),
        (["--latency", "1e400"], "--latency"),
        (["--token", ""], "--token"),
        (["--token", "with space"], "--token"),
        (["--read-only-token", "a\tb"], "--read-only-token"),
        (["--seed", "x"], "--seed"),
        (["--nope"], "--nope"),
    ],
)
def test_bad_arguments_are_refused_in_one_line(args: list[str], named: str) -> None:
    done = refused(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("vpsorg-fake-api: error: ") and named in lines[0]


@pytest.mark.parametrize("flag", ["--port", "--orders-port"])
def test_a_busy_port_is_refused_in_one_line_naming_it(flag: str) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = refused(flag, str(port), "--orders", "0")
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("vpsorg-fake-api: error: cannot listen on ")
    assert f"127.0.0.1:{port}" in lines[0]


def test_a_closed_pipe_before_the_settings_exits_quietly() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the fake prints anything
    proc = subprocess.Popen(
        [*COMMAND, "--orders", "0"], stdout=write_end, stderr=subprocess.PIPE, text=True, cwd=ROOT
    )
    os.close(write_end)
    _, err = proc.communicate(timeout=60)
    assert err == ""
    assert proc.returncode == 1


def test_a_reader_that_leaves_after_the_settings_stops_the_fake() -> None:
    # `vpsorg-fake-api | head -4`: every line fits the pipe, so no write ever fails.
    proc = subprocess.Popen(
        [*COMMAND, "--orders", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stderr is not None
    lines = [proc.stdout.readline() for _ in SETTINGS]
    assert [line.partition("=")[0] for line in lines] == list(SETTINGS)
    proc.stdout.close()
    assert proc.wait(timeout=60) == 1
    assert proc.stderr.read() == ""
    proc.stderr.close()


def test_piped_into_head_it_exits_quietly() -> None:
    script = Path(sys.executable).with_name("vpsorg-fake-api")
    if not script.exists():
        pytest.skip("the console script is not installed next to this interpreter")
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; '{script}' --orders 0 | head -1"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.stdout.startswith("VPSORG_API_URL=http://127.0.0.1:")
    assert done.stdout.count("\n") == 1
    assert done.stderr == ""
    assert done.returncode == 1  # the fake's status: it stopped because its reader left


def test_tokens_that_clash_are_refused_naming_the_flag() -> None:
    done = refused("--token", "same", "--read-only-token", "same")
    assert done.returncode == 2
    assert (
        done.stderr
        == "vpsorg-fake-api: error: argument --read-only-token: must differ from --token\n"
    )
