"""Shared fixtures: a started fake API, a client for it, and no VPS.org settings leaking in."""

from __future__ import annotations

import asyncio
import compileall
import contextvars
import gc
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pytest

from pulumi_vpsorg.client import VpsOrgClient

if TYPE_CHECKING:
    from pulumi_vpsorg.testing import FakeVpsOrgApi


#: Tests that take many seconds each (the Pulumi CLI, builds, fresh virtualenvs, the quick
#: benchmark), by node-id prefix, heaviest first. They start first and the light tests fill in
#: around them (``--dist loadgroup --no-loadscope-reorder`` in pyproject.toml hands tests out in
#: this order, one work unit at a time), so that no worker is left with a long test at the end.
_HEAVY_FIRST: Final = (
    "tests/test_packaging.py",
    "tests/engine/test_wheel.py",
    "tests/engine/test_template.py",
    "tests/engine/test_examples.py",
    "tests/engine/test_example_readmes.py",
    "tests/native/engine/",
    "tests/test_quickstart.py::test_quickstart_runs_every_example",
    "tests/engine/test_quickstart.py",
    "tests/test_benchmarks_smoke.py",
    "tests/engine/test_requirements.py",
    "tests/test_quickstart.py",
    "tests/cli/test_terminal.py",
    "tests/reliability/test_fault_matrix.py",
    "tests/engine/",
)

#: Tests that read one expensive session fixture, by node-id prefix: each group is one work unit
#: of the xdist scheduler, run by one worker, so that the fixture is made once, not once per
#: worker. (Set here, not with ``xdist_group`` marks: pytest-xdist 3.8 under pytest 9.2 ignores
#: those, pytest-dev/pytest-xdist#1386; the controller sees node ids only.)
_SHARED_SETUP: Final = {
    # readme_build: the README's build block, once
    "tests/test_packaging.py": "build",
    "tests/engine/test_wheel.py": "build",
    "tests/engine/test_template.py": "build",
    # quickstart_run: vpsorg-quickstart, once. With a CLI, the quick start makes the stack
    # `quickstart` in each example's directory: its runs must not overlap (their passphrases
    # differ), so every test running it over the examples is in this group.
    "tests/test_quickstart.py::test_quickstart_runs_every_example": "quickstart",
    "tests/test_quickstart.py::test_quickstart_only_and_full": "quickstart",
    "tests/test_quickstart.py::test_the_quickstart_on_a_closed_pipe_ends_quietly": "quickstart",
    "tests/engine/test_quickstart.py": "quickstart",
    # the module's fresh virtualenv, once
    "tests/engine/test_requirements.py": "requirements",
    # runs: each provider's steps in a fresh interpreter, once
    "tests/provider/test_runtime_imports.py": "runtime-imports",
}


