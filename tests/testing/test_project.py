"""Top-level settings of a project file, as the harness, the engine runner and the quick start
read them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pulumi_vpsorg.testing.project import project_setting

ROOT = Path(__file__).resolve().parents[2]


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


def test_a_file_the_cli_would_refuse_is_refused(tmp_path: Path) -> None:
    # An unquoted ": " inside a value is not YAML: `pulumi up` stops on it.
    (tmp_path / "Pulumi.yaml").write_text("name: x\ndescription: Audit: orders\n")
    with pytest.raises(yaml.YAMLError):
        project_setting(tmp_path, "name")


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "examples").glob("*/Pulumi.yaml"))
    + sorted((ROOT / "examples").glob("*/PulumiPolicy.yaml"))
    + sorted(ROOT.glob("templates/*/Pulumi.yaml")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_every_shipped_project_file_is_yaml_the_cli_reads(path: Path) -> None:
    settings = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(settings, dict) and settings.get("runtime"), path


def test_the_examples_name_and_describe_themselves() -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "select-plan"
    assert project_setting(example, "name") == "vpsorg-select-plan"
    assert (project_setting(example, "description") or "").startswith("Select the cheapest")
