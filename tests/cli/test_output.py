"""``cli/output.py``: tables and JSON a terminal shows as text, values kept exact in JSON."""

from __future__ import annotations

import io
import json

from hypothesis import given
from hypothesis import strategies as st

from pulumi_vpsorg.cli.output import json_text, table
from tests.cli.support import shows_only_text


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
        ),
        max_leaves=10,
    )
)
def test_json_is_the_same_value_and_only_text(value: object) -> None:
    for encoding in ("utf-8", "ascii", "latin-1"):
        text = json_text(value, encoding)
        assert json.loads(text) == value
        assert shows_only_text(text)
        text.encode(encoding)


def test_a_cell_cannot_add_a_row_or_break_alignment() -> None:
    out = io.StringIO()
    table([["1", "a\nb\x1b[2J"], ["22", "c"]], ["ID", "NAME"], {0}, out)

    assert out.getvalue().splitlines() == [
        "ID  NAME",
        " 1  a\\nb\\x1b[2J",
        "22  c",
    ]


def test_a_lone_surrogate_from_a_server_stays_valid_json() -> None:
    text = json_text({"name": "bad\ud800"})
    assert text.encode("utf-8")
    assert json.loads(text) == {"name": "bad\ud800"}