def pytest_configure(config: pytest.Config) -> None:
    """Byte-compile the package once, in the controller, before any worker or subprocess starts;
    a lighter Go collector for the CLI.

    The tests start hundreds of Python processes that import the package (programs under the
    Pulumi CLI, dynamic providers, the ``vpsorg`` CLI). Python writes the bytecode caches on the
    first import, as pip does for an installed package, unless ``PYTHONDONTWRITEBYTECODE`` is
    set; with it set (this machine's environment, and so CI's, sets it), every one compiled the
    package's modules from source again: about 0.6 of the 2 CPU-seconds of a ``pulumi up`` of an
    example (docs/benchmarks.md). :mod:`compileall` writes them regardless, and only where stale.

    The tests also start the Pulumi CLI about 480 times, and its language hosts with it: Go
    programs that live a second or two, whose collector at Go's default (``GOGC=100``) runs about
    ten times while the CLI starts. ``GOGC=400`` (the caller's own setting wins; ``LocalBackend``
    passes it on) cuts a ``pulumi config set-all`` or ``pulumi stack output`` from 0.27 to 0.22
    CPU-seconds on average, and an example's ``pulumi up`` with two bookkeeping commands from 2.0
    to 1.85 (docs/benchmarks.md, eighth pass).
    """
    os.environ.setdefault("GOGC", "400")
    if hasattr(config, "workerinput"):  # a pytest-xdist worker: the controller compiled
        return
    compileall.compile_dir(Path(__file__).parent.parent / "pulumi_vpsorg", quiet=1)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The heavy tests first (:data:`_HEAVY_FIRST`); the rest keep their order."""

    def rank(item: pytest.Item) -> int:
        return next(
            (i for i, prefix in enumerate(_HEAVY_FIRST) if item.nodeid.startswith(prefix)),
            len(_HEAVY_FIRST),
        )

    items.sort(key=rank)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Exempt what collection left alive from the cyclic garbage collector.

    The modules, Pulumi's and pydantic's among them, and the collected tests stay alive for the
    whole session; without this every full collection walked them again, about a fifth of a
    worker's CPU time (5.3 of 25 CPU-seconds, against 2.0 frozen; docs/benchmarks.md, eighth
    pass). Garbage already made is collected first, so none of it is kept.
    """
    gc.collect()
    gc.freeze()


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: a worker per core and one more. Many tests spend their time waiting (on the
    Pulumi CLI's child processes, a fake API's latency, a timeout), so one worker per core
    leaves cores idle (docs/benchmarks.md, "The test suite")."""
    return (os.cpu_count() or 1) + 1


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under ``--dist loadgroup``: xdist's groups plus :data:`_SHARED_SETUP`."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class SharedSetupScheduling(LoadGroupScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            for prefix, group in _SHARED_SETUP.items():
                if nodeid.startswith(prefix):
                    return group
            scope: str = super()._split_scope(nodeid)
            return scope

    return SharedSetupScheduling(config, log)


@pytest.fixture(autouse=True)
def _fresh_event_loop() -> Iterator[None]:
    """Each test gets its own main-thread event loop.

    Pulumi's runtime (and ``set_mocks``) schedules on the current loop; a test that ran
    ``asyncio.run`` leaves the main thread without one, which would break the next test.
    """
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    yield
    asyncio.set_event_loop(None)
    loop.close()


def _pulumi_runtime_state() -> tuple[list[contextvars.ContextVar[Any]], list[Any]]:
    """The context variables behind Pulumi's runtime settings (engine, monitor, project, stack,
    dry run, ...), its root resource and its config, and the properties that wrap the settings."""
    from pulumi._utils import ContextProperty
    from pulumi.runtime import config, settings

    properties = [p for p in vars(settings.Settings).values() if isinstance(p, ContextProperty)]
    variables = [p._data for p in properties]
    variables += [settings.ROOT, config.CONFIG, config._SECRET_KEYS]
    return variables, properties


_PULUMI_COROUTINES: Final = frozenset({"run_in_stack", "run_pulumi_func"})


def collect_pulumis_leftovers() -> None:
    """Collect what a Pulumi program left behind, now, dropping exactly one kind of report.

    After a program fails, the Pulumi SDK leaves its ``run_in_stack`` and ``run_pulumi_func``
    coroutines unfinished; collected later, they report ``RuntimeError: no running event loop``
    as unraisable exceptions, which this suite turns into an error of whichever test runs then.
    """
    previous = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        code = getattr(unraisable.object, "cr_code", None)
        if (
            code is not None
            and code.co_name in _PULUMI_COROUTINES
            and f"{os.sep}pulumi{os.sep}runtime{os.sep}" in code.co_filename
            and isinstance(unraisable.exc_value, RuntimeError)
        ):
            return
        previous(unraisable)

    sys.unraisablehook = hook
    try:
        gc.collect()
    finally:
        sys.unraisablehook = previous


@contextmanager
def pulumi_runtime_restored() -> Iterator[None]:
    """Pulumi's runtime settings, root resource and config afterwards as they were before.

    ``pulumi.runtime.set_mocks`` (and an Automation API inline program) configures them for the
    whole thread, and a setting that was ``None`` also becomes the default every other thread sees
    (``ContextProperty.fset``): without this, a later test's ``pulumi.log.warn`` goes to the
    mocks' logger instead of stderr. What the program left is collected here when anything
    changed (:func:`collect_pulumis_leftovers`), not during a later test.
    """
    variables, properties = _pulumi_runtime_state()
    tokens = [(var, var.get(), var.set(var.get())) for var in variables]
    defaults = [(p, p._ContextProperty__default) for p in properties]  # type: ignore[attr-defined]
    try:
        yield
    finally:
        changed = any(var.get() is not value for var, value, _ in tokens) or any(
            p._ContextProperty__default is not default  # type: ignore[attr-defined]
            for p, default in defaults
        )
        for var, _, token in reversed(tokens):
            var.reset(token)
        for prop, default in defaults:
            prop._ContextProperty__default = default  # type: ignore[attr-defined]
        if changed:
            collect_pulumis_leftovers()


@pytest.fixture(autouse=True)
def _pulumi_runtime_isolated() -> Iterator[None]:
    """No test sees the Pulumi runtime (mocks, engine, config) an earlier test configured."""
    with pulumi_runtime_restored():
        yield


@pytest.fixture(autouse=True)
def _shared_clients_closed() -> Iterator[None]:
    """The clients a test's functions and providers shared (one per settings, for the process)
    are closed after it: each test's fake API has settings of its own, so they would pile up
    with their sockets to stopped servers."""
    yield
    from pulumi_vpsorg._client_registry import close_shared_clients

    close_shared_clients()


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's VPSORG_API_TOKEN / VPSORG_API_URL (nor the orders ones)."""
    for name in (
        "VPSORG_API_TOKEN",
        "VPSORG_API_URL",
        "VPSORG_ORDERS_API_TOKEN",
        "VPSORG_ORDERS_API_URL",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake_api() -> Iterator[FakeVpsOrgApi]:
    """A started fake API on loopback, with its default data."""
    from pulumi_vpsorg.testing import FakeVpsOrgApi

    with FakeVpsOrgApi() as api:
        yield api


@pytest.fixture
def client(fake_api: FakeVpsOrgApi) -> Iterator[VpsOrgClient]:
    """A client for ``fake_api`` with its read/write token."""
    with VpsOrgClient(api_token=fake_api.token, api_url=fake_api.url, max_retries=0) as c:
        yield c


@pytest.fixture
def fast(fake_api: FakeVpsOrgApi) -> Iterator[VpsOrgClient]:
    """A client with retries but a negligible backoff."""
    with VpsOrgClient(fake_api.token, fake_api.url, max_retries=3, backoff_factor=0.001) as c:
        yield c


# -- expensive setup, made once and read by several tests (on one worker: _SHARED_SETUP) ---------


@pytest.fixture(scope="session")
def readme_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user's checkout (a copy of this one's files) in which the README's "Install" build
    block ran as written (a virtualenv, ``pip install build``, ``python -m build``); its
    ``dist/`` holds the wheel and the sdist. Read by the packaging, wheel and template tests
    (one worker: :data:`_SHARED_SETUP`)."""
    from pulumi_vpsorg._version import __version__

    from .packaging_support import CHECKOUT_PLACEHOLDER, ROOT, copy_checkout, shell_blocks

    (block,) = [b for b in shell_blocks(ROOT / "README.md", "Install") if "python -m build" in b]
    checkout = copy_checkout(tmp_path_factory.mktemp("user") / "pulumi-vpsorg")
    block = block.replace(CHECKOUT_PLACEHOLDER, str(checkout))
    env = {k: v for k, v in os.environ.items() if k != "PIP_FIND_LINKS"}
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", block + '\nprintf "%s" "$PIP_FIND_LINKS"'],
        cwd=checkout.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == str(checkout / "dist")
    assert sorted(p.name for p in (checkout / "dist").iterdir()) == [
        f"pulumi_vpsorg-{__version__}-py3-none-any.whl",
        f"pulumi_vpsorg-{__version__}.tar.gz",
    ]
    return checkout


@pytest.fixture(scope="session")
def quickstart_run() -> subprocess.CompletedProcess[str]:
    """``vpsorg-quickstart`` as a user first types it (no arguments: under the Pulumi CLI when
    one is found, else under the mocks), with no ``VPSORG_*`` or ``PULUMI_*`` settings of this
    shell. Read by ``tests/test_quickstart.py`` and the engine tier (one worker: :data:`_SHARED_SETUP`)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VPSORG_", "PULUMI_"))}
    return subprocess.run(
        [sys.executable, "-m", "pulumi_vpsorg.quickstart"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
