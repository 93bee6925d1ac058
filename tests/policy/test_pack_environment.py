"""The example pack's environment: its README says to make it with ``pulumi install``, and a pack
whose virtualenv lacks a package stops at once saying so (without it the engine waited forever)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

PACK = Path(__file__).resolve().parents[2] / "examples" / "policy-pack"
#: Runs the pack's ``__main__.py`` with ``sys.argv[2]`` made unimportable.
WITHOUT = (
    "import runpy, sys; sys.modules[sys.argv[2]] = None; "
    "runpy.run_path(sys.argv[1], run_name='__main__')"
)


@pytest.mark.parametrize("missing", ["pulumi_vpsorg", "pulumi_policy"])
def test_a_pack_missing_a_package_says_to_run_pulumi_install(missing: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT, str(PACK / "__main__.py"), missing],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("vpsorg-guardrails: cannot load the policy pack (")
    assert missing in done.stderr
    assert f"run `pulumi install` in {PACK}" in done.stderr
    assert done.stdout == ""


def test_the_readme_says_to_run_pulumi_install_before_the_first_preview() -> None:
    text = (PACK / "README.md").read_text()
    install = re.search(r"^## Install it\n(.*?)^## ", text, flags=re.M | re.S)

    assert install is not None
    steps = install.group(1)
    assert "```sh\ncd examples/policy-pack\npulumi install\n```" in steps
    assert "Nothing to do" not in text
    assert text.index("pulumi install") < text.index("--policy-pack ../policy-pack")
