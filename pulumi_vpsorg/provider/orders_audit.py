"""``OrdersAudit``: a summary of the orders matching ``status`` and ``type``, recorded in state.

Importing this module costs only Pulumi and a few small modules of this package: the client and
the summary (pydantic, ``requests``) are imported on first call.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi

from .._vocabulary import (
    NAMESPACE,
    ORDERS_AUDIT,
    ORDERS_AUDIT_INPUTS,
    ORDERS_AUDIT_OUTPUTS,
    names,
)
from ._base import BehaviourProvider, refuse_import
from ._behaviour import Changes, Checked, Created, Found, is_unknown
from ._lookup import LOOKUP_IMPORT_HINT, LookupBehaviour, changed, lookup_inputs

__all__ = ["ORDERS_AUDIT_INPUTS", "OrdersAudit", "OrdersAuditBehaviour", "OrdersAuditProvider"]



def _name_list(value: Any) -> list[str] | str | None:
    """A list of names, ``None``, or the reason the value is not one."""
    if value is None:
        return None
    try:
        return names(value, skip=is_unknown)
    except ValueError as exc:
        return str(exc)


class OrdersAuditBehaviour(LookupBehaviour):
    """Audits orders matching ``status`` (API filter) and ``type`` (filtered here)."""

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> Checked:
        """Validate the filters (no API call); failures name the property."""
        inputs = lookup_inputs(news, ORDERS_AUDIT_INPUTS)
        failures: list[tuple[str, str]] = []
        for key in ORDERS_AUDIT_INPUTS:
            if key not in inputs or is_unknown(inputs[key]):
                continue
            parsed = _name_list(inputs[key])
            if isinstance(parsed, str):
                failures.append((key, parsed))
                continue
            inputs[key] = parsed
            if key == "status" and parsed is not None:
                from .._errors import ConfigurationError
                from ..orders.filters import checked_status_input

                try:
                    inputs[key] = checked_status_input(parsed, skip=is_unknown)
                except ConfigurationError as exc:
                    failures.append((key, str(exc).removeprefix("status: ")))
            if key == "type" and parsed is not None:
                from ..orders.names import order_type_problem

                problems = [p for p in map(order_type_problem, parsed) if p]
                if problems:
                    failures.append((key, "; ".join(problems)))
        if "status" not in inputs:  # unset: every known status (get_orders does the same)
            from ..orders.filters import AUDIT_DEFAULT

            inputs["status"] = list(AUDIT_DEFAULT)
        return Checked(inputs, failures)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> Changes:
        """Changed filters re-audit in place (update)."""
        return Changes(changed(olds, news, ORDERS_AUDIT_INPUTS))

    def _evaluate(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        from .._boundary import plain

        filters = lookup_inputs(inputs, ORDERS_AUDIT_INPUTS)
        status, types = filters.get("status"), filters.get("type")
        if status is None:  # a state written when unset meant the API's default
            from ..orders.filters import AUDIT_DEFAULT

            status = list(AUDIT_DEFAULT)
        summary: dict[str, Any] = plain(self.host.client().summarize_orders(status, types))
        return {"status": status, "type": types, **summary}

    def create(self, props: dict[str, Any]) -> Created:
        """Read every matching order and summarize."""
        return Created(f"ordersaudit-{uuid.uuid4().hex}", self._evaluate(props))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        """Audit again with the new filters."""
        return self._evaluate(news)

    def read(self, id_: str, props: dict[str, Any]) -> Found:
        """Audit again (refresh shows orders paid, added or gone overdue)."""
        return Found(id_, self._evaluate(props))


class OrdersAuditProvider(BehaviourProvider):
    """Hosts :class:`OrdersAuditBehaviour` as a dynamic provider."""

    behaviour = OrdersAuditBehaviour
    check_modules = ("pulumi_vpsorg.orders.filters",)


# Pickled by reference: the path states written before the provider modules were split name.
OrdersAuditProvider.__module__ = "pulumi_vpsorg.provider.lookups"


class OrdersAudit(pulumi.dynamic.Resource, module=NAMESPACE, name=ORDERS_AUDIT):
    """A summary of the orders matching ``status`` and ``type``, recorded in state.

    ``status`` ``None`` is every known status (the API's own default hides unpaid ones; the
    ``status`` output lists what was covered); ``type`` ``None`` is every type. Unpaid: status neither paid nor cancelled; overdue: unpaid past ``due_at``.
    """

    status: pulumi.Output[list[str] | None]
    type: pulumi.Output[list[str] | None]
    count: pulumi.Output[int]
    count_by_status: pulumi.Output[dict[str, int]]
    count_by_type: pulumi.Output[dict[str, int]]
    total_amount: pulumi.Output[float]
    total_amount_with_vat: pulumi.Output[float]
    unpaid_count: pulumi.Output[int]
    unpaid_total: pulumi.Output[float]
    overdue_count: pulumi.Output[int]
    overdue_order_ids: pulumi.Output[list[int]]
    order_ids: pulumi.Output[list[int]]

    def __init__(
        self,
        resource_name: str,
        *,
        status: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        type: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = dict.fromkeys(ORDERS_AUDIT_OUTPUTS)
        props.update(status=status, type=type)
        refuse_import(opts, "OrdersAudit", LOOKUP_IMPORT_HINT)
        super().__init__(OrdersAuditProvider(), resource_name, props, opts)
