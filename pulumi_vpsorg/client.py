"""``VpsOrgClient``: the typed client for the VPS.org API."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from ._config import resolve_tokens, token_fingerprint
from ._http import Transport
from ._settings import ClientSettings, resolve_settings
from ._vocabulary import ENV_ORDERS_TOKEN, ENV_TOKEN, ORDERS_TOKEN_CONFIG, TOKEN_CONFIG
from .plans.client import PlansClient
from .plans.models import Plan, PlanDetails

if TYPE_CHECKING:
    # The orders side (its models, paging and summary) is imported on first use: a process
    # that only reads plans (a PlanLookup provider) never loads it.
    from .orders.client import ConvertedOrders, OrdersClient, StatusFilter
    from .orders.models import Order, OrderFigures, OrderPage, PayReceipt
    from .orders.summary import OrdersSummary

__all__ = ["ClientSettings", "Scope", "VpsOrgClient"]

T = TypeVar("T")

#: ``(plans api_url, token fingerprint)``: whose view of the plan catalogue an answer is.
Scope = tuple[str, str]

_KEEP: Any = object()
_PLANS_AUTH = f"check {TOKEN_CONFIG} / {ENV_TOKEN}"
_ORDERS_AUTH = (
    f"check {ORDERS_TOKEN_CONFIG} / {ENV_ORDERS_TOKEN} (else {TOKEN_CONFIG} / {ENV_TOKEN})"
)


class VpsOrgClient:
    """Client for plans and orders.

    :param api_token: Bearer token; defaults to ``VPSORG_API_TOKEN``. Never printed or pickled.
    :param api_url: plans base URL; defaults to ``VPSORG_API_URL``, then
        ``https://admin.vps.org/api/v1``. Orders use it too unless an orders URL is set or it
        is that documented plans host (A1). Plain ``http://`` only for loopback hosts.
    :param orders_api_url: orders base URL; defaults to the first set of ``api_url``,
        ``VPSORG_ORDERS_API_URL`` and ``VPSORG_API_URL`` that is not the plans host, then
        ``https://api.vpsbg.eu/v1``.
    :param orders_api_token: token for the orders host; defaults to ``api_token`` when that is
        given, then ``VPSORG_ORDERS_API_TOKEN``, then the plans token (assumption A1).
    :param timeout: seconds one call may take in all: connecting, every response and body,
        redirects, retries and the waits between them.
    :param max_retries: retries of idempotent calls on connection errors, 423, 429 and 5xx.
    :param backoff_factor: exponential backoff base in seconds (with jitter).
    :param max_retry_after: longest server-requested wait honoured, in seconds.
    :param concurrency: parallel page reads in :meth:`list_orders`.
    :raises ConfigurationError: naming the setting, when no token is set or a setting is
        unusable, before any request.
    """

    def __init__(
        self,
        api_token: str | None = None,
        api_url: str | None = None,
        *,
        orders_api_url: str | None = None,
        orders_api_token: str | None = None,
        timeout: float = 30.0,
        max_retries: int = 3,
        backoff_factor: float = 0.5,
        max_retry_after: float = 30.0,
        concurrency: int = 8,
    ) -> None:
        self.settings: ClientSettings = resolve_settings(
            api_url=api_url,
            orders_api_url=orders_api_url,
            timeout=timeout,
            max_retries=max_retries,
            backoff_factor=backoff_factor,
            max_retry_after=max_retry_after,
            concurrency=concurrency,
        )
        token, orders_token = resolve_tokens(api_token, orders_api_token)
        settings = self.settings
        self.api_url = settings.api_url
        self.orders_api_url = settings.orders_api_url
        self.concurrency = settings.concurrency
        #: Whose view of the plan catalogue this client has (the memo's key).
        self.scope: Scope = (settings.api_url, token_fingerprint(token))
        self._transport = self._new_transport(settings.api_url, token, orders_token, _PLANS_AUTH)
        self._orders_transport = (
            self._transport
            if (settings.orders_api_url, orders_token) == (settings.api_url, token)
            else self._new_transport(settings.orders_api_url, orders_token, token, _ORDERS_AUTH)
        )
        self._plans = PlansClient(self._transport)
        self._orders_client: OrdersClient | None = None

    @property
    def _orders(self) -> OrdersClient:
        """The orders endpoints' client, made on first use."""
        if self._orders_client is None:
            from .orders.client import OrdersClient

            self._orders_client = OrdersClient(self._orders_transport)
        return self._orders_client

    def _new_transport(self, url: str, token: str, other: str, auth_hint: str) -> Transport:
        s = self.settings
        return Transport(
            url,
            token,
            timeout=float(s.timeout),
            max_retries=s.max_retries,
            backoff_factor=float(s.backoff_factor),
            max_retry_after=float(s.max_retry_after),
            pool_size=max(16, s.concurrency),
            redact=(other,),
            auth_hint=auth_hint,
        )

    def __repr__(self) -> str:
        if self.orders_api_url == self.api_url:
            return f"VpsOrgClient(api_url={self.api_url!r})"
        return f"VpsOrgClient(api_url={self.api_url!r}, orders_api_url={self.orders_api_url!r})"

    def __getstate__(self) -> dict[str, Any]:
        raise TypeError("VpsOrgClient holds the API token and cannot be pickled")

    def __enter__(self) -> VpsOrgClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close pooled connections."""
        self._transport.close()
        self._orders_transport.close()

    # plans

    def list_plans(self, location: str | None = None) -> list[Plan]:
        """``GET /plans/``: every plan, or those offered in ``location``."""
        return self._plans.get_all(location)

    def get_plan(self, plan_id: int) -> PlanDetails:
        """``GET /plans/{plan_id}/``: one plan with features and recommended uses."""
        return self._plans.get(plan_id)

    # orders

    def iter_orders(
        self, status: StatusFilter = None, per_page: int | None = None
    ) -> Iterator[Order]:
        """Yield every order across all pages, each once, one request at a time; if orders move
        while paging it reads again (up to 3 passes), yielding only orders not yet yielded.

        :param status: a status or a list of them, sent as ``filter[status]=a,b``; ``None``
            leaves the API default (``pending_payment,paid``).
        """
        return self._orders.iter_all(status, per_page)

    def list_orders_page(
        self, page: int = 1, per_page: int | None = None, status: StatusFilter = None
    ) -> OrderPage:
        """``GET /orders``: one page as the API sends it (``data``, ``links``, ``meta``), checked
        for consistent paging metadata."""
        return self._orders.list_page(page, per_page, status)

    def list_orders(
        self,
        status: StatusFilter = None,
        per_page: int | None = None,
        *,
        concurrency: int | None = None,
    ) -> list[Order]:
        """Every matching order, newest first, pages read concurrently."""
        return self._orders.get_all(
            status, per_page, concurrency=self.concurrency if concurrency is None else concurrency
        )

    def convert_orders(
        self,
        convert: Callable[[list[Order]], list[T]],
        status: StatusFilter = None,
        type: str | Sequence[str] | None = None,
        *,
        now: datetime | None = None,
        concurrency: int | None = None,
    ) -> ConvertedOrders[T]:
        """What ``convert`` makes of the orders :meth:`list_orders` returns (only ``type``, when
        given), one call per page as it arrives, with their summary (:meth:`summarize_orders`):
        one read, and no order held as a model after its page."""
        return self._orders.convert_all(
            convert,
            status,
            types=type,
            now=now,
            concurrency=self.concurrency if concurrency is None else concurrency,
        )

    def list_order_figures(
        self,
        status: StatusFilter = None,
        per_page: int | None = None,
        *,
        concurrency: int | None = None,
    ) -> list[OrderFigures]:
        """:meth:`list_orders` read as :class:`OrderFigures`: what ``summarize`` needs, cheaper."""
        return self._orders.get_all_figures(
            status, per_page, concurrency=self.concurrency if concurrency is None else concurrency
        )

    def summarize_orders(
        self,
        status: StatusFilter = None,
        type: str | Sequence[str] | None = None,
        *,
        now: datetime | None = None,
        concurrency: int | None = None,
    ) -> OrdersSummary:
        """The audit of every matching order (``OrdersAudit``, ``vpsorg orders``).

        The same as ``summarize(list_order_figures(status))`` restricted to ``type``, with each
        page counted in while the next ones are in flight.
        """
        return self._orders.summarize(
            status,
            types=type,
            now=now,
            concurrency=self.concurrency if concurrency is None else concurrency,
        )

    def get_order(self, order_id: int) -> Order:
        """``GET /orders/{id}``: the order with invoices and services."""
        return self._orders.get(order_id)

    def update_order(
        self, order_id: int, *, auto_pay: bool | None = None, promo_code: str | None = _KEEP
    ) -> Order:
        """``PATCH /orders/{id}``: set ``auto_pay`` and/or the promo code; returns the order."""
        if promo_code is _KEEP:
            return self._orders.update(order_id, auto_pay=auto_pay)
        return self._orders.update(order_id, auto_pay=auto_pay, promo_code=promo_code)

    def change_renewal_period(
        self,
        order_id: int,
        service_type: str,
        service_id: int,
        billing_cycle: int,
        promo_code: str | None = None,
    ) -> None:
        """``PATCH /orders/{id}/{service_type}/{service_id}``: renew for ``billing_cycle`` months."""
        self._orders.change_renewal_period(
            order_id, service_type, service_id, billing_cycle, promo_code
        )

    def pay_orders(
        self,
        order_ids: Sequence[int],
        payment_method: str | None = None,
        *,
        idempotency_key: str | None = None,
    ) -> PayReceipt:
        """``POST /orders/pay``: pay orders; never retried once it may have reached the server.

        :returns: what the 2xx answer said (``refusal`` when its body says the payment failed).
        """
        return self._orders.pay(order_ids, payment_method, idempotency_key=idempotency_key)

    def pay_order(
        self,
        order_id: int,
        payment_method: str | None = None,
        *,
        idempotency_key: str | None = None,
    ) -> Order:
        """Pay one order and return it re-read."""
        self._orders.pay([order_id], payment_method, idempotency_key=idempotency_key)
        return self._orders.get(order_id)

    def delete_order(self, order_id: int) -> None:
        """``DELETE /orders/{id}``: delete an unpaid order."""
        self._orders.delete(order_id)
