"""How a function's ``_output`` twin runs it: over resolved Inputs, after its ``depends_on``.

As in Pulumi's own SDKs, a twin takes ``opts: pulumi.InvokeOutputOptions``. Its ``depends_on``
resources are waited for (a custom resource until its id is known, a component through its
children): an audit read after an ``Order`` change sees the change. While a dependency's id is
unknown (a preview of a resource about to change), the function does not run and the result is
unknown. The result depends on those resources and on the resources behind the Inputs.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import pulumi

__all__ = ["output_of"]

R = TypeVar("R")


def _in_thread(fn: Callable[..., R]) -> Callable[[Mapping[str, Any]], Any]:
    """Run ``fn(**args)`` off the event loop, so lookups in one program overlap."""

    def run(args: Mapping[str, Any]) -> Any:
        call = functools.partial(fn, **args)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return call()
        # The copied context carries Pulumi's per-program state (stack config set with
        # set_all_config, as inline Automation API programs and mocks do) into the worker thread.
        return loop.run_in_executor(None, contextvars.copy_context().run, call)

    return run


def _resources(value: Any) -> list[pulumi.Resource]:
    """The resources ``depends_on`` names (a resource or a list of them), components expanded."""
    items = value if isinstance(value, Sequence) and not isinstance(value, str) else [value]
    found: list[pulumi.Resource] = []
    pending = [r for r in items if r is not None]
    while pending:
        resource = pending.pop(0)
        if not isinstance(resource, pulumi.Resource):
            raise TypeError(f"depends_on: expected resources, got {resource!r}")
        if resource in found:
            continue
        found.append(resource)
        if not isinstance(resource, pulumi.CustomResource):
            # A component stands for its children (Pulumi's rule for depends_on).
            pending.extend(getattr(resource, "_childResources", ()))
    return found


def _done(resource: pulumi.Resource) -> pulumi.Output[Any]:
    # A custom resource's id resolves once the engine has created or updated it.
    if isinstance(resource, pulumi.CustomResource):
        return resource.id
    return resource.urn


def _after(depends_on: Any) -> pulumi.Output[Any]:
    """An Output known once every ``depends_on`` resource is done, carrying them as dependencies."""
    if depends_on is None:
        return pulumi.Output.from_input(None)
    return pulumi.Output.from_input(depends_on).apply(
        lambda named: pulumi.Output.all(*(_done(r) for r in _resources(named)))
    )


def output_of(
    fn: Callable[..., R], opts: pulumi.InvokeOutputOptions | None, /, **inputs: Any
) -> pulumi.Output[R]:
    """``fn(**inputs)`` as an Output, once the Inputs resolve and ``opts.depends_on`` is done.

    ``None`` inputs are left to ``fn``'s defaults; secrets and dependencies of the Inputs carry
    over to the result.
    """
    given = {k: v for k, v in inputs.items() if v is not None}
    depends_on = opts.depends_on if opts is not None else None
    # from_input resolves the Inputs inside the dict.
    ready = pulumi.Output.all(pulumi.Output.from_input(given), _after(depends_on))
    result: pulumi.Output[R] = ready.apply(lambda both: _in_thread(fn)(both[0]))
    return result
