"""Order data sources: ``get_orders``, ``get_order`` and their ``_output`` twins.

An orders audit reads page 1, then the remaining pages concurrently. With no status given it
covers every known status (the API's own default, ``pending_payment,paid``, would hide
``awaiting_payment`` and ``processing``, which are unpaid), and its result says which it covered.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, TypeVar

import pulumi

from .._errors import ConfigurationError
from .._run_errors import run_errors
from .._vocabulary import positive_id, require
from ._client import client_for
from ._output import output_of
from .results import (
    GetOrdersResult,
    OrderResult,
    OrdersSummaryResult,
    make,
    order_result,
    order_results,
)

__all__ = [
    "ORDERS_CONCURRENCY",
    "get_order",
    "get_order_output",
    "get_orders",
    "get_orders_output",
]

R = TypeVar("R")

#: Parallel page reads of an orders audit.
ORDERS_CONCURRENCY: Final = 8


@run_errors
def get_orders(
    status: str | Sequence[str] | None = None,
    type: str | Sequence[str] | None = None,
    *,
    allow_unknown_status: bool = False,
    api_token: str | None = None,
    api_url: str | None = None,
) -> GetOrdersResult:
    """Every matching order across all pages (newest first) and their summary.

    A type filter that keeps none of the orders read says so in a warning (``pulumi.log``)
    rather than reporting a silent zero.

    :param status: one status or several, sent as ``filter[status]``; ``None`` or ``"all"``:
        every known status (not the API's default, which hides unpaid statuses). The result's
        ``status`` lists the statuses covered.
    :param type: one order type or several (e.g. ``"new-service"``), filtered client-side: the
        API has no type filter.
    :param allow_unknown_status: send statuses that are not known ones as they are, instead of
        refusing them.
    :raises ConfigurationError: for a status that is not a known one (naming the known ones), a
        malformed type or no token, before any request.
    """
    from .._boundary import plain
    from ..orders.filters import audit_statuses, audit_types, no_type_matched

    statuses = list(audit_statuses(status, allow_unknown=allow_unknown_status))
    types = audit_types(type)
    client = client_for(api_token, api_url)
    # Each order becomes its output as its page arrives, while the next pages are on the wire.
    read = client.convert_orders(order_results, statuses, types, concurrency=ORDERS_CONCURRENCY)
    if types is not None and read.count_by_type and not read.converted:
        pulumi.log.warn(f"get_orders: {no_type_matched(types, read.count_by_type)}")
    return make(
        GetOrdersResult,
        {
            "orders": read.converted,
            "summary": make(OrdersSummaryResult, plain(read.summary)),
            "status": statuses,
            "type": types,
        },
    )


@run_errors
def get_order(
    order_id: int, *, api_token: str | None = None, api_url: str | None = None
) -> OrderResult:
    """One order with its invoices and services.

    :raises NotFoundError: when no order has this id.
    """
    require("order_id", positive_id, order_id, ConfigurationError)
    client = client_for(api_token, api_url)
    return order_result(client.get_order(order_id))


def get_orders_output(
    status: pulumi.Input[str | Sequence[str]] | None = None,
    type: pulumi.Input[str | Sequence[str]] | None = None,
    *,
    allow_unknown_status: pulumi.Input[bool] | None = None,
    api_token: pulumi.Input[str] | None = None,
    api_url: pulumi.Input[str] | None = None,
    opts: pulumi.InvokeOutputOptions | None = None,
) -> pulumi.Output[GetOrdersResult]:
    """:func:`get_orders` taking ``pulumi.Input`` values, run after ``opts.depends_on`` (an
    audit read after an ``Order`` change); a secret when an order holds payment information."""
    result = output_of(
        get_orders,
        opts,
        status=status,
        type=type,
        allow_unknown_status=allow_unknown_status,
        api_token=api_token,
        api_url=api_url,
    )
    return result.apply(
        lambda found: _secret_if(found, any(o.payment_information is not None for o in found.orders))
    )


def get_order_output(
    order_id: pulumi.Input[int],
    *,
    api_token: pulumi.Input[str] | None = None,
    api_url: pulumi.Input[str] | None = None,
    opts: pulumi.InvokeOutputOptions | None = None,
) -> pulumi.Output[OrderResult]:
    """:func:`get_order` taking ``pulumi.Input`` values, run after ``opts.depends_on``; a secret
    when the order holds payment information."""
    result = output_of(get_order, opts, order_id=order_id, api_token=api_token, api_url=api_url)
    return result.apply(lambda found: _secret_if(found, found.payment_information is not None))


def _secret_if(result: R, holds_card: bool) -> pulumi.Output[R]:
    """``result`` as an Output, a secret when it holds payment information (card details are
    secret outputs of ``Order`` and ``OrderLookup`` too; an Output is secret as a whole, as the
    SDKs make an invoke's result with a secret inside)."""
    return pulumi.Output.secret(result) if holds_card else pulumi.Output.from_input(result)
