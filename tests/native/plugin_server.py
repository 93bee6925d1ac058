"""Drive the real ``pulumi-resource-vpsorg`` process over gRPC, as the engine does.

The console script is started as a subprocess (environment scrubbed of the VPS.org settings, so
they must arrive through ``Configure``); every call is a real gRPC request, with properties
serialized by ``pulumi.runtime.rpc`` (secrets and unknowns as the engine marks them). Every raw
response is kept in a transcript, so tests can assert that a secret appears nowhere.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import grpc
from google.protobuf.message import Message
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from tests.provider.dynamic_server import (
    SCRUBBED_ENV,
    ProviderCallError,
    Reply,
    _deserialize,
    _serialize,
    secret,
)

__all__ = ["PluginServer", "ProviderCallError", "Reply", "plugin_command", "secret"]

_TIMEOUT = 60.0
EXTRA_SCRUBBED = ("VPSORG_ORDERS_API_TOKEN", "VPSORG_ORDERS_API_URL")


def plugin_command() -> list[str]:
    """The installed console script (what ``pip install`` puts on ``PATH``)."""
    script = Path(sys.executable).with_name("pulumi-resource-vpsorg")
    if not script.exists():
        raise RuntimeError(f"{script} is missing: pip install -e . puts it there")
    return [str(script)]


class PluginServer:
    """A ``pulumi-resource-vpsorg`` subprocess and a gRPC stub talking to it."""

    def __init__(
        self, *, env: Mapping[str, str] | None = None, engine: str = "127.0.0.1:1"
    ) -> None:
        """:param engine: the engine address passed as the last argument (by default one where
        nothing listens: the plugin's warnings then go to its stderr)."""
        self._extra_env = dict(env or {})
        self._engine = engine
        self.transcript: list[bytes] = []
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._channel: grpc.Channel | None = None
        self._stub: provider_pb2_grpc.ResourceProviderStub | None = None

    def __enter__(self) -> PluginServer:
        scrubbed = (*SCRUBBED_ENV, *EXTRA_SCRUBBED)
        env = {k: v for k, v in os.environ.items() if k not in scrubbed}
        env.update(self._extra_env)
        self._stderr = tempfile.TemporaryFile()
        self._process = subprocess.Popen(
            [*plugin_command(), "-v=9", self._engine],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=env,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line.strip().isdigit():
            self.__exit__(None, None, None)
            raise RuntimeError(f"the plugin did not print its port: {line!r}")
        self._channel = grpc.insecure_channel(f"127.0.0.1:{int(line)}")
        grpc.channel_ready_future(self._channel).result(timeout=_TIMEOUT)
        self._stub = provider_pb2_grpc.ResourceProviderStub(self._channel)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._channel is not None:
            self._channel.close()
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            if self._process.stdout is not None:
                self._process.stdout.close()
            self._process = None
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def stderr(self) -> str:
        """What the plugin wrote to stderr so far."""
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        return self._stderr.read().decode(errors="replace")

    def transcript_bytes(self) -> bytes:
        """Every raw response (and error detail) so far."""
        return b"".join(self.transcript)

    @staticmethod
    def urn(type_name: str, name: str) -> str:
        """The URN of a ``vpsorg:index:<type_name>`` resource."""
        return f"urn:pulumi:stack::project::vpsorg:index:{type_name}::{name}"

    def call(self, method: str, request: Message) -> Any:
        """One raw gRPC call; a gRPC error becomes :class:`ProviderCallError`."""
        assert self._stub is not None
        try:
            response = getattr(self._stub, method)(request, timeout=_TIMEOUT)
        except grpc.RpcError as exc:
            details = exc.details() or ""  # type: ignore[attr-defined]
            self.transcript.append(details.encode())
            raise ProviderCallError(method, exc.code(), details) from None  # type: ignore[attr-defined]
        self.transcript.append(response.SerializeToString())
        return response

    # -- the engine's calls -------------------------------------------------------------

    def schema(self) -> dict[str, Any]:
        """``GetSchema``, parsed."""
        response = self.call("GetSchema", provider_pb2.GetSchemaRequest(version=0))
        loaded: dict[str, Any] = json.loads(response.schema)
        return loaded

    def configure(
        self, args: Mapping[str, Any], *, secret_keys: Iterable[str] = (), variables: bool = True
    ) -> Any:
        """``Configure`` with provider inputs ``args`` (``apiToken``, ``apiUrl``...)."""
        secrets = set(secret_keys)
        wrapped = {k: (secret(v) if k in secrets else v) for k, v in args.items()}
        names = {f"vpsorg:config:{k}": str(v) for k, v in args.items()} if variables else {}
        return self.call(
            "Configure",
            provider_pb2.ConfigureRequest(
                variables=names, args=_serialize(wrapped), acceptSecrets=True
            ),
        )

    def check(self, type_name: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> Reply:
        """``Check``: checked inputs and failures."""
        response = self.call(
            "Check",
            provider_pb2.CheckRequest(
                urn=self.urn(type_name, "r"), olds=_serialize(olds), news=_serialize(news)
            ),
        )
        return Reply(
            raw=response.SerializeToString(),
            message=response,
            properties=_deserialize(response.inputs),
            failures=[(f.property, f.reason) for f in response.failures],
        )

    def diff(
        self, type_name: str, id_: str, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> Reply:
        """``Diff`` of the prior outputs ``olds`` and the checked inputs ``news``."""
        response = self.call(
            "Diff",
            provider_pb2.DiffRequest(
                id=id_, urn=self.urn(type_name, "r"), olds=_serialize(olds), news=_serialize(news)
            ),
        )
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

    def create(self, type_name: str, props: Mapping[str, Any], *, preview: bool = False) -> Reply:
        """``Create``: id and outputs."""
        response = self.call(
            "Create",
            provider_pb2.CreateRequest(
                urn=self.urn(type_name, "r"), properties=_serialize(props), preview=preview
            ),
        )
        return Reply(
            raw=response.SerializeToString(),
            message=response,
            id=response.id,
            properties=_deserialize(response.properties),
        )

    def read(
        self,
        type_name: str,
        id_: str,
        props: Mapping[str, Any] | None = None,
        inputs: Mapping[str, Any] | None = None,
    ) -> Reply:
        """``Read``: with no properties and no inputs, what ``pulumi import`` sends."""
        response = self.call(
            "Read",
            provider_pb2.ReadRequest(
                id=id_,
                urn=self.urn(type_name, "r"),
                properties=_serialize(props or {}),
                inputs=_serialize(inputs or {}),
            ),
        )
        return Reply(
            raw=response.SerializeToString(),
            message=response,
            id=response.id,
            properties=_deserialize(response.properties),
            inputs=_deserialize(response.inputs),
        )

    def update(
        self,
        type_name: str,
        id_: str,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        *,
        preview: bool = False,
    ) -> Reply:
        """``Update``: the new outputs."""
        response = self.call(
            "Update",
            provider_pb2.UpdateRequest(
                id=id_,
                urn=self.urn(type_name, "r"),
                olds=_serialize(olds),
                news=_serialize(news),
                preview=preview,
            ),
        )
        return Reply(
            raw=response.SerializeToString(),
            message=response,
            properties=_deserialize(response.properties),
        )

    def delete(self, type_name: str, id_: str, props: Mapping[str, Any]) -> None:
        """``Delete`` with the last outputs."""
        self.call(
            "Delete",
            provider_pb2.DeleteRequest(
                id=id_, urn=self.urn(type_name, "r"), properties=_serialize(props)
            ),
        )

    def invoke(self, token: str, args: Mapping[str, Any]) -> dict[str, Any]:
        """``Invoke``: the function's result."""
        response = self.call("Invoke", provider_pb2.InvokeRequest(tok=token, args=_serialize(args)))
        return _deserialize(getattr(response, "return"))
