"""The package's errors as Pulumi reports them: message first, no traceback.

The Pulumi runtime prints a :class:`pulumi.RunError` raised by a program as its message alone and
any other exception with its whole traceback; the dynamic provider host sends the engine
``traceback.format_exc()`` of whatever a provider method raises. These helpers make a
:class:`~pulumi_vpsorg._errors.VpsOrgError` read as the message it carries in both places, while it
stays an instance of its own class (``except NoMatchingPlanError`` still catches it).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from pulumi.errors import RunError

from ._errors import VpsOrgError

__all__ = ["as_run_error", "run_errors", "short_traceback"]

P = ParamSpec("P")
R = TypeVar("R")
E = TypeVar("E", bound=VpsOrgError)


_classes: dict[type[VpsOrgError], type[VpsOrgError]] = {}


def _run_error_class(cls: type[VpsOrgError]) -> type[VpsOrgError]:
    made = _classes.get(cls)
    if made is None:
        namespace = {"__module__": cls.__module__, "__qualname__": cls.__qualname__}
        made = _classes.setdefault(cls, type(cls.__name__, (cls, RunError), namespace))
    return made


def as_run_error(exc: E) -> E:
    """``exc`` as an instance of a subclass of both its class and :class:`pulumi.RunError`."""
    if isinstance(exc, RunError):
        return exc
    cls = _run_error_class(type(exc))
    clone = cls.__new__(cls)
    clone.__dict__.update(exc.__dict__)
    clone.args = exc.args
    return clone  # type: ignore[return-value]


def run_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorate a function a program calls: the package's errors leave it as :func:`as_run_error`."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except VpsOrgError as exc:
            raise as_run_error(exc) from None

    return wrapper


def short_traceback(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorate a provider method: the package's errors leave it without the frames below it.

    The engine then shows the message under three frames of the provider host, instead of under
    every frame between the host and the line that raised. A cause the error carries
    (``__cause__``, e.g. the API error under an ``OrderApplyError``) stays, shown as its message
    alone: its frames are dropped too.
    """

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except VpsOrgError as exc:
            cause = exc.__cause__
            while cause is not None:
                cause.__traceback__ = None
                cause = cause.__cause__
            raise exc.with_traceback(None) from exc.__cause__

    wrapper.__vpsorg_short_traceback__ = True  # type: ignore[attr-defined]
    return wrapper
