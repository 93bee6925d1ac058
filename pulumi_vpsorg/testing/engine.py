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

import json
import os
import re
import runpy
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
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
        """Environment for the CLI: offline, local, no prompts."""
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
        if extra:
            env.update(extra)
        return env

    def command(self) -> Any:
        """``PulumiCommand`` for :attr:`cli`."""
        from pulumi import automation as auto

        return auto.PulumiCommand(root=str(self.cli.root))

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
    """``pulumi config set vpsorg:apiUrl``, ``--secret vpsorg:apiToken`` and the program's own
    keys (booleans as ``true``/``false``); returns ``stack``."""
    from pulumi import automation as auto

    stack.set_config(URL_CONFIG, auto.ConfigValue(api_url))
    stack.set_config(TOKEN_CONFIG, auto.ConfigValue(api_token, secret=True))
    for key, value in (config or {}).items():
        text = str(value).lower() if isinstance(value, bool) else str(value)
        stack.set_config(key, auto.ConfigValue(text))
    return stack


def _example_program(directory: Path) -> Callable[[], None]:
    main = directory / "__main__.py"

    def program() -> None:
        runpy.run_path(str(main), run_name="__main__")

    return program


class ProjectCommandError(RuntimeError):
    """A ``pulumi`` command of a directory project that exited non-zero.

    :ivar args: the command's arguments after ``pulumi``.
    :ivar returncode: its exit status.
    :ivar output: what it printed, standard output then standard error.
    """

    def __init__(self, args: Sequence[str], returncode: int, output: str) -> None:
        super().__init__(f"pulumi {' '.join(args)} exited {returncode}:\n{output}")
        self.args_ = tuple(args)
        self.returncode = returncode
        self.output = output


#: ``pulumi install`` of a project directory runs once per directory and process: it makes and
#: fills the project's virtualenv, which every stack of that directory shares.
_INSTALLED: set[Path] = set()


