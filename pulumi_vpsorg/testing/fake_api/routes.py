"""One handler per documented endpoint, over the :class:`~.store.Store`.

Request bodies of the order operations are assumptions (A2-A4); validation errors are Laravel's
(A6), since the pagination shape is Laravel's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from pulumi_vpsorg import assumptions
from pulumi_vpsorg.testing.fake_api import examples
from pulumi_vpsorg.testing.fake_api.paging import page_body
from pulumi_vpsorg.testing.fake_api.records import add_months, format_ts
from pulumi_vpsorg.testing.fake_api.responses import (
    LOCKED,
    NOT_FOUND,
    Response,
    invalid,
    json_response,
    message,
)
from pulumi_vpsorg.testing.fake_api.store import Store, now

__all__ = ["MAX_PAGE_NUMBER", "ROUTES", "Ctx", "Route", "path_id"]

_INTEGER: Final = re.compile(r"[+-]?[0-9]+")
#: Largest ``page`` and ``per_page`` (``integer|min:1|max:2147483647``, a MySQL INT): past it a
#: page number is refused with 422 rather than carried into offsets and links.
MAX_PAGE_NUMBER: Final = 2**31 - 1
#: Path ids longer than this cannot name a stored order or plan (ids are whole numbers).
_MAX_ID_DIGITS: Final = 19


def path_id(text: str) -> int | None:
    """The whole number a path segment names, or None (so the route answers 404)."""
    if not text.isascii() or not text.isdigit():
        return None
    digits = text.lstrip("0") or "0"
    return int(digits) if len(digits) <= _MAX_ID_DIGITS else None


@dataclass(frozen=True)
class Ctx:
    """What a handler sees of one request."""

    method: str
    query: dict[str, str]
    body: Any
    body_error: str | None
    #: ``http://HOST/PREFIX`` as the request reached the fake (the orders list's links use it).
    base_url: str
    idempotency_key: str | None
    default_per_page: int
    max_per_page: int


Route = Callable[[Store, Ctx, tuple[str, ...]], Response]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# -- plans -------------------------------------------------------------------------------------


def list_plans(store: Store, ctx: Ctx, args: tuple[str, ...]) -> Response:
    """``GET /plans/`` with the optional ``location`` filter."""
    location = ctx.query.get("location", "")
    with store.lock:
        results = [
            {k: p[k] for k in examples.PLAN_LIST_FIELDS if k in p}
            for p in store.plans
            if not location or location in p.get("locations", ())
        ]
        return json_response(200, {"count": len(results), "results": results})


def get_plan(store: Store, ctx: Ctx, args: tuple[str, ...]) -> Response:
    """``GET /plans/{plan_id}/``: the list fields plus ``features`` and ``recommended_for``."""
    plan_id = path_id(args[0])
    if plan_id is None:
        return message(404, NOT_FOUND)
    with store.lock:
        for plan in store.plans:
            if plan.get("id") == plan_id:
                detail: dict[str, Any] = {
                    k: plan[k] for k in examples.PLAN_LIST_FIELDS if k in plan
                }
                detail["features"] = plan.get("features", [])
                detail["recommended_for"] = plan.get("recommended_for", [])
                return json_response(200, detail)
    return message(404, NOT_FOUND)


# -- orders ------------------------------------------------------------------------------------


def list_orders(store: Store, ctx: Ctx, args: tuple[str, ...]) -> Response:
    """``GET /orders`` with ``page``, ``per_page`` and ``filter[status]``."""
    errors: dict[str, list[str]] = {}
    page = _int_query(ctx.query, "page", "page", errors)
    per_page = _int_query(ctx.query, "per_page", "per page", errors)
    raw_filter = ctx.query.get("filter[status]", "")
    statuses = [s.strip() for s in raw_filter.split(",") if s.strip()]
    if not statuses:
        statuses = list(examples.DEFAULT_STATUS_FILTER)
    if any(s not in examples.KNOWN_STATUSES for s in statuses):
        errors["filter.status"] = ["The selected filter.status is invalid."]
    if errors:
        return invalid(errors)
    page = page or 1
    per_page = min(per_page or ctx.default_per_page, ctx.max_per_page)
    path = ctx.base_url + assumptions.ORDERS_PATH
    with store.lock:
        ids = store.filtered_ids(frozenset(statuses))
        total = len(ids)
        start = (page - 1) * per_page
        items = store.list_entries(ids[start : start + per_page])
    return Response(200, page_body(items, total, page, per_page, path))


def get_order(store: Store, ctx: Ctx, args: tuple[str, ...]) -> Response:
    """``GET /orders/{id}``: the whole order, ``invoices`` and ``services`` included."""
    with store.lock:
        order = store.find(path_id(args[0]))
        if order is None:
            return message(404, NOT_FOUND)
        return json_response(200, order)


def update_order(store: Store, ctx: Ctx, args: tuple[str, ...]) -> Response:
    """``PATCH /orders/{id}`` with ``auto_pay`` and/or ``promo_code`` (A2)."""
    with store.lock:
        order = store.find(path_id(args[0]))
        if order is None:
            return message(404, NOT_FOUND)
        body, refused = _object_body(ctx, allow_empty=True)
        if refused is not None:
            return refused
        errors: dict[str, list[str]] = {}
        if "auto_pay" in body and not isinstance(body["auto_pay"], bool):
            errors["auto_pay"] = ["The auto pay field must be true or false."]
        _check_promo(body, errors)
        if errors:
            return invalid(errors)
        if order["id"] in store.locked:
            return message(423, LOCKED)
        if order["status"] == "cancelled":
            return invalid({"order": ["A cancelled order cannot be updated."]})
        if "promo_code" in body:
            code = body["promo_code"]
            if (code is not None or order["promo"] is not None) and not order["promo_applicable"]:
                return invalid({"promo_code": ["No promo code can be applied to this order."]})
        store.invalidate(order["id"], order_set=False, statuses=False)
        if "promo_code" in body:
            code = body["promo_code"]
            order["promo"] = None if code is None else dict(examples.PROMO_CODES[code])
        if "auto_pay" in body:
            order["auto_pay"] = body["auto_pay"]
        return json_response(200, order)


def change_period(store: Store, ctx: Ctx, args: tuple[str, ...]) -> Response:
    """``PATCH /orders/{id}/{service_type}/{service_id}`` with ``billing_cycle``: 204."""
    with store.lock:
        order = store.find(path_id(args[0]))
        service_type, service_id = args[1], args[2]
        service = None
        sid = path_id(service_id)
        if order is not None and sid is not None:
            service = next(
                (
                    s
                    for s in order["services"]
                    if s["service_type"] == service_type and s["service_id"] == sid
                ),
                None,
            )
        if order is None or service is None:
            return message(404, NOT_FOUND)
        body, refused = _object_body(ctx, allow_empty=False)
        if refused is not None:
            return refused
        errors: dict[str, list[str]] = {}
        cycle = body.get("billing_cycle")
        lo, hi = assumptions.BILLING_CYCLE_MIN, assumptions.BILLING_CYCLE_MAX
        if cycle is None:
            errors["billing_cycle"] = ["The billing cycle field is required."]
        elif not _is_int(cycle):
            errors["billing_cycle"] = ["The billing cycle field must be an integer."]
        elif not lo <= cycle <= hi:
            errors["billing_cycle"] = [f"The billing cycle field must be between {lo} and {hi}."]
        _check_promo(body, errors)
        if errors:
            return invalid(errors)
        assert isinstance(cycle, int)
        if order["id"] in store.locked:
            return message(423, LOCKED)
        if not service["is_period_changeable"] or order["status"] == "cancelled":
            return invalid({"billing_cycle": ["The period of this service cannot be changed."]})
        minimum = service["service_minimum_billing_cycle"]
        if cycle < minimum:
            return invalid(
                {"billing_cycle": [f"The billing cycle field must be at least {minimum}."]}
            )
        store.invalidate(order["id"], order_set=False, statuses=False)
        if order["status"] not in assumptions.SETTLED_STATUSES:
            store.prices.reprice(order, service, cycle)
        service["service_billing_cycle"] = cycle
        service["period_to"] = add_months(service["period_from"], cycle)
        if "promo_code" in body:
            code = body["promo_code"]
            service["promo"] = None if code is None else dict(examples.PROMO_CODES[code])
        return Response(204, None)


def pay_orders(store: Store, ctx: Ctx, args: tuple[str, ...]) -> Response:
    """``POST /orders/pay`` with ``order_ids`` and ``payment_method`` (A3), replayed per key."""
    body, refused = _object_body(ctx, allow_empty=False)
    key = ctx.idempotency_key
    fingerprint = json.dumps(ctx.body if refused is None else ctx.body_error, sort_keys=True)
    with store.lock:
        if key:
            seen = store.idempotent.get(key)
            if seen is not None:
                if seen[0] != fingerprint:
                    return invalid(
                        {
                            assumptions.IDEMPOTENCY_HEADER: [
                                "The idempotency key was already used for another request."
                            ]
                        }
                    )
                replay = seen[1]
                return Response(
                    replay.status,
                    replay.body,
                    replay.content_type,
                    {**replay.headers, "Idempotent-Replayed": "true"},
                )
        if refused is not None:
            return refused
        errors: dict[str, list[str]] = {}
        ids = body.get("order_ids")
        if ids is None:
            errors["order_ids"] = ["The order ids field is required."]
        elif not isinstance(ids, list) or not ids:
            errors["order_ids"] = ["The order ids field must be a non-empty array."]
        else:
            for n, value in enumerate(ids):
                if not _is_int(value):
                    errors[f"order_ids.{n}"] = [f"The order_ids.{n} field must be an integer."]
                elif ids.index(value) != n:
                    errors[f"order_ids.{n}"] = [f"The order_ids.{n} field has a duplicate value."]
        method = body.get("payment_method")
        if method is not None and method not in examples.PAYMENT_METHODS:
            errors["payment_method"] = ["The selected payment method is invalid."]
        if errors:
            return invalid(errors)
        assert isinstance(ids, list)
        orders = [store.orders.get(i) for i in ids]
        if any(o is None for o in orders):
            return message(404, NOT_FOUND)
        found = [o for o in orders if o is not None]
        if any(o["id"] in store.locked for o in found):
            return message(423, LOCKED)
        settled = [o["id"] for o in found if o["status"] in assumptions.SETTLED_STATUSES]
        if settled:
            return invalid(
                {"order_ids": [f"Order {i} is already paid or cancelled." for i in settled]}
            )
        paid_at = format_ts(now())
        store.invalidate(*(o["id"] for o in found), order_set=False)
        for order in found:
            order["status"] = "paid"
            order["payment_date"] = paid_at
            if method is not None:
                order["payment_method"] = method
            if order["payment_method"] == "balance":
                order["amount_from_balance"] = order["amount_with_vat"]
            order["promo_applicable"] = False
            for invoice in order["invoices"]:
                if invoice["type"] == "proform":
                    invoice["type"] = "invoice"
            store.payments.append((order["id"], key or ""))
        response = json_response(200, {"data": found})
        if key:
            store.idempotent[key] = (fingerprint, response)
        return response


def delete_order(store: Store, ctx: Ctx, args: tuple[str, ...]) -> Response:
    """``DELETE /orders/{id}``: 204; settled orders cannot be deleted (A4)."""
    with store.lock:
        order = store.find(path_id(args[0]))
        if order is None:
            return message(404, NOT_FOUND)
        if order["id"] in store.locked:
            return message(423, LOCKED)
        if order["status"] in assumptions.SETTLED_STATUSES:
            return invalid({"order": ["Only unpaid orders can be deleted."]})
        del store.orders[order["id"]]
        store.prices.forget(order["id"])
        store.invalidate(order["id"], order_set=True)
        return Response(204, None)


#: Path patterns (relative to the API prefix) and the handler of each method.
ROUTES: Final[tuple[tuple[re.Pattern[str], dict[str, Route]], ...]] = (
    (re.compile(r"/plans/"), {"GET": list_plans}),
    (re.compile(r"/plans/([^/]+)/"), {"GET": get_plan}),
    (re.compile(re.escape(assumptions.ORDERS_PATH)), {"GET": list_orders}),
    (re.compile(re.escape(assumptions.PAY_ORDERS_PATH)), {"POST": pay_orders}),
    (
        re.compile(r"/orders/([^/]+)"),
        {"GET": get_order, "PATCH": update_order, "DELETE": delete_order},
    ),
    (re.compile(r"/orders/([^/]+)/([^/]+)/([^/]+)"), {"PATCH": change_period}),
)


# -- request checks ----------------------------------------------------------------------------


def _int_query(
    query: Mapping[str, str], name: str, label: str, errors: dict[str, list[str]]
) -> int | None:
    # Laravel turns empty strings into null, so "?page=" counts as absent.
    text = query.get(name, "").strip()
    if not text:
        return None
    if not _INTEGER.fullmatch(text):
        errors[name] = [f"The {label} field must be an integer."]
        return None
    digits = text.lstrip("+-").lstrip("0") or "0"
    # Bounded by length first: int() refuses strings past 4300 digits.
    value = int(text) if len(digits) <= _MAX_ID_DIGITS else (-1 if text[0] == "-" else 2**63)
    if value < 1:
        errors[name] = [f"The {label} field must be at least 1."]
        return None
    if value > MAX_PAGE_NUMBER:
        errors[name] = [f"The {label} field must not be greater than {MAX_PAGE_NUMBER}."]
        return None
    return value


def _object_body(ctx: Ctx, *, allow_empty: bool) -> tuple[dict[str, Any], Response | None]:
    if ctx.body_error is not None:
        return {}, invalid({"body": [ctx.body_error]})
    if ctx.body is None and allow_empty:
        return {}, None
    if not isinstance(ctx.body, dict):
        return {}, invalid({"body": ["The request body must be a JSON object."]})
    return ctx.body, None


def _check_promo(body: Mapping[str, Any], errors: dict[str, list[str]]) -> None:
    if "promo_code" not in body or body["promo_code"] is None:
        return
    if not isinstance(body["promo_code"], str):
        errors["promo_code"] = ["The promo code field must be a string."]
    elif body["promo_code"] not in examples.PROMO_CODES:
        errors["promo_code"] = ["The selected promo code is invalid."]
