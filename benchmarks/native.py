"""Benchmark: the native plugin against the dynamic provider host (docs/native.md).

- Cold start: spawn to serving (the port printed) of ``pulumi-resource-vpsorg`` against
  ``python -m pulumi.dynamic``, runs alternating, medians compared. Goal: at most 1.1x.
- ``pulumi up`` (a fresh stack each time) of 50 ``PlanLookup`` resources from a YAML program
  through the plugin, against the same 50 from a Python inline program through the dynamic
  provider, runs alternating, medians compared. Goal: the plugin no slower (at most 1.0x).

``python -m benchmarks.native [--runs N]`` prints the rows as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["cold_start", "lookups_up", "main"]

RESOURCES = 50
VENV_BIN = Path(sys.executable).parent


def _spawn_to_port(command: list[str]) -> float:
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.terminate()
    process.wait()
    process.stdout.close()
    if not line.strip().isdigit():
        raise RuntimeError(f"{command[0]} printed no port: {line!r}")
    return elapsed


def cold_start(runs: int) -> dict[str, Any]:
    """Median spawn-to-serving seconds of each host and their ratio."""
    plugin = [str(VENV_BIN / "pulumi-resource-vpsorg"), "127.0.0.1:1"]
    dynamic = [sys.executable, "-m", "pulumi.dynamic"]
    native_times, dynamic_times = [], []
    for _ in range(runs):
        native_times.append(_spawn_to_port(plugin))
        dynamic_times.append(_spawn_to_port(dynamic))
    native, dyn = _median(native_times), _median(dynamic_times)
    return {"benchmark": "plugin cold start vs dynamic host", "native_s": native,
            "dynamic_s": dyn, "ratio": native / dyn, "goal": "<= 1.1", "runs": runs}


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def _yaml_project(directory: Path) -> None:
    from pulumi_vpsorg._vocabulary import camel_case

    from .engine import lookup_inputs

    lines = ["name: bench-native-lookups", "runtime: yaml", "resources:"]
    for i, inputs in enumerate(lookup_inputs(RESOURCES)):
        lines += [f"  lookup-{i}:", "    type: vpsorg:index:PlanLookup", "    properties:"]
        lines += [f"      {camel_case(key)}: {value}" for key, value in inputs.items()]
    (directory / "Pulumi.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _python_lookups() -> None:
    import pulumi_vpsorg as vpsorg

    from .engine import lookup_inputs

    for i, inputs in enumerate(lookup_inputs(RESOURCES)):
        vpsorg.PlanLookup(f"lookup-{i}", **inputs)


def lookups_up(runs: int) -> dict[str, Any]:
    """Median ``pulumi up`` seconds of 50 PlanLookups: YAML through the plugin, Python through
    the dynamic provider."""
    from pulumi_vpsorg.testing import FakeVpsOrgApi
    from pulumi_vpsorg.testing.engine import (
        LocalBackend,
        ProjectStack,
        find_cli,
        set_stack_config,
    )

    cli = find_cli()
    if cli is None:
        raise RuntimeError("no Pulumi CLI: run scripts/install-pulumi-cli")
    os.environ["PATH"] = f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"
    native_times, dynamic_times = [], []
    with FakeVpsOrgApi() as api, LocalBackend(cli) as backend, tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        _yaml_project(project)
        for _ in range(runs):
            stack = ProjectStack(backend, project, f"yaml-{secrets.token_hex(3)}")
            stack.init().configure(api_url=api.url, api_token=api.token)
            started = time.perf_counter()
            stack.up()
            native_times.append(time.perf_counter() - started)
            stack.destroy()
            stack.remove()

            inline = backend.inline_stack(
                "bench-dynamic-lookups", f"py-{secrets.token_hex(3)}", _python_lookups
            )
            set_stack_config(inline, api_url=api.url, api_token=api.token)
            started = time.perf_counter()
            inline.up()
            dynamic_times.append(time.perf_counter() - started)
            inline.destroy()
    native, dyn = _median(native_times), _median(dynamic_times)
    return {"benchmark": f"pulumi up of {RESOURCES} PlanLookups: YAML+plugin vs Python+dynamic",
            "native_s": native, "dynamic_s": dyn, "ratio": native / dyn, "goal": "<= 1.0",
            "runs": runs}


def main(argv: list[str] | None = None) -> int:
    """Run both benchmarks and print their rows as JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.native")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    rows = [cold_start(max(args.runs * 2, 5)), lookups_up(args.runs)]
    print(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
