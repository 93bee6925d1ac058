"""Every choice this package makes where the VPS.org API documents are silent.

The documents (plans reference, orders list reference, and what the public orders reference adds)
are the contract. Where they say nothing, the package assumes what is written here, and only here:
the client, the fake API and the README all read these constants. Change one line here if the real
API turns out to differ.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "ASSUMPTIONS",
    "BILLING_CYCLE_MAX",
    "BILLING_CYCLE_MIN",
    "DEFAULT_API_URL",
    "DEFAULT_ORDERS_API_URL",
    "ERROR_BODY_SHAPE",
    "IDEMPOTENCY_HEADER",
    "NAIVE_TIMESTAMPS_ARE_UTC",
    "NOT_FOUND_NEEDS_MESSAGE",
    "ORDERS_ACCEPT",
    "ORDERS_PATH",
    "ORDER_CURRENCY",
    "ORDER_PATH",
    "ORDER_RENEWAL_PATH",
    "ORDER_UPDATE_FIELDS",
    "PAY_ORDERS_BODY_KEYS",
    "PAY_ORDERS_PATH",
    "PAY_REFUSAL_FLAGS",
    "PAY_REFUSAL_STATUSES",
    "PAY_UNDER_WAY_STATUSES",
    "PLANS_PATH",
    "PLAN_PATH",
    "REQUESTED_PER_PAGE",
    "RETRY_AFTER_HEADER",
    "SERVER_DEFAULT_PER_PAGE",
    "SERVER_MAX_PER_PAGE",
    "SETTLED_STATUSES",
]

#: A1. Two hosts, one token. Plans are at the plans document's host and orders at the orders
#: document's host (every URL of that document is under it). The documents do not say whether
#: one token serves both: the plans token is sent to both unless an orders token is set
#: (``vpsorg:ordersApiToken`` / ``VPSORG_ORDERS_API_TOKEN`` / ``orders_api_token=``). A plans URL
#: set without an orders URL (``vpsorg:apiUrl`` / ``VPSORG_API_URL``) points both at one server,
#: unless it is the plans document's own host, which serves no orders.
DEFAULT_API_URL: Final = "https://admin.vps.org/api/v1"
DEFAULT_ORDERS_API_URL: Final = "https://api.vpsbg.eu/v1"

#: Documented paths (relative to the base URL), kept here so that every path lives in one module.
PLANS_PATH: Final = "/plans/"
PLAN_PATH: Final = "/plans/{plan_id}/"
ORDERS_PATH: Final = "/orders"
ORDER_PATH: Final = "/orders/{order_id}"
ORDER_RENEWAL_PATH: Final = "/orders/{order_id}/{service_type}/{service_id}"

#: A2. Update order: ``PATCH /orders/{id}`` with a JSON body holding only the fields being changed,
#: out of these. Any 2xx is success; the body, if any, is not relied upon (the client re-reads).
ORDER_UPDATE_FIELDS: Final = ("auto_pay", "promo_code")

#: A3. Pay orders: ``POST /orders/pay`` with ``{"order_ids": [int, ...], "payment_method": str|null}``.
#: Any 2xx means the API took the request: it is never sent again on its own. The body is read only
#: to spot a refusal: a JSON object with ``success`` or ``paid`` false, a ``status`` in
#: ``PAY_REFUSAL_STATUSES``, a non-empty ``error``/``errors``, an order of the request listed in
#: ``data`` with a status that is neither settled nor under way, or a body that is not JSON. Such a
#: payment is recorded as *unconfirmed*. The request carries an idempotency key header.
PAY_ORDERS_PATH: Final = "/orders/pay"
PAY_ORDERS_BODY_KEYS: Final = ("order_ids", "payment_method")
IDEMPOTENCY_HEADER: Final = "Idempotency-Key"
PAY_REFUSAL_FLAGS: Final = ("success", "paid")
PAY_REFUSAL_STATUSES: Final = frozenset(
    {"failed", "failure", "error", "declined", "rejected", "refused", "unpaid"}
)

#: A4. Delete order: ``DELETE /orders/{id}``, 204 on success, 404 if missing (documented). Only
#: orders whose status is not in ``SETTLED_STATUSES`` can be deleted; others answer 422.

#: A5. Statuses after which an order needs no payment. Every other status (``pending_payment``,
#: ``awaiting_payment``, ``processing`` and any unknown one) counts as unpaid in audits.
SETTLED_STATUSES: Final = frozenset({"paid", "cancelled"})
#: An unsettled order with a ``payment_date``, or in a status of ``PAY_UNDER_WAY_STATUSES``, has
#: a payment under way (bank transfer, bitcoin confirmations): ``Order`` never pays it again, with
#: or without a record of its own, and never deletes it (``delete_on_destroy``).
PAY_UNDER_WAY_STATUSES: Final = frozenset({"processing"})

#: A6. Error bodies are Laravel's: ``{"message": str, "errors": {field: [str, ...]}}`` (``errors``
#: only on 422). Any other body still maps to the right error by status code.
ERROR_BODY_SHAPE: Final = '{"message": str, "errors": {field: [str]}}'

#: A7. Pagination: default and maximum ``per_page`` are unpublished. The client asks for
#: ``REQUESTED_PER_PAGE`` and accepts whatever ``meta.per_page`` the server answers with. The fake
#: API defaults to 5, what the document's sample response answers its sample request (whose
#: ``per_page`` is blank), and caps at 100.
REQUESTED_PER_PAGE: Final = 100
SERVER_DEFAULT_PER_PAGE: Final = 5
SERVER_MAX_PER_PAGE: Final = 100

#: A8. Billing cycles are whole months from 1 to 24 (the reference bounds them so elsewhere).
BILLING_CYCLE_MIN: Final = 1
BILLING_CYCLE_MAX: Final = 24

#: A9. Rate limiting: the wait is announced in the standard ``Retry-After`` header (seconds).
RETRY_AFTER_HEADER: Final = "Retry-After"

#: A10. A timestamp without a UTC offset is UTC (every documented example ends in ``Z``).
NAIVE_TIMESTAMPS_ARE_UTC: Final = True

#: A11. The orders documents name no currency; order amounts are taken to be USD, the currency
#: of the plans reference, so that budgets add up. ``tx_amount`` (bitcoin) has no unit at all.
ORDER_CURRENCY: Final = "USD"

#: A12. A missing order answers ``GET /orders/{id}`` with 404 and a JSON error body carrying a
#: ``message`` (A6); the documents give the status ("no results found") but no body. ``pulumi
#: refresh`` takes an order as gone only when two such answers bracket a successful ``GET /orders``
#: at the same URL (so the URL and token reach the orders API). Any other 404 (no body, HTML, a
#: wrong URL) is an error that leaves the state as it was.
NOT_FOUND_NEEDS_MESSAGE: Final = True

#: A14. A ``service_type`` (a renewal's path segment, ``PATCH /orders/{id}/{service_type}/{id}``)
#: is a word like the documents' ``server`` and ``server-addon``: letters, digits, ``-``, ``_``,
#: ``.``, ``~``, not starting with ``.``. Anything else, from the user or the server, is refused
#: before any request, so that no value can move a write to another path.
SERVICE_TYPE_PATTERN: Final = r"[A-Za-z0-9_~-][A-Za-z0-9._~-]*"

#: A15. The orders document marks the ``Accept`` header required, with ``application/json`` as its
#: default, and gives no status for a request without it (its own curl sample sends an empty one).
#: The client always sends it. The fake API serves a request without it, or with an empty one, as
#: the documented default asks, and answers 406 with a ``{message}`` body only to an ``Accept``
#: that rules JSON out (``text/html``): the document lists no such status, so that is the one
#: thing assumed. The plans reference does not ask for it.
ORDERS_ACCEPT: Final = "application/json"

#: Human-readable list, printed in the README and by ``vpsorg assumptions``.
ASSUMPTIONS: Final = (
    "A1 Plans at https://admin.vps.org/api/v1, orders at https://api.vpsbg.eu/v1 (the documents' "
    "hosts); one token serves both unless an orders token is set (vpsorg:ordersApiToken, "
    "VPSORG_ORDERS_API_TOKEN); a plans URL set without an orders URL serves both, unless it is "
    "the documented plans host.",
    "A2 Update order is PATCH /orders/{id} with only the changed fields of auto_pay, promo_code; "
    "any 2xx is success and the order is re-read.",
    "A3 Pay orders is POST /orders/pay with {order_ids, payment_method}; any 2xx is taken (never "
    "sent again), but a body with success or paid false, a failed/declined/... status, an error, "
    "the order listed unpaid, or no JSON records the payment as unconfirmed; an Idempotency-Key "
    "header is sent and the request is never retried once it may have reached the server.",
    "A4 Delete order is DELETE /orders/{id}; only unsettled orders can be deleted, others answer 422.",
    "A5 Orders whose status is neither paid nor cancelled count as unpaid; one of them with a "
    "payment_date, or processing, has a payment under way, which Order never pays again and "
    "never deletes.",
    "A6 Error bodies are {message, errors{field: [messages]}}; errors map by status code whatever "
    "the body.",
    "A7 Unpublished per_page limits: the client asks for 100 and follows meta.per_page; the fake "
    "API defaults to 5, as the document's sample answers, and caps at 100.",
    "A8 Billing cycles are whole months, 1 to 24.",
    "A9 Rate-limit waits come in the Retry-After header, in seconds.",
    "A10 Timestamps without a UTC offset are UTC.",
    "A11 Order amounts are USD (the orders documents name no currency; the plans are in USD).",
    "A12 A missing order answers 404 with a JSON {message} body; refresh drops an order only on "
    "two such 404s around a successful GET /orders at the same URL; any other 404 is an error.",
    "A13 GET /plans/?location=X lists exactly the plans whose locations include X: the package "
    "reads the whole catalogue once and filters by location itself.",
    "A14 A service_type (the renewal PATCH's path segment) is letters, digits, - _ . ~, not "
    "starting with '.'; anything else is refused before any request.",
    "A15 The orders endpoints take Accept: application/json (required in the document, with that "
    "default): the client always sends it; the fake API serves a missing or empty one as the "
    "default and answers 406 to an Accept that rules JSON out.",
)
