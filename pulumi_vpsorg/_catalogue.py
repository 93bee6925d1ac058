"""Process-wide memo of the plan catalogue: one request per API and credentials.

Keys are the client's own :attr:`~pulumi_vpsorg.client.VpsOrgClient.scope`: the plans URL and a
fingerprint of the token (a truncated SHA-256, never the token), so two tokens never share
answers and nothing printable carries the secret. Concurrent first uses of one key make a single
request: the others wait for it (errors are not memoized).

The functions take the client alone: no caller threads a scope.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Generic, TypeVar

from ._config import token_fingerprint
from .client import Scope, VpsOrgClient
from .plans.models import Plan, PlanDetails

if TYPE_CHECKING:
    from .selection import PlanConstraints

__all__ = [
    "Memo",
    "Scope",
    "catalogue",
    "choose",
    "clear_cache",
    "plan_details",
    "token_fingerprint",
]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """A thread-safe memo with single-flight loading per key."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[K, V] = {}
        self._key_locks: dict[K, threading.Lock] = {}

    def get(self, key: K, load: Callable[[], V], *, refresh: bool = False) -> V:
        """The memoized value for ``key``, loading it once; ``refresh`` reloads and replaces it."""
        with self._lock:
            if not refresh and key in self._values:
                return self._values[key]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            if not refresh:
                with self._lock:
                    if key in self._values:
                        return self._values[key]
            value = load()
            with self._lock:
                self._values[key] = value
            return value

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._values.clear()
            self._key_locks.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)


_plans: Memo[Scope, tuple[Plan, ...]] = Memo()
_details: Memo[tuple[Scope, int], PlanDetails] = Memo()


def catalogue(
    client: VpsOrgClient, location: str | None = None, *, refresh: bool = False
) -> tuple[Plan, ...]:
    """The plans offered in ``location`` (every plan for ``None``), in the API's order.

    ``GET /plans/`` is read once per process and client scope (again with ``refresh``), whatever
    the locations asked for: a location keeps the plans whose ``locations`` include it, as the
    API's own ``location`` filter does (assumption A13).
    """
    plans = _plans.get(client.scope, lambda: tuple(client.list_plans()), refresh=refresh)
    if location is None:
        return plans
    return tuple(plan for plan in plans if location in plan.locations)


def plan_details(client: VpsOrgClient, plan_id: int, *, refresh: bool = False) -> PlanDetails:
    """``GET /plans/{plan_id}/``, once per process and client scope (unless ``refresh``)."""
    return _details.get(
        (client.scope, plan_id), lambda: client.get_plan(plan_id), refresh=refresh
    )


def choose(client: VpsOrgClient, constraints: PlanConstraints, *, refresh: bool = False) -> Plan:
    """:func:`~pulumi_vpsorg.selection.select_plan` over the catalogue for the constraints'
    location; when that location has no plans at all, the error lists the locations that do.
    """
    from .selection import select_plan

    plans = catalogue(client, constraints.location, refresh=refresh)
    known: list[str] | None = None
    if not plans and constraints.location is not None:
        known = sorted({loc for plan in catalogue(client) for loc in plan.locations})
    return select_plan(plans, constraints, known_locations=known)


def clear_cache() -> None:
    """Forget every memoized catalogue and plan (for tests, or to see price changes)."""
    _plans.clear()
    _details.clear()
