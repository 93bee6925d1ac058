"""``vpsorg``: look at VPS.org plans and orders from the shell before writing a program.

``vpsorg plans`` lists the plans matching the filters of ``select_plan``, cheapest first (the
first row is the plan ``select_plan`` picks); ``vpsorg orders`` prints the audit summary of
``get_orders`` / ``OrdersAudit``; ``vpsorg order ID`` shows one order with its invoices and
services; ``vpsorg assumptions`` lists where the API documents are silent.

The token comes only from the ``VPSORG_API_TOKEN`` environment variable (never from an argument,
so it stays out of shell history and process lists; ``VPSORG_ORDERS_API_TOKEN`` for orders when it
differs); the URLs from ``--api-url`` / ``--orders-api-url`` or ``VPSORG_API_URL`` /
``VPSORG_ORDERS_API_URL``. Exit status: 0 ok; 1 no plan matches, no such order, the API failed or
refused the request (a 422 included), or the output was closed early (``| head``) or cannot be
written; 2 usage or configuration error, found before any request; 130 after Ctrl-C. Errors go to stderr on one
line, naming the flag or field; text from the API is shown with its control characters escaped.

One module per command (:mod:`.plans`, :mod:`.orders`, :mod:`.order`, :mod:`.assumptions`);
:mod:`.parser` the shared grammar, :mod:`.values` flag values, :mod:`.output` printing,
:mod:`.api` the client, :mod:`.command` the entry point.
"""

from __future__ import annotations

from .command import build_parser, main
from .parser import EXIT_CLOSED_PIPE, EXIT_FAILURE, EXIT_OK, EXIT_USAGE

__all__ = [
    "EXIT_CLOSED_PIPE",
    "EXIT_FAILURE",
    "EXIT_OK",
    "EXIT_USAGE",
    "build_parser",
    "main",
]
