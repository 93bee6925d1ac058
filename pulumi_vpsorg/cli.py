"""``vpsorg``: look at VPS.org plans and orders from the shell before writing a program.

``vpsorg plans`` lists the plans matching the filters of ``select_plan``, cheapest first (the
first row is the plan ``select_plan`` picks); ``vpsorg orders`` prints the audit summary of
``get_orders`` / ``OrdersAudit``; ``vpsorg assumptions`` lists where the API documents are silent.

The token comes only from the ``VPSORG_API_TOKEN`` environment variable (never from an argument,
so it stays out of shell history and process lists; ``VPSORG_ORDERS_API_TOKEN`` for orders when it
differs); the URLs from ``--api-url`` / ``--orders-api-url`` or ``VPSORG_API_URL`` /
``VPSORG_ORDERS_API_URL``. Exit status: 0 ok; 1 no plan matches, the API failed or refused the request
(a 422 included), or the output was closed early (``| head``); 2 usage or configuration error,
found before any request. Errors go to stderr on one line, naming the flag or field.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Final, NoReturn, TextIO

from ._boundary import plain
from ._console import EXIT_CLOSED_PIPE, quiet_on_closed_pipe
from ._errors import ConfigurationError, VpsOrgError
from ._numbers import NumberRangeError, money, shown
from ._vocabulary import ENV_ORDERS_TOKEN, ENV_ORDERS_URL, ENV_TOKEN, ENV_URL, split_names
from .assumptions import ASSUMPTIONS, DEFAULT_API_URL, DEFAULT_ORDERS_API_URL, SETTLED_STATUSES
from .orders.filters import ALL, audit_statuses, audit_types, no_type_matched
from .orders.models import OrderStatus, OrderType

__all__ = [
    "EXIT_CLOSED_PIPE",
    "EXIT_FAILURE",
    "EXIT_OK",
    "EXIT_USAGE",
    "build_parser",
    "main",
]

EXIT_OK: Final = 0
#: No plan matches, the API answered with an error (422 included) or could not be reached, or
#: the output was closed early.
EXIT_FAILURE: Final = 1
#: Bad arguments or configuration, found before any request.
EXIT_USAGE: Final = 2
PROG: Final = "vpsorg"
#: Overdue order ids printed by ``vpsorg orders`` before "... N more" (``--json`` has them all).
OVERDUE_SHOWN: Final = 20
#: Largest value of a whole-number flag (vCPUs, MB, GB): far above any plan, far below overflow.
MAX_WHOLE: Final = 10**9
#: Largest ``--timeout``, seconds.
MAX_TIMEOUT: Final = 3600.0

_UNITS = """\
units:
  memory     MB (megabytes; 4096 MB = 4 GB)
  storage    GB (gigabytes of disk)
  bandwidth  GB of data transfer per month
  prices     USD (price_monthly per month, price_hourly per hour); order amounts USD
  billing    cycles are whole months (1 to 24)
"""

_ENVIRONMENT = f"""\
environment:
  {ENV_TOKEN}         the API token (required; there is deliberately no --token option)
  {ENV_ORDERS_TOKEN}  the orders token, when it differs (default: the API token)
  {ENV_URL}           the plans base URL (default {DEFAULT_API_URL});
                           --api-url overrides it; set alone, it serves orders too
  {ENV_ORDERS_URL}    the orders base URL (default {DEFAULT_ORDERS_API_URL});
                           --orders-api-url overrides it

