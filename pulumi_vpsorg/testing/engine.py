"""Pulumi programs under the real Pulumi CLI: a throwaway local backend, no account, no network.

:func:`find_cli` finds a Pulumi CLI this package can run under (on ``PATH``, or built by
``scripts/install-pulumi-cli`` into the per-user cache), and :class:`LocalBackend` gives the
Automation API and the ``pulumi`` command a file backend, passphrase secrets and a
``PULUMI_HOME`` in one temporary directory, with the update check turned off. Automatic plugin
acquisition stays on, as users have it: the package asks the engine for no plugin to download.

:class:`ProjectStack` runs a project directory the way a user does (``pulumi stack init``,
``pulumi config set``, ``pulumi up`` in that directory): the language host runs the program in
the project's own virtualenv. :meth:`LocalBackend.inline_stack` runs a program in this Python as an
Automation API inline program instead, for what a directory cannot show.
"""

from __future__ import annotations

import functools
import os
import re
import runpy
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Final

from .._vocabulary import (
    ENV_ORDERS_TOKEN,
    ENV_ORDERS_URL,
    ENV_TOKEN,
    ENV_URL,
    TOKEN_CONFIG,
    URL_CONFIG,
)
from .project import project_setting

__all__ = [
    "MINIMUM_CLI_VERSION",
    "CliInfo",
    "LocalBackend",
    "ProjectCommandError",
    "ProjectStack",
    "cache_dir",
    "find_cli",
    "how_to_get_the_cli",
    "install",
    "set_stack_config",
]

#: The oldest CLI this package is known to need: dynamic providers get the stack config in
#: ``configure()`` during check, diff and preview (3.139), and refresh and destroy rebuild them
#: with the current config instead of the one recorded in state (3.153.1).
MINIMUM_CLI_VERSION: Final = (3, 153, 1)
_VERSION = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)")
#: Go runtime settings :meth:`LocalBackend.env` passes on from the caller's environment.
_GO_RUNTIME_SETTINGS: Final = ("GOGC", "GOMEMLIMIT")
_HOW_TO_GET_IT: Final = (
    "no Pulumi CLI found: run scripts/install-pulumi-cli (builds it with Go) and put the "
    "directory it prints on PATH"
)


@dataclass(frozen=True)
class CliInfo:
    """A Pulumi CLI found on this machine.

    :ivar bin_dir: the directory holding ``pulumi`` (and the plugin launchers, if any).
    :ivar version: its version, e.g. ``(3, 260, 0)``.
    """

    bin_dir: Path
    version: tuple[int, int, int]

    @property
    def pulumi(self) -> Path:
        """The ``pulumi`` executable."""
        return self.bin_dir / "pulumi"

    @property
    def root(self) -> Path:
        """``PulumiCommand(root=...)``: the directory whose ``bin/pulumi`` this is."""
        return self.bin_dir.parent

    @property
    def runs_python_projects(self) -> bool:
        """Whether Pulumi's Python language host is beside the CLI or on ``PATH``: without it
        only Automation API inline programs run."""
        path = os.pathsep.join([str(self.bin_dir), os.environ.get("PATH", "")])
        return shutil.which("pulumi-language-python", path=path) is not None

    @property
    def version_text(self) -> str:
        """``3.260.0``."""
        return ".".join(map(str, self.version))


