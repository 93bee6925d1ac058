"""How ``vpsorg`` prints: tables, key-value blocks and JSON, every value from the API shown with its
control characters escaped (see :func:`pulumi_vpsorg._console.escape`), so a plan name cannot
move the cursor, retitle the terminal or forge a row."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Final, TextIO

from .._console import escape

__all__ = [
    "LIST_SHOWN",
    "counts",
    "ids",
    "json_text",
    "key_values",
    "money",
    "one_line",
    "print_json",
    "table",
]

#: Ids a key-value block lists before "... N more" (``--json`` has them all).
LIST_SHOWN: Final = 20


def _encoding(out: TextIO) -> str:
    return getattr(out, "encoding", None) or "utf-8"


def money(value: Decimal, places: int = 2) -> str:
    """At least ``places`` decimals, more when the value has them (0.007 stays 0.007)."""
    exponent = value.normalize().as_tuple().exponent
    digits = max(places, -exponent if isinstance(exponent, int) else places)
    return f"{value:.{digits}f}"


def table(
    rows: Sequence[Sequence[str]], header: Sequence[str], right: set[int], out: TextIO
) -> None:
    """Aligned columns, two spaces apart; each cell on one line, escaped."""
    encoding = _encoding(out)
    cells = [[escape(c, encoding) for c in row] for row in [header, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]

    def line(row: list[str]) -> str:
        parts = [
            c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(row)
        ]
        return "  ".join(parts).rstrip()

    for row in cells:
        print(line(row), file=out)


def key_values(rows: Sequence[tuple[str, str]], out: TextIO) -> None:
    """``key  value`` lines, the values aligned and escaped."""
    encoding = _encoding(out)
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {escape(value, encoding)}".rstrip(), file=out)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_text(value: Any, encoding: str = "utf-8") -> str:
    """``value`` as indented JSON that a terminal shows as text in ``encoding``: JSON already
    escapes the C0 controls; DEL, C1 controls, format characters and any character the encoding
    cannot carry become ``\\uXXXX`` escapes too (the same JSON value)."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    if text.isascii() and "\x7f" not in text:
        return text

    def safe(char: str) -> bool:
        if char.isascii():
            return char != "\x7f"
        return escape(char, encoding) == char

    return "".join(c if safe(c) else _json_escape(c) for c in text)


def print_json(value: Any, out: TextIO) -> None:
    print(json_text(value, _encoding(out)), file=out)


def counts(numbers: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in numbers.items()) or "none"


def ids(values: Sequence[int]) -> str:
    if not values:
        return "none"
    shown = ", ".join(str(i) for i in values[:LIST_SHOWN])
    more = len(values) - LIST_SHOWN
    return shown + (f", ... {more} more (--json lists all)" if more > 0 else "")


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
