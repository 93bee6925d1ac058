"""Benchmark 4: import time of the package against ``import pulumi``.

Each measurement is a fresh interpreter timing only the import statements (interpreter start-up
excluded), median of several runs:

* ``import pulumi`` alone;
* ``import pulumi_vpsorg`` alone (the client needs no Pulumi; it should not import it);
* ``import pulumi`` then the package with its Pulumi parts (``pulumi_vpsorg.functions``,
  ``pulumi_vpsorg.provider.lookups``, ``pulumi_vpsorg.provider.order``): what a Pulumi program
  pays. The target is on the last one as a fraction of ``import pulumi``.

``-X importtime`` of the program case names the heaviest modules imported after Pulumi.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Any

from ._child import PULUMI_PARTS
from ._support import REPO_ROOT, Row, child_env, median

__all__ = ["heaviest_after_pulumi", "run"]

SECTION = "4. import time"
ADDED_TARGET = 0.25
_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def _child(mode: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks._child", "imports", mode],
        capture_output=True,
        text=True,
        check=True,
        env=child_env(),
        cwd=REPO_ROOT,
    ).stdout
    result: dict[str, Any] = json.loads(out)
    return result


def heaviest_after_pulumi(top: int = 8) -> list[tuple[str, float, float]]:
    """``(module, self ms, cumulative ms)`` of the slowest imports after ``import pulumi``."""
    code = "import pulumi\n" + "".join(f"import {name}\n" for name in PULUMI_PARTS)
    err = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=child_env(),
        cwd=REPO_ROOT,
    ).stderr
    after = False
    found: list[tuple[str, float, float]] = []
    for line in err.splitlines():
        match = _LINE.match(line)
        if match is None:
            continue
        own, cumulative, indent, name = match.groups()
        if after:
            found.append((name, int(own) / 1000, int(cumulative) / 1000))
        elif name == "pulumi" and len(indent) <= 1:
            after = True
    found.sort(key=lambda item: item[1], reverse=True)
    return found[:top]


def run(runs: int) -> list[Row]:
    for mode in ("pulumi", "package", "program"):
        _child(mode)  # warm-up: bytecode caches written, files in the page cache
    pulumi_alone = [_child("pulumi")["pulumi"] for _ in range(runs)]
    package = [_child("package") for _ in range(runs)]
    program = [_child("program") for _ in range(runs)]
    base = median(pulumi_alone)
    alone = median([p["package"] for p in package])
    imports_pulumi = any(p["imports_pulumi"] for p in package)
    program_pulumi = median([p["pulumi"] for p in program])
    added = median([p["package_after_pulumi"] for p in program])
    ratio = added / program_pulumi
    deps = [_child("deps") for _ in range(runs)]
    deps_added = median([d["deps_after_pulumi"] for d in deps]) / median(
        [d["pulumi"] for d in deps]
    )
    heavy = heaviest_after_pulumi()
    return [
        Row(SECTION, "import pulumi", base, "s", note=f"median of {runs} fresh interpreters"),
        Row(
            SECTION,
            "import pulumi_vpsorg (alone) / import pulumi",
            alone / base,
            "x",
            "no pulumi import",
            not imports_pulumi,
            note=f"{alone * 1000:.1f} ms; imports pulumi: {'yes' if imports_pulumi else 'no'}",
        ),
        Row(
            SECTION,
            "Pulumi parts of pulumi_vpsorg added to import pulumi",
            ratio * 100,
            "%",
            f"< {ADDED_TARGET * 100:g}%",
            ratio < ADDED_TARGET,
            note=(
                f"{added * 1000:.0f} ms after {program_pulumi * 1000:.0f} ms of import pulumi; "
                "heaviest: " + ", ".join(f"{name} {own:.0f} ms" for name, own, _ in heavy[:4])
            ),
            extra={"heaviest": heavy, "added_seconds": added, "pulumi_seconds": program_pulumi},
        ),
        Row(
            SECTION,
            "of which pydantic + requests alone (after import pulumi)",
            deps_added * 100,
            "%",
            note="paid on the first API call (the Pulumi parts import them lazily)",
        ),
    ]
