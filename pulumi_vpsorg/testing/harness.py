"""Run a Pulumi program in-process under Pulumi's runtime mocks, with real VPS.org providers.

:func:`run_program` is for unit tests of programs that use this package (and for the examples and
the quick start). It stands in for the Pulumi engine and CLI: the program runs on Pulumi's mock
monitor, and each of this package's dynamic resources (``pulumi-python:dynamic/vpsorg:*``) is
carried out by its real provider the way the engine would: the pickled ``__provider`` is loaded,
``configure()`` gets the stack config, then ``check()`` and ``create()`` run against the API. By
default the API is a fresh :class:`~pulumi_vpsorg.testing.FakeVpsOrgApi` started for the run.

Other resources are echoed (outputs = inputs) unless ``mocks`` handles them::

    from pulumi_vpsorg.testing import run_program

    def program() -> None:
        plan = vpsorg.PlanLookup("web", min_vcpus=2, location="eu-central")
        pulumi.export("slug", plan.slug)

    result = run_program(program)
    assert result.outputs["slug"] == "standard"

Runs are serialized within a process (the Pulumi runtime and the working directory are
process-wide); each run gets a fresh runtime, event loop and config, so any number of programs can
run one after another. Stack config reaches the program through Pulumi's own runtime config, never
through the process environment.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import runpy
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pulumi.runtime import mocks as pulumi_mocks
from pulumi.runtime import rpc
from pulumi.runtime import settings as pulumi_settings
from pulumi.runtime.config import set_all_config
from pulumi.runtime.stack import run_in_stack

from .._vocabulary import DYNAMIC_TYPE_PREFIX, TOKEN_CONFIG, URL_CONFIG
from .fake_api import FakeVpsOrgApi
from .mocks import (
    UNKNOWN,
    CheckFailedError,
    ResourceRecord,
    _config_value,
    _is_secret,
    _Monitor,
    _plain,
    _unwrap,
    _VpsOrgMocks,
)
from .project import project_setting

__all__ = [
    "DYNAMIC_TYPE_PREFIX",
    "UNKNOWN",
    "CheckFailedError",
    "ProgramResult",
    "ResourceRecord",
    "run_program",
]

_RUN_LOCK = threading.Lock()


@dataclass(frozen=True)
class ProgramResult:
    """What a run produced.

    :ivar outputs: the stack outputs as plain values (secrets unwrapped; see ``secret_outputs``).
    :ivar secret_outputs: names of the stack outputs that are secret.
    :ivar resources: every resource registered, in registration order.
    :ivar api_url: the API the providers talked to.
    """

    outputs: dict[str, Any]
    secret_outputs: frozenset[str]
    resources: list[ResourceRecord] = field(default_factory=list)
    api_url: str | None = None

    def resource(self, name: str) -> ResourceRecord:
        """The resource called ``name``.

        :raises KeyError: listing the names that exist.
        """
        for record in self.resources:
            if record.name == name:
                return record
        known = ", ".join(r.name for r in self.resources) or "none"
        raise KeyError(f"no resource named {name!r}; resources: {known}")


def _program_file(path: Path) -> Path:
    if path.is_dir():
        main = path / "__main__.py"
        if not main.is_file():
            raise FileNotFoundError(f"{path}: no __main__.py (not a Python Pulumi project)")
        return main
    if path.is_file():
        return path
    raise FileNotFoundError(f"{path}: no such program directory or file")


@contextlib.contextmanager
def _process_state(directory: Path | None) -> Iterator[None]:
    """The working directory and sys.path of the program's project, for the run."""
    saved_cwd = os.getcwd()
    saved_path = list(sys.path)
    try:
        if directory is not None:
            os.chdir(directory)
            sys.path.insert(0, str(directory))
        yield
    finally:
        os.chdir(saved_cwd)
        sys.path[:] = saved_path


def _contains_secret(value: Any) -> bool:
    if _is_secret(value):
        return True
    if isinstance(value, dict):
        return any(_contains_secret(v) for v in value.values())
    if isinstance(value, list):
        return any(_contains_secret(v) for v in value)
    return False


async def _resolve(outputs: Mapping[str, Any]) -> tuple[dict[str, Any], frozenset[str]]:
    """Stack outputs as the engine records them: serialized as the SDK sends them, then read."""
    struct = await rpc.serialize_properties(dict(outputs), {})
    values: dict[str, Any] = rpc.deserialize_properties(struct, keep_unknowns=True)
    secret = frozenset(k for k, v in values.items() if _contains_secret(v))
    return {k: _plain(_unwrap(values[k])) for k in sorted(values)}, secret


