"""The Order validators (its inputs: auto-pay, deleting on destroy) and the OrdersAudit validator
(its outputs: overdue and unpaid orders)."""

from __future__ import annotations

from pulumi_policy import ReportViolation, ResourceValidationArgs, StackValidationArgs

from ._checks import (
    AUDIT_ONLY_OUTPUTS,
    has_run,
    ident,
    listing,
    number_problem,
    read_number,
    resources,
)
from ._values import UNKNOWN, config_bool, config_decimal, fmt, get
from .defaults import DEFAULT_ALLOW_DELETE_ON_DESTROY, DEFAULT_AUTO_PAY, DEFAULT_MAX_OVERDUE_COUNT
from .tokens import ORDER_TYPE, ORDERS_AUDIT_TYPE

__all__ = [
    "validate_order_auto_pay",
    "validate_order_delete_on_destroy",
    "validate_orders_audit",
]


def validate_order_auto_pay(
    args: ResourceValidationArgs, report_violation: ReportViolation
) -> None:
    """An Order must set ``auto_pay`` explicitly to the configured ``autoPay``."""
    if args.resource_type != ORDER_TYPE:
        return
    required = config_bool(args.get_config(), "autoPay", DEFAULT_AUTO_PAY)
    auto_pay = get(args.props, "auto_pay")
    if auto_pay is UNKNOWN or auto_pay is required:
        return
    wanted = str(required).lower()
    if auto_pay is None:
        report_violation(
            f"Order '{args.name}' does not set auto_pay; autoPay requires auto_pay = {wanted}.",
            None,
        )
    else:
        shown = str(auto_pay).lower() if isinstance(auto_pay, bool) else repr(auto_pay)
        report_violation(
            f"Order '{args.name}': auto_pay = {shown}, but autoPay requires auto_pay = {wanted}.",
            None,
        )


def validate_order_delete_on_destroy(
    args: ResourceValidationArgs, report_violation: ReportViolation
) -> None:
    """An Order must not set ``delete_on_destroy`` unless ``allowDeleteOnDestroy`` is true; a
    value that is not a boolean (``"true"``, ``1``) cannot be shown to be false, so it is refused
    as well. Unset means false (the resource's default)."""
    if args.resource_type != ORDER_TYPE:
        return
    if config_bool(args.get_config(), "allowDeleteOnDestroy", DEFAULT_ALLOW_DELETE_ON_DESTROY):
        return
    value = get(args.props, "delete_on_destroy")
    if value is True:
        report_violation(
            f"Order '{args.name}': delete_on_destroy = true would delete the order at VPS.org on "
            "destroy, and allowDeleteOnDestroy is false.",
            None,
        )
    elif value is not None and value is not False and value is not UNKNOWN:
        report_violation(
            f"Order '{args.name}': delete_on_destroy = {value!r} is not a boolean, so it cannot "
            "be shown to be false, and allowDeleteOnDestroy is false.",
            None,
        )


def validate_orders_audit(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """An OrdersAudit's ``overdue_count``, ``unpaid_count``, ``unpaid_total`` must not exceed
    ``maxOverdueCount``, ``maxUnpaidCount``, ``maxUnpaidTotal`` (USD). Once the audit has run, a
    figure that is missing or not a number is a violation of the limit that needs it."""
    config = args.get_config()
    checks = (
        ("overdue_count", "maxOverdueCount", DEFAULT_MAX_OVERDUE_COUNT, ""),
        ("unpaid_count", "maxUnpaidCount", None, ""),
        ("unpaid_total", "maxUnpaidTotal", None, " USD"),
    )
    limits = [
        (key, limit_key, config_decimal(config, limit_key, default), unit)
        for key, limit_key, default, unit in checks
    ]
    for resource in resources(args, ORDERS_AUDIT_TYPE):
        ran = has_run(resource.props, AUDIT_ONLY_OUTPUTS)
        for key, limit_key, limit, unit in limits:
            if limit is None:
                continue
            actual, problem = read_number(resource.props, key, required=ran)
            if problem is not None:
                who, shown_limit = f"OrdersAudit '{resource.name}'", f"{fmt(limit)}{unit}"
                report_violation(
                    number_problem(who, key, problem, limit_key, shown_limit), resource.urn
                )
                continue
            if actual is None or actual <= limit:
                continue
            detail = ""
            ids = get(resource.props, "overdue_order_ids")
            if key == "overdue_count" and isinstance(ids, list) and ids:
                shown = [text for text in map(ident, ids) if text is not None]
                detail = f" (overdue orders: {listing(shown)})" if shown else ""
            report_violation(
                f"OrdersAudit '{resource.name}': {key} {fmt(actual)}{unit} exceeds {limit_key} "
                f"{fmt(limit)}{unit}{detail}.",
                resource.urn,
            )
