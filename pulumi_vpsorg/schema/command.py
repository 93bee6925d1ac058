"""``python -m pulumi_vpsorg.schema [--check [FILE]]``: print the schema, or compare it with a file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .build import render

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Print the schema, or with ``--check`` compare it with a file (exit 1 when it differs)."""
    parser = argparse.ArgumentParser(
        prog="python -m pulumi_vpsorg.schema", description="Generate the Pulumi package schema."
    )
    parser.add_argument(
        "--check",
        nargs="?",
        const="schema.json",
        metavar="FILE",
        help="compare with FILE (default schema.json) instead of printing",
    )
    args = parser.parse_args(argv)
    text = render()
    if args.check is None:
        sys.stdout.write(text)
        return 0
    path = Path(args.check)
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if current != text:
        sys.stderr.write(
            f"{path} is not what the code generates; run `python -m pulumi_vpsorg.schema > {path}`\n"
        )
        return 1
    return 0
