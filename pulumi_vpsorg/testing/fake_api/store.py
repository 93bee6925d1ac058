"""The fake's state: plans, orders, payments, locks, and the indexes the orders list reads.

Routes and the test helpers change state only under :attr:`Store.lock`, and call
:meth:`Store.invalidate` for every change to an order's stored fields.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

from pulumi_vpsorg.testing.fake_api import examples
from pulumi_vpsorg.testing.fake_api.generator import generate_orders
from pulumi_vpsorg.testing.fake_api.pricing import Prices
from pulumi_vpsorg.testing.fake_api.records import make_order
from pulumi_vpsorg.testing.fake_api.responses import Response, dumps

__all__ = ["Store", "clone", "now"]


def clone(obj: Any) -> Any:
    """A deep copy of plain JSON data."""
    # A JSON round trip is a fast deep copy.
    return json.loads(json.dumps(obj))


def now() -> int:
    """Unix seconds."""
    return int(time.time())


class Store:
    """Plans, orders (by id), locked order ids, payments and the idempotency memory."""

    def __init__(self, *, plans: list[dict[str, Any]] | None, order_count: int, seed: int) -> None:
        self.lock = threading.Lock()
        self.plans: list[dict[str, Any]] = clone(
            list(plans) if plans is not None else list(examples.DOCUMENTED_PLANS)
        )
        self.orders: dict[int, dict[str, Any]] = {
            o["id"]: o for o in generate_orders(order_count, seed)
        }
        self.locked: set[int] = set()
        #: Every payment made: ``(order_id, idempotency key or "")``.
        self.payments: list[tuple[int, str]] = []
        #: Idempotency key -> (request fingerprint, the answer to replay).
        self.idempotent: dict[str, tuple[str, Response]] = {}
        #: Amounts before each order's first period change.
        self.prices = Prices()
        self._sorted_ids: list[int] | None = None
        self._filtered: dict[frozenset[str], list[int]] = {}
        #: Each order's list entry, JSON-encoded once: pages are spliced from these.
        self._fragments: dict[int, bytes] = {}

    # -- indexes (callers hold the lock) ----------------------------------------------------

    def invalidate(self, *order_ids: int, order_set: bool, statuses: bool = True) -> None:
        """Forget what depends on the changed orders: list fragments depend on the fields,
        status filters on statuses, the list order on creation times."""
        for order_id in order_ids:
            self._fragments.pop(order_id, None)
        if statuses:
            self._filtered.clear()
        if order_set:
            self._sorted_ids = None

    def filtered_ids(self, statuses: frozenset[str]) -> list[int]:
        """Ids of the orders with one of ``statuses``, newest first."""
        cached = self._filtered.get(statuses)
        if cached is not None:
            return cached
        if self._sorted_ids is None:
            self._sorted_ids = [
                o["id"]
                for o in sorted(
                    self.orders.values(),
                    key=lambda o: (o["created_at"], o["id"]),
                    reverse=True,
                )
            ]
        orders = self.orders
        ids = [i for i in self._sorted_ids if orders[i]["status"] in statuses]
        self._filtered[statuses] = ids
        return ids

    def list_entries(self, ids: list[int]) -> list[bytes]:
        """The orders' list entries (the documented list fields), JSON-encoded."""
        orders, fragments = self.orders, self._fragments
        items: list[bytes] = []
        for i in ids:
            fragment = fragments.get(i)
            if fragment is None:
                order = orders[i]
                fragment = dumps({k: order[k] for k in examples.LIST_FIELDS})
                fragments[i] = fragment
            items.append(fragment)
        return items

    def find(self, order_id: int | None) -> dict[str, Any] | None:
        """The order with this id, or None."""
        return None if order_id is None else self.orders.get(order_id)

    # -- test helpers (take the lock) -------------------------------------------------------

    def copy_plans(self) -> list[dict[str, Any]]:
        """A copy of the plans."""
        with self.lock:
            result: list[dict[str, Any]] = clone(self.plans)
            return result

    def copy_orders(self) -> dict[int, dict[str, Any]]:
        """A copy of every order by id."""
        with self.lock:
            return {i: clone(o) for i, o in self.orders.items()}

    def copy_order(self, order_id: int) -> dict[str, Any] | None:
        """A copy of one order, or None."""
        with self.lock:
            order = self.orders.get(order_id)
            return None if order is None else dict(clone(order))

    def add_order(self, overrides: dict[str, Any]) -> dict[str, Any]:
        """See :meth:`FakeVpsOrgApi.add_order`."""
        with self.lock:
            # Taken under the lock so that a higher id never gets an earlier creation time.
            created = now()
            order_id = overrides.get("id", max(self.orders, default=0) + 1)
            if order_id in self.orders:
                raise ValueError(f"order {order_id} already exists")
            order = make_order(
                order_id=order_id,
                created=created,
                status="pending_payment",
                order_type="renew-service",
                method="card",
                amount=10.0,
                tax_rate=1.2,
                auto_pay=True,
                promo=None,
                promo_applicable=True,
                due=created + 7 * 86400,
                paid_at=None,
                invoice_id=100000 + order_id,
                server_id=1000 + order_id % 9000,
                addon_id=100 + order_id % 900,
                server_minimum=1,
                cycle=1,
                label_index=1,
            )
            order.update(clone(overrides))
            if ("amount" in overrides or "tax_rate" in overrides) and (
                "amount_with_vat" not in overrides
            ):
                order["amount_with_vat"] = round(order["amount"] * order["tax_rate"], 2)
            if order["status"] == "paid" and "payment_date" not in overrides:
                order["payment_date"] = order["created_at"]
            self.orders[order_id] = order
            self.prices.forget(order_id)
            self.invalidate(order_id, order_set=True)
            return dict(clone(order))

    def update_order(self, order_id: int, fields: dict[str, Any]) -> dict[str, Any]:
        """See :meth:`FakeVpsOrgApi.update_order`."""
        with self.lock:
            order = self.orders[order_id]
            order.update(clone(fields))
            self.prices.forget(order_id)
            self.invalidate(order_id, order_set="created_at" in fields)
            return dict(clone(order))

    def update_plan(self, plan_id: int, fields: dict[str, Any]) -> dict[str, Any]:
        """See :meth:`FakeVpsOrgApi.update_plan`."""
        with self.lock:
            plan = next((p for p in self.plans if p["id"] == plan_id), None)
            if plan is None:
                raise KeyError(plan_id)
            plan.update(clone(fields))
            return dict(clone(plan))

    def remove_order(self, order_id: int) -> None:
        """See :meth:`FakeVpsOrgApi.remove_order`."""
        with self.lock:
            del self.orders[order_id]
            self.locked.discard(order_id)
            self.prices.forget(order_id)
            self.invalidate(order_id, order_set=True)

    def lock_order(self, order_id: int, locked: bool) -> None:
        """See :meth:`FakeVpsOrgApi.lock_order`."""
        with self.lock:
            if order_id not in self.orders:
                raise KeyError(order_id)
            if locked:
                self.locked.add(order_id)
            else:
                self.locked.discard(order_id)

    def copy_payments(self) -> list[tuple[int, str]]:
        """Every payment made."""
        with self.lock:
            return list(self.payments)

    def pay_count(self, order_id: int) -> int:
        """How many times the order was actually paid."""
        with self.lock:
            return sum(1 for oid, _ in self.payments if oid == order_id)
