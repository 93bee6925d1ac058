"""``vpsorg orders``: the audit summary of ``get_orders`` / ``OrdersAudit``."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from .._boundary import plain
from ..assumptions import SETTLED_STATUSES
from ..orders.filters import ALL, audit_statuses, audit_types, no_type_matched
from ..orders.models import OrderStatus, OrderType
from . import output
from .api import client
from .parser import ENVIRONMENT, EXIT_OK, PROG
from .values import flags_named, names

__all__ = ["register", "run"]


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``orders`` to the subcommands."""
    orders = commands.add_parser(
        "orders",
        parents=[common],
        help="audit summary of orders: counts, totals, unpaid total, overdue ids",
        description=(
            "Summarize the orders matching the filters, as get_orders() and OrdersAudit do: "
            "count by status and by type, totals, the unpaid count and total (unpaid: status "
            "neither paid nor cancelled) and the overdue orders (unpaid and past due_at). "
            "Without --status every known status is audited (the API's own default, "
            "pending_payment and paid, would hide unpaid orders); the output names the "
            "statuses covered. Amounts in USD; the totals with VAT are what is invoiced. "
            "One order in full: vpsorg order ID."
        ),
        epilog=(
            f"statuses: {', '.join(OrderStatus.KNOWN)}, or 'all'\n"
            f"types:    {', '.join(OrderType.KNOWN)}\n\n" + ENVIRONMENT
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    orders.add_argument(
        "--status",
        action="append",
        metavar="STATUS",
        help=(
            "only orders with this status; repeatable or comma-separated (default and 'all': "
            "every known status); a status that is not a known one is refused"
        ),
    )
    orders.add_argument(
        "--allow-unknown-status",
        action="store_true",
        help="send statuses that are not known ones to the API as they are",
    )
    orders.add_argument(
        "--type",
        action="append",
        metavar="TYPE",
        help="only orders of this type (e.g. renew-service); repeatable or comma-separated",
    )


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print the audit summary."""
    given = names("--status", args.status, "status names such as 'paid'")
    statuses = list(
        flags_named(["status"], audit_statuses)(given, allow_unknown=args.allow_unknown_status)
    )
    chosen = flags_named(["type"], audit_types)(
        names("--type", args.type, "order types such as 'renew-service'")
    )
    types = None if chosen is None else list(chosen)
    with client(args) as api:
        summary = api.summarize_orders(statuses, types)
        every_type = None
        if types and not summary.count:
            # Say why the count is zero: which types the audited orders do have.
            every_type = api.summarize_orders(statuses).count_by_type
    covered = ", ".join(statuses) + (
        " (every known status)" if given is None or ALL in given else ""
    )
    if every_type:
        print(f"{PROG}: note: {no_type_matched(types or [], every_type)}", file=err)
    if getattr(args, "json", False):
        data: dict[str, Any] = plain(summary)
        output.print_json({"status": statuses, "type": types, **data}, out)
        return EXIT_OK
    unpaid = sorted(s for s in summary.count_by_status if s not in SETTLED_STATUSES)
    output.key_values(
        [
            ("statuses", covered),
            ("types", ", ".join(types) if types else "all"),
            ("orders", str(summary.count)),
            ("by status", output.counts(summary.count_by_status)),
            ("by type", output.counts(summary.count_by_type)),
            ("total (USD)", output.money(summary.total_amount)),
            ("total with VAT (USD)", output.money(summary.total_amount_with_vat)),
            ("unpaid", f"{summary.unpaid_count} ({', '.join(unpaid) or 'none'})"),
            ("unpaid total with VAT (USD)", output.money(summary.unpaid_total)),
            ("overdue", str(summary.overdue_count)),
            ("overdue order ids", output.ids(summary.overdue_order_ids)),
        ],
        out,
    )
    return EXIT_OK