@dataclass
class ProjectStack:
    """One stack of a Pulumi project directory, driven with the ``pulumi`` command exactly as a
    user types it there: the project's language host runs the program in the project's own
    virtualenv (made from its ``requirements.txt`` by ``pulumi install``).

    The stack's settings file (``Pulumi.<stack>.yaml``) is written into the directory, as the CLI
    does; :meth:`remove` deletes the stack and that file.

    :param backend: the local backend (state, ``PULUMI_HOME``, passphrase).
    :param directory: the project directory (holding ``Pulumi.yaml``).
    :param name: the stack name.
    :param env: extra environment for every command.
    """

    backend: LocalBackend
    directory: Path
    name: str
    env: Mapping[str, str] = field(default_factory=dict)

    def pulumi(
        self,
        *args: str,
        check: bool = True,
        timeout: float = 600,
        stdin: str | None = None,
        on_output: Callable[[str], None] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """``pulumi ARGS`` in the project directory; raises :class:`ProjectCommandError` on a
        non-zero exit when ``check``. ``stdin`` is typed at its prompts (none by default);
        ``on_output`` gets each line (standard output and error together) as it is printed."""
        command = [str(self.backend.cli.pulumi), *args]
        env = self.backend.env(self.env)
        if on_output is None:
            done = subprocess.run(  # noqa: S603 - the CLI this module found
                command,
                cwd=self.directory,
                env=env,
                input=stdin if stdin is not None else "",
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        else:
            done = _streamed(command, self.directory, env, timeout, on_output)
        if check and done.returncode != 0:
            raise ProjectCommandError(args, done.returncode, done.stdout + done.stderr)
        return done

    def install(self) -> None:
        """``pulumi install``: the project's virtualenv from its ``requirements.txt``, once per
        directory and process (a lock keeps concurrent processes from building it together)."""
        install(self.backend, self.directory)

    def init(self) -> ProjectStack:
        """``pulumi stack init NAME`` (which also selects it)."""
        self.pulumi("stack", "init", self.name)
        return self

    def config_set(self, key: str, value: object, *, secret: bool = False) -> None:
        """``pulumi config set [--secret] KEY VALUE`` (booleans as ``true``/``false``)."""
        text = str(value).lower() if isinstance(value, bool) else str(value)
        self.pulumi("config", "set", *(["--secret"] if secret else []), key, "--", text)

    def configure(
        self, *, api_url: str, api_token: str, config: Mapping[str, object] | None = None
    ) -> ProjectStack:
        """``vpsorg:apiUrl``, ``vpsorg:apiToken`` (``--secret``) and the program's own keys."""
        self.config_set(URL_CONFIG, api_url)
        self.config_set(TOKEN_CONFIG, api_token, secret=True)
        for key, value in (config or {}).items():
            self.config_set(key, value)
        return self

    def up(self, *args: str, on_output: Callable[[str], None] | None = None) -> str:
        """``pulumi up --yes ARGS``; returns what it printed."""
        return self.pulumi("up", "--yes", *args, on_output=on_output).stdout

    def preview(self, *args: str) -> str:
        """``pulumi preview ARGS``; returns what it printed."""
        return self.pulumi("preview", *args).stdout

    def refresh(self, *args: str) -> str:
        """``pulumi refresh --yes ARGS``; returns what it printed."""
        return self.pulumi("refresh", "--yes", *args).stdout

    def destroy(self, *args: str) -> str:
        """``pulumi destroy --yes ARGS``; returns what it printed."""
        return self.pulumi("destroy", "--yes", *args).stdout

    def outputs(self, *, show_secrets: bool = False) -> dict[str, Any]:
        """``pulumi stack output --json`` (secrets shown as ``[secret]`` unless asked)."""
        args = ["stack", "output", "--json", *(["--show-secrets"] if show_secrets else [])]
        found: dict[str, Any] = json.loads(self.pulumi(*args).stdout)
        return found

    def last_changes(self) -> dict[str, int]:
        """The resource changes of the last update, refresh or destroy, without zero counts
        (``pulumi stack history --json``)."""
        history = json.loads(self.pulumi("stack", "history", "--json").stdout)
        counts: Mapping[str, int] = history[0].get("resourceChanges") or {}
        return {op: n for op, n in counts.items() if n}

    def export(self) -> dict[str, Any]:
        """``pulumi stack export`` (secrets stay encrypted)."""
        found: dict[str, Any] = json.loads(self.pulumi("stack", "export").stdout)
        return found

    def resources(self) -> list[dict[str, Any]]:
        """The resources in the stack's state."""
        found: list[dict[str, Any]] = self.export().get("deployment", {}).get("resources") or []
        return found

    @property
    def settings_file(self) -> Path:
        """``Pulumi.<stack>.yaml`` in the project directory."""
        return self.directory / f"Pulumi.{self.name}.yaml"

    def remove(self) -> None:
        """``pulumi stack rm --force --yes`` and the stack's settings file."""
        self.pulumi("stack", "rm", "--force", "--yes", self.name, check=False)
        self.settings_file.unlink(missing_ok=True)


def _streamed(
    command: Sequence[str],
    cwd: Path,
    env: Mapping[str, str],
    timeout: float,
    on_output: Callable[[str], None],
) -> subprocess.CompletedProcess[str]:
    lines: list[str] = []
    with subprocess.Popen(  # noqa: S603 - the CLI this module found
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            on_output(line.rstrip("\n"))
        returncode = process.wait(timeout=timeout)
    return subprocess.CompletedProcess(list(command), returncode, "".join(lines), "")


def _installed_since_requirements(directory: Path) -> bool:
    """The project's virtualenv exists and was made after its ``requirements.txt`` last changed."""
    marker = directory / project_virtualenv(directory) / "pyvenv.cfg"
    requirements = directory / "requirements.txt"
    if not marker.is_file() or not (directory / project_virtualenv(directory) / "bin").is_dir():
        return False
    return not requirements.is_file() or requirements.stat().st_mtime <= marker.stat().st_mtime


def project_virtualenv(directory: Path) -> str:
    """The ``virtualenv`` runtime option of the project (``venv`` in every example)."""
    import yaml

    for name in ("Pulumi.yaml", "PulumiPolicy.yaml"):
        path = directory / name
        if path.is_file():
            settings = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            runtime = settings.get("runtime")
            options = runtime.get("options") if isinstance(runtime, dict) else None
            if isinstance(options, dict) and options.get("virtualenv"):
                return str(options["virtualenv"])
    return "venv"


def install(backend: LocalBackend, directory: Path) -> None:
    """``pulumi install`` in ``directory`` under a lock shared by processes, unless its
    virtualenv was already made since its ``requirements.txt`` last changed (the first ``pulumi
    up`` would make it too; the lock keeps two processes from making it at once)."""
    import fcntl
    import hashlib

    directory = directory.resolve()
    if directory in _INSTALLED:
        return
    digest = hashlib.sha256(str(directory).encode()).hexdigest()[:16]
    lock_path = Path(tempfile.gettempdir()) / f"vpsorg-pulumi-install-{digest}.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if _installed_since_requirements(directory):
                _INSTALLED.add(directory)
                return
            done = subprocess.run(  # noqa: S603 - the CLI this module found
                [str(backend.cli.pulumi), "install"],
                cwd=directory,
                env=backend.env(),
                capture_output=True,
                text=True,
                timeout=900,
                check=False,
            )
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    if done.returncode != 0:
        raise ProjectCommandError(("install",), done.returncode, done.stdout + done.stderr)
    _INSTALLED.add(directory)
