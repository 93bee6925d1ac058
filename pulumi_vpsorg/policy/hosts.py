"""One policy, either host: resources served by the native plugin (``vpsorg:index:PlanLookup``,
camelCase properties) are judged exactly like the dynamic ones (``pulumi-python:dynamic/
vpsorg:PlanLookup``, snake_case state keys). The validators see the dynamic spelling only.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from pulumi_policy import PolicyResource, ResourceValidationArgs, StackValidationArgs

from .._vocabulary import DYNAMIC_TYPE_PREFIX, NATIVE_TYPE_PREFIX, STATE_KEY_OF_PROPERTY

__all__ = ["canonical", "for_resources", "for_stacks"]

_Report = Callable[..., None]
_Args = TypeVar("_Args", ResourceValidationArgs, PolicyResource)


class _StateKeys(Mapping[str, Any]):
    """A native resource's properties under their state keys. Values are read only when asked
    for: during preview pulumi_policy refuses to read an unknown value, and a policy that does
    not need one must not touch it."""

    def __init__(self, props: Mapping[str, Any]) -> None:
        self._props = props
        self._names = {STATE_KEY_OF_PROPERTY.get(k, k): k for k in props}

    def __getitem__(self, key: str) -> Any:
        return self._props[self._names[key]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def canonical(resource_type: str, props: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
    """The dynamic resource's type and state keys for a native one; anything else unchanged.

    Only top-level property names are renamed: nested maps (``countByStatus``) keep their data.
    """
    if not resource_type.startswith(NATIVE_TYPE_PREFIX):
        return resource_type, props
    name = resource_type[len(NATIVE_TYPE_PREFIX) :]
    return DYNAMIC_TYPE_PREFIX + name, _StateKeys(props)


def _canonical_copy(args: _Args) -> _Args:
    resource_type, props = canonical(args.resource_type, args.props)
    if resource_type == args.resource_type:
        return args
    seen = copy.copy(args)
    seen.resource_type, seen.props = resource_type, props
    return seen


def for_resources(
    validate: Callable[[ResourceValidationArgs, _Report], None],
) -> Callable[[ResourceValidationArgs, _Report], None]:
    """``validate`` for a resource policy, seeing native resources in the dynamic spelling."""

    def run(args: ResourceValidationArgs, report_violation: _Report) -> None:
        validate(_canonical_copy(args), report_violation)

    run.__doc__ = validate.__doc__
    return run


def for_stacks(
    validate: Callable[[StackValidationArgs, _Report], None],
) -> Callable[[StackValidationArgs, _Report], None]:
    """``validate`` for a stack policy, seeing native resources in the dynamic spelling."""

    def run(args: StackValidationArgs, report_violation: _Report) -> None:
        seen = copy.copy(args)
        seen.resources = [_canonical_copy(r) for r in args.resources]
        validate(seen, report_violation)

    run.__doc__ = validate.__doc__
    return run
