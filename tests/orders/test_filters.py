"""The filters of an orders audit: the statuses covered by default, and filters that cannot match."""

from __future__ import annotations

from collections import Counter

import pytest

from pulumi_vpsorg import ConfigurationError
from pulumi_vpsorg.orders.filters import (
    AUDIT_DEFAULT,
    audit_statuses,
    audit_types,
    no_type_matched,
)
from pulumi_vpsorg.orders.models import OrderStatus

KNOWN = tuple(OrderStatus.KNOWN)


def test_the_default_is_every_known_status_not_the_apis() -> None:
    assert audit_statuses(None) == AUDIT_DEFAULT == KNOWN
    assert set(OrderStatus.API_DEFAULT) < set(AUDIT_DEFAULT)
    for hidden in ("awaiting_payment", "processing"):
        assert hidden in AUDIT_DEFAULT and hidden not in OrderStatus.API_DEFAULT


@pytest.mark.parametrize("value", ["all", ["all"], ["paid", "all"], ("all",)])
def test_all_is_every_known_status(value: object) -> None:
    assert audit_statuses(value) == KNOWN  # type: ignore[arg-type]


def test_given_statuses_are_kept_in_order_once() -> None:
    assert audit_statuses(["paid", " processing ", "paid"]) == ("paid", "processing")
    assert audit_statuses("cancelled") == ("cancelled",)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("PAID", "'PAID' is not a known order status (known: pending_payment, awaiting_payment, "
         "processing, paid, cancelled, or 'all'); did you mean 'paid'?"),
        ("pendng_payment", "'pendng_payment' is not a known order status"),
        ("awaiting-payment", "did you mean 'awaiting_payment'?"),
        ([], "expected a status name or a non-empty list of them"),
        (["paid", ""], "expected a status name"),
        ("paid,cancelled", "expected a status name"),
        ([3], "expected a status name"),
        (True, "expected a status name"),
    ],
)
def test_bad_statuses_are_refused_naming_the_valid_ones(value: object, expected: str) -> None:
    with pytest.raises(ConfigurationError, match=r"^status: ") as info:
        audit_statuses(value)  # type: ignore[arg-type]
    assert expected in str(info.value)


def test_unknown_statuses_pass_when_allowed_but_malformed_ones_never_do() -> None:
    assert audit_statuses(["paid", "refunded"], allow_unknown=True) == ("paid", "refunded")
    with pytest.raises(ConfigurationError):
        audit_statuses(["paid", ""], allow_unknown=True)


def test_types_are_kept_stripped_and_once_or_none_for_every_type() -> None:
    assert audit_types(None) is None
    assert audit_types("deposit") == ("deposit",)
    assert audit_types([" renew-service", "deposit", "renew-service"]) == (
        "renew-service",
        "deposit",
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([], "type: expected at least one order type, got []"),
        (3, "type: expected at least one order type, got 3"),
        (["deposit", 3], "type: expected order type names, got 3"),
        (["deposit", " "], "type: expected order type names, got ' '"),
        ("renew-service,deposit", "type: expected order type names, got 'renew-service,deposit'"),
        ("renew_service", "type: 'renew_service' is not an order type name"),
    ],
)
def test_bad_types_are_refused_naming_the_field(value: object, expected: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        audit_types(value)  # type: ignore[arg-type]
    assert str(info.value).startswith(expected)


def test_no_type_matched_names_the_types_there_are() -> None:
    message = no_type_matched(["renew"], Counter({"renew-service": 3, "deposit": 1}))
    assert message == (
        "type: no order has type 'renew' among the 4 orders read "
        "(their types: deposit 1, renew-service 3)"
    )
