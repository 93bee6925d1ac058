"""The native plugin under the real Pulumi CLI: the engine tier's backend, fake API and project
fixtures (tests/engine/conftest.py), with ``pulumi-resource-vpsorg`` on ``PATH`` as ``pip install``
puts it there (the engine finds it as an ambient plugin)."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pulumi_vpsorg.testing import FakeVpsOrgApi
from pulumi_vpsorg.testing.engine import LocalBackend, ProjectStack
from tests.engine.conftest import EXAMPLES, api, backend, cli  # noqa: F401  (fixtures)

VENV_BIN = Path(sys.executable).parent


@pytest.fixture(autouse=True)
def _plugin_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}")


def _toolchain_env() -> dict[str, str]:
    """What the Go host's ``go build`` needs from this environment (the backend's is minimal):
    the module and build caches the SDK's modules are already in."""
    env = {k: os.environ[k] for k in ("HOME", "GOPATH", "GOMODCACHE", "GOCACHE") if k in os.environ}
    go = shutil.which("go")
    if go is not None:
        for key in ("GOMODCACHE", "GOCACHE"):
            if key not in env:
                done = subprocess.run(
                    [go, "env", key], capture_output=True, text=True, check=False
                )
                if done.returncode == 0 and done.stdout.strip():
                    env[key] = done.stdout.strip()
    return env


@pytest.fixture
def project(
    backend: LocalBackend,  # noqa: F811
    api: FakeVpsOrgApi,  # noqa: F811
) -> Iterator[Callable[..., ProjectStack]]:
    """``project(example, install=False, **config)``: a new stack of an example directory (or of
    any project directory, given as an absolute path), as
    its README says (``pulumi install`` only where the language needs it: a YAML project has
    nothing to install, and ``pulumi install`` would look for the plugin's latest release online
    instead of the ambient one). Its settings file goes afterwards, the stack with the test's
    backend."""
    made: list[ProjectStack] = []

    def make(where: str | Path, *, install: bool = False, **config: object) -> ProjectStack:
        stack = ProjectStack(
            backend, EXAMPLES / where, f"test-{secrets.token_hex(4)}", env=_toolchain_env()
        )
        if install:
            stack.install()
        made.append(stack.init())
        return stack.configure(api_url=api.url, api_token=api.token, config=config)

    yield make
    for stack in made:
        stack.forget()  # the backend, with the stack, is thrown away after the test