exit status: 0 ok; 1 no plan matches, the API failed or refused the request (HTTP 422
included), or the output was closed early; 2 usage or configuration error (before any request)
"""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _names(flag: str, values: list[str] | None, expected: str) -> list[str] | None:
    """Repeatable and comma-separated values, flattened (``--status a,b --status c``).

    :raises ConfigurationError: for a flag given that names nothing (``--status ,``).
    """
    if values is None:
        return None
    given = split_names(values)
    if not given:
        raise ConfigurationError(f"{flag}: expected {expected}, got nothing")
    return given


# -- numeric flags: parsed and bounded up front, argparse names the flag in the error ----------


def _whole(text: str) -> int:
    """A whole number from 0 to :data:`MAX_WHOLE`."""
    if not re.fullmatch(r"\s*\d{1,10}\s*", text) or int(text) > MAX_WHOLE:
        raise argparse.ArgumentTypeError(
            f"expected a whole number from 0 to {MAX_WHOLE}, got {shown(text)}"
        )
    return int(text)


def _usd(text: str) -> str:
    """A price in USD, 0 or more, read by the package's one money rule (finite, within 1E+15)."""
    try:
        value = money(text)
    except NumberRangeError as exc:
        raise argparse.ArgumentTypeError(f"expected an amount in USD such as 12.50: {exc}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected an amount in USD, 0 or more, got {shown(text)}")
    return text.strip()


