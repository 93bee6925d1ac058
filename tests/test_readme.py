"""The README keeps its promises: the two set-up commands first, and every assumption listed."""

from __future__ import annotations

import re
from pathlib import Path

from pulumi_vpsorg.assumptions import ASSUMPTIONS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_readme_opens_with_exactly_the_two_setup_commands() -> None:
    blocks = re.findall(r"^```(\w*)\n(.*?)^```$", README, flags=re.M | re.S)
    first_two = [body.strip() for _, body in blocks[:2]]
    assert [lang for lang, _ in blocks[:2]] == ["sh", "sh"]
    assert first_two == [
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/vpsorg-quickstart",
        ".venv/bin/python -m pytest",
    ]
    assert README.index("```sh") < README.index("## ")


def test_every_assumption_in_the_code_is_listed_in_the_readme() -> None:
    section = README.split("## Assumptions", 1)[1].split("\n## ", 1)[0]
    for assumption in ASSUMPTIONS:
        label, text = assumption.split(" ", 1)
        assert f"**{label}** {text}" in section
    assert len(re.findall(r"^- \*\*A\d+\*\*", section, flags=re.M)) == len(ASSUMPTIONS)
