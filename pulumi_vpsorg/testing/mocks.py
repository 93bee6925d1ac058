"""Pulumi's runtime mocks standing in for the engine, with this package's dynamic resources
carried out by their real providers (``configure``, ``check``, ``create`` against the API); the
values as the engine would pass them (secrets wrapped, unknowns marked). Used by
:func:`~pulumi_vpsorg.testing.harness.run_program`.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import dill
from pulumi.dynamic import CheckResult, ConfigureRequest, CreateResult, ReadResult, ResourceProvider
from pulumi.dynamic.config import Config as DynamicConfig
from pulumi.output import Unknown
from pulumi.runtime import mocks as pulumi_mocks
from pulumi.runtime import rpc

from .._vocabulary import DYNAMIC_TYPE_PREFIX

__all__ = ["PROVIDER_KEY", "UNKNOWN", "CheckFailedError", "ResourceRecord"]


PROVIDER_KEY: Final = "__provider"



class _Unknown:
    """A value not known during a preview."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"


#: Stands for an output that is unknown in a preview (``preview=True``).
UNKNOWN: Final = _Unknown()


class CheckFailedError(ValueError):
    """A provider's ``check()`` rejected a resource's inputs (the engine would stop here too).

    :ivar resource_type: the type token, e.g. ``pulumi-python:dynamic/vpsorg:PlanLookup``.
    :ivar resource_name: the resource's name in the program.
    :ivar failures: ``(property, reason)`` for each failure.
    """

    def __init__(
        self, resource_type: str, resource_name: str, failures: list[tuple[str, str]]
    ) -> None:
        self.resource_type = resource_type
        self.resource_name = resource_name
        self.failures = failures
        short = resource_type.rsplit(":", 1)[-1]
        detail = "; ".join(f"{prop}: {reason}" for prop, reason in failures)
        super().__init__(f"{short} {resource_name!r}: invalid inputs: {detail}")


@dataclass(frozen=True)
class ResourceRecord:
    """One resource the program registered, as the engine left it.

    :ivar type: the type token.
    :ivar name: the resource name.
    :ivar id: the provider's id (empty in a preview).
    :ivar inputs: the inputs after ``check()`` (plain values, ``__provider`` left out).
    :ivar outputs: the outputs after ``create()`` (plain values, secrets unwrapped).
    """

    type: str
    name: str
    id: str
    inputs: dict[str, Any]
    outputs: dict[str, Any]


# -- values ------------------------------------------------------------------------------


def _is_secret(value: Any) -> bool:
    return isinstance(value, dict) and value.get(rpc._special_sig_key) == rpc._special_secret_sig


