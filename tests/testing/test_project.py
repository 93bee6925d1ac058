"""Top-level settings of a project file, as the harness, the engine runner and the quick start
read them."""

from __future__ import annotations

from pathlib import Path

import pytest

from pulumi_vpsorg.testing.project import project_setting


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("name: plain", "plain"),
        ("name: 'quoted'", "quoted"),
        ('name: "double"  # a comment', "double"),
        ("name: spaced out value ", "spaced out value"),
        ("name:", None),
    ],
)
def test_a_setting_is_read_as_written(tmp_path: Path, line: str, value: str | None) -> None:
    (tmp_path / "Pulumi.yaml").write_text(f"{line}\nruntime: python\n")
    assert project_setting(tmp_path, "name") == value


def test_nested_keys_and_missing_files_are_none(tmp_path: Path) -> None:
    assert project_setting(tmp_path, "name") is None
    (tmp_path / "Pulumi.yml").write_text("runtime:\n  name: python\n")
    assert project_setting(tmp_path, "name") is None
    assert project_setting(tmp_path, "runtime") is None


def test_the_examples_name_and_describe_themselves() -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "select-plan"
    assert project_setting(example, "name") == "vpsorg-select-plan"
    assert (project_setting(example, "description") or "").startswith("Select the cheapest")
