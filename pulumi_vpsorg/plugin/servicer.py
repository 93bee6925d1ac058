"""The provider gRPC interface, served directly (as ``pulumi.dynamic``'s host serves it): each
call becomes plain state for the resource's behaviour or the function, and its answer goes back
in the schema's names, with secrets marked and, in preview, what is computed left unknown.

Every failure reaches the engine as the package's one-line message; anything else as its class
and message, with the traceback on the plugin's stderr (the engine's verbose log), not the user's
screen.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final, TypeVar

import grpc
from google.protobuf import empty_pb2
from pulumi.runtime.proto import plugin_pb2, provider_pb2, provider_pb2_grpc

from .._errors import ConfigurationError, VpsOrgError
from .._numbers import shown
from .._version import __version__
from .._vocabulary import (
    CONFIG_ORDERS_TOKEN_KEY,
    CONFIG_ORDERS_URL_KEY,
    CONFIG_TOKEN_KEY,
    CONFIG_URL_KEY,
    SECRET_ECHOES,
    whole,
)
from . import shapes, wire
from .engine_log import EngineLog
from .host import PluginHost, provider_config
from .served import behaviour_class, canonical_token, function

__all__ = ["VpsOrgProviderServicer"]

R = TypeVar("R")
_DIFF = provider_pb2.DiffResponse
_KIND = provider_pb2.PropertyDiff


class _Reworded(VpsOrgError):
    """A package error whose message names the properties as the schema spells them."""


#: The provider settings' Python names (what the client's errors say) as the provider's inputs
#: (``apiUrl``, as ``CheckConfig`` names them; config ``vpsorg:apiUrl``).
_SETTINGS: Final = {
    "api_token": CONFIG_TOKEN_KEY,
    "api_url": CONFIG_URL_KEY,
    "orders_api_token": CONFIG_ORDERS_TOKEN_KEY,
    "orders_api_url": CONFIG_ORDERS_URL_KEY,
}
#: :data:`SECRET_ECHOES` in wire names.
_ECHOES: Final = {
    shapes.camel(name): tuple(map(shapes.camel, echoes)) for name, echoes in SECRET_ECHOES.items()
}


def _secret_outputs(
    outputs: shapes.Shape, secrets: set[str], prior: set[str] | frozenset[str] = frozenset()
) -> set[str]:
    """The outputs to send marked secret (wire names): those the schema marks, those that
    arrived secret (``secrets``), and the echoes of those or of the ``prior`` outputs' secrets:
    once secret, an echo stays so in updates (an unset input leaves the secret value in place; a
    new plain one is over-marked, never leaked)."""
    return set(outputs.secrets).union(
        secrets,
        *(
            echoes
            for name, echoes in _ECHOES.items()
            if name in secrets or name in prior or prior.intersection(echoes)
        ),
    )


def _without_secrets(reason: str, values: Iterable[Any]) -> str:
    """``reason`` with each of ``values`` (inputs that arrived secret) shown as ``[secret]``, in
    the forms the behaviours show values in (``shown``, integral floats as integers)."""
    for value in values:
        if value == wire.UNKNOWN:
            continue
        for text in {shown(value), shown(whole(value))}:
            reason = re.sub(rf"(?<![\w.]){re.escape(text)}(?![\w.])", "[secret]", reason)
    return reason


_SETTING_WORDS: Final = re.compile(
    r"\b(" + "|".join(sorted(_SETTINGS, key=len, reverse=True)) + r")\b"
)


def _message(exc: BaseException) -> str:
    if isinstance(exc, VpsOrgError):
        return str(exc)
    traceback.print_exception(exc, file=sys.stderr)
    return f"{type(exc).__name__}: {exc}"


def _answers(fn: Callable[..., R]) -> Callable[..., R]:
    """A call whose failure the engine shows as one line (see the module docstring)."""

    @functools.wraps(fn)
    def wrapper(self: Any, request: Any, context: grpc.ServicerContext) -> R:
        try:
            return fn(self, request, context)
        except Exception as exc:
            message = _message(exc)
        context.abort(grpc.StatusCode.UNKNOWN, message)
        raise AssertionError("unreachable: abort raises")

    return wrapper


def _wire_words(shape: shapes.Shape, text: str) -> str:
    """``text`` with ``shape``'s properties and the provider's settings named as the schema
    spells them (``billingCycle``, ``apiUrl``), not as Python does."""
    return _SETTING_WORDS.sub(lambda m: _SETTINGS[m.group(1)], shape.in_wire_names(text))


@contextlib.contextmanager
def _worded(shape: shapes.Shape) -> Iterator[None]:
    """A package error from within, in :func:`_wire_words`."""
    try:
        yield
    except VpsOrgError as exc:
        raise _Reworded(_wire_words(shape, str(exc))) from None


def _type_of(request: Any) -> str:
    """The resource type: the request's ``type``, else the URN's last type segment."""
    token = getattr(request, "type", "") or request.urn.split("::")[2].rpartition("$")[2]
    return canonical_token(token)


class VpsOrgProviderServicer(provider_pb2_grpc.ResourceProviderServicer):
    """``pulumi-resource-vpsorg``: the package's resources and functions as a native provider."""

    def __init__(self, log: EngineLog | None = None) -> None:
        self.host = PluginHost()
        self.log = log if log is not None else EngineLog(None)

    # -- the plugin and its configuration -------------------------------------------------

    def GetPluginInfo(self, request: Any, context: Any) -> Any:
        return plugin_pb2.PluginInfo(version=__version__)

    @_answers
    def GetSchema(self, request: Any, context: Any) -> Any:
        return provider_pb2.GetSchemaResponse(schema=shapes.schema_text())

    @_answers
    def CheckConfig(self, request: Any, context: Any) -> Any:
        from .._config import check_url

        news = wire.decode(request.news)
        failures = []
        for key in ("apiUrl", "ordersApiUrl"):
            value = news.props.get(key)
            if isinstance(value, str) and value and value != wire.UNKNOWN:
                try:
                    check_url(key, value)
                except VpsOrgError as exc:
                    failures.append(
                        provider_pb2.CheckFailure(
                            property=key, reason=str(exc).removeprefix(f"{key}: ")
                        )
                    )
        secrets = news.secrets | shapes.provider_shape().secrets
        return provider_pb2.CheckResponse(
            inputs=wire.encode(news.props, secrets), failures=failures
        )

    @_answers
    def DiffConfig(self, request: Any, context: Any) -> Any:
        olds, news = wire.decode(request.olds).props, wire.decode(request.news).props
        keys = shapes.provider_shape().properties
        changed = [k for k in keys if olds.get(k) != news.get(k)]
        return _DIFF(changes=_DIFF.DIFF_SOME if changed else _DIFF.DIFF_NONE, diffs=changed)

    @_answers
    def Configure(self, request: Any, context: Any) -> Any:
        args = wire.decode(request.args).props
        self.host.configure(provider_config(args, dict(request.variables)))
        return provider_pb2.ConfigureResponse(
            acceptSecrets=True, supportsPreview=True, acceptResources=False
        )

    def Cancel(self, request: Any, context: Any) -> Any:
        return empty_pb2.Empty()

    # -- functions ------------------------------------------------------------------------

    @_answers
    def Invoke(self, request: Any, context: Any) -> Any:
        from ..functions._client import hosted_config

        token, fn = function(request.tok)
        arguments, result = shapes.function_shapes(token)
        props = wire.decode(request.args).props
        problems = arguments.problems(props)
        if problems:  # the function would fail with Python's own words, or ignore the key
            raise ConfigurationError("; ".join(f"{name}: {reason}" for name, reason in problems))
        args = arguments.to_state(props)
        with _worded(arguments), hosted_config(self.host.config):
            value = fn(**{k: v for k, v in args.items() if v is not None})
        outs = result.to_wire(value.to_dict())
        return provider_pb2.InvokeResponse(**{"return": wire.encode(outs, result.secrets)})

    # -- resources ------------------------------------------------------------------------

    def _resource(self, request: Any) -> tuple[Any, shapes.Shape, shapes.Shape]:
        token = _type_of(request)
        inputs, outputs = shapes.resource_shapes(token)
        return behaviour_class(token)(self.host), inputs, outputs

    @_answers
    def Check(self, request: Any, context: Any) -> Any:
        behaviour, inputs, _ = self._resource(request)
        # inf or NaN fails its own property; the others are still checked, so that every failure
        # shows at once (and none twice: the property left out is not also "required").
        not_finite: list[wire.NotFinite] = []
        olds = wire.decode(request.olds, not_finite=[])
        news = wire.decode(request.news, not_finite=not_finite)
        bad = {exc.property for exc in not_finite}
        # A property the schema does not have is refused by name, whatever the resource: the
        # behaviours would drop it or name it in its snake_case form.
        unknown = inputs.problems(news.props)
        known = {k: v for k, v in news.props.items() if k in inputs.properties}
        checked = behaviour.check(inputs.to_state(olds.props), inputs.to_state(known))
        failures = [
            provider_pb2.CheckFailure(property=e.property, reason=e.reason) for e in not_finite
        ]
        failures += [
            provider_pb2.CheckFailure(property=p, reason=r) for p, r in unknown if p not in bad
        ]
        # The engine prints the reasons: a value that arrived secret is not quoted in them.
        secret_values = [news.props[k] for k in news.secrets if k in news.props]
        failures += [
            provider_pb2.CheckFailure(
                property=shapes.camel(p),
                reason=_without_secrets(inputs.in_wire_names(r), secret_values),
            )
            for p, r in checked.failures
            if shapes.camel(p) not in bad
        ]
        props = inputs.to_wire(checked.inputs)
        return provider_pb2.CheckResponse(
            inputs=wire.encode(props, news.secrets | inputs.secrets), failures=failures
        )

    @_answers
    def Diff(self, request: Any, context: Any) -> Any:
        behaviour, inputs, outputs = self._resource(request)
        olds, news = wire.decode(request.olds), wire.decode(request.news)
        with _worded(outputs):
            changes = behaviour.diff(
                request.id, outputs.to_state(olds.props), inputs.to_state(news.props)
            )
        changed, replaces = outputs.names(changes.changed), outputs.names(changes.replaces)
        detailed = {
            name: _KIND(
                kind=_KIND.UPDATE_REPLACE if name in replaces else _KIND.UPDATE, inputDiff=True
            )
            for name in changed
        }
        return _DIFF(
            changes=_DIFF.DIFF_SOME if changed else _DIFF.DIFF_NONE,
            replaces=replaces,
            diffs=changed,
            detailedDiff=detailed,
            hasDetailedDiff=True,
            deleteBeforeReplace=changes.delete_before_replace,
        )

    @staticmethod
    def _computed(props: dict[str, Any], outputs: shapes.Shape) -> dict[str, Any]:
        """Preview: the inputs as given; every other output is not known yet (a lookup's
        ``planId`` is an input or computed: a dependent must see it unknown, not absent)."""
        return {**dict.fromkeys(outputs.properties, wire.UNKNOWN), **props}

    @_answers
    def Create(self, request: Any, context: Any) -> Any:
        behaviour, inputs, outputs = self._resource(request)
        news = wire.decode(request.properties)
        if request.preview:
            props = self._computed(news.props, outputs)
            return provider_pb2.CreateResponse(id="", properties=wire.encode(props, news.secrets))
        with _worded(outputs):
            created = behaviour.create(inputs.to_state(news.props))
        props = outputs.to_wire(created.outs)
        return provider_pb2.CreateResponse(
            id=created.id,
            properties=wire.encode(props, _secret_outputs(outputs, news.secrets)),
        )

    @_answers
    def Update(self, request: Any, context: Any) -> Any:
        behaviour, inputs, outputs = self._resource(request)
        olds, news = wire.decode(request.olds), wire.decode(request.news)
        if request.preview:
            props = self._computed(news.props, outputs)
            return provider_pb2.UpdateResponse(properties=wire.encode(props, news.secrets))
        with _worded(outputs):
            outs = behaviour.update(
                request.id, outputs.to_state(olds.props), inputs.to_state(news.props)
            )
        return provider_pb2.UpdateResponse(
            properties=wire.encode(
                outputs.to_wire(outs), _secret_outputs(outputs, news.secrets, olds.secrets)
            )
        )

    @_answers
    def Read(self, request: Any, context: Any) -> Any:
        behaviour, inputs, outputs = self._resource(request)
        state, given = wire.decode(request.properties), wire.decode(request.inputs)
        if not state.props and not given.props and behaviour.import_refusal:
            raise ConfigurationError(
                f"{_type_of(request)} {request.id!r}: {behaviour.import_refusal}"
            )
        with _worded(outputs):
            found = behaviour.read(request.id, outputs.to_state(state.props))
        self.log.warn(request.urn, [_wire_words(outputs, text) for text in found.warnings])
        if not found.id:
            return provider_pb2.ReadResponse(id="")
        props = outputs.to_wire(found.outs)
        kept = given.props if found.inputs is None else inputs.to_wire(found.inputs)
        return provider_pb2.ReadResponse(
            id=found.id,
            properties=wire.encode(props, _secret_outputs(outputs, state.secrets | given.secrets)),
            inputs=wire.encode(kept, given.secrets | inputs.secrets),
        )

    @_answers
    def Delete(self, request: Any, context: Any) -> Any:
        behaviour, _, outputs = self._resource(request)
        with _worded(outputs):
            behaviour.delete(request.id, outputs.to_state(wire.decode(request.properties).props))
        return empty_pb2.Empty()
