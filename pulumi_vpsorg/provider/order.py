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

from collections.abc import Mapping, Sequence
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


def pay_idempotency_key(order_id: int, payment_method: str | None, amount: Any) -> str:
    """Deterministic key for paying ``order_id``: a re-run after an ambiguous failure reuses it."""
    return f"pulumi-vpsorg-pay-{order_id}-{payment_method or 'default'}-{amount}"


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

    def __init__(self, order: OrderModel, inputs: OrderInputs) -> None:
        self.patch: dict[str, Any] = {}
        if inputs.auto_pay is not None and inputs.auto_pay != order.auto_pay:
            self.patch["auto_pay"] = inputs.auto_pay
        current_code = order.promo.code if order.promo is not None else None
        if inputs.promo_code is not None and inputs.promo_code != current_code:
            self.patch["promo_code"] = inputs.promo_code
        self.renewal: tuple[str, int, int] | None = None
        if inputs.billing_cycle is not None:
            self.renewal = self._renewal(order, inputs, inputs.billing_cycle)
        self.pay = bool(inputs.paid) and not order.is_settled
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
        settled = old.get("status") in SETTLED_STATUSES
        paid = new.get("paid")
        if is_unknown(paid) or (paid is True and not settled):
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
        order = self._apply(inputs)
        return CreateResult(str(order.id), _outputs(inputs, order))

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Apply what differs from the new inputs; always returns the fresh outputs."""
        inputs = _validated(news)
        order = self._apply(inputs)
        return UpdateResult(_outputs(inputs, order))

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
        outs = _outputs(inputs, order)
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

    def _apply(self, inputs: OrderInputs) -> OrderModel:
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
        plan = _Plan(order, inputs)
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
                self._pay(order, plan.payment_method)
            except (ConnectionFailedError, ServerError) as exc:
                # No answer, or a 5xx (a gateway may time out after the API processed it): the
                # payment may have gone through.
                raise fail(
                    exc,
                    note="The payment's outcome is unknown; run `pulumi up` again: the order is "
                    "re-read first and a paid order is never paid again",
                ) from exc
            except APIError as exc:
                raise fail(exc) from exc
            applied.append(pending.pop(0))
            stale = True
        if stale:
            try:
                order = client.get_order(order_id)
            except APIError as exc:
                pending.append("re-reading the order")
                raise fail(exc) from exc
        return order

    def _pay(self, order: OrderModel, payment_method: str | None) -> None:
        """Pay once, under a key derived from the order, so a re-run after an unknown outcome is
        deduplicated by the API. The transport resends it only on 423/429 (not processed)."""
        key = pay_idempotency_key(order.id, payment_method, order.amount_with_vat)
        self.client().pay_orders([order.id], payment_method, idempotency_key=key)


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


def _outputs(inputs: OrderInputs | Mapping[str, Any], order: OrderModel) -> dict[str, Any]:
    """Inputs as given (defaults filled), then every documented order field."""
    from .._boundary import order_state
    from ._order_inputs import OrderInputs

    state = inputs.state() if isinstance(inputs, OrderInputs) else dict(inputs)
    state.update(order_state(order))
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
)
