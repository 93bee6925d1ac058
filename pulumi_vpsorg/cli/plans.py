"""``vpsorg plans``: the plans matching the filters of ``select_plan``, cheapest first."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from .._boundary import plain
from .._errors import VpsOrgError
from . import output
from .api import client
from .parser import ENVIRONMENT, EXIT_FAILURE, EXIT_OK, PROG, UNITS
from .values import flags_named, usd, whole

__all__ = ["HEADER", "register", "run"]

HEADER = (
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
)


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``plans`` to the subcommands."""
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
        epilog=UNITS + "\n" + ENVIRONMENT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    limits = plans.add_argument_group("filters (all optional, all must hold)")
    limits.add_argument("--min-vcpus", type=whole, metavar="N", help="at least N vCPU cores")
    limits.add_argument("--max-vcpus", type=whole, metavar="N", help="at most N vCPU cores")
    limits.add_argument("--min-memory", type=whole, metavar="MB", help="at least MB of memory")
    limits.add_argument("--max-memory", type=whole, metavar="MB", help="at most MB of memory")
    limits.add_argument("--min-storage", type=whole, metavar="GB", help="at least GB of disk")
    limits.add_argument(
        "--min-bandwidth", type=whole, metavar="GB", help="at least GB of transfer per month"
    )
    limits.add_argument(
        "--max-price-monthly",
        type=usd,
        metavar="USD",
        help="at most USD per month (e.g. 15 or 12.50)",
    )
    limits.add_argument(
        "--max-price-hourly", type=usd, metavar="USD", help="at most USD per hour (e.g. 0.02)"
    )
    limits.add_argument(
        "--location", metavar="LOCATION", help="offered in this location (e.g. eu-central)"
    )
    limits.add_argument(
        "--include-unavailable",
        action="store_true",
        help="also list plans not currently available for purchase",
    )


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """List the matching plans; 1 (explained on ``err``) when none matches."""
    from ..selection import (
        CONSTRAINT_FIELDS,
        filter_plans,
        parse_constraints,
        select_plan,
        sort_plans,
    )

    constraints = flags_named(CONSTRAINT_FIELDS, parse_constraints)(
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
    with client(args) as api:
        catalogue = api.list_plans(constraints.location)
        known: list[str] | None = None
        if not catalogue and constraints.location is not None:
            known = sorted({loc for plan in api.list_plans() for loc in plan.locations})
    matches = sort_plans(filter_plans(catalogue, constraints))
    if not matches:
        try:
            # Raises, explaining what the nearest plans miss (or which locations exist).
            select_plan(catalogue, constraints, known_locations=known)
        except VpsOrgError as exc:
            print(f"{PROG}: {output.one_line(exc)}", file=err)
        return EXIT_FAILURE
    if getattr(args, "json", False):
        output.print_json([plain(p) for p in matches], out)
        return EXIT_OK
    rows = [
        [
            str(p.id),
            p.slug,
            p.name,
            str(p.vcpus),
            str(p.memory),
            str(p.storage),
            str(p.bandwidth),
            output.money(p.price_monthly),
            output.money(p.price_hourly, 3),
            "yes" if p.available else "no",
            ",".join(p.locations),
        ]
        for p in matches
    ]
    output.table(rows, HEADER, {0, 3, 4, 5, 6, 7, 8}, out)
    return EXIT_OK
