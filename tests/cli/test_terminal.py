"""Every console script and its terminal (issue 21, item 6): stdout closed, stderr closed, an
ASCII-only encoding, and text from the server carrying escape sequences. Never a traceback,
errors never on stdout, control characters shown escaped, exit statuses as documented."""

from __future__ import annotations

import json
import signal
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pulumi_vpsorg.testing import FakeVpsOrgApi
from tests.cli.support import TIMEOUT, _env, in_shell, script, shows_only_text
from tests.processes import default_sigint

#: A plan name as a hostile server sends it: a title-setting OSC, a screen clear, a forged row,
#: a right-to-left override, a C1 CSI and DEL, next to an ordinary accented letter.
HOSTILE = "Caf\u00e9 \x1b]0;pwned\x07\x1b[2J\r\n 9  forged  row \u202e\x9b31m\x7f"
#: The same as the table shows it (the ``é`` as it is on a UTF-8 terminal).
SHOWN = "Caf\u00e9 \\x1b]0;pwned\\x07\\x1b[2J\\r\\n 9  forged  row \\u202e\\x9b31m\\x7f"
ORDER = 6571


@pytest.fixture
def hostile_api(fake_api: FakeVpsOrgApi) -> FakeVpsOrgApi:
    """The fake API with plan 1 and a service of order 6571 named :data:`HOSTILE`."""
    fake_api.update_plan(1, name=HOSTILE)
    order = fake_api.get_order(ORDER)
    assert order is not None
    services = order["services"]
    services[0]["label"] = HOSTILE
    fake_api.update_order(ORDER, services=services)
    return fake_api


@pytest.fixture
def hostile_example(tmp_path: Path) -> Iterator[Path]:
    """An examples directory whose one program exports :data:`HOSTILE`."""
    project = tmp_path / "hostile"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: hostile\nruntime: python\n")
    (project / "__main__.py").write_text(f"import pulumi\npulumi.export('name', {HOSTILE!r})\n")
    yield tmp_path


def _no_traceback(done: object) -> None:
    stderr: bytes = getattr(done, "stderr", b"")
    assert b"Traceback" not in stderr, stderr.decode(errors="replace")


# -- stdout closed ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("vpsorg", ["plans"]),
        ("vpsorg", ["order", str(ORDER), "--json"]),
        ("vpsorg", ["--help"]),
        ("vpsorg-fake-api", ["--port", "0"]),
        ("vpsorg-quickstart", ["--engine", "mocks", "--only", "plan-reference"]),
    ],
)
def test_stdout_closed_is_one_line_on_stderr_and_status_1(
    fake_api: FakeVpsOrgApi, name: str, args: list[str]
) -> None:
    done = in_shell(name, *args, redirect=">&-", env=_env(fake_api), timeout=60)

    _no_traceback(done)
    assert done.returncode == 1
    assert done.stderr.decode() == f"{name}: error: standard output is closed\n"
    assert fake_api.requests == []  # nothing is asked that could not be shown


# -- stderr closed: errors are dropped, never printed on stdout ------------------------------


@pytest.mark.parametrize(
    ("name", "args", "status"),
    [
        ("vpsorg", ["plans", "--min-vcpus", "99"], 1),
        ("vpsorg", ["plans", "--min-vcpus", "two"], 2),
        ("vpsorg", [], 2),
        ("vpsorg", ["order", "999999"], 1),
        ("vpsorg", ["order", "x"], 2),
        ("vpsorg-fake-api", ["--port", "x"], 2),
        ("vpsorg-quickstart", ["--only", "nope"], 2),
        ("vpsorg-quickstart", ["--examples", "/nonexistent/examples"], 2),
    ],
)
def test_stderr_closed_keeps_errors_off_stdout(
    fake_api: FakeVpsOrgApi, name: str, args: list[str], status: int
) -> None:
    done = in_shell(name, *args, redirect="2>&-", env=_env(fake_api))

    assert done.returncode == status
    assert done.stdout == b""


# -- an output encoding that cannot carry the text --------------------------------------------


def _ascii(api: FakeVpsOrgApi | None = None) -> dict[str, str]:
    return {**_env(api), "PYTHONIOENCODING": "ascii"}


def test_plans_on_an_ascii_terminal(hostile_api: FakeVpsOrgApi) -> None:
    table = in_shell("vpsorg", "plans", env=_ascii(hostile_api))
    as_json = in_shell("vpsorg", "plans", "--json", env=_ascii(hostile_api))

    for done in (table, as_json):
        _no_traceback(done)
        assert done.returncode == 0
        assert done.stdout.isascii() and shows_only_text(done.stdout)
    assert SHOWN.replace("\u00e9", "\\xe9") in table.stdout.decode()
    # JSON keeps the value: the escapes are JSON's own.
    assert json.loads(as_json.stdout)[0]["name"] == HOSTILE


