"""How this package's resources are hosted: as Pulumi dynamic providers.

:class:`BehaviourProvider` runs a resource's behaviour (:mod:`pulumi_vpsorg.provider._behaviour`)
behind Pulumi's dynamic ``ResourceProvider`` interface, and gives it settings from
``configure()`` and the process's client for those settings (shared with every other provider
and function that has them: :mod:`pulumi_vpsorg._client_registry`).

The token is read when the engine calls ``configure()`` and kept in a module-level table keyed by
the provider object, never on the object itself: ``__provider`` state must stay free of secrets
(and small; the providers pickle no state at all).

The client (and with it ``requests`` and the pydantic models) is imported on first use, not when
a Pulumi program imports the resources; ``VpsOrgClient`` is still a module attribute (loaded by
module ``__getattr__``), and ``client()`` uses whatever that attribute holds.

A provider process loads modules in two steps, each under one lock: ``configure()`` loads what
``check()`` and ``diff()`` import (:attr:`ClientProvider.check_modules`: rules and names), and
the first Create, Read, Update or Delete that calls the API loads the client, ``requests``,
pydantic and the models. A preview, or an ``up`` that changes nothing, calls only Check and Diff, and
never loads them. The host unpickles providers under its own lock, not ours: unpickling one
imports none of these modules (the provider modules import them lazily).
"""

from __future__ import annotations

import sys
import threading
import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

import pulumi
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from .._config import StackConfig, read_stack_config
from .._errors import ConfigurationError
from .._gc import all_imported, import_all
from .._run_errors import as_run_error, short_traceback
from ._behaviour import warn

if TYPE_CHECKING:
    from ..client import VpsOrgClient
    from ._behaviour import Behaviour

__all__ = [
    "BehaviourProvider",
    "ClientProvider",
    "load_modules",
    "load_runtime",
    "refuse_import",
    "warn",
]

_lock = threading.Lock()
_settings: weakref.WeakKeyDictionary[ResourceProvider, StackConfig] = weakref.WeakKeyDictionary()


def _client_class() -> type[VpsOrgClient]:
    """``VpsOrgClient``, imported on first use (tests may have replaced the module attribute)."""
    cls: type[VpsOrgClient] | None = globals().get("VpsOrgClient")
    if cls is None:
        from ..client import VpsOrgClient

        globals()["VpsOrgClient"] = cls = VpsOrgClient
    return cls


