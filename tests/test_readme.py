"""The README and the other user documents keep their promises, checked against the code.

The two set-up commands come first (CI runs them verbatim); every assumption is listed; links
and anchors resolve; every setting, flag and console sample is the package's own; installing is
described as it really works (not from PyPI); the document stays short.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from pulumi_vpsorg import cli
from pulumi_vpsorg.assumptions import ASSUMPTIONS
from pulumi_vpsorg.quickstart import find_examples
from pulumi_vpsorg.testing import FakeVpsOrgApi

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
#: Documents a user reads: the README, every example's, the docs.
DOCUMENTS = sorted(
    [ROOT / "README.md", *ROOT.glob("examples/*/README.md"), *ROOT.glob("docs/*.md")]
)
MAX_LINES = 366


def _section(title: str) -> str:
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _prose(text: str) -> str:
    """``text`` without fenced code blocks (a ``#`` there is a comment, not a heading)."""
    return re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)


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
    section = _section("Assumptions")
    for assumption in ASSUMPTIONS:
        label, text = assumption.split(" ", 1)
        assert f"**{label}** {text}" in section
    assert len(re.findall(r"^- \*\*A\d+\*\*", section, flags=re.M)) == len(ASSUMPTIONS)


def test_the_readme_is_short_and_keeps_the_engine_section() -> None:
    assert len(README.splitlines()) <= MAX_LINES
    assert "\n## Under the Pulumi CLI\n" in README


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_links_and_anchors_resolve(document: Path) -> None:
    text = document.read_text()
    anchors = {_slug(h) for h in re.findall(r"^#+ (.+)$", _prose(text), flags=re.M)}
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if target.startswith(("http://", "https://")):
            continue
        path, _, anchor = target.partition("#")
        if path:
            linked = (document.parent / path).resolve()
            assert linked.exists(), f"{document.name}: {target} does not exist"
            if anchor and linked.suffix == ".md":
                headings = re.findall(r"^#+ (.+)$", _prose(linked.read_text()), flags=re.M)
                assert anchor in {_slug(h) for h in headings}, f"{document.name}: {target}"
        else:
            assert anchor in anchors, f"{document.name}: #{anchor} is not a heading"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_installing_is_described_as_it_works(document: Path) -> None:
    # Not on PyPI yet: nothing may tell a user to install the package by name alone.
    text = document.read_text()
    assert not re.search(r"pip install (-U |--upgrade )?['\"]?pulumi-vpsorg\b", text)
    assert not re.search(r"from PyPI instead|with the package from PyPI", text)
    assert "/work/" not in text and "/home/" not in text  # no machine's paths


def test_the_readme_says_how_to_install_without_pypi() -> None:
    section = _section("Install")
    assert "not on PyPI" in section
    assert "pip install -e" in section and "python3 -m build" in section
    wheel = re.search(r"dist/(pulumi_vpsorg-[\w.]+-py3-none-any\.whl)", section)
    assert wheel is not None
    from pulumi_vpsorg import __version__

    assert wheel.group(1) == f"pulumi_vpsorg-{__version__}-py3-none-any.whl"


def test_every_example_is_in_the_table() -> None:
    section = _section("Examples")
    listed = re.findall(r"^\| \[`([\w-]+)`\]\(examples/", section, flags=re.M)
    shipped = [p.name for p in find_examples(ROOT / "examples")]
    assert listed == [*shipped, "policy-pack"]


def test_settings_in_the_readme_are_the_packages_own() -> None:
    config = json.loads((ROOT / "schema.json").read_text())["config"]["variables"]
    environment = {e for v in config.values() for e in v.get("defaultInfo", {}).get("environment", [])}
    section = _section("Configuration")
    keys = set(re.findall(r"`vpsorg:(\w+)`", section))
    assert keys == set(config), "the table and schema.json's config must list the same keys"
    assert set(re.findall(r"`(VPSORG_\w+)`", README)) <= environment
    for key, spec in config.items():
        if "default" in spec:
            row = next(line for line in section.splitlines() if f"`vpsorg:{key}`" in line)
            assert f"`{spec['default']}`" in row, key


