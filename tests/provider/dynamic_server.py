"""Drive the real dynamic-provider gRPC server the way the Pulumi engine does.

``python -m pulumi.dynamic`` is the module the engine launches for ``pulumi-python:dynamic``
resources. :class:`DynamicProviderServer` starts it as a subprocess (environment scrubbed of the
VPS.org settings, so they must arrive through ``Configure``), reads the port it prints, and calls
Configure, Check, Diff, Create, Read, Update and Delete over gRPC with properties serialized by
``pulumi.runtime.rpc`` and the provider pickled by ``serialize_provider``, exactly as the SDK does.

Every call returns a :class:`Reply` holding the plain values and the raw response bytes, and the
server keeps a transcript of all raw bytes, so tests can assert that a secret appears nowhere::

    with DynamicProviderServer(MyProvider()) as server:
        server.configure({"vpsorg:apiToken": token, "vpsorg:apiUrl": url})
        urn = server.urn("PlanLookup", "web")
        checked = server.check(urn, {}, {"slug": "standard"})
        created = server.create(urn, checked.properties)
        assert token.encode() not in server.transcript_bytes()

Like the engine's provider process, the server deserializes and configures each distinct
``__provider`` once and caches it: call :meth:`~DynamicProviderServer.configure` before the first
resource call, and use a fresh server to test different settings.
"""

from __future__ import annotations

import asyncio
import base64
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import IO, Any

import grpc
from google.protobuf import struct_pb2
from google.protobuf.message import Message
from pulumi.dynamic import ResourceProvider
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

__all__ = [
    "PROVIDER_KEY",
    "SCRUBBED_ENV",
    "DynamicProviderServer",
    "ProviderCallError",
    "Reply",
    "secret",
]

PROVIDER_KEY = "__provider"
#: Removed from the subprocess environment: settings must come through ``Configure``.
SCRUBBED_ENV = ("VPSORG_API_TOKEN", "VPSORG_API_URL")
_STARTUP_TIMEOUT = 60.0
_CALL_TIMEOUT = 120.0


def secret(value: Any) -> dict[str, Any]:
    """Wrap a value the way the engine marks a secret property (e.g. a secret config value)."""
    return {rpc._special_sig_key: rpc._special_secret_sig, "value": value}


class ProviderCallError(RuntimeError):
    """The provider answered a call with a gRPC error (the traceback is in ``details``)."""

    def __init__(self, method: str, code: grpc.StatusCode, details: str) -> None:
        self.method = method
        self.code = code
        self.details = details
        super().__init__(f"{method} failed with {code.name}: {details}")


@dataclass
class Reply:
    """What one call returned: plain values plus the raw protobuf bytes."""

    raw: bytes
    message: Message
    id: str | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    inputs: dict[str, Any] | None = None
    failures: list[tuple[str, str]] = field(default_factory=list)
    changes: bool | None = None
    replaces: list[str] = field(default_factory=list)
    delete_before_replace: bool = False

    def outputs(self) -> dict[str, Any]:
        """The properties without the pickled provider."""
        return {k: v for k, v in self.properties.items() if k != PROVIDER_KEY}


def _serialize(props: Mapping[str, Any]) -> struct_pb2.Struct:
    # serialize_properties is a coroutine; the dynamic server itself runs it in a fresh loop.
    loop = asyncio.new_event_loop()
    try:
        result: struct_pb2.Struct = loop.run_until_complete(
            rpc.serialize_properties(dict(props), {})
        )
        return result
    finally:
        loop.close()


def _deserialize(struct: struct_pb2.Struct) -> dict[str, Any]:
    value = rpc.deserialize_properties(struct, keep_unknowns=True)
    return dict(value) if value else {}


