"""``_console``: what a terminal is shown, whatever the text and the output's encoding."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pulumi_vpsorg._console import escape, terminal_safe
from tests.cli.support import shows_only_text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Standard VPS", "Standard VPS"),
        ("Caf\u00e9", "Caf\u00e9"),
        ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),
        ("a\r\nb\tc", "a\\r\\nb\\tc"),
        ("\x9b31m\x7f", "\\x9b31m\\x7f"),
        ("abc\u202edef\u200b", "abc\\u202edef\\u200b"),
        ("line\u2028sep", "line\\u2028sep"),
        ("tag\U000e0041", "tag\\U000e0041"),
        ("lone\ud800", "lone\\ud800"),  # a JSON "\\ud800" from a server: unencodable raw
    ],
)
def test_control_and_format_characters_are_escaped(text: str, shown: str) -> None:
    assert escape(text) == shown


def test_what_the_encoding_cannot_carry_is_escaped_too() -> None:
    assert escape("Caf\u00e9 \x1b", "ascii") == "Caf\\xe9 \\x1b"
    assert escape("\u4e2d", "latin-1") == "\\u4e2d"
    assert escape("Caf\u00e9", "utf-8") == "Caf\u00e9"
    assert escape("Caf\u00e9", "no-such-codec") == "Caf\\xe9"


def test_kept_characters_stay() -> None:
    assert escape("a\nb\x1b", keep="\n") == "a\nb\\x1b"


@given(st.text())
def test_any_text_comes_out_showable_and_escaping_is_idempotent(text: str) -> None:
    shown = escape(text, "ascii")
    assert shown.isascii() and shows_only_text(shown)
    assert escape(shown, "ascii") == shown


def test_a_terminal_safe_stream_keeps_lines_and_escapes_the_rest() -> None:
    raw = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    safe = terminal_safe(raw)

    print("Caf\u00e9\x1b[2J", file=safe)
    safe.flush()

    assert raw.buffer.getvalue() == b"Caf\\xe9\\x1b[2J\n"  # type: ignore[attr-defined]
    assert terminal_safe(safe) is safe
