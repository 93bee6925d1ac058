"""Performance benchmarks for pulumi-vpsorg, run with ``python -m benchmarks``.

Every measurement runs against the fake VPS.org API with injected per-request latency and is
compared, in the same run and on the same machine, with the floor the latency sets and with the
naive (sequential) way. See ``docs/benchmarks.md`` for the results and how to read them.
"""

from __future__ import annotations