def cache_dir() -> Path:
    """Where ``scripts/install-pulumi-cli`` keeps what it builds (``PULUMI_CLI_CACHE`` overrides)."""
    configured = os.environ.get("PULUMI_CLI_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pulumi-vpsorg"


def _version_of(pulumi: Path) -> tuple[int, int, int] | None:
    try:
        # The executable is one this module found on PATH or in the per-user cache.
        done = subprocess.run(  # noqa: S603
            [str(pulumi), "version"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env={**os.environ, "PULUMI_SKIP_UPDATE_CHECK": "true"},
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = _VERSION.match(done.stdout.strip())
    if done.returncode != 0 or match is None:
        return None
    major, minor, patch = (int(g) for g in match.groups())
    return (major, minor, patch)


def _candidates() -> Iterator[Path]:
    on_path = shutil.which("pulumi")
    if on_path:
        # Not resolved: a linked `pulumi` keeps the directory it is linked into (with its
        # launchers), and `PulumiCommand(root=...)` runs `root/bin/pulumi` through the link.
        yield Path(on_path).parent
    try:
        from importlib.metadata import version

        sdk = version("pulumi")
    except Exception:  # the SDK's metadata is missing: only PATH counts
        sdk = ""
    if sdk:
        yield cache_dir() / "pulumi-cli" / f"v{sdk}" / "bin"
    builds = cache_dir() / "pulumi-cli"
    if builds.is_dir():
        yield from (p / "bin" for p in sorted(builds.iterdir(), reverse=True))


def find_cli() -> CliInfo | None:
    """A Pulumi CLI of major version 3 and at least :data:`MINIMUM_CLI_VERSION`, or None.

    Looked for on ``PATH``, then in the per-user cache, for the version of the installed
    ``pulumi`` SDK first.
    """
    seen: set[Path] = set()
    for bin_dir in _candidates():
        if bin_dir in seen or not (bin_dir / "pulumi").is_file():
            continue
        seen.add(bin_dir)
        found = _version_of(bin_dir / "pulumi")
        if found is None or found[0] != 3 or found < MINIMUM_CLI_VERSION:
            continue
        return CliInfo(bin_dir, found)
    return None


def how_to_get_the_cli() -> str:
    """One line: how to get a Pulumi CLI this package can run under."""
    return _HOW_TO_GET_IT


@dataclass
class LocalBackend:
    """A file backend, passphrase secrets and a ``PULUMI_HOME`` in one temporary directory.

    :param cli: the CLI to run (:func:`find_cli`).
    :param passphrase: the secrets passphrase (random if not given).
    :param python: the Python that runs dynamic providers of inline programs (this one).
    """

    cli: CliInfo
    passphrase: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    python: str = sys.executable
    root: Path = field(init=False)
    _tmp: tempfile.TemporaryDirectory[str] | None = field(init=False, default=None)

    def __enter__(self) -> LocalBackend:
        self._tmp = tempfile.TemporaryDirectory(prefix="vpsorg-engine-")
        self.root = Path(self._tmp.name)
        for sub in ("backend", "home", "workspaces"):
            (self.root / sub).mkdir()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    @property
    def backend_dir(self) -> Path:
        """Where the stacks' state lives (``file://`` backend)."""
        return self.root / "backend"

    @property
    def home(self) -> Path:
        """``PULUMI_HOME``: plugin cache, credentials, workspace settings."""
        return self.root / "home"

    def env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """Environment for the CLI: offline, local, no prompts; the caller's ``GOGC`` and
        ``GOMEMLIMIT`` if set."""
        path = os.pathsep.join([str(self.cli.bin_dir), os.environ.get("PATH", "")])
        env = {
            "PATH": path,
            "PULUMI_BACKEND_URL": self.backend_dir.as_uri(),
            "PULUMI_HOME": str(self.home),
            "PULUMI_CONFIG_PASSPHRASE": self.passphrase,
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_SKIP_CONFIRMATIONS": "true",
            "PULUMI_PYTHON_CMD": self.python,
            # Ambient VPS.org settings of the caller's shell must not leak into a stack.
            ENV_TOKEN: "",
            ENV_URL: "",
            ENV_ORDERS_URL: "",
            ENV_ORDERS_TOKEN: "",
        }
        # The caller's tuning of the Go runtime (the CLI and its language hosts are Go programs);
        # of the rest of the caller's environment, only PATH is passed on (above).
        env.update({k: os.environ[k] for k in _GO_RUNTIME_SETTINGS if k in os.environ})
        if extra:
            env.update(extra)
        return env

    def command(self) -> Any:
        """``PulumiCommand`` for :attr:`cli`, one per CLI and process."""
        return _pulumi_command(str(self.cli.root))

    def inline_stack(
        self,
        project: Path | str,
        stack: str,
        program: Callable[[], None] | None = None,
        *,
        env: Mapping[str, str] | None = None,
    ) -> Any:
        """The stack ``stack`` of an inline program.

        ``project`` is an example directory (its ``Pulumi.yaml`` names the project and its
        ``__main__.py`` is the program) or a project name given with ``program``.
        """
        from pulumi import automation as auto

        if isinstance(project, Path):
            name = project_setting(project, "name")
            if name is None:
                raise ValueError(f"{project} has no Pulumi.yaml with a name")
            body = program or _example_program(project)
        else:
            if program is None:
                raise ValueError("program is required with a project name")
            name, body = project, program
        work_dir = self.root / "workspaces" / f"{name}-{stack}"
        work_dir.mkdir(exist_ok=True)
        opts = auto.LocalWorkspaceOptions(
            work_dir=str(work_dir),
            pulumi_home=str(self.home),
            env_vars=self.env(env),
            pulumi_command=self.command(),
            project_settings=auto.ProjectSettings(name=name, runtime="python"),
        )
        return auto.create_or_select_stack(
            stack_name=stack, project_name=name, program=body, opts=opts
        )


def set_stack_config(
    stack: Any, *, api_url: str, api_token: str, config: Mapping[str, object] | None = None
) -> Any:
    """``vpsorg:apiUrl``, ``vpsorg:apiToken`` (secret) and the program's own keys (booleans as
    ``true``/``false``), with one ``pulumi config set-all``; returns ``stack``."""
    from pulumi import automation as auto

    from .directory import config_text

    values = {
        URL_CONFIG: auto.ConfigValue(api_url),
        TOKEN_CONFIG: auto.ConfigValue(api_token, secret=True),
    }
    values.update((key, auto.ConfigValue(config_text(v))) for key, v in (config or {}).items())
    stack.set_all_config(values)
    return stack


def _example_program(directory: Path) -> Callable[[], None]:
    main = directory / "__main__.py"

    def program() -> None:
        runpy.run_path(str(main), run_name="__main__")

    return program


@functools.cache
def _pulumi_command(root: str) -> Any:
    """``PulumiCommand(root=root)``, made once: making one runs ``pulumi version`` (about 0.15
    CPU-seconds), and every Automation API stack needs one."""
    from pulumi import automation as auto

    return auto.PulumiCommand(root=root)


# Project directories driven with the `pulumi` command: their own module, named here too.
from .directory import ProjectCommandError, ProjectStack, install  # noqa: E402
