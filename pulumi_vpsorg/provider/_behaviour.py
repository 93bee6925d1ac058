"""What a resource does, apart from how it is hosted.

Each resource's check, diff, create, read, update and delete live in a *behaviour*: a class that
works on plain property mappings, reaches the API through its host's ``client()``, and answers
with the plain results below. :class:`pulumi_vpsorg.provider._base.BehaviourProvider` hosts a
behaviour as a Pulumi dynamic provider; another host (a provider plugin, a test) can drive the
same class.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from pulumi.output import Unknown
from pulumi.runtime import rpc

from .._errors import APIError, NotFoundError, VpsOrgError
from .._vocabulary import whole

if TYPE_CHECKING:
    from ..client import VpsOrgClient

T = TypeVar("T")

__all__ = [
    "Behaviour",
    "Changes",
    "Checked",
    "Created",
    "Found",
    "Host",
    "NotProvenGoneError",
    "is_unknown",
    "one_line",
    "prove_gone",
    "warn",
    "whole",
]


def one_line(text: str) -> str:
    """``text`` with every character that is not printable (newlines, escapes) as a space: a
    warning is one line, and a server's text cannot steer the terminal."""
    return "".join(c if c.isprintable() else " " for c in text)


def warn(warnings: Sequence[str]) -> None:
    """Show ``warnings`` on stderr: the engine prints each line a dynamic provider writes there
    under the command's diagnostics (a dynamic provider has no engine log). The native plugin
    sends its warnings to the engine's log instead, and comes here only without one
    (:mod:`pulumi_vpsorg.plugin.engine_log`)."""
    for text in warnings:
        sys.stderr.write(f"warning: {one_line(text)}\n")
    if warnings:
        sys.stderr.flush()


def is_unknown(value: Any) -> bool:
    """A value not known yet (preview): the engine's sentinel, deserialized or not."""
    return isinstance(value, Unknown) or (isinstance(value, str) and value == rpc.UNKNOWN)


class Host(Protocol):
    """What a behaviour needs from whatever hosts it."""

    def client(self) -> VpsOrgClient:
        """The API client for the host's settings."""
        ...

    def settings(self) -> tuple[str | None, str | None]:
        """``(token, url)`` as configured, each ``None`` when unset."""
        ...


# Plain classes, not dataclasses: building a dataclass costs more at import than this module.


class Checked:
    """Validated inputs, and ``(property, reason)`` for each problem."""

    __slots__ = ("failures", "inputs")

    def __init__(
        self, inputs: dict[str, Any], failures: list[tuple[str, str]] | None = None
    ) -> None:
        self.inputs = inputs
        self.failures = list(failures or ())


class Changes:
    """The properties that differ, and those of them that force a replacement."""

    __slots__ = ("changed", "delete_before_replace", "replaces")

    def __init__(
        self,
        changed: list[str],
        replaces: list[str] | None = None,
        delete_before_replace: bool = False,
    ) -> None:
        self.changed = changed
        self.replaces = list(replaces or ())
        self.delete_before_replace = delete_before_replace


class Created:
    """The new resource's id and outputs."""

    __slots__ = ("id", "outs")

    def __init__(self, id_: str, outs: dict[str, Any]) -> None:
        self.id = id_
        self.outs = outs


class Found:
    """A read: the id (empty or ``None`` when the resource is gone), outputs, the inputs
    to record when the read adopts the resource (``None`` keeps the desired inputs), and
    warnings for the user (the host shows them: the engine's log, or stderr)."""

    __slots__ = ("id", "inputs", "outs", "warnings")

    def __init__(
        self,
        id_: str | None,
        outs: dict[str, Any],
        inputs: dict[str, Any] | None = None,
        warnings: Sequence[str] = (),
    ) -> None:
        self.id = id_
        self.outs = outs
        self.inputs = inputs
        self.warnings = tuple(warnings)


class NotProvenGoneError(VpsOrgError):
    """A read answered 404, but not in a way that proves the object gone (assumption A12): the
    refresh fails and the state stays as it was."""


def prove_gone(
    miss: NotFoundError, what: str, collection: Callable[[], object], again: Callable[[], T]
) -> T | None:
    """Whether ``what``, just answered with 404 ``miss``, is truly gone (assumption A12).

    Proof is: the 404 carries the API's JSON error body (a ``message``); ``collection`` (the list
    at the same URL) succeeds, so the URL and token reach the API; and ``again`` answers the same
    404 once more.

    :returns: ``None`` when gone; what ``again`` read when the object is there after all.
    :raises NotProvenGoneError: on anything less, naming what failed.
    """
    keep = "the state is left as it was; run the refresh again once the API answers normally"
    if miss.api_message is None:
        raise NotProvenGoneError(
            f"{what}: {miss}, without the API's JSON error body: not proof that it is gone "
            f"(a proxy or a wrong URL answers like that); {keep}"
        ) from miss
    try:
        collection()
    except APIError as exc:
        raise NotProvenGoneError(
            f"{what}: {miss}, and the list at the same URL failed too ({exc}): the URL, token or "
            f"API is at fault, not proof that it is gone; {keep}"
        ) from exc
    try:
        return again()
    except NotFoundError as exc:
        if exc.api_message is None:
            raise NotProvenGoneError(
                f"{what}: the second read answered {exc}, without the API's JSON error body; "
                f"{keep}"
            ) from exc
        return None
    except APIError as exc:
        raise NotProvenGoneError(
            f"{what}: answered 404, then the second read failed ({exc}); {keep}"
        ) from exc


class Behaviour:
    """Base of every resource's behaviour; subclasses implement all six operations."""

    #: Why ``pulumi import`` of this resource means nothing, or ``None`` when a read by id alone
    #: (:meth:`read` with no properties) adopts it.
    import_refusal: str | None = None
    #: Whether :meth:`delete` may call the API (its host loads the client first).
    delete_calls_api: bool = True

    def __init__(self, host: Host) -> None:
        self.host = host

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> Checked:
        """Validate the inputs, without calling the API."""
        raise NotImplementedError

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> Changes:
        """What differs between the last outputs and the new inputs, without calling the API."""
        raise NotImplementedError

    def create(self, props: dict[str, Any]) -> Created:
        """Bring the resource into being (or adopt it)."""
        raise NotImplementedError

    def read(self, id_: str, props: dict[str, Any]) -> Found:
        """The resource as the API shows it now."""
        raise NotImplementedError

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        """Apply the new inputs; returns the new outputs."""
        raise NotImplementedError

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Remove (or forget) the resource."""
        raise NotImplementedError
