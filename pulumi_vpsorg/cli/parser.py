"""The grammar every ``vpsorg`` command shares: exit statuses, the options any command takes, the
help's units and environment, and an argparse that fails in one line with status 2."""

from __future__ import annotations

import argparse
from typing import Final, NoReturn

from .._console import EXIT_CLOSED_PIPE, escape
from .._vocabulary import ENV_ORDERS_TOKEN, ENV_ORDERS_URL, ENV_TOKEN, ENV_URL
from ..assumptions import DEFAULT_API_URL, DEFAULT_ORDERS_API_URL
from .values import MAX_TIMEOUT, seconds

__all__ = [
    "ENVIRONMENT",
    "EXIT_CLOSED_PIPE",
    "EXIT_FAILURE",
    "EXIT_OK",
    "EXIT_USAGE",
    "PROG",
    "UNITS",
    "Parser",
    "common_options",
]

EXIT_OK: Final = 0
#: No plan matches, no such order, the API answered with an error (422 included) or could not be
#: reached, or the output was closed early or cannot be written.
EXIT_FAILURE: Final = 1
#: Bad arguments or configuration, found before any request.
EXIT_USAGE: Final = 2
PROG: Final = "vpsorg"

UNITS: Final = """\
units:
  memory     MB (megabytes; 4096 MB = 4 GB)
  storage    GB (gigabytes of disk)
  bandwidth  GB of data transfer per month
  prices     USD (price_monthly per month, price_hourly per hour); order amounts USD
  billing    cycles are whole months (1 to 24)
"""

ENVIRONMENT: Final = f"""\
environment:
  {ENV_TOKEN}         the API token (required; there is deliberately no --token option)
  {ENV_ORDERS_TOKEN}  the orders token, when it differs (default: the API token)
  {ENV_URL}           the plans base URL (default {DEFAULT_API_URL});
                           --api-url overrides it; set alone, it serves orders too
                           (unless it is that documented plans host)
  {ENV_ORDERS_URL}    the orders base URL (default {DEFAULT_ORDERS_API_URL});
                           --orders-api-url overrides it

exit status: 0 ok; 1 no plan matches, no such order, the API failed or refused the request (HTTP
422 included), or the output was closed early or cannot be written; 2 usage or configuration error
(before any request); 130 interrupted (Ctrl-C)
"""


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit status 2."""

    def error(self, message: str) -> NoReturn:
        # The message may quote an argument: show its control characters escaped.
        self.exit(EXIT_USAGE, f"{self.prog}: error: {escape(message)} (see {self.prog} --help)\n")


def common_options() -> argparse.ArgumentParser:
    """The options every command takes (also before the command name)."""
    common = Parser(add_help=False)
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
        help=f"orders base URL (default: --api-url when given, else ${ENV_ORDERS_URL}, else "
        f"${ENV_URL}, skipping the plans host {DEFAULT_API_URL}; else {DEFAULT_ORDERS_API_URL})",
    )
    common.add_argument(
        "--timeout",
        type=seconds,
        metavar="SECONDS",
        default=argparse.SUPPRESS,
        help=f"seconds to wait for the API (default 30, at most {MAX_TIMEOUT:g})",
    )
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print JSON instead"
    )
    return common