class DynamicProviderServer:
    """A ``python -m pulumi.dynamic`` subprocess and a gRPC stub talking to it.

    :param provider: the provider instance whose pickle goes into ``__provider`` when a call's
        properties lack one (pass ``None`` to always supply ``__provider`` yourself).
    :param env: extra environment for the subprocess (applied after scrubbing).
    :param project: the ``PULUMI_PROJECT`` the server sees, also used in URNs.
    :param stack: the stack name used in URNs.
    """

    def __init__(
        self,
        provider: ResourceProvider | None = None,
        *,
        env: Mapping[str, str] | None = None,
        project: str = "project",
        stack: str = "stack",
    ) -> None:
        self.serialized_provider = serialize_provider(provider) if provider is not None else None
        self.project = project
        self.stack = stack
        self._extra_env = dict(env or {})
        self.transcript: list[bytes] = []
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._channel: grpc.Channel | None = None
        self._stub: provider_pb2_grpc.ResourceProviderStub | None = None
        self.port: int | None = None

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> DynamicProviderServer:
        """Launch the server and connect; returns self."""
        if self._process is not None:
            raise RuntimeError("the server is already started")
        env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
        env.setdefault("PULUMI_PROJECT", self.project)
        env.update(self._extra_env)
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "pulumi.dynamic"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=env,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line.strip().isdigit():
            self.close()
            raise RuntimeError(f"pulumi.dynamic did not print its port: {line!r}\n{self.stderr()}")
        self.port = int(line)
        self._channel = grpc.insecure_channel(f"127.0.0.1:{self.port}")
        grpc.channel_ready_future(self._channel).result(timeout=_STARTUP_TIMEOUT)
        self._stub = provider_pb2_grpc.ResourceProviderStub(self._channel)
        return self

    def close(self) -> None:
        """Close the channel and stop the subprocess."""
        if self._channel is not None:
            self._channel.close()
            self._channel = None
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            if self._process.stdout is not None:
                self._process.stdout.close()
            self._process = None
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def __enter__(self) -> DynamicProviderServer:
        return self if self._process is not None else self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def stderr(self) -> str:
        """What the server wrote to stderr so far (for failure messages)."""
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        return self._stderr.read().decode(errors="replace")

    # -- helpers -------------------------------------------------------------------------

    def urn(self, type_name: str, name: str) -> str:
        """``urn:pulumi:stack::project::pulumi-python:dynamic/vpsorg:<type_name>::<name>``.

        :param type_name: ``"PlanLookup"`` (module ``vpsorg`` implied) or ``"module:Name"``.
        """
        token = type_name if ":" in type_name else f"vpsorg:{type_name}"
        return f"urn:pulumi:{self.stack}::{self.project}::pulumi-python:dynamic/{token}::{name}"

    def transcript_bytes(self) -> bytes:
        """Every raw response so far, concatenated."""
        return b"".join(self.transcript)

    def with_provider(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """``props`` plus ``__provider`` (the pickled provider) when missing."""
        result = dict(props)
        if PROVIDER_KEY not in result:
            if self.serialized_provider is None:
                raise ValueError("no provider given: pass __provider in the properties")
            result[PROVIDER_KEY] = self.serialized_provider
        return result

    def pickled_provider_bytes(self) -> bytes:
        """The dill pickle inside ``__provider``, base64-decoded."""
        if self.serialized_provider is None:
            return b""
        return base64.b64decode(self.serialized_provider)

    def _call(self, method: str, request: Message) -> Message:
        if self._stub is None:
            raise RuntimeError("the server is not started")
        try:
            response: Message = getattr(self._stub, method)(request, timeout=_CALL_TIMEOUT)
        except grpc.RpcError as exc:
            code = exc.code()  # type: ignore[attr-defined]
            details = exc.details() or ""  # type: ignore[attr-defined]
            self.transcript.append(details.encode())
            raise ProviderCallError(method, code, details) from None
        raw = response.SerializeToString()
        self.transcript.append(raw)
        return response

    # -- the engine's calls --------------------------------------------------------------

    def configure(self, config: Mapping[str, Any], *, secret_keys: Iterable[str] = ()) -> Reply:
        """``Configure`` with ``config`` (keys like ``"vpsorg:apiToken"``) in ``args``.

        :param secret_keys: keys whose values are sent marked secret, as the engine does for
            ``pulumi config set --secret`` values.
        """
        secrets = set(secret_keys)
        args = {k: (secret(v) if k in secrets else v) for k, v in config.items()}
        variables = {k: str(v) for k, v in config.items()}
        request = provider_pb2.ConfigureRequest(
            variables=variables, args=_serialize(args), acceptSecrets=True, acceptResources=True
        )
        response = self._call("Configure", request)
        return Reply(raw=response.SerializeToString(), message=response)

    def check(self, urn: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> Reply:
        """``Check``: validated inputs in ``properties``, failures as (property, reason)."""
        request = provider_pb2.CheckRequest(
            urn=urn,
            olds=_serialize(self.with_provider(olds) if olds else {}),
            news=_serialize(self.with_provider(news)),
        )
        response = self._call("Check", request)
        assert isinstance(response, provider_pb2.CheckResponse)
        return Reply(
            raw=response.SerializeToString(),
            message=response,
            properties=_deserialize(response.inputs),
            failures=[(f.property, f.reason) for f in response.failures],
        )

    def diff(self, id_: str, urn: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> Reply:
        """``Diff``: ``changes`` is True, False, or None (unknown)."""
        request = provider_pb2.DiffRequest(
            id=id_,
            urn=urn,
            olds=_serialize(self.with_provider(olds)),
            news=_serialize(self.with_provider(news)),
        )
        response = self._call("Diff", request)
        assert isinstance(response, provider_pb2.DiffResponse)
        changes = {
            provider_pb2.DiffResponse.DIFF_SOME: True,
            provider_pb2.DiffResponse.DIFF_NONE: False,
        }.get(response.changes)
        return Reply(
            raw=response.SerializeToString(),
            message=response,
            changes=changes,
            replaces=list(response.replaces),
            delete_before_replace=response.deleteBeforeReplace,
        )

    def create(self, urn: str, properties: Mapping[str, Any]) -> Reply:
        """``Create``: the new id and output properties."""
        request = provider_pb2.CreateRequest(
            urn=urn, properties=_serialize(self.with_provider(properties))
        )
        response = self._call("Create", request)
        assert isinstance(response, provider_pb2.CreateResponse)
        return Reply(
            raw=response.SerializeToString(),
            message=response,
            id=response.id,
            properties=_deserialize(response.properties),
        )

    def read(
        self,
        id_: str,
        urn: str,
        properties: Mapping[str, Any],
        inputs: Mapping[str, Any] | None = None,
    ) -> Reply:
        """``Read`` (what ``pulumi refresh`` sends): prior outputs, and optionally inputs."""
        request = provider_pb2.ReadRequest(
            id=id_,
            urn=urn,
            properties=_serialize(self.with_provider(properties) if properties else {}),
            inputs=_serialize(self.with_provider(inputs) if inputs is not None else {}),
        )
        response = self._call("Read", request)
        assert isinstance(response, provider_pb2.ReadResponse)
        has_inputs = response.HasField("inputs") and len(response.inputs.fields) > 0
        return Reply(
            raw=response.SerializeToString(),
            message=response,
            id=response.id,
            properties=_deserialize(response.properties),
            inputs=_deserialize(response.inputs) if has_inputs else None,
        )

    def update(self, id_: str, urn: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> Reply:
        """``Update``: the new output properties (``olds`` are the prior outputs)."""
        request = provider_pb2.UpdateRequest(
            id=id_,
            urn=urn,
            olds=_serialize(self.with_provider(olds)),
            news=_serialize(self.with_provider(news)),
        )
        response = self._call("Update", request)
        assert isinstance(response, provider_pb2.UpdateResponse)
        return Reply(
            raw=response.SerializeToString(),
            message=response,
            properties=_deserialize(response.properties),
        )

    def delete(self, id_: str, urn: str, properties: Mapping[str, Any]) -> Reply:
        """``Delete`` with the resource's last outputs."""
        request = provider_pb2.DeleteRequest(
            id=id_, urn=urn, properties=_serialize(self.with_provider(properties))
        )
        response = self._call("Delete", request)
        return Reply(raw=response.SerializeToString(), message=response)
