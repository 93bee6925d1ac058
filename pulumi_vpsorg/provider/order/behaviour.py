"""What an ``Order`` does: :class:`OrderBehaviour`, whoever hosts it.

The resource adopts an existing order by ``order_id`` and converges it towards the desired
inputs. Every validation happens before the first write, writes happen in a fixed order (update,
renewal period, payment), and a failure part way through says exactly what was applied and what
was not (:class:`~pulumi_vpsorg.provider.order.errors.PartialApplyError`). A payment the API
accepted is recorded in the outputs and never made again (see
:mod:`~pulumi_vpsorg.provider.order.changes`).

Hosted as a dynamic provider by :class:`~pulumi_vpsorg.provider.order.provider.OrderProvider`.
It imports this module on first call: a program never needs it, and the client, the order model
and the input model (pydantic) are imported from here on first use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ..._errors import (
    APIError,
    ConnectionFailedError,
    LockedError,
    NotFoundError,
    ServerError,
    ValidationError,
)
from .._behaviour import (
    Behaviour,
    Changes,
    Checked,
    Created,
    Found,
    is_unknown,
    prove_gone,
)
from . import rules
from .adoptions import adopted_here, record_adoption
from .changes import (
    OrderChanges,
    accepted_payment,
    as_int,
    changed_properties,
    cleared_record,
    pay_idempotency_key,
    payment_status,
    payment_under_way,
    replace_conflict,
    unconfirmed_warning,
    unwrap,
)
from .errors import OrderApplyError, OrderError, PartialApplyError, describe
from .properties import ACCEPTED_PAYMENT, INPUT_KEYS, PAYMENT_STATUS, SHADOWED_BY_ORDER

if TYPE_CHECKING:
    from ...orders.models import Order as OrderModel
    from .inputs import OrderInputs

__all__ = ["OrderBehaviour"]

class OrderBehaviour(Behaviour):
    """Check, diff, create, read, update and delete of an ``Order``, whoever hosts them."""

    # -- check / diff (no API calls) -------------------------------------------------------

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> Checked:
        """Validate the inputs by their rules (no API call, no pydantic); failures name the
        property and the bad value."""
        raw = unwrap(news)
        failures: list[tuple[str, str]] = [
            (k, f"unknown property {k!r}; expected one of: {', '.join(INPUT_KEYS)}")
            for k in sorted(raw)
            if k not in INPUT_KEYS
        ]
        unknown = {k for k, v in raw.items() if k in INPUT_KEYS and is_unknown(v)}
        known = {
            k: v for k, v in raw.items() if k in INPUT_KEYS and k not in unknown and v is not None
        }
        if "order_id" in unknown:
            known["order_id"] = 1  # placeholder so the other inputs can still be validated
        parsed, problems = rules.parse_inputs(known)
        if problems:
            failures.extend(problems)
            return Checked(raw, failures)
        if raw.get("billing_cycle") is None:
            for key in ("service_id", "service_type"):
                if raw.get(key) is not None:
                    failures.append(
                        (
                            key,
                            f"{key} only selects the service billing_cycle applies to; "
                            "set billing_cycle too, or remove it",
                        )
                    )
        conflict = replace_conflict(olds, raw)
        if conflict is not None:
            failures += [("order_id", conflict), ("delete_on_destroy", conflict)]
        if failures:
            return Checked(raw, failures)
        inputs = rules.state(parsed)
        for key in unknown:
            inputs[key] = raw[key]
        return Checked(inputs, [])

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> Changes:
        """Compare the desired inputs with the last known state of the order (drift included).

        :raises OrderError: for a replacement that would delete an order the user now keeps
            (also refused by :meth:`check`, for hosts that skip it).
        """
        conflict = replace_conflict(olds, news)
        if conflict is not None:
            raise OrderError(conflict)
        changed = changed_properties(olds, news)
        return Changes(changed, replaces=["order_id"] if "order_id" in changed else [])

    # -- create / update / read / delete ---------------------------------------------------

    def create(self, props: dict[str, Any]) -> Created:
        """Adopt the order and apply what differs from the inputs."""
        inputs = _validated(props)
        order, accepted = self._apply(inputs, None)
        record_adoption(self.host.client().orders_api_url, order.id)
        return Created(str(order.id), _outputs(inputs, order, accepted))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        """Apply what differs from the new inputs; always returns the fresh outputs.

        A payment that ``olds`` records as accepted is kept, and never made again, unless
        ``clear_payment_record`` names it and the order is not settled.
        """
        inputs = _validated(news)
        recorded = accepted_payment(olds, inputs.order_id)
        order, accepted = self._apply(inputs, recorded, inputs.clear_payment_record)
        return _outputs(inputs, order, accepted)

    def read(self, id_: str, props: dict[str, Any]) -> Found:
        """Fresh state for ``pulumi refresh``; by id alone (``pulumi import``), also the inputs
        the order has today (:func:`~pulumi_vpsorg.provider.order.imported.inputs_today`).

        Reading by id alone also works here, but the engine's ``import_`` never reaches it for a
        dynamic resource (pulumi/pulumi#16175); ``Order`` refuses ``import_`` up front.
        """
        order_id = _id_from(id_)
        current = unwrap(props)
        client = self.host.client()
        recorded = accepted_payment(current, order_id)
        try:
            found: OrderModel | None = client.get_order(order_id)
        except NotFoundError as miss:
            found = prove_gone(
                miss,
                f"order {order_id}",
                lambda: client.list_orders_page(1, per_page=1),
                lambda: client.get_order(order_id),
            )
        except APIError as exc:
            raise OrderError(f"order {order_id}: reading it failed: {describe(exc)}") from exc
        if found is None:
            if recorded is not None:
                # Dropping the resource would drop the record: a later adoption could pay again.
                raise OrderError(
                    f"order {order_id}: the API says it does not exist (404 twice, the orders "
                    f"list answering), but this resource records a payment of it the API "
                    f"accepted at {recorded.get('accepted_at')}; the state is kept so that the "
                    "payment is never made again. If the order is truly gone, remove the "
                    "resource from the program (it is forgotten, nothing is deleted); if the "
                    "orders URL is wrong, correct vpsorg:ordersApiUrl"
                )
            return Found(None, {})
        order = found
        inputs = {
            k: current[k]
            for k in INPUT_KEYS
            if k not in SHADOWED_BY_ORDER and current.get(k) is not None
        }
        inputs["order_id"] = order_id
        inputs.setdefault("delete_on_destroy", False)
        importing = "status" not in current
        if importing:
            # By id alone: the inputs are the order's settings as they are today.
            from .imported import inputs_today

            inputs = {**inputs_today(order), **inputs}
        outs = _outputs(inputs, order, recorded)
        warnings = unconfirmed_warning(order_id, outs, recorded)
        if not importing:
            # Refresh: keep the desired inputs, so that drift shows up in the next diff.
            return Found(str(order_id), outs, warnings=warnings)
        return Found(str(order_id), outs, inputs, warnings=warnings)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Forget the order; with ``delete_on_destroy`` delete it if unpaid (404 counts as done).

        An order that another ``Order`` adopted in this same deployment (a replacement, ``pulumi
        up --replace``, a rename without an alias) is only forgotten: it is that resource's now.
        """
        current = unwrap(props)
        if current.get("delete_on_destroy") is not True:
            return
        order_id = as_int(current.get("order_id")) or _id_from(id_)
        client = self.host.client()
        if adopted_here(client.orders_api_url, order_id):
            return
        try:
            order = client.get_order(order_id)
            if order.is_settled:
                raise OrderError(
                    f"order {order_id} is {order.status}; it cannot be deleted; set "
                    "delete_on_destroy=false to forget it instead"
                )
            if accepted_payment(current, order_id) is not None:
                # Not settled yet, but paid: deleting it could lose the payment.
                raise OrderError(
                    f"order {order_id} is {order.status} with a payment this resource made and "
                    "the API accepted (accepted_payment); it cannot be deleted; set "
                    "delete_on_destroy=false to forget it instead"
                )
            # A payment whose outcome this resource never learnt (a pay call cut off), or one
            # made elsewhere, shows only on the order: deleting it could lose that payment too.
            shown = payment_under_way(order.status, order.payment_date)
            if shown is not None:
                raise OrderError(
                    f"order {order_id}: {shown}, so a payment is under way (assumption A5); it "
                    "cannot be deleted; wait until it settles, or set delete_on_destroy=false to "
                    "forget it instead"
                )
            client.delete_order(order_id)
        except NotFoundError:
            return
        except APIError as exc:
            raise OrderError(f"order {order_id}: deleting it failed: {describe(exc)}") from exc

    # -- the writes ------------------------------------------------------------------------

    def _apply(
        self, inputs: OrderInputs, accepted: dict[str, Any] | None, clear: str | None = None
    ) -> tuple[OrderModel, dict[str, Any] | None]:
        """Make the writes; returns the order as re-read and the accepted payment, if any.

        Once a payment is accepted nothing raises any more: an error would drop the outputs, and
        with them the only record that the payment was made.

        :param clear: ``clear_payment_record``: the ``accepted_at`` of a record the user says
            did not happen; it is dropped if it is ``accepted`` and the order is not settled.
        """
        client = self.host.client()
        order_id = inputs.order_id
        try:
            order = client.get_order(order_id)
        except NotFoundError as exc:
            raise OrderError(
                f"order {order_id} does not exist (404); orders are created by the API when "
                "services are bought or renewed, and this resource only adopts them"
            ) from exc
        except APIError as exc:
            raise OrderError(f"order {order_id}: reading it failed: {describe(exc)}") from exc
        retry_of: str | None = None
        if cleared_record(accepted, clear, order.status) is not None:
            retry_of, accepted = clear, None
        changes = OrderChanges(order, inputs, accepted)
        pending = changes.steps()
        applied: list[str] = []

        def fail(exc: BaseException, *, done: bool = False, note: str = "") -> OrderApplyError:
            if done:
                applied.append(pending.pop(0))
            cls = PartialApplyError if applied else OrderApplyError
            return cls(order_id, applied, pending, exc, note)

        if changes.patch:
            try:
                order = client.update_order(order_id, **changes.patch)
            except APIError as exc:
                # The client re-reads after the PATCH: a failed GET means the PATCH went through.
                raise fail(exc, done=exc.method == "GET") from exc
            applied.append(pending.pop(0))
        stale = False
        if changes.renewal is not None:
            service_type, service_id, cycle = changes.renewal
            try:
                client.change_renewal_period(order_id, service_type, service_id, cycle)
            except APIError as exc:
                raise fail(exc) from exc
            applied.append(pending.pop(0))
            stale = True
        if changes.pay and stale:
            # A new renewal period changes the amount (and auto-pay may have settled it): re-read.
            try:
                order = client.get_order(order_id)
            except APIError as exc:
                raise fail(exc) from exc
            stale = False
        if changes.pay and order.is_settled:
            pending.pop(0)  # settled meanwhile (auto-pay): nothing left to pay
        elif changes.pay:
            try:
                accepted = self._pay(order, changes.payment_method, retry_of)
            except (ConnectionFailedError, ServerError) as exc:
                # No answer, or a 5xx (a gateway may time out after the API processed it): the
                # payment may have gone through.
                raise fail(
                    exc,
                    note="The payment's outcome is unknown; run `pulumi up` again: the order is "
                    "re-read first, a settled order is never paid again, and a repeat is sent "
                    "under the same Idempotency-Key",
                ) from exc
            except (ValidationError, LockedError) as exc:
                # Refused: a paid order (422) or one locked by another payment (423) may have just
                # been paid by a concurrent run. If so, this run converges instead of failing.
                order = self._paid_meanwhile(order_id, exc, fail)
                pending.pop(0)
                return order, accepted
            except APIError as exc:
                raise fail(exc) from exc
            applied.append(pending.pop(0))
            try:
                return client.get_order(order_id), accepted
            except APIError:
                # The order as read before paying; the record says the payment is settling, and
                # the next refresh or update reads the order again (never paying it again).
                return order, accepted
        if stale:
            try:
                order = client.get_order(order_id)
            except APIError as exc:
                pending.append("re-reading the order")
                raise fail(exc) from exc
        return order, accepted

    def _paid_meanwhile(
        self, order_id: int, refusal: APIError, fail: Callable[..., OrderApplyError]
    ) -> OrderModel:
        """The order, re-read after the API refused to pay it, if it is settled now.

        :raises OrderApplyError: with the refusal, when the order is still not settled.
        """
        try:
            order = self.host.client().get_order(order_id)
        except APIError:
            raise fail(refusal) from refusal
        if not order.is_settled:
            raise fail(refusal) from refusal
        return order

    def _pay(
        self, order: OrderModel, payment_method: str | None, retry_of: str | None = None
    ) -> dict[str, Any]:
        """Pay once, under a key derived from the request, so that a re-run after an unknown
        outcome can be deduplicated by the API. The transport resends it only on 423/429 (not
        processed).

        :param retry_of: the ``accepted_at`` of the cleared record this payment repeats.
        :returns: the record of the accepted payment, kept in the outputs; ``confirmed`` is false
            when the 2xx body said the payment failed (assumption A3).
        """
        from datetime import datetime, timezone

        from ..._types import to_iso, to_number

        key = pay_idempotency_key(order.id, payment_method, retry_of)
        receipt = self.host.client().pay_orders([order.id], payment_method, idempotency_key=key)
        return {
            "order_id": order.id,
            "accepted_at": to_iso(datetime.now(timezone.utc)),
            "amount_with_vat": to_number(order.amount_with_vat),
            "payment_method": payment_method,
            "confirmed": receipt.confirmed,
            "refusal": receipt.refusal,
        }


def _validated(props: Mapping[str, Any]) -> OrderInputs:
    from .inputs import OrderInputs

    raw = {k: v for k, v in unwrap(props).items() if k in INPUT_KEYS and v is not None}
    parsed, problems = rules.parse_inputs(raw)
    if problems:
        reasons = "; ".join(reason for _, reason in problems)
        raise OrderError(f"invalid Order inputs: {reasons}")
    return OrderInputs.model_validate(parsed)


def _id_from(id_: str) -> int:
    text = str(id_).strip()
    if not text.isdigit() or int(text) < 1:
        raise OrderError(f"an Order's id is its order id, such as 7736; got {id_!r}")
    return int(text)


def _outputs(
    inputs: OrderInputs | Mapping[str, Any],
    order: OrderModel,
    accepted: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """Inputs as given (defaults filled), every documented order field, and the payment record."""
    from ..._boundary import order_state
    from .inputs import OrderInputs

    state = inputs.state() if isinstance(inputs, OrderInputs) else dict(inputs)
    state.update(order_state(order))
    state[ACCEPTED_PAYMENT] = None if accepted is None else dict(accepted)
    state[PAYMENT_STATUS] = payment_status(order.status, accepted)
    return state

