"""``vpsorg assumptions``: where the API documents are silent, what this package assumes."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..assumptions import ASSUMPTIONS
from .parser import EXIT_OK

__all__ = ["register", "run"]


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``assumptions`` to the subcommands."""
    commands.add_parser(
        "assumptions",
        help="where the API documents are silent, what this package assumes",
        description="Print every assumption this package makes where the API documents are silent.",
    )


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print the assumptions, one per line."""
    for line in ASSUMPTIONS:
        print(line, file=out)
    return EXIT_OK
