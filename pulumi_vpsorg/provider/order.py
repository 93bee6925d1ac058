"""``Order``: adopt an existing order and manage auto-pay, promo code, renewal period and payment.

Orders are created by the API when services are bought or renewed; this resource adopts one by
``order_id`` and converges it towards the desired inputs. Every validation happens before the
first write, writes happen in a fixed order (update, renewal period, payment), and a failure part
way through says exactly what was applied and what was not (:class:`PartialApplyError`).

Importing this module costs only Pulumi and a few small modules of this package: the input model
(:mod:`pulumi_vpsorg.provider._order_inputs`, pydantic), the client and the order model are
imported by the provider methods that use them, on first call. ``OrderInputs`` is still available
here (loaded on first access).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import pulumi
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    UpdateResult,
)
from pulumi.runtime import rpc

from .._errors import (
    APIError,
    ConnectionFailedError,
    LockedError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    ValidationError,
    VpsOrgError,
)
from .._numbers import shown
from ..assumptions import SETTLED_STATUSES
from ._base import ClientProvider, is_unknown, refuse_import, whole

if TYPE_CHECKING:
    import pydantic

    from ..orders.models import Order as OrderModel
    from ._order_inputs import OrderInputs
    from ._order_inputs import Text as Text
    from ._order_inputs import WholeNumber as WholeNumber

__all__ = [
    "INPUT_KEYS",
    "Order",
    "OrderApplyError",
    "OrderError",
    "OrderInputs",
    "OrderProvider",
    "PartialApplyError",
    "pay_idempotency_key",
]

PROVIDER_KEY: Final = "__provider"
#: The resource's inputs, in the order the contract lists them.
INPUT_KEYS: Final = (
    "order_id",
    "auto_pay",
    "promo_code",
    "billing_cycle",
    "service_id",
    "service_type",
    "paid",
    "payment_method",
    "delete_on_destroy",
)
#: Output (not an API field): the payment this resource made and the API accepted (any 2xx):
#: ``{"order_id", "accepted_at", "amount_with_vat", "payment_method"}``, or None.
ACCEPTED_PAYMENT: Final = "accepted_payment"
#: Output (not an API field): ``settled``, ``settling`` (accepted, not settled yet) or ``unpaid``.
PAYMENT_STATUS: Final = "payment_status"
#: Inputs whose output key holds the order's own field, not the input as given.
_SHADOWED_BY_ORDER: Final = frozenset({"order_id", "auto_pay", "payment_method"})
_READ_ONLY_HINT: Final = (
    "the API token is read-only or lacks write permission: changing, paying or deleting orders "
    "needs a Read+Write token in vpsorg:apiToken or VPSORG_API_TOKEN"
)


class OrderError(VpsOrgError):
    """The order cannot be brought to the desired state (bad input for this order, paid delete)."""


class OrderApplyError(OrderError):
    """A write failed. Lists what was applied and what was not; ``pulumi up`` again converges.

    :ivar order_id: the order.
    :ivar applied: the changes that took effect, in order.
    :ivar not_applied: the changes that did not (or whose outcome is unknown).
    :ivar cause: the underlying error.
    """

    def __init__(
        self,
        order_id: int,
        applied: Sequence[str],
        not_applied: Sequence[str],
        cause: BaseException,
        note: str = "",
    ) -> None:
        self.order_id = order_id
        self.applied = tuple(applied)
        self.not_applied = tuple(not_applied)
        self.cause = cause
        message = (
            f"order {order_id}: applied: {', '.join(self.applied) or 'nothing'}; "
            f"not applied: {', '.join(self.not_applied) or 'nothing'}; "
            f"cause: {_describe(cause)}"
        )
        if note:
            message += f". {note}"
        super().__init__(message)


class PartialApplyError(OrderApplyError):
    """A write failed after an earlier one had succeeded: the order is partly changed."""


#: Names defined in :mod:`pulumi_vpsorg.provider._order_inputs` (pydantic), loaded on first access.
_LAZY: Final = frozenset({"OrderInputs", "Text", "WholeNumber"})


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import _order_inputs

        value = getattr(_order_inputs, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def pay_idempotency_key(order_id: int, payment_method: str | None) -> str:
    """Deterministic key for paying ``order_id``: a re-run after an ambiguous failure reuses it.

    Made of what the request body holds, so an amount repriced or written differently (``45.9``,
    ``45.90``) between two runs does not make a new key.
    """
    return f"pulumi-vpsorg-pay-{order_id}-{payment_method or 'default'}"


def accepted_payment(state: Mapping[str, Any], order_id: Any) -> dict[str, Any] | None:
    """The payment of ``order_id`` that ``state`` records as accepted by the API, if any.

    This record, not the order's status or amount, is what tells an accepted payment that is
    still settling (``processing``, ``pending_payment``) from an order that still needs paying.
    """
    record = rpc.unwrap_rpc_secret(state.get(ACCEPTED_PAYMENT))
    wanted = _as_int(order_id)
    if not isinstance(record, Mapping) or wanted is None:
        return None
    if _as_int(record.get("order_id")) != wanted or not record.get("accepted_at"):
        return None
    return dict(record)


def payment_due(paid: Any, status: Any, accepted: Mapping[str, Any] | None) -> bool:
    """Whether ``paid=True`` still asks for a payment: not settled, and none accepted before."""
    return paid is True and status not in SETTLED_STATUSES and accepted is None


def payment_status(status: Any, accepted: Mapping[str, Any] | None) -> str:
    """``settled``, ``settling`` (a payment was accepted, the order is not settled yet) or
    ``unpaid``."""
    if status in SETTLED_STATUSES:
        return "settled"
    return "unpaid" if accepted is None else "settling"


# -- small helpers -----------------------------------------------------------------------


def _unwrap(props: Mapping[str, Any]) -> dict[str, Any]:
    """Properties without ``__provider`` and with secret wrappers removed."""
    return {k: rpc.unwrap_rpc_secret(v) for k, v in props.items() if k != PROVIDER_KEY}


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) else None


def _describe(exc: BaseException) -> str:
    if isinstance(exc, PermissionDeniedError):
        return f"{exc} ({_READ_ONLY_HINT})"
    if isinstance(exc, (LockedError, RateLimitError)):
        return f"{exc} (still refused after retrying with backoff; try again later)"
    return str(exc)


def _failures(exc: pydantic.ValidationError) -> list[CheckFailure]:
    failures: list[CheckFailure] = []
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else "order_id"
        if err["type"] == "extra_forbidden":
            reason = f"unknown property {field!r}; expected one of: {', '.join(INPUT_KEYS)}"
        elif err["type"] == "missing":
            reason = f"{field} is required: the id of the order to manage"
        else:
            msg = str(err["msg"]).removeprefix("Value error, ")
            # The engine prints the property beside the reason: no need to repeat it here.
            # Numbers cross gRPC as doubles: show 36.0 as the 36 the user wrote.
            reason = f"{msg} (got {shown(whole(err['input']))})"
        failures.append(CheckFailure(field, reason))
    return failures


def _select_service(
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
            if (service_id is None or _as_int(s.get("service_id")) == service_id)
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
        f"{s.get('service_type') or '?'} {_as_int(s.get('service_id'))}" for s in services
    )


class _Plan:
    """The writes needed to bring an order to the desired inputs, validated before any is made."""

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

    @staticmethod
    def _renewal(order: OrderModel, inputs: OrderInputs, cycle: int) -> tuple[str, int, int] | None:
        from .._boundary import plain

        services: list[dict[str, Any]] = [plain(s) for s in order.services]
        service, prop, reason = _select_service(services, inputs.service_id, inputs.service_type)
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
            names.append("update " + ", ".join(f"{k}={_show(v)}" for k, v in self.patch.items()))
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


class OrderProvider(ClientProvider):
    """Dynamic provider for :class:`Order`. Holds nothing per instance (see ``ClientProvider``)."""

    # -- check / diff (no API calls) -------------------------------------------------------

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate the inputs; failures name the property and the bad value."""
        import pydantic

        from ._order_inputs import OrderInputs

        raw = _unwrap(news)
        failures: list[CheckFailure] = [
            CheckFailure(k, f"unknown property {k!r}; expected one of: {', '.join(INPUT_KEYS)}")
            for k in sorted(raw)
            if k not in INPUT_KEYS
        ]
        unknown = {k for k, v in raw.items() if k in INPUT_KEYS and is_unknown(v)}
        known = {
            k: v for k, v in raw.items() if k in INPUT_KEYS and k not in unknown and v is not None
        }
        if "order_id" in unknown:
            known["order_id"] = 1  # placeholder so the other inputs can still be validated
        try:
            model = OrderInputs.model_validate(known)
        except pydantic.ValidationError as exc:
            failures.extend(_failures(exc))
            return CheckResult(raw, failures)
        if raw.get("billing_cycle") is None:
            for key in ("service_id", "service_type"):
                if raw.get(key) is not None:
                    failures.append(
                        CheckFailure(
                            key,
                            f"{key} only selects the service billing_cycle applies to; "
                            "set billing_cycle too, or remove it",
                        )
                    )
        if failures:
            return CheckResult(raw, failures)
        inputs = model.state()
        for key in unknown:
            inputs[key] = raw[key]
        return CheckResult(inputs, [])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Compare the desired inputs with the last known state of the order (drift included)."""
        changed = self.changed_properties(olds, news)
        return DiffResult(
            changes=bool(changed),
            replaces=["order_id"] if "order_id" in changed else [],
            stables=[],
            delete_before_replace=False,
        )

    def changed_properties(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        """The inputs whose desired value differs from the order as last read (``olds``).

        Unset inputs mean "leave as is" and never differ; unknown values (preview) always do.
        """
        old = _unwrap(olds)
        new = _unwrap(news)
        changed: set[str] = set()

        def differs(key: str, actual: Any) -> None:
            value = new.get(key)
            if is_unknown(value) or (value is not None and value != actual):
                changed.add(key)

        order_id = new.get("order_id")
        if is_unknown(order_id) or _as_int(order_id) != _as_int(old.get("order_id")):
            changed.add("order_id")
        differs("auto_pay", old.get("auto_pay"))
        promo = old.get("promo")
        differs("promo_code", promo.get("code") if isinstance(promo, Mapping) else None)
        if self._billing_differs(new, old):
            changed.add("billing_cycle")
        accepted = accepted_payment(old, old.get("order_id"))
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

    @staticmethod
    def _billing_differs(new: Mapping[str, Any], old: Mapping[str, Any]) -> bool:
        cycle = new.get("billing_cycle")
        if cycle is None:
            return False
        if any(is_unknown(new.get(k)) for k in ("billing_cycle", "service_id", "service_type")):
            return True
        services = old.get("services")
        service, _, _ = _select_service(
            services if isinstance(services, list) else [],
            _as_int(new.get("service_id")),
            new.get("service_type"),
        )
        # No matching service: report a change, and let update() explain what is wrong.
        return service is None or _as_int(service.get("service_billing_cycle")) != _as_int(cycle)

    # -- create / update / read / delete ---------------------------------------------------

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Adopt the order and apply what differs from the inputs."""
        inputs = _validated(props)
        order, accepted = self._apply(inputs, None)
        return CreateResult(str(order.id), _outputs(inputs, order, accepted))

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Apply what differs from the new inputs; always returns the fresh outputs.

        A payment that ``olds`` records as accepted is kept, and never made again.
        """
        inputs = _validated(news)
        order, accepted = self._apply(inputs, accepted_payment(olds, inputs.order_id))
        return UpdateResult(_outputs(inputs, order, accepted))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Fresh state for ``pulumi refresh``.

        Reading by id alone also works here, but the engine's ``import_`` never reaches it for a
        dynamic resource (pulumi/pulumi#16175); :class:`Order` refuses ``import_`` up front.
        """
        order_id = _id_from(id_)
        current = _unwrap(props)
        try:
            order = self.client().get_order(order_id)
        except NotFoundError:
            return ReadResult(None, {})
        except APIError as exc:
            raise OrderError(f"order {order_id}: reading it failed: {_describe(exc)}") from exc
        inputs = {
            k: current[k]
            for k in INPUT_KEYS
            if k not in _SHADOWED_BY_ORDER and current.get(k) is not None
        }
        inputs["order_id"] = order_id
        inputs.setdefault("delete_on_destroy", False)
        outs = _outputs(inputs, order, accepted_payment(current, order_id))
        if "status" in current:
            # Refresh: keep the desired inputs, so that drift shows up in the next diff.
            return ReadResult(str(order_id), outs)
        return ReadResult(str(order_id), outs, inputs)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Forget the order; with ``delete_on_destroy`` delete it if unpaid (404 counts as done)."""
        current = _unwrap(props)
        if current.get("delete_on_destroy") is not True:
            return
        order_id = _as_int(current.get("order_id")) or _id_from(id_)
        client = self.client()
        try:
            order = client.get_order(order_id)
            if order.is_settled:
                raise OrderError(
                    f"order {order_id} is {order.status}; it cannot be deleted; set "
                    "delete_on_destroy=false to forget it instead"
                )
            client.delete_order(order_id)
        except NotFoundError:
            return
        except APIError as exc:
            raise OrderError(f"order {order_id}: deleting it failed: {_describe(exc)}") from exc

    # -- the writes ------------------------------------------------------------------------

    def _apply(
        self, inputs: OrderInputs, accepted: dict[str, Any] | None
    ) -> tuple[OrderModel, dict[str, Any] | None]:
        """Make the writes; returns the order as re-read and the accepted payment, if any.

        Once a payment is accepted nothing raises any more: an error would drop the outputs, and
        with them the only record that the payment was made.
        """
        client = self.client()
        order_id = inputs.order_id
        try:
            order = client.get_order(order_id)
        except NotFoundError as exc:
            raise OrderError(
                f"order {order_id} does not exist (404); orders are created by the API when "
                "services are bought or renewed, and this resource only adopts them"
            ) from exc
        except APIError as exc:
            raise OrderError(f"order {order_id}: reading it failed: {_describe(exc)}") from exc
        plan = _Plan(order, inputs, accepted)
        pending = plan.steps()
        applied: list[str] = []

        def fail(exc: BaseException, *, done: bool = False, note: str = "") -> OrderApplyError:
            if done:
                applied.append(pending.pop(0))
            cls = PartialApplyError if applied else OrderApplyError
            return cls(order_id, applied, pending, exc, note)

        if plan.patch:
            try:
                order = client.update_order(order_id, **plan.patch)
            except APIError as exc:
                # The client re-reads after the PATCH: a failed GET means the PATCH went through.
                raise fail(exc, done=exc.method == "GET") from exc
            applied.append(pending.pop(0))
        stale = False
        if plan.renewal is not None:
            service_type, service_id, cycle = plan.renewal
            try:
                client.change_renewal_period(order_id, service_type, service_id, cycle)
            except APIError as exc:
                raise fail(exc) from exc
            applied.append(pending.pop(0))
            stale = True
        if plan.pay and stale:
            # A new renewal period changes the amount (and auto-pay may have settled it): re-read.
            try:
                order = client.get_order(order_id)
            except APIError as exc:
                raise fail(exc) from exc
            stale = False
        if plan.pay and order.is_settled:
            pending.pop(0)  # settled meanwhile (auto-pay): nothing left to pay
        elif plan.pay:
            try:
                accepted = self._pay(order, plan.payment_method)
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
            order = self.client().get_order(order_id)
        except APIError:
            raise fail(refusal) from refusal
        if not order.is_settled:
            raise fail(refusal) from refusal
        return order

    def _pay(self, order: OrderModel, payment_method: str | None) -> dict[str, Any]:
        """Pay once, under a key derived from the request, so that a re-run after an unknown
        outcome can be deduplicated by the API. The transport resends it only on 423/429 (not
        processed).

        :returns: the record of the accepted payment, kept in the outputs.
        """
        from datetime import datetime, timezone

        from .._types import to_iso, to_number

        key = pay_idempotency_key(order.id, payment_method)
        self.client().pay_orders([order.id], payment_method, idempotency_key=key)
        return {
            "order_id": order.id,
            "accepted_at": to_iso(datetime.now(timezone.utc)),
            "amount_with_vat": to_number(order.amount_with_vat),
            "payment_method": payment_method,
        }


def _validated(props: Mapping[str, Any]) -> OrderInputs:
    import pydantic

    from ._order_inputs import OrderInputs

    raw = {k: v for k, v in _unwrap(props).items() if k in INPUT_KEYS and v is not None}
    try:
        return OrderInputs.model_validate(raw)
    except pydantic.ValidationError as exc:
        reasons = "; ".join(f.reason for f in _failures(exc))
        raise OrderError(f"invalid Order inputs: {reasons}") from None


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
    from .._boundary import order_state
    from ._order_inputs import OrderInputs

    state = inputs.state() if isinstance(inputs, OrderInputs) else dict(inputs)
    state.update(order_state(order))
    state[ACCEPTED_PAYMENT] = None if accepted is None else dict(accepted)
    state[PAYMENT_STATUS] = payment_status(order.status, accepted)
    return state


class Order(pulumi.dynamic.Resource, module="vpsorg", name="Order"):
    """An existing VPS.org order, adopted by ``order_id`` and converged to the inputs.

    :param resource_name: the Pulumi resource name.
    :param order_id: the order to manage; changing it replaces the resource.
    :param auto_pay: whether the order pays itself automatically; unset leaves it as is.
    :param promo_code: a promo code to apply; unset leaves the order's code as is.
    :param billing_cycle: months (1..24) the renewed service renews for.
    :param service_id: the service ``billing_cycle`` applies to, when the order has several
        with a changeable period.
    :param service_type: the type of that service (e.g. ``"server"``), to disambiguate.
    :param paid: ``True`` ensures the order is paid (once); unset or ``False`` never pays.
    :param payment_method: how to pay when a payment is made (e.g. ``"balance"``, ``"card"``).
    :param delete_on_destroy: on destroy, delete the order if it is unpaid (fails if paid);
        default ``False`` forgets it and leaves it at the API.
    :param opts: resource options; ``payment_information`` is always a secret output.
    """

    order_id: pulumi.Output[int]
    auto_pay: pulumi.Output[bool]
    promo_code: pulumi.Output[str | None]
    billing_cycle: pulumi.Output[int | None]
    service_id: pulumi.Output[int | None]
    service_type: pulumi.Output[str | None]
    paid: pulumi.Output[bool | None]
    payment_method: pulumi.Output[str]
    delete_on_destroy: pulumi.Output[bool]
    tax_rate: pulumi.Output[float]
    amount: pulumi.Output[float]
    amount_with_vat: pulumi.Output[float]
    amount_from_balance: pulumi.Output[float]
    status: pulumi.Output[str]
    type: pulumi.Output[str]
    promo_applicable: pulumi.Output[bool]
    created_at: pulumi.Output[str]
    due_at: pulumi.Output[str]
    payment_date: pulumi.Output[str | None]
    promo: pulumi.Output[dict[str, Any] | None]
    payment_information: pulumi.Output[dict[str, Any] | None]
    invoices: pulumi.Output[list[dict[str, Any]]]
    services: pulumi.Output[list[dict[str, Any]]]
    accepted_payment: pulumi.Output[dict[str, Any] | None]
    payment_status: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        order_id: pulumi.Input[int],
        *,
        auto_pay: pulumi.Input[bool] | None = None,
        promo_code: pulumi.Input[str] | None = None,
        billing_cycle: pulumi.Input[int] | None = None,
        service_id: pulumi.Input[int] | None = None,
        service_type: pulumi.Input[str] | None = None,
        paid: pulumi.Input[bool] | None = None,
        payment_method: pulumi.Input[str] | None = None,
        delete_on_destroy: pulumi.Input[bool] = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = {
            "order_id": order_id,
            "auto_pay": auto_pay,
            "promo_code": promo_code,
            "billing_cycle": billing_cycle,
            "service_id": service_id,
            "service_type": service_type,
            "paid": paid,
            "payment_method": payment_method,
            "delete_on_destroy": delete_on_destroy,
        }
        # Output-only properties must be present (as None) to become attributes.
        for name in _OUTPUT_ONLY:
            props[name] = None
        defaults = pulumi.ResourceOptions(
            additional_secret_outputs=["payment_information"], replace_on_changes=["order_id"]
        )
        refuse_import(
            opts,
            "Order",
            "To adopt an order, declare Order(name, order_id=...) without import_: its create reads "
            "the order and changes only what differs from the inputs.",
        )
        merged = pulumi.ResourceOptions.merge(defaults, opts)
        super().__init__(OrderProvider(), resource_name, props, merged)


_OUTPUT_ONLY: Final = (
    "tax_rate",
    "amount",
    "amount_with_vat",
    "amount_from_balance",
    "status",
    "type",
    "promo_applicable",
    "created_at",
    "due_at",
    "payment_date",
    "promo",
    "payment_information",
    "invoices",
    "services",
    ACCEPTED_PAYMENT,
    PAYMENT_STATUS,
)
