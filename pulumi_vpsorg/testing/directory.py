"""Pulumi project directories driven with the ``pulumi`` command exactly as a user types it there.

:class:`ProjectStack` runs ``pulumi stack init``, ``pulumi config set``, ``pulumi up`` and the rest
in a project's directory with a :class:`~pulumi_vpsorg.testing.engine.LocalBackend`: the project's
language host runs the program in the project's own virtualenv, which :func:`install` makes with
``pulumi install`` (once per directory, under a lock shared by processes).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._http.errors import redact
from .._vocabulary import TOKEN_CONFIG, URL_CONFIG
from .project import project_file

if TYPE_CHECKING:
    from .engine import LocalBackend

__all__ = ["ProjectCommandError", "ProjectStack", "config_text", "install", "project_virtualenv"]


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
        secrets: Sequence[str] = (),
    ) -> subprocess.CompletedProcess[str]:
        """``pulumi ARGS`` in the project directory; raises :class:`ProjectCommandError` on a
        non-zero exit when ``check``. ``stdin`` is typed at its prompts (none by default);
        ``on_output`` gets each line (standard output and error together) as it is printed.
        ``secrets``: values in ARGS that an error, a timeout's included, shows redacted (as the
        HTTP errors redact the token)."""
        command = [str(self.backend.cli.pulumi), *args]
        env = self.backend.env(self.env)
        try:
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
        except subprocess.TimeoutExpired:
            # Its message would show the command line; this one shows it with secrets hidden.
            shown = [_unsecret(a, secrets) for a in (str(self.backend.cli.pulumi), *args)]
            raise subprocess.TimeoutExpired(shown, timeout) from None
        if check and done.returncode != 0:
            output = _unsecret(done.stdout + done.stderr, secrets)
            args_shown = [_unsecret(a, secrets) for a in args]
            raise ProjectCommandError(args_shown, done.returncode, output)
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
        text = config_text(value)
        flags = ["--secret"] if secret else []
        self.pulumi("config", "set", *flags, key, "--", text, secrets=[text] if secret else [])

    def configure(
        self, *, api_url: str, api_token: str, config: Mapping[str, object] | None = None
    ) -> ProjectStack:
        """``vpsorg:apiUrl``, ``vpsorg:apiToken`` (secret) and the program's own keys, with one
        ``pulumi config set-all``: the settings file a ``pulumi config set`` per key writes, in one
        command instead of one a key (each command about 0.25 CPU-seconds)."""
        # One flag per key, a key of ``config`` replacing the URL or token as a later
        # ``config set`` would (set-all applies every --plaintext before every --secret).
        values: dict[str, tuple[str, object]] = {
            URL_CONFIG: ("--plaintext", api_url),
            TOKEN_CONFIG: ("--secret", api_token),
        }
        values.update((key, ("--plaintext", value)) for key, value in (config or {}).items())
        args = [a for key, (flag, v) in values.items() for a in (flag, f"{key}={config_text(v)}")]
        secrets = [config_text(v) for flag, v in values.values() if flag == "--secret"]
        self.pulumi("config", "set-all", *args, secrets=secrets)
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
        self.forget()

    def forget(self) -> None:
        """Only the stack's settings file, for a stack whose backend is thrown away with it
        (a :class:`LocalBackend`'s, on leaving it): no ``pulumi stack rm``, a CLI start."""
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


def _installed_since_requirements(directory: Path, virtualenv: str) -> bool:
    """The project's virtualenv exists and was made after its ``requirements.txt`` last changed."""
    venv = directory / virtualenv
    marker = venv / "pyvenv.cfg"
    requirements = directory / "requirements.txt"
    if not marker.is_file() or not (venv / "bin").is_dir():
        return False
    return not requirements.is_file() or requirements.stat().st_mtime <= marker.stat().st_mtime


def project_virtualenv(directory: Path) -> str:
    """The ``virtualenv`` runtime option of the project or policy pack (``venv`` in every
    example)."""
    return _virtualenv(_runtime(directory)[1])


def _virtualenv(options: dict[str, Any]) -> str:
    virtualenv = options.get("virtualenv")
    return str(virtualenv) if virtualenv else "venv"


def _runtime(directory: Path) -> tuple[str, dict[str, Any]]:
    """The runtime's name and options in the project or policy pack file."""
    settings = project_file(directory) or project_file(directory, policy_pack=True) or {}
    runtime = settings.get("runtime")
    if isinstance(runtime, str):
        return runtime, {}
    if isinstance(runtime, dict):
        options = runtime.get("options")
        return str(runtime.get("name", "")), options if isinstance(options, dict) else {}
    return "", {}


def _runs_on_the_python_on_path(name: str, options: dict[str, Any]) -> bool:
    """A Python project (runtime ``name``, ``options``) with neither a virtualenv nor a toolchain
    of its own: its program runs on ``PULUMI_PYTHON_CMD`` (this process's Python,
    :meth:`LocalBackend.env`) or the ``python3`` on ``PATH``, and ``pulumi install`` would upgrade
    that interpreter's pip, setuptools and wheel (seen with ``strace``) and install any
    requirements into it."""
    toolchain = options.get("toolchain", "pip")
    return name == "python" and not options.get("virtualenv") and toolchain == "pip"


def install(backend: LocalBackend, directory: Path) -> None:
    """``pulumi install`` in ``directory`` under a lock shared by processes, unless its
    virtualenv was already made since its ``requirements.txt`` last changed (the first ``pulumi
    up`` would make it too; the lock keeps two processes from making it at once).

    Not for a Python project without a virtualenv (pip toolchain): there it would change the
    interpreter the program runs on, which is not the project's; the program runs on it as it is.
    """
    import fcntl
    import hashlib

    directory = directory.resolve()
    if directory in _INSTALLED:
        return
    name, options = _runtime(directory)
    if _runs_on_the_python_on_path(name, options):
        _INSTALLED.add(directory)
        return
    digest = hashlib.sha256(str(directory).encode()).hexdigest()[:16]
    lock_path = Path(tempfile.gettempdir()) / f"vpsorg-pulumi-install-{digest}.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if _installed_since_requirements(directory, _virtualenv(options)):
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


def _unsecret(text: str, secrets: Sequence[str]) -> str:
    # The whole text: a command's output is not cut, as an API message is.
    return redact(text, secrets, limit=sys.maxsize)


def config_text(value: object) -> str:
    """A config value as typed on the command line (booleans as ``true``/``false``)."""
    return str(value).lower() if isinstance(value, bool) else str(value)