def _unwrap(value: Any) -> Any:
    """Secret wrappers removed, recursively (the engine strips them before a provider sees them)."""
    if _is_secret(value):
        return _unwrap(value.get("value"))
    if isinstance(value, dict):
        return {k: _unwrap(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unwrap(v) for v in value]
    return value


def _secret(value: Any) -> dict[str, Any]:
    return {rpc._special_sig_key: rpc._special_secret_sig, "value": value}


def _plain(value: Any) -> Any:
    """A value as the engine stores and shows it: plain dicts and lists, JSON numbers."""
    if isinstance(value, Unknown) or (isinstance(value, str) and value == rpc.UNKNOWN):
        return UNKNOWN
    if isinstance(value, Mapping):
        # Sorted, as ``pulumi stack output`` shows them.
        return {str(k): _plain(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        # Numbers cross the engine as doubles and print as JSON: 12.0 is shown as 12.
        return int(value)
    return value


def _config_value(value: Any) -> str:
    """A config value as ``pulumi config set`` stores it: text (structured values as JSON)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value)


# -- the mocks ---------------------------------------------------------------------------


class _Monitor(pulumi_mocks.MockMonitor):
    """The mock monitor, also passing on each resource's ``additional_secret_outputs``."""

    def __init__(self, mocks: _VpsOrgMocks) -> None:
        super().__init__(mocks)
        self.local = threading.local()

    def RegisterResource(self, request: Any) -> Any:
        self.local.secret_outputs = list(request.additionalSecretOutputs)
        try:
            return super().RegisterResource(request)  # type: ignore[no-untyped-call]
        finally:
            self.local.secret_outputs = []


class _VpsOrgMocks(pulumi_mocks.Mocks):
    """Real providers for ``vpsorg`` dynamic resources; ``fallback`` (or echo) for the rest."""

    def __init__(
        self,
        config: Mapping[str, str],
        project: str,
        preview: bool,
        fallback: pulumi_mocks.Mocks | None,
    ) -> None:
        self.config = dict(config)
        self.project = project
        self.preview = preview
        self.fallback = fallback
        self.monitor: _Monitor | None = None
        self.records: list[ResourceRecord] = []
        self._providers: dict[str, ResourceProvider] = {}
        self._lock = threading.Lock()

    def call(self, args: pulumi_mocks.MockCallArgs) -> tuple[dict[Any, Any], Any]:
        """Invokes: the fallback's answer, else nothing (this package uses no invokes)."""
        if self.fallback is not None:
            return self.fallback.call(args)
        return {}, None

    def new_resource(
        self, args: pulumi_mocks.MockResourceArgs
    ) -> tuple[str | None, dict[Any, Any]]:
        """Carry out a ``vpsorg`` dynamic resource with its provider; echo anything else."""
        if not args.typ.startswith(DYNAMIC_TYPE_PREFIX) or PROVIDER_KEY not in args.inputs:
            if self.fallback is not None:
                return self.fallback.new_resource(args)
            return (None if self.preview else f"{args.name}-id"), dict(args.inputs)
        local = self.monitor.local if self.monitor is not None else None
        secret_outputs: list[str] = list(getattr(local, "secret_outputs", None) or [])
        inputs = dict(args.inputs)
        secret_inputs = {k for k, v in inputs.items() if _is_secret(v)}
        blob = _unwrap(inputs[PROVIDER_KEY])
        provider = self._provider(str(blob))
        news = {k: _unwrap(v) for k, v in inputs.items()}
        if args.resource_id:
            # Resource.get(...) or import: the engine reads the resource by id.
            read: ReadResult = provider.read(args.resource_id, news)
            return self._finish(args, read.id or "", news, dict(read.outs or {}), secret_outputs)
        checked: CheckResult = provider.check({}, news)
        if checked.failures:
            raise CheckFailedError(
                args.typ, args.name, [(f.property, f.reason) for f in checked.failures]
            )
        checked_inputs = dict(checked.inputs or {})
        checked_inputs[PROVIDER_KEY] = news[PROVIDER_KEY]
        secret_outputs.extend(k for k in secret_inputs if k != PROVIDER_KEY)
        if self.preview:
            # The engine does not create in a preview: outputs beyond the inputs are unknown.
            return self._finish(args, "", checked_inputs, dict(checked_inputs), secret_outputs)
        created: CreateResult = provider.create(dict(checked_inputs))
        outs = dict(created.outs or {})
        outs[PROVIDER_KEY] = news[PROVIDER_KEY]
        return self._finish(args, str(created.id), checked_inputs, outs, secret_outputs)

    def _finish(
        self,
        args: pulumi_mocks.MockResourceArgs,
        id_: str,
        inputs: dict[str, Any],
        outs: dict[str, Any],
        secret_outputs: list[str],
    ) -> tuple[str | None, dict[Any, Any]]:
        record = ResourceRecord(
            type=args.typ,
            name=args.name,
            id=id_,
            inputs={k: _plain(v) for k, v in inputs.items() if k != PROVIDER_KEY},
            outputs={k: _plain(v) for k, v in outs.items() if k != PROVIDER_KEY},
        )
        with self._lock:
            self.records.append(record)
        state = {k: (_secret(v) if k in secret_outputs else v) for k, v in outs.items()}
        return (id_ or None), state

    def _provider(self, blob: str) -> ResourceProvider:
        """Load and configure the pickled provider once per run, as the dynamic provider host does."""
        with self._lock:
            existing = self._providers.get(blob)
            if existing is not None:
                return existing
            # The program's own provider, pickled by the SDK moments ago in this process.
            provider = dill.loads(base64.b64decode(blob))  # noqa: S301
            if not isinstance(provider, ResourceProvider):
                raise TypeError(f"__provider holds {type(provider).__name__}, not a provider")
            provider.configure(ConfigureRequest(DynamicConfig(dict(self.config), self.project)))
            self._providers[blob] = provider
            return provider


# -- running -----------------------------------------------------------------------------


