"""``OrderLookup``: one order by id, every documented field recorded in state.

Importing this module costs only Pulumi and a few small modules of this package: the client and
the order model (pydantic, ``requests``) are imported on first call.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi

from .._errors import ConfigurationError, NotFoundError
from .._vocabulary import (
    NAMESPACE,
    ORDER_LOOKUP,
    ORDER_LOOKUP_INPUTS,
    ORDER_OUTPUTS,
    SECRET_FIELDS,
    positive_whole,
)
from ._base import BehaviourProvider, refuse_import
from ._behaviour import Changes, Checked, Created, Found, is_unknown, prove_gone, whole
from ._lookup import LOOKUP_IMPORT_HINT, LookupBehaviour, changed, lookup_inputs

__all__ = ["ORDER_LOOKUP_INPUTS", "OrderLookup", "OrderLookupBehaviour", "OrderLookupProvider"]


def _order_id_problem(value: Any) -> str | None:
    try:
        positive_whole(value)
    except ValueError as exc:
        return str(exc)
    return None


class OrderLookupBehaviour(LookupBehaviour):
    """Reads one order by id; a different ``order_id`` is a different resource (replace)."""

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> Checked:
        """Validate ``order_id`` (no API call)."""
        inputs = lookup_inputs(news, ORDER_LOOKUP_INPUTS)
        failures: list[tuple[str, str]] = []
        if "order_id" not in inputs:
            failures.append(("order_id", "required: the id of the order to read"))
        elif not is_unknown(inputs["order_id"]):
            problem = _order_id_problem(inputs["order_id"])
            if problem:
                failures.append(("order_id", problem))
        return Checked(inputs, failures)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> Changes:
        """Another ``order_id`` replaces the lookup."""
        changes = changed(olds, news, ORDER_LOOKUP_INPUTS)
        return Changes(changes, replaces=changes, delete_before_replace=bool(changes))

    def _evaluate(self, props: Mapping[str, Any]) -> dict[str, Any]:
        from .._boundary import order_state

        order_id = whole(props.get("order_id"))
        problem = _order_id_problem(order_id)
        if problem:
            raise ConfigurationError(f"order_id: {problem}")
        return order_state(self.host.client().get_order(order_id))

    def create(self, props: dict[str, Any]) -> Created:
        """Read the order."""
        outs = self._evaluate(props)
        return Created(f"order-{outs['order_id']}", outs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        """Read the order again."""
        return self._evaluate(news)

    def read(self, id_: str, props: dict[str, Any]) -> Found:
        """Read the order again; an order proven deleted (assumption A12) reads as gone.

        :raises NotProvenGoneError: on a 404 that does not prove it (the state stays).
        """
        try:
            return Found(id_, self._evaluate(props))
        except NotFoundError as miss:
            client = self.host.client()
            again = prove_gone(
                miss,
                f"order {whole(props.get('order_id'))}",
                lambda: client.list_orders_page(1, per_page=1),
                lambda: self._evaluate(props),
            )
        return Found("", {}) if again is None else Found(id_, again)


class OrderLookupProvider(BehaviourProvider):
    """Hosts :class:`OrderLookupBehaviour` as a dynamic provider."""

    behaviour = OrderLookupBehaviour


# Pickled by reference: the path states written before the provider modules were split name.
OrderLookupProvider.__module__ = "pulumi_vpsorg.provider.lookups"


class OrderLookup(pulumi.dynamic.Resource, module=NAMESPACE, name=ORDER_LOOKUP):
    """One order by id, every documented field recorded in state.

    ``payment_information`` is a secret output.
    """

    order_id: pulumi.Output[int]
    tax_rate: pulumi.Output[float]
    amount: pulumi.Output[float]
    amount_with_vat: pulumi.Output[float]
    amount_from_balance: pulumi.Output[float]
    payment_method: pulumi.Output[str]
    status: pulumi.Output[str]
    type: pulumi.Output[str]
    auto_pay: pulumi.Output[bool]
    promo_applicable: pulumi.Output[bool]
    created_at: pulumi.Output[str]
    due_at: pulumi.Output[str]
    payment_date: pulumi.Output[str | None]
    promo: pulumi.Output[dict[str, Any] | None]
    payment_information: pulumi.Output[dict[str, Any] | None]
    invoices: pulumi.Output[list[dict[str, Any]]]
    services: pulumi.Output[list[dict[str, Any]]]

    def __init__(
        self,
        resource_name: str,
        *,
        order_id: pulumi.Input[int],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = dict.fromkeys(ORDER_OUTPUTS)
        props["order_id"] = order_id
        secret = pulumi.ResourceOptions(additional_secret_outputs=list(SECRET_FIELDS))
        refuse_import(opts, "OrderLookup", LOOKUP_IMPORT_HINT)
        super().__init__(
            OrderLookupProvider(),
            resource_name,
            props,
            pulumi.ResourceOptions.merge(secret, opts),
        )