def _seconds(text: str) -> float:
    """Seconds, more than 0 and at most :data:`MAX_TIMEOUT`."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not 0 < value <= MAX_TIMEOUT:
        raise argparse.ArgumentTypeError(
            f"expected seconds, more than 0 and at most {MAX_TIMEOUT:g}, got {shown(text)}"
        )
    return value


def _flag(field: str) -> str:
    return "--" + field.replace("_", "-")


def _name_the_flag(message: str, fields: Sequence[str]) -> str:
    """``min_vcpus: ...; max_vcpus: ...`` as the flags say it: ``--min-vcpus: ...``."""
    for field in sorted(fields, key=len, reverse=True):
        message = re.sub(rf"(^|; ){field}:", rf"\g<1>{_flag(field)}:", message)
        if "_" in field:  # a word such as "status" may also be plain English
            message = re.sub(rf"(?<![-\w]){field}\b", _flag(field), message)
    return message


def build_parser() -> argparse.ArgumentParser:
    """The ``vpsorg`` argument parser."""
    common = _Parser(add_help=False)
    common.add_argument(
        "--api-url",
        metavar="URL",
        default=argparse.SUPPRESS,
        help=f"plans base URL, and orders too unless set apart (default: ${ENV_URL}, else "
        f"{DEFAULT_API_URL})",
    )
    common.add_argument(
        "--orders-api-url",
        metavar="URL",
        default=argparse.SUPPRESS,
        help=f"orders base URL (default: ${ENV_ORDERS_URL}, else --api-url / ${ENV_URL} when "
        f"set, else {DEFAULT_ORDERS_API_URL})",
    )
    common.add_argument(
        "--timeout",
        type=_seconds,
        metavar="SECONDS",
        default=argparse.SUPPRESS,
        help=f"seconds to wait for the API (default 30, at most {MAX_TIMEOUT:g})",
    )
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print JSON instead"
    )

    parser = _Parser(
        prog=PROG,
        description="Look at VPS.org plans and orders before writing a Pulumi program.",
        epilog=_UNITS + "\n" + _ENVIRONMENT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    plans = commands.add_parser(
        "plans",
        parents=[common],
        help="plans matching the select_plan filters, cheapest first",
        description=(
            "List the plans that satisfy every filter, cheapest per month first (ties: more "
            "vCPUs, more memory, lower id). The first row is the plan select_plan() and "
            "PlanLookup choose for the same filters. Unavailable plans are left out unless "
            "--include-unavailable is given."
        ),
        epilog=_UNITS + "\n" + _ENVIRONMENT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    limits = plans.add_argument_group("filters (all optional, all must hold)")
    limits.add_argument("--min-vcpus", type=_whole, metavar="N", help="at least N vCPU cores")
    limits.add_argument("--max-vcpus", type=_whole, metavar="N", help="at most N vCPU cores")
    limits.add_argument("--min-memory", type=_whole, metavar="MB", help="at least MB of memory")
    limits.add_argument("--max-memory", type=_whole, metavar="MB", help="at most MB of memory")
    limits.add_argument("--min-storage", type=_whole, metavar="GB", help="at least GB of disk")
    limits.add_argument(
        "--min-bandwidth", type=_whole, metavar="GB", help="at least GB of transfer per month"
    )
    limits.add_argument(
        "--max-price-monthly",
        type=_usd,
        metavar="USD",
        help="at most USD per month (e.g. 15 or 12.50)",
    )
    limits.add_argument(
        "--max-price-hourly", type=_usd, metavar="USD", help="at most USD per hour (e.g. 0.02)"
    )
    limits.add_argument(
        "--location", metavar="LOCATION", help="offered in this location (e.g. eu-central)"
    )
    limits.add_argument(
        "--include-unavailable",
        action="store_true",
        help="also list plans not currently available for purchase",
    )

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
            "statuses covered. Amounts in USD; the totals with VAT are what is invoiced."
        ),
        epilog=(
            f"statuses: {', '.join(OrderStatus.KNOWN)}, or 'all'\n"
            f"types:    {', '.join(OrderType.KNOWN)}\n\n" + _ENVIRONMENT
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

    commands.add_parser(
        "assumptions",
        help="where the API documents are silent, what this package assumes",
        description="Print every assumption this package makes where the API documents are silent.",
    )
    return parser


# -- output ------------------------------------------------------------------------------


def _money(value: Decimal, places: int = 2) -> str:
    """At least ``places`` decimals, more when the value has them (0.007 stays 0.007)."""
    exponent = value.normalize().as_tuple().exponent
    digits = max(places, -exponent if isinstance(exponent, int) else places)
    return f"{value:.{digits}f}"


def _table(rows: list[list[str]], header: list[str], right: set[int], out: TextIO) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        parts = [
            c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(cells)
        ]
        return "  ".join(parts).rstrip()

    print(line(header), file=out)
    for row in rows:
        print(line(row), file=out)


def _print_json(value: Any, out: TextIO) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False), file=out)


# -- commands ----------------------------------------------------------------------------


def _client(args: argparse.Namespace) -> Any:
    from .client import VpsOrgClient

    kwargs: dict[str, Any] = {}
    if getattr(args, "timeout", None) is not None:
        kwargs["timeout"] = args.timeout
    if not os.environ.get(ENV_TOKEN, "").strip():
        # The library's message names stack config and arguments; the command has neither.
        raise ConfigurationError(
            f"no API token: export {ENV_TOKEN}=<token> (a read-only token is enough for this command)"
        )
    make = _flags_named(["api_url", "orders_api_url", "timeout"], VpsOrgClient)
    return make(
        api_url=getattr(args, "api_url", None),
        orders_api_url=getattr(args, "orders_api_url", None),
        **kwargs,
    )


def _plans(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .selection import (
        CONSTRAINT_FIELDS,
        filter_plans,
        parse_constraints,
        select_plan,
        sort_plans,
    )

    constraints = _flags_named(CONSTRAINT_FIELDS, parse_constraints)(
        {
            "min_vcpus": args.min_vcpus,
            "max_vcpus": args.max_vcpus,
            "min_memory": args.min_memory,
            "max_memory": args.max_memory,
            "min_storage": args.min_storage,
            "min_bandwidth": args.min_bandwidth,
            "max_price_monthly": args.max_price_monthly,
            "max_price_hourly": args.max_price_hourly,
            "location": args.location,
            "available_only": not args.include_unavailable,
        }
    )
    with _client(args) as client:
        catalogue = client.list_plans(constraints.location)
        known: list[str] | None = None
        if not catalogue and constraints.location is not None:
            known = sorted({loc for plan in client.list_plans() for loc in plan.locations})
    matches = sort_plans(filter_plans(catalogue, constraints))
    if not matches:
        try:
            # Raises, explaining what the nearest plans miss (or which locations exist).
            select_plan(catalogue, constraints, known_locations=known)
        except VpsOrgError as exc:
            print(f"{PROG}: {_one_line(exc)}", file=err)
        return EXIT_FAILURE
    if getattr(args, "json", False):
        _print_json([plain(p) for p in matches], out)
        return EXIT_OK
    header = [
        "ID",
        "SLUG",
        "NAME",
        "VCPUS",
        "MEMORY_MB",
        "STORAGE_GB",
        "BANDWIDTH_GB",
        "USD_MONTH",
        "USD_HOUR",
        "AVAILABLE",
        "LOCATIONS",
    ]
    rows = [
        [
            str(p.id),
            p.slug,
            p.name,
            str(p.vcpus),
            str(p.memory),
            str(p.storage),
            str(p.bandwidth),
            _money(p.price_monthly),
            _money(p.price_hourly, 3),
            "yes" if p.available else "no",
            ",".join(p.locations),
        ]
        for p in matches
    ]
    _table(rows, header, {0, 3, 4, 5, 6, 7, 8}, out)
    return EXIT_OK


def _orders(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    given = _names("--status", args.status, "status names such as 'paid'")
    statuses = list(
        _flags_named(["status"], audit_statuses)(given, allow_unknown=args.allow_unknown_status)
    )
    chosen = _flags_named(["type"], audit_types)(
        _names("--type", args.type, "order types such as 'renew-service'")
    )
    types = None if chosen is None else list(chosen)
    with _client(args) as client:
        summary = client.summarize_orders(statuses, types)
        every_type = None
        if types and not summary.count:
            # Say why the count is zero: which types the audited orders do have.
            every_type = client.summarize_orders(statuses).count_by_type
    covered = ", ".join(statuses) + (
        " (every known status)" if given is None or ALL in given else ""
    )
    if every_type:
        print(f"{PROG}: note: {no_type_matched(types or [], every_type)}", file=err)
    if getattr(args, "json", False):
        data: dict[str, Any] = plain(summary)
        _print_json({"status": statuses, "type": types, **data}, out)
        return EXIT_OK
    unpaid = sorted(s for s in summary.count_by_status if s not in SETTLED_STATUSES)
    rows = [
        ("statuses", covered),
        ("types", ", ".join(types) if types else "all"),
        ("orders", str(summary.count)),
        ("by status", _counts(summary.count_by_status)),
        ("by type", _counts(summary.count_by_type)),
        ("total (USD)", _money(summary.total_amount)),
        ("total with VAT (USD)", _money(summary.total_amount_with_vat)),
        ("unpaid", f"{summary.unpaid_count} ({', '.join(unpaid) or 'none'})"),
        ("unpaid total with VAT (USD)", _money(summary.unpaid_total)),
        ("overdue", str(summary.overdue_count)),
        ("overdue order ids", _ids(summary.overdue_order_ids)),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}", file=out)
    return EXIT_OK


def _flags_named(fields: Sequence[str], fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` whose :class:`ConfigurationError` names the flags rather than the fields."""

    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ConfigurationError as exc:
            raise ConfigurationError(_name_the_flag(str(exc), fields)) from None

    return call


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"