def _quiet_unobserved(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """Drop "exception was never retrieved" noise: a failed resource fails every one of its
    outputs, and the run re-raises the error once (as the Pulumi language host does)."""
    if "never retrieved" in str(context.get("message", "")):
        return
    loop.default_exception_handler(context)


def _execute(
    body: Callable[[], object],
    mocks: _VpsOrgMocks,
    config: Mapping[str, str],
    secret_keys: list[str],
    project: str,
    stack: str,
    preview: bool,
) -> tuple[dict[str, Any], frozenset[str]]:
    """Run ``body`` as a stack under the mocks; runs in a fresh thread (fresh context)."""
    loop = asyncio.new_event_loop()
    loop.set_exception_handler(_quiet_unobserved)
    asyncio.set_event_loop(loop)
    try:
        monitor = _Monitor(mocks)
        mocks.monitor = monitor
        # A placeholder root stops set_mocks from registering a stack of its own.
        pulumi_settings.set_root_resource(object())  # type: ignore[arg-type]
        pulumi_mocks.set_mocks(mocks, project, stack, preview, monitor=monitor)
        pulumi_settings.ROOT.set(None)
        set_all_config(dict(config), secret_keys)
        stacks: list[Any] = []

        def in_stack() -> Any:
            # The stack lives in the task's context: keep it to read its outputs afterwards.
            stacks.append(pulumi_settings.get_root_resource())
            return body()

        loop.run_until_complete(run_in_stack(in_stack))
        raw: dict[str, Any] = dict(getattr(stacks[0], "outputs", {}) or {}) if stacks else {}
        return loop.run_until_complete(_resolve(raw))
    finally:
        pending = asyncio.all_tasks(loop)
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_default_executor())
        asyncio.set_event_loop(None)
        loop.close()


def run_program(
    program: Callable[[], object] | str | os.PathLike[str],
    *,
    api_url: str | None = None,
    api_token: str | None = None,
    config: Mapping[str, Any] | None = None,
    project: str | None = None,
    stack: str = "test",
    preview: bool = False,
    mocks: pulumi_mocks.Mocks | None = None,
) -> ProgramResult:
    """Run a Pulumi program in-process and return its stack outputs.

    :param program: a function holding the program (``async def`` too), or a Pulumi project directory (its
        ``__main__.py`` runs as ``pulumi up`` would run it, from that directory), or a ``.py`` file.
    :param api_url: the VPS.org API for ``vpsorg:apiUrl``; ``None`` starts a fresh fake API for
        this run and stops it afterwards.
    :param api_token: ``vpsorg:apiToken`` (set as a secret); defaults to the fresh fake's token,
        or, with ``api_url``, to nothing (the providers then fall back to ``VPSORG_API_TOKEN``).
    :param config: more stack config, as ``pulumi config set`` would write it: bare keys belong to
        the project (``{"minVcpus": 4}`` is ``<project>:minVcpus``), ``ns:key`` keys are kept.
        Values become text; lists and dicts become JSON.
    :param project: the project name; defaults to ``name`` in the directory's ``Pulumi.yaml``,
        else ``"test"``.
    :param stack: the stack name.
    :param preview: run as ``pulumi preview``: providers check but do not create, so outputs
        beyond the inputs are :data:`UNKNOWN`.
    :param mocks: handles resources and invokes of other packages (default: echo inputs).
    :returns: the stack outputs, which are secret, and the resources.
    :raises CheckFailedError: when a provider's ``check()`` rejects a resource's inputs.
    :raises Exception: whatever the program or a provider raised (e.g. ``NoMatchingPlanError``).
    """
    directory: Path | None = None
    main: Path | None = None
    if not callable(program):
        main = _program_file(Path(program).resolve())
        directory = main.parent
        project = project or project_setting(directory, "name")
    project = project or "test"

    with contextlib.ExitStack() as stack_ctx:
        token = api_token
        url = api_url
        if url is None:
            fake = stack_ctx.enter_context(FakeVpsOrgApi(token=api_token))
            url, token = fake.url, fake.token
        settings: dict[str, str] = {URL_CONFIG: url}
        if token is not None:
            settings[TOKEN_CONFIG] = token
        for key, value in (config or {}).items():
            settings[key if ":" in key else f"{project}:{key}"] = _config_value(value)
        secret_keys = [TOKEN_CONFIG] if TOKEN_CONFIG in settings else []
        vpsorg_mocks = _VpsOrgMocks(settings, project, preview, mocks)

        def body() -> object:
            if main is not None:
                runpy.run_path(str(main), run_name="__main__")
                return None
            assert callable(program)
            return program()  # an async program's coroutine is awaited by the runtime

        outcome: dict[str, Any] = {}

        def thread_main() -> None:
            try:
                outcome["value"] = _execute(
                    body, vpsorg_mocks, settings, secret_keys, project or "test", stack, preview
                )
            except BaseException as exc:
                outcome["error"] = exc

        with _RUN_LOCK, _process_state(directory):
            # A thread of its own: a fresh contextvars context and event loop for Pulumi's runtime,
            # whether or not the caller already runs an event loop.
            worker = threading.Thread(target=thread_main, name="pulumi-vpsorg-harness")
            worker.start()
            worker.join()
        if "error" in outcome:
            raise outcome["error"]
        outputs, secret = outcome["value"]
        return ProgramResult(
            outputs=outputs,
            secret_outputs=secret,
            resources=list(vpsorg_mocks.records),
            api_url=url,
        )
