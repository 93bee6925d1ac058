"""``python -m benchmarks``: run every benchmark and print the results table."""

from __future__ import annotations

from benchmarks.cli import main

raise SystemExit(main())
