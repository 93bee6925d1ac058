"""Flag values: only ASCII digits are numbers (``int()`` alone would read ``١٢٣`` as 123)."""

from __future__ import annotations

import argparse

import pytest

from pulumi_vpsorg.cli.values import order_id, whole


@pytest.mark.parametrize("text", ["１", "١٢٣", "४२", " 1２ "])
def test_digits_of_other_scripts_are_refused(text: str) -> None:
    for parse in (whole, order_id):
        with pytest.raises(argparse.ArgumentTypeError, match="expected"):
            parse(text)


def test_ascii_digits_with_spaces_around_are_numbers() -> None:
    assert whole(" 12 ") == 12
    assert order_id("6571") == 6571
