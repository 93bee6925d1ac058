"""The field lists the schema tests embed agree with the documents' examples.

The examples are verbatim copies of the seed documents' JSON (``tests/fixtures``); only the
metaschema test reads ``../shared``.
"""

from __future__ import annotations

from .documents import (
    ORDER_FIELDS,
    PAYMENT_CARD_FIELDS,
    PLAN_DETAIL_FIELDS,
    PLAN_FIELDS,
    PROMO_FIELDS,
    fixture,
)


def test_plan_fields_match_the_documented_examples() -> None:
    listed = fixture("plans_list.json")["results"]
    assert all(set(plan) == set(PLAN_FIELDS) for plan in listed)
    detail = fixture("plan_detail.json")
    assert set(detail) - set(PLAN_FIELDS) == set(PLAN_DETAIL_FIELDS)


def test_order_fields_match_the_documented_example() -> None:
    orders = fixture("orders_list.json")["data"]
    assert len(ORDER_FIELDS) == 15
    assert all(set(o) == set(ORDER_FIELDS) for o in orders)
    promo = next(o["promo"] for o in orders if o["promo"])
    assert set(promo) == set(PROMO_FIELDS)
    card = next(o["payment_information"] for o in orders if o["payment_information"])
    assert set(card) == set(PAYMENT_CARD_FIELDS)