def _ids(ids: Sequence[int]) -> str:
    if not ids:
        return "none"
    shown = ", ".join(str(i) for i in ids[:OVERDUE_SHOWN])
    more = len(ids) - OVERDUE_SHOWN
    return shown + (f", ... {more} more (--json lists all)" if more > 0 else "")


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


@quiet_on_closed_pipe
def main(argv: Sequence[str] | None = None) -> int:
    """Run ``vpsorg``; returns the exit status (a closed output pipe ends it quietly with 1)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    out, err = sys.stdout, sys.stderr
    if args.command is None:
        parser.print_help(err)
        return EXIT_USAGE
    try:
        if args.command == "assumptions":
            for line in ASSUMPTIONS:
                print(line, file=out)
            return EXIT_OK
        if args.command == "plans":
            return _plans(args, out, err)
        return _orders(args, out, err)
    except ConfigurationError as exc:
        # Found before any request: the command line or the environment is wrong.
        print(f"{PROG}: error: {_one_line(exc)}", file=err)
        return EXIT_USAGE
    except VpsOrgError as exc:
        # API errors (a 422 included) name the call and status, and for 401/403 the token to check.
        print(f"{PROG}: {_one_line(exc)}", file=err)
        return EXIT_FAILURE


if __name__ == "__main__":
    raise SystemExit(main())
