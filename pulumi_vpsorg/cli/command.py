"""``vpsorg``'s parser and entry point: one subcommand module per command, errors in one line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Final, TextIO

from .._console import console_script
from .._errors import ConfigurationError, VpsOrgError
from . import assumptions, order, orders, plans
from .output import one_line
from .parser import (
    ENVIRONMENT,
    EXIT_FAILURE,
    EXIT_USAGE,
    PROG,
    UNITS,
    Parser,
    common_options,
)

__all__ = ["build_parser", "main"]

_Run = Callable[[argparse.Namespace, TextIO, TextIO], int]
#: The commands in the order ``--help`` lists them.
_COMMANDS: Final[dict[str, tuple[Callable[..., None], _Run]]] = {
    "plans": (plans.register, plans.run),
    "orders": (orders.register, orders.run),
    "order": (order.register, order.run),
    "assumptions": (assumptions.register, assumptions.run),
}


def build_parser() -> argparse.ArgumentParser:
    """The ``vpsorg`` argument parser."""
    common = common_options()
    parser = Parser(
        prog=PROG,
        description="Look at VPS.org plans and orders before writing a Pulumi program.",
        epilog=UNITS + "\n" + ENVIRONMENT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for register, _ in _COMMANDS.values():
        register(commands, common)
    return parser


@console_script(PROG)
def main(argv: Sequence[str] | None = None) -> int:
    """Run ``vpsorg``; returns the exit status (a closed output pipe ends it quietly with 1)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    out, err = sys.stdout, sys.stderr
    if args.command is None:
        parser.print_help(err)
        return EXIT_USAGE
    try:
        return _COMMANDS[args.command][1](args, out, err)
    except ConfigurationError as exc:
        # Found before any request: the command line or the environment is wrong.
        print(f"{PROG}: error: {one_line(exc)}", file=err)
        return EXIT_USAGE
    except VpsOrgError as exc:
        # API errors (a 422 included) name the call and status, and for 401/403 the token to check.
        print(f"{PROG}: {one_line(exc)}", file=err)
        return EXIT_FAILURE