def test_one_order_on_an_ascii_terminal(hostile_api: FakeVpsOrgApi) -> None:
    table = in_shell("vpsorg", "order", str(ORDER), env=_ascii(hostile_api))
    as_json = in_shell("vpsorg", "order", str(ORDER), "--json", env=_ascii(hostile_api))

    for done in (table, as_json):
        _no_traceback(done)
        assert done.returncode == 0
        assert done.stdout.isascii() and shows_only_text(done.stdout)
    assert json.loads(as_json.stdout)["services"][0]["label"] == HOSTILE


def test_the_quickstart_on_an_ascii_terminal(hostile_example: Path) -> None:
    done = in_shell(
        "vpsorg-quickstart", "--examples", str(hostile_example), "--engine", "mocks", env=_ascii()
    )

    _no_traceback(done)
    assert done.returncode == 0
    assert done.stdout.isascii() and shows_only_text(done.stdout)
    assert b"Caf\\xe9" in done.stdout


def test_the_fake_api_on_an_ascii_terminal() -> None:
    done = in_shell("vpsorg-fake-api", "--host", "h\u00f4te.invalid", "--port", "0", env=_ascii())

    _no_traceback(done)
    assert done.returncode == 1
    assert done.stderr.isascii()
    assert b"cannot listen on h\\xf4te.invalid:0" in done.stderr


# -- escape sequences from the server are shown, not obeyed ----------------------------------


def test_a_plan_name_cannot_drive_the_terminal_or_forge_a_row(hostile_api: FakeVpsOrgApi) -> None:
    done = in_shell("vpsorg", "plans", env=_env(hostile_api))

    assert done.returncode == 0
    out = done.stdout.decode()
    assert shows_only_text(out)
    lines = out.splitlines()
    assert len(lines) == 1 + len(hostile_api.plans)  # the header and one row per plan
    assert SHOWN in lines[1]


def test_json_cannot_drive_the_terminal_either(hostile_api: FakeVpsOrgApi) -> None:
    for args in (["plans", "--json"], ["order", str(ORDER), "--json"]):
        done = in_shell("vpsorg", *args, env=_env(hostile_api))
        assert done.returncode == 0
        assert shows_only_text(done.stdout)
        json.loads(done.stdout)


def test_an_order_service_label_cannot_forge_a_row(hostile_api: FakeVpsOrgApi) -> None:
    done = in_shell("vpsorg", "order", str(ORDER), env=_env(hostile_api))

    assert done.returncode == 0
    out = done.stdout.decode()
    assert shows_only_text(out)
    services = out.split("\nSERVICES\n", 1)[1].splitlines()
    assert len(services) == 3  # the header and the order's two services
    assert SHOWN in services[1]


def test_an_error_quoting_the_server_is_escaped(fake_api: FakeVpsOrgApi) -> None:
    # The no-match explanation names the nearest plans by their slugs, as the server sent them.
    fake_api.update_plan(4, slug="ent\x1b]0;pwned\x07\nerprise")
    done = in_shell("vpsorg", "plans", "--min-vcpus", "99", env=_env(fake_api))

    assert done.returncode == 1
    assert done.stdout == b""
    assert shows_only_text(done.stderr)
    assert len(done.stderr.splitlines()) == 1
    assert b"ent\\x1b]0;pwned\\x07" in done.stderr


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("vpsorg", ["plans", "\x1b[2J"]),
        ("vpsorg", ["plans", "--location", "\x1b]0;x\x07", "--api-url", "ftp://\x1b[2J"]),
        ("vpsorg-fake-api", ["--host", "\x1b]0;pwned\x07", "--port", "0"]),
        ("vpsorg-quickstart", ["--only", "\x1b[2Jx"]),
    ],
)
def test_arguments_quoted_in_errors_are_escaped(
    fake_api: FakeVpsOrgApi, name: str, args: list[str]
) -> None:
    done = in_shell(name, *args, env=_env(fake_api))

    _no_traceback(done)
    assert done.returncode in (1, 2)
    assert done.stderr and shows_only_text(done.stderr)
    assert b"\\x1b" in done.stderr


def test_the_quickstart_shows_program_outputs_escaped(hostile_example: Path) -> None:
    done = in_shell("vpsorg-quickstart", "--examples", str(hostile_example), "--engine", "mocks")

    assert done.returncode == 0, done.stderr
    assert shows_only_text(done.stdout)
    assert "1 examples passed, 0 failed" in done.stdout.decode()


# -- Ctrl-C ----------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["plans"], ["orders"], ["order", str(ORDER)]])
def test_ctrl_c_while_waiting_for_the_api_is_one_line_and_status_130(args: list[str]) -> None:
    with FakeVpsOrgApi(latency=60) as api:
        arrived = threading.Event()
        api.on_request = lambda _request: arrived.set()
        proc = subprocess.Popen(
            [script("vpsorg"), *args, "--timeout", "120"],
            env=_env(api),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=default_sigint,  # Ctrl-C as a terminal delivers it
        )
        try:
            assert arrived.wait(TIMEOUT), "no request reached the fake"
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=TIMEOUT)
        finally:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130
    assert out == b""
    assert err == b"vpsorg: interrupted\n"
