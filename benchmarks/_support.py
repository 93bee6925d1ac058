"""Shared pieces: result rows, the fake API in a subprocess, timing helpers."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar

__all__ = [
    "ALL_STATUSES",
    "REPO_ROOT",
    "FakeServerProcess",
    "Row",
    "child_env",
    "env_vars",
    "median",
]

T = TypeVar("T")

REPO_ROOT = Path(__file__).resolve().parent.parent
#: Audits read every status, so that an audit of N orders really reads N orders (the API default
#: filter, ``pending_payment,paid``, would leave some out).
ALL_STATUSES = ["pending_payment", "awaiting_payment", "processing", "paid", "cancelled"]


@dataclass
class Row:
    """One line of the results table.

    ``ok`` is None for rows measured for information (no target).
    """

    section: str
    name: str
    value: float | int | str
    unit: str = ""
    target: str = ""
    ok: bool | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def result(self) -> str:
        if self.ok is None:
            return "info"
        return "PASS" if self.ok else "MISS"

    def formatted_value(self) -> str:
        value = self.value
        if isinstance(value, float):
            text = f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
        else:
            text = str(value)
        return f"{text} {self.unit}".strip()

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["result"] = self.result
        return data


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment for child interpreters: this repo importable, no VPS.org settings inherited.

    Bytecode caches are allowed (``PYTHONDONTWRITEBYTECODE`` dropped): an installed package has
    them, and without them every start-up would include compiling the package.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("VPSORG_") and k != "PYTHONDONTWRITEBYTECODE"
    }
    path = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(REPO_ROOT) + (os.pathsep + path if path else "")
    env.update(extra or {})
    return env


@contextmanager
def env_vars(values: Mapping[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of a block."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


class FakeServerProcess:
    """``FakeVpsOrgApi`` in a child process (see :mod:`benchmarks._fake_server`)."""

    def __init__(self, *, orders: int, latency: float, max_per_page: int) -> None:
        self.args = [
            "--orders",
            str(orders),
            "--latency",
            repr(latency),
            "--max-per-page",
            str(max_per_page),
        ]
        self.url = ""
        self.token = ""
        self._process: subprocess.Popen[str] | None = None

    def __enter__(self) -> FakeServerProcess:
        process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks._fake_server", *self.args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=child_env(),
            cwd=REPO_ROOT,
        )
        self._process = process
        stdout: IO[str] | None = process.stdout
        assert stdout is not None
        line = stdout.readline()
        try:
            info = json.loads(line)
        except ValueError:
            self.__exit__(None, None, None)
            raise RuntimeError(f"fake API process did not start: {line!r}") from None
        self.url, self.token = info["url"], info["token"]
        return self

    def __exit__(self, *exc: object) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.terminate()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the fake has used so far; NaN where /proc is missing."""
        if self._process is None:
            return float("nan")
        try:
            stat = Path(f"/proc/{self._process.pid}/stat").read_text()
        except OSError:
            return float("nan")
        fields = stat.rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    """``fn()`` and its wall time in seconds."""
    import time

    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start
