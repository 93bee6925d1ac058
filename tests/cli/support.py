"""Running the console scripts as subprocesses, as a user's shell does."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

from pulumi_vpsorg.testing import FakeVpsOrgApi

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TIMEOUT = 120  # a bound on a hung process, not a timing assertion


def script(name: str) -> str:
    """The installed console script ``name`` of this virtualenv."""
    return str(Path(sys.executable).with_name(name))


def _env(api: FakeVpsOrgApi | None = None, token: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VPSORG_", "PULUMI_"))}
    if api is not None:
        env["VPSORG_API_URL"] = api.url
        env["VPSORG_API_TOKEN"] = api.token if token is None else token
    return env


def vpsorg(
    *args: str, api: FakeVpsOrgApi | None = None, token: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pulumi_vpsorg.cli", *args],
        env=_env(api, token),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def quickstart(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pulumi_vpsorg.quickstart", *args],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def in_shell(
    name: str,
    *args: str,
    redirect: str = "",
    env: dict[str, str] | None = None,
    timeout: float = TIMEOUT,
) -> subprocess.CompletedProcess[bytes]:
    """The installed script ``name`` run by ``sh`` with ``redirect`` (``>&-``, ``2>&-``), as a
    user types it; output captured as bytes, so that nothing is decoded on the way."""
    return subprocess.run(
        ["sh", "-c", f'exec "$@" {redirect}', "sh", script(name), *args],
        env=_env() if env is None else env,
        capture_output=True,
        timeout=timeout,
        check=False,
    )


def shows_only_text(output: bytes | str) -> bool:
    """Whether ``output`` holds no character a terminal acts on but line breaks: no C0 or C1
    control, no DEL, no format character (bidirectional overrides), no line separator."""
    text = output.decode("utf-8") if isinstance(output, bytes) else output
    return not any(
        c != "\n" and unicodedata.category(c) in {"Cc", "Cf", "Cs", "Zl", "Zp"} for c in text
    )