def __getattr__(name: str) -> Any:
    if name == "VpsOrgClient":
        return _client_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: What provider methods import lazily, loaded once by :func:`load_runtime`: the client (with
#: ``requests`` and pydantic) and the plans side ...
_RUNTIME_MODULES = (
    "pulumi_vpsorg.client",
    "pulumi_vpsorg._client_registry",
    "pulumi_vpsorg._boundary",
    "pulumi_vpsorg._catalogue",
    "pulumi_vpsorg.selection",
)
#: ... and the orders side (models, paging, summary), which the client imports on first use.
_ORDERS_MODULES = (
    "pulumi_vpsorg.orders.client",
    "pulumi_vpsorg.orders.summary",
)
_runtime_lock = threading.Lock()


def load_modules(names: Iterable[str]) -> None:
    """Import the modules ``names`` once, under one lock, with garbage collection paused; in
    Pulumi's dynamic provider host the process is frozen after them
    (:func:`pulumi_vpsorg._gc.import_all`). Once they are imported, returns without the lock
    (``client()`` calls it on every request)."""
    names = tuple(names)
    if all_imported(names):
        return
    with _runtime_lock:
        import_all(names, freeze=_in_dynamic_provider_host())


def load_runtime(*extra: str, orders: bool = True) -> None:
    """Import the client, models and helpers the providers use (and the ``extra`` modules a
    provider names) with :func:`load_modules`; the orders side unless ``orders`` is false."""
    load_modules((*_RUNTIME_MODULES, *(_ORDERS_MODULES if orders else ()), *extra))


def _in_dynamic_provider_host() -> bool:
    """Whether this process is the engine's host of dynamic providers (``python -m
    pulumi.dynamic``), not a program or a test calling ``configure()`` itself."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    return getattr(spec, "name", None) == "pulumi.dynamic.__main__"


def refuse_import(opts: pulumi.ResourceOptions | None, type_name: str, hint: str) -> None:
    """Fail early and clearly on ``import_``, which the engine cannot do for dynamic resources.

    The engine's import reads a resource with no state and no inputs, so the dynamic provider
    process never gets the pickled provider it needs (pulumi/pulumi#16175): ``pulumi up`` would
    end in a traceback about ``__provider``.

    :raises ConfigurationError: when ``opts.import_`` is set.
    """
    if opts is not None and opts.import_ is not None:
        raise as_run_error(ConfigurationError(
            f"{type_name}: ResourceOptions(import_=...) cannot work for Pulumi dynamic resources "
            f"(the engine sends no provider with an import; pulumi/pulumi#16175). {hint}"
        ))


#: Provider methods the engine calls; their package errors reach it with a short traceback.
_ENGINE_METHODS = ("check", "diff", "create", "read", "update", "delete")


class ClientProvider(ResourceProvider):
    """Base for this package's dynamic providers: holds no state of its own."""

    serialize_as_secret_always = False
    #: Modules ``check()`` and ``diff()`` import on first call, loaded by ``configure()``.
    check_modules: ClassVar[tuple[str, ...]] = ()
    #: Modules the other methods import on first call, loaded by :meth:`load_runtime` (with the
    #: client) before any of them runs.
    runtime_modules: ClassVar[tuple[str, ...]] = ()
    #: Whether its methods read orders: a provider that reads only plans never loads the
    #: orders models (a faster first call).
    reads_orders: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in _ENGINE_METHODS:
            method = cls.__dict__.get(name)
            if callable(method) and not hasattr(method, "__vpsorg_short_traceback__"):
                setattr(cls, name, short_traceback(method))

    def configure(self, req: ConfigureRequest) -> None:
        """Remember ``vpsorg:apiToken`` / ``vpsorg:apiUrl`` and the orders ones
        (``vpsorg:ordersApiToken`` / ``vpsorg:ordersApiUrl``) from stack config (env is the
        fallback).

        Also loads the modules ``check()`` and ``diff()`` use (:attr:`check_modules`): the engine
        calls the methods of several providers from a thread pool, and modules first imported by
        two threads at once can meet half-initialized (an ``ImportError`` about a circular
        import). The engine configures providers one at a time; the other methods load the rest
        under a lock (:meth:`load_runtime`).
        """
        load_modules(self.check_modules)
        configured = read_stack_config(req.config)
        with _lock:
            _settings[self] = configured

    def load_runtime(self) -> None:
        """Load the client and what the methods other than ``check()`` and ``diff()`` import
        (:attr:`runtime_modules`), once, before the first of them runs."""
        load_runtime(*self.runtime_modules, orders=self.reads_orders)

    def settings(self) -> tuple[str | None, str | None]:
        """``(token, url)`` from stack config, each ``None`` when unset (the environment and the
        default are applied when they are resolved)."""
        with _lock:
            configured = _settings.get(self, StackConfig())
        return configured.api_token, configured.api_url

    def client(self) -> VpsOrgClient:
        """The process's client for this provider's settings (:mod:`.._client_registry`),
        shared with the other resource types' providers and the functions: one connection pool.

        :raises ConfigurationError: when no token is configured anywhere.
        """
        self.load_runtime()
        from .._client_registry import shared_client

        with _lock:
            configured = _settings.get(self, StackConfig())
        return shared_client(configured.client_kwargs(), _client_class())

    def __getstate__(self) -> None:
        # Nothing per instance: the class is pickled by reference, with no state at all (no
        # BUILD). Not even an empty dict: pulumi.dynamic's serialize_provider wraps the pickler's
        # _batch_setitems again on every call and never unwraps it, so each dict pickled walks one
        # wrapper per dynamic resource serialised so far in the process (quadratic; a
        # RecursionError from about the 980th resource).
        return None

    def __setstate__(self, state: dict[str, Any]) -> None:
        # Pickles written by earlier versions hold an empty dict as state (still loaded).
        pass

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)


class BehaviourProvider(ClientProvider):
    """A dynamic provider that runs a behaviour and turns its plain results into Pulumi's.

    Subclasses name the behaviour class (:attr:`behaviour`), or import it in :meth:`act` so that
    a Pulumi program, which only pickles the provider, never loads it. They are pickled by
    reference, so each sets its ``__module__`` to the path states already written name.
    """

    behaviour: ClassVar[type[Behaviour]]

    def act(self) -> Behaviour:
        """The behaviour, hosted by this provider."""
        return self.behaviour(self)

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate the inputs; failures name the property."""
        checked = self.act().check(olds, news)
        return CheckResult(checked.inputs, [CheckFailure(p, r) for p, r in checked.failures])

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Compare the last outputs with the new inputs."""
        changes = self.act().diff(id_, olds, news)
        return DiffResult(
            changes=bool(changes.changed),
            replaces=list(changes.replaces),
            stables=[],
            delete_before_replace=changes.delete_before_replace,
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Create (or adopt) the resource."""
        self.load_runtime()
        created = self.act().create(props)
        return CreateResult(created.id, created.outs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Read the resource as it is now; its warnings go to stderr, which the engine shows."""
        self.load_runtime()
        found = self.act().read(id_, props)
        warn(found.warnings)
        return ReadResult(found.id, found.outs, found.inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Apply the new inputs."""
        self.load_runtime()
        return UpdateResult(self.act().update(id_, olds, news))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Delete (or forget) the resource."""
        behaviour = self.act()
        if behaviour.delete_calls_api:
            self.load_runtime()
        behaviour.delete(id_, props)
