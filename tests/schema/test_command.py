"""``python -m pulumi_vpsorg.schema [--check]``: generated, not hand-edited."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pulumi_vpsorg import schema as gen

from .documents import REPO


def test_committed_schema_is_what_the_code_generates() -> None:
    committed = (REPO / "schema.json").read_text(encoding="utf-8")
    assert committed == gen.render(), (
        "schema.json is stale: run `python -m pulumi_vpsorg.schema > schema.json`"
    )


def test_render_is_deterministic_sorted_and_ends_with_a_newline(schema: dict[str, Any]) -> None:
    text = gen.render()
    assert text == gen.render(schema)
    assert text.endswith("}\n")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True) + "\n"


def test_main_prints_and_check_compares(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert gen.main([]) == 0
    assert capsys.readouterr().out == gen.render()
    good = tmp_path / "schema.json"
    good.write_text(gen.render(), encoding="utf-8")
    assert gen.main(["--check", str(good)]) == 0
    stale = tmp_path / "stale.json"
    stale.write_text(gen.render().replace('"vpsorg"', '"vpsorgx"', 1), encoding="utf-8")
    assert gen.main(["--check", str(stale)]) == 1
    assert "python -m pulumi_vpsorg.schema" in capsys.readouterr().err
    assert gen.main(["--check", str(tmp_path / "missing.json")]) == 1


def test_python_dash_m_prints_and_checks_the_committed_schema(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "pulumi_vpsorg.schema"]
    printed = subprocess.run(command, cwd=REPO, capture_output=True, check=True)
    assert printed.stdout == (REPO / "schema.json").read_bytes()
    assert printed.stderr == b""
    checked = subprocess.run([*command, "--check"], cwd=REPO, capture_output=True)
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, b"", b"")
    stale = tmp_path / "schema.json"
    stale.write_text("{}\n", encoding="utf-8")
    failed = subprocess.run([*command, "--check"], cwd=tmp_path, capture_output=True, text=True)
    assert failed.returncode == 1
    assert "python -m pulumi_vpsorg.schema > schema.json" in failed.stderr
