"""The pure planning of an ``Order``'s changes: what differs, what to write, whether to pay.

No API calls and no hosting here: :class:`OrderChanges` turns an order (as read) and the desired
inputs into the writes to make, validated before any is made, and :func:`changed_properties` is
the same comparison against the last outputs, for ``diff``. Whether a payment is still due is
decided in one place, :func:`payment_due`, from the order's status and the resource's own record
of a payment the API accepted (:func:`accepted_payment`), never from the amount.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from pulumi.runtime import rpc

from ..._vocabulary import SECRET_ECHOES, whole
from ...assumptions import PAY_UNDER_WAY_STATUSES, SETTLED_STATUSES
from .._behaviour import is_unknown
from .errors import OrderError
from .properties import ACCEPTED_PAYMENT, INPUT_KEYS, PROVIDER_KEY

if TYPE_CHECKING:
    from ...orders.models import Order as OrderModel
    from .inputs import OrderInputs

__all__ = [
    "OrderChanges",
    "accepted_payment",
    "as_int",
    "changed_properties",
    "cleared_record",
    "pay_idempotency_key",
    "payment_due",
    "payment_status",
    "payment_under_way",
    "replace_conflict",
    "select_service",
    "unconfirmed_warning",
    "unwrap",
]

#: What an ``Idempotency-Key`` may carry as it is: anything else is hashed into it.
_KEY_PART: Final = re.compile(r"[A-Za-z0-9_.-]{1,40}")


def unwrap(props: Mapping[str, Any]) -> dict[str, Any]:
    """Properties without ``__provider`` and with secret wrappers removed."""
    return {k: rpc.unwrap_rpc_secret(v) for k, v in props.items() if k != PROVIDER_KEY}


def as_int(value: Any) -> int | None:
    """An id or count as an int (``12.0`` from gRPC is 12); anything else ``None``."""
    number = whole(value)
    return number if isinstance(number, int) and not isinstance(number, bool) else None


def _digest(text: str, size: int) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:size]


def pay_idempotency_key(
    order_id: int, payment_method: str | None, retry_of: str | None = None
) -> str:
    """Deterministic key for paying ``order_id``: a re-run after an ambiguous failure reuses it.

    Made of what the request body holds, so an amount repriced or written differently (``45.9``,
    ``45.90``) between two runs does not make a new key. A method that is not a plain token
    (spaces, control or non-ASCII characters) is hashed, so the key is always a valid header.

    :param retry_of: the ``accepted_at`` of a payment record the user cleared
        (``clear_payment_record``): the new attempt gets its own key, or the API would replay the
        failed one.
    """
    method = payment_method or "default"
    if not _KEY_PART.fullmatch(method):
        method = "m" + _digest(method, 16)
    key = f"pulumi-vpsorg-pay-{order_id}-{method}"
    return key if retry_of is None else f"{key}-retry-{_digest(retry_of, 12)}"


def accepted_payment(state: Mapping[str, Any], order_id: Any) -> dict[str, Any] | None:
    """The payment of ``order_id`` that ``state`` records as accepted by the API, if any.

    This record, not the order's status or amount, is what tells an accepted payment that is
    still settling (``processing``, ``pending_payment``) from an order that still needs paying.
    """
    record = rpc.unwrap_rpc_secret(state.get(ACCEPTED_PAYMENT))
    wanted = as_int(order_id)
    if not isinstance(record, Mapping) or wanted is None:
        return None
    if as_int(record.get("order_id")) != wanted or not record.get("accepted_at"):
        return None
    return dict(record)


def payment_due(paid: Any, status: Any, accepted: Mapping[str, Any] | None) -> bool:
    """Whether ``paid=True`` still asks for a payment: not settled, and none accepted before."""
    return paid is True and status not in SETTLED_STATUSES and accepted is None


def payment_status(status: Any, accepted: Mapping[str, Any] | None) -> str:
    """``settled``, ``settling`` (a payment was accepted, the order is not settled yet),
    ``unconfirmed`` (the API answered 2xx, but its body said the payment failed; the order is not
    settled) or ``unpaid``."""
    if status in SETTLED_STATUSES:
        return "settled"
    if accepted is None:
        return "unpaid"
    return "unconfirmed" if accepted.get("confirmed") is False else "settling"


def payment_under_way(status: Any, payment_date: Any) -> str | None:
    """Why an order with no payment record of this resource must not be paid (assumption A5):
    it is unsettled but shows a payment; ``None`` when it shows none."""
    if status in SETTLED_STATUSES:
        return None
    if payment_date is not None:
        return f"it is {status} with payment_date {payment_date}"
    if status in PAY_UNDER_WAY_STATUSES:
        return f"it is {status}"
    return None


def cleared_record(
    accepted: Mapping[str, Any] | None, clear: Any, status: Any
) -> Mapping[str, Any] | None:
    """The payment record that ``clear_payment_record`` (its ``accepted_at``) clears, if it names
    the one recorded and the order is not settled."""
    if accepted is None or not isinstance(clear, str) or status in SETTLED_STATUSES:
        return None
    return accepted if accepted.get("accepted_at") == clear else None


def replace_conflict(olds: Mapping[str, Any], news: Mapping[str, Any]) -> str | None:
    """Why the change from ``olds`` to ``news`` must be refused: a new ``order_id`` replaces the
    resource, and the engine destroys the old one with its *old* ``delete_on_destroy``. If that
    was true and the new one is not, the order the user last said to keep would be deleted."""
    old = unwrap(olds)
    new = unwrap(news)
    old_id, new_id = as_int(old.get("order_id")), new.get("order_id")
    if old_id is None or is_unknown(new_id) or as_int(new_id) == old_id:
        return None
    flag = new.get("delete_on_destroy", False)
    if old.get("delete_on_destroy") is not True or is_unknown(flag) or flag is True:
        return None
    return (
        f"order_id ({old_id} -> {as_int(new_id)}) and delete_on_destroy (true -> false) cannot "
        "change in one update: a new order_id replaces the resource, and the engine destroys "
        f"the old one with its old delete_on_destroy=true, which would delete order {old_id}. "
        "Set delete_on_destroy=false first (pulumi up), then change order_id"
    )


def select_service(
    services: Sequence[Mapping[str, Any]], service_id: int | None, service_type: str | None
) -> tuple[Mapping[str, Any] | None, str, str]:
    """Find the service ``billing_cycle`` applies to.

    :returns: ``(service, "", "")``, or ``(None, property, reason)`` when none fits.
    """
    if not services:
        return None, "billing_cycle", "the order has no services whose renewal period can be set"
    if service_id is not None or service_type is not None:
        matches = [
            s
            for s in services
            if (service_id is None or as_int(s.get("service_id")) == service_id)
            and (service_type is None or s.get("service_type") == service_type)
        ]
        if len(matches) == 1:
            return matches[0], "", ""
        wanted = ", ".join(
            f"{k}={v!r}"
            for k, v in (("service_id", service_id), ("service_type", service_type))
            if v is not None
        )
        prop = "service_id" if service_id is not None else "service_type"
        if not matches:
            return None, prop, f"the order has no service with {wanted}; it has {_ids(services)}"
        return None, "service_id", f"several services match {wanted}: {_ids(matches)}"
    changeable = [s for s in services if s.get("is_period_changeable")]
    if len(changeable) == 1:
        return changeable[0], "", ""
    if not changeable and len(services) == 1:
        return services[0], "", ""
    if not changeable:
        return (
            None,
            "billing_cycle",
            f"no service of the order has a changeable period ({_ids(services)})",
        )
    return (
        None,
        "service_id",
        f"the order has several services with a changeable period ({_ids(changeable)}); "
        "set service_id to choose one",
    )


def _ids(services: Sequence[Mapping[str, Any]]) -> str:
    return ", ".join(
        f"{s.get('service_type') or '?'} {as_int(s.get('service_id'))}" for s in services
    )


class OrderChanges:
    """The writes needed to bring an order to the desired inputs, validated before any is made.

    :param order: the order as just read.
    :param inputs: the desired inputs.
    :param accepted: the payment the resource's state records as accepted, if any.
    :raises OrderError: when ``billing_cycle`` cannot apply to this order.
    """

    def __init__(
        self, order: OrderModel, inputs: OrderInputs, accepted: Mapping[str, Any] | None = None
    ) -> None:
        self.patch: dict[str, Any] = {}
        if inputs.auto_pay is not None and inputs.auto_pay != order.auto_pay:
            self.patch["auto_pay"] = inputs.auto_pay
        current_code = order.promo.code if order.promo is not None else None
        if inputs.promo_code is not None and inputs.promo_code != current_code:
            self.patch["promo_code"] = inputs.promo_code
        self.renewal: tuple[str, int, int] | None = None
        if inputs.billing_cycle is not None:
            self.renewal = self._renewal(order, inputs, inputs.billing_cycle)
        #: A payment accepted before (recorded in the state) is never made again, whatever the
        #: order's status, amount or the desired method say now.
        self.pay = payment_due(inputs.paid, order.status, accepted)
        self.payment_method = inputs.payment_method
        if self.pay:
            shown = payment_under_way(order.status, order.payment_date)
            if shown is not None:
                raise OrderError(
                    f"order {order.id}: paid: refusing to pay: {shown}, so a payment is under way "
                    "(assumption A5), and this resource has no record of making it (the "
                    "resource is new, was replaced, or its state lost the record). Paying again "
                    "could pay twice. Wait until the order settles, or set paid=false"
                )

    @staticmethod
    def _renewal(order: OrderModel, inputs: OrderInputs, cycle: int) -> tuple[str, int, int] | None:
        from ..._boundary import plain

        services: list[dict[str, Any]] = [plain(s) for s in order.services]
        service, prop, reason = select_service(services, inputs.service_id, inputs.service_type)
        if service is None:
            raise OrderError(f"order {order.id}: {prop}: {reason}")
        if service.get("service_billing_cycle") == cycle:
            return None
        label = " ".join(
            str(part) for part in (service.get("service_type"), service.get("service_id")) if part
        )
        if not service.get("is_period_changeable"):
            raise OrderError(
                f"order {order.id}: billing_cycle: the renewal period of service {label} "
                "cannot be changed (is_period_changeable is false)"
            )
        minimum = service.get("service_minimum_billing_cycle")
        if isinstance(minimum, int) and cycle < minimum:
            raise OrderError(
                f"order {order.id}: billing_cycle: {cycle} is below the minimum of {minimum} "
                f"months for service {label}"
            )
        service_type = service.get("service_type")
        if not service_type:
            raise OrderError(
                f"order {order.id}: billing_cycle: service {label} has no service_type, so its "
                "renewal period cannot be addressed"
            )
        return str(service_type), int(service["service_id"]), cycle

    def steps(self) -> list[str]:
        """Human-readable names of the pending writes, in the order they are made."""
        names: list[str] = []
        if self.patch:
            # A promo code may be a secret: its value stays out of messages and logs.
            shown = (k if k in SECRET_ECHOES else f"{k}={_show(v)}" for k, v in self.patch.items())
            names.append("update " + ", ".join(shown))
        if self.renewal is not None:
            service_type, service_id, cycle = self.renewal
            names.append(f"billing_cycle={cycle} for {service_type} {service_id}")
        if self.pay:
            names.append(f"payment (payment_method={_show(self.payment_method)})")
        return names


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "default" if value is None else str(value)


def changed_properties(olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
    """The inputs whose desired value differs from the order as last read (``olds``).

    Unset inputs mean "leave as is" and never differ; unknown values (preview) always do.
    """
    old = unwrap(olds)
    new = unwrap(news)
    changed: set[str] = set()

    def differs(key: str, actual: Any) -> None:
        value = new.get(key)
        if is_unknown(value) or (value is not None and value != actual):
            changed.add(key)

    order_id = new.get("order_id")
    if is_unknown(order_id) or as_int(order_id) != as_int(old.get("order_id")):
        changed.add("order_id")
    differs("auto_pay", old.get("auto_pay"))
    promo = old.get("promo")
    differs("promo_code", promo.get("code") if isinstance(promo, Mapping) else None)
    if _billing_differs(new, old):
        changed.add("billing_cycle")
    accepted = accepted_payment(old, old.get("order_id"))
    clear = new.get("clear_payment_record")
    if is_unknown(clear) or cleared_record(accepted, clear, old.get("status")) is not None:
        changed.add("clear_payment_record")
        accepted = None
    paid = new.get("paid")
    if is_unknown(paid) or payment_due(paid, old.get("status"), accepted):
        changed.add("paid")
        # The method only matters while a payment is still to be made.
        differs("payment_method", old.get("payment_method"))
    dod = new.get("delete_on_destroy", False)
    # Not visible at the API, but delete() reads it from the state: it must be updated.
    if is_unknown(dod) or bool(dod) != bool(old.get("delete_on_destroy", False)):
        changed.add("delete_on_destroy")
    return [k for k in INPUT_KEYS if k in changed]


def _billing_differs(new: Mapping[str, Any], old: Mapping[str, Any]) -> bool:
    cycle = new.get("billing_cycle")
    if cycle is None:
        return False
    if any(is_unknown(new.get(k)) for k in ("billing_cycle", "service_id", "service_type")):
        return True
    services = old.get("services")
    service, _, _ = select_service(
        services if isinstance(services, list) else [],
        as_int(new.get("service_id")),
        new.get("service_type"),
    )
    # No matching service: report a change, and let update() explain what is wrong.
    return service is None or as_int(service.get("service_billing_cycle")) != as_int(cycle)


def unconfirmed_warning(
    order_id: int, outs: Mapping[str, Any], recorded: Mapping[str, Any] | None
) -> list[str]:
    """The refresh warning for a payment the API answered 2xx but said had failed."""
    if recorded is None or outs.get("payment_status") != "unconfirmed":
        return []
    return [
        f"Order {order_id}: the payment made at {recorded.get('accepted_at')} is unconfirmed: the "
        f"API answered {recorded.get('refusal') or 'that it failed'}, and the order is still "
        f"{outs.get('status')}. It is never paid again on its own. If you know that payment did "
        f"not happen, set clear_payment_record=\"{recorded.get('accepted_at')}\" and run "
        "pulumi up (with paid=true it pays again, under a new idempotency key)"
    ]