def test_every_vpsorg_flag_is_real_and_every_real_flag_is_documented() -> None:
    parser = cli.build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    real = {
        flag
        for p in [parser, *commands.values()]
        for action in p._actions
        for flag in action.option_strings
        if flag.startswith("--") and flag != "--help"
    }
    section = _section("The `vpsorg` command")
    mentioned = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", section)) - {"--token"}
    assert mentioned <= real, mentioned - real
    assert real <= mentioned, real - mentioned
    assert "no `--token` option" in section


def test_the_plans_sample_is_what_the_command_prints(
    fake_api: FakeVpsOrgApi, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = re.search(r"^\$ (vpsorg plans .*)\n((?:.+\n)+)", _section("The `vpsorg` command"), re.M)
    assert sample is not None
    monkeypatch.setenv("VPSORG_API_TOKEN", fake_api.token)
    monkeypatch.setenv("VPSORG_API_URL", fake_api.url)
    assert cli.main(sample.group(1).split()[1:]) == cli.EXIT_OK
    assert capsys.readouterr().out == sample.group(2)


def test_exit_statuses_match_the_command() -> None:
    section = _section("The `vpsorg` command")
    assert f"Exit status: {cli.EXIT_OK} ok; {cli.EXIT_FAILURE} no plan matches" in section
    assert "422" in section and f"{cli.EXIT_USAGE} usage or" in section


def test_the_policy_pack_has_its_own_readme() -> None:
    pack = ROOT / "examples" / "policy-pack"
    text = (pack / "README.md").read_text()
    assert "--policy-pack ../policy-pack" in text
    assert "--policy-pack-config ../policy-pack/policy-config.example.json" in text
    config = json.loads((pack / "policy-config.example.json").read_text())
    shown = re.search(r"^```json\n(.*?)^```", text, flags=re.M | re.S)
    assert shown is not None and json.loads(shown.group(1)) == config
    assert "venv" in (pack / "PulumiPolicy.yaml").read_text()
    assert "examples/policy-pack/README.md" in README


def test_virtualenvs_are_ignored() -> None:
    ignored = (ROOT / ".gitignore").read_text().split()
    assert ".venv/" in ignored and "venv/" in ignored


def test_readme_code_is_valid_python() -> None:
    for block in re.findall(r"^```python\n(.*?)^```", README, flags=re.M | re.S):
        compile(block, "README.md", "exec")
    assert sys.version_info >= (3, 10)


def _use_case_programs() -> list[str]:
    blocks = re.findall(r"^```python\n(.*?)^```", _section("Use cases"), flags=re.M | re.S)
    return ["import pulumi\nimport pulumi_vpsorg as vpsorg\n" + b for b in blocks]


@pytest.mark.parametrize("number", range(len(_use_case_programs())))
def test_every_use_case_runs_as_written(
    fake_api: FakeVpsOrgApi, tmp_path: Path, number: int
) -> None:
    from pulumi_vpsorg.testing import run_program

    (tmp_path / "Pulumi.yaml").write_text("name: readme\nruntime: python\n")
    (tmp_path / "__main__.py").write_text(_use_case_programs()[number])
    result = run_program(tmp_path, api_url=fake_api.url, api_token=fake_api.token)
    assert result.outputs or result.resources


def test_the_testing_sample_runs_as_written(tmp_path: Path) -> None:
    block = re.search(r"^```python\n(.*?)^```", _section("Testing your programs"), re.M | re.S)
    assert block is not None
    namespace: dict[str, object] = {}
    exec(compile(block.group(1), "README.md", "exec"), namespace)  # noqa: S102 - the README's own sample
    tests = [v for k, v in namespace.items() if k.startswith("test_") and callable(v)]
    assert tests
    for test in tests:
        test()
