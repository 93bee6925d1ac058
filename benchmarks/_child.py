"""Measurements that need a fresh interpreter: import time and peak memory.

``python -m benchmarks._child imports`` prints the import times as JSON;
``python -m benchmarks._child memory URL TOKEN`` runs one orders audit (every status) the way the
``OrdersAudit`` provider does and prints the peak RSS before and after it.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

ALL_STATUSES = ["pending_payment", "awaiting_payment", "processing", "paid", "cancelled"]
#: What a Pulumi program using this package imports (functions and every dynamic resource).
PULUMI_PARTS = (
    "pulumi_vpsorg",
    "pulumi_vpsorg.functions",
    "pulumi_vpsorg.provider.lookups",
    "pulumi_vpsorg.provider.order",
)

#: Third-party libraries the package needs beyond Pulumi: the models (pydantic imports its
#: BaseModel machinery lazily, so name it) and HTTP.
THIRD_PARTY = ("pydantic.main", "pydantic.type_adapter", "requests")


def _maxrss_kb() -> int:
    """Peak RSS of this process in KiB.

    Linux: ``VmHWM`` from ``/proc/self/status``; ``ru_maxrss`` would do, except that it survives
    ``exec`` and so starts at the parent's peak (the benchmark's own, after its audits).
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss // 1024 if sys.platform == "darwin" else rss  # bytes on macOS, KiB elsewhere


def imports(mode: str) -> dict[str, object]:
    import importlib

    result: dict[str, object] = {}
    if mode == "pulumi":
        start = time.perf_counter()
        importlib.import_module("pulumi")
        result["pulumi"] = time.perf_counter() - start
    elif mode == "package":
        start = time.perf_counter()
        importlib.import_module("pulumi_vpsorg")
        result["package"] = time.perf_counter() - start
        result["imports_pulumi"] = "pulumi" in sys.modules
    elif mode == "program":
        start = time.perf_counter()
        importlib.import_module("pulumi")
        middle = time.perf_counter()
        for name in PULUMI_PARTS:
            importlib.import_module(name)
        result["pulumi"] = middle - start
        result["package_after_pulumi"] = time.perf_counter() - middle
    elif mode == "deps":
        start = time.perf_counter()
        importlib.import_module("pulumi")
        middle = time.perf_counter()
        for name in THIRD_PARTY:
            importlib.import_module(name)
        result["pulumi"] = middle - start
        result["deps_after_pulumi"] = time.perf_counter() - middle
    else:
        raise SystemExit(f"unknown import mode {mode!r}")
    return result


def memory(url: str, token: str) -> dict[str, object]:
    os.environ["VPSORG_API_URL"] = url
    os.environ["VPSORG_API_TOKEN"] = token
    from pulumi_vpsorg.provider.lookups import OrdersAuditProvider

    provider = OrdersAuditProvider()
    baseline = _maxrss_kb()
    start = time.perf_counter()
    created = provider.create({"status": ALL_STATUSES})
    wall = time.perf_counter() - start
    return {
        "baseline_kb": baseline,
        "peak_kb": _maxrss_kb(),
        "count": created.outs["count"],
        "wall": wall,
    }


def main(argv: list[str]) -> int:
    if argv[:1] == ["imports"] and len(argv) == 2:
        print(json.dumps(imports(argv[1])))
    elif argv[:1] == ["memory"] and len(argv) == 3:
        print(json.dumps(memory(argv[1], argv[2])))
    else:
        raise SystemExit("usage: python -m benchmarks._child imports MODE | memory URL TOKEN")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
