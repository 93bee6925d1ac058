"""Print the figures of docs/reliability.md: fault matrix, payments, paging churn, token scan.

Run from the repository root::

    .venv/bin/python benchmarks/reliability_figures.py > /tmp/figures.md

It runs the same schedules as ``tests/reliability`` (which assert them) against the fake API on
loopback, and prints Markdown tables. Counts are deterministic; no timings are reported.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pulumi_vpsorg import VpsOrgClient, VpsOrgError
from pulumi_vpsorg.testing import FakeVpsOrgApi, RecordedRequest
from tests.reliability.lifecycle import (
    READ_ONLY,
    TOKEN,
    grpc_lifecycle,
    in_process_lifecycle,
)
from tests.reliability.matrix import (
    ALL_STATUSES,
    BUDGET,
    KINDS,
    PATHS,
    PAY_FAULTS,
    RETRY_AFTER_1,
    TIMEOUT,
    audit_api,
    fault_free,
    pay_under_fault,
    run,
)


def matrix() -> None:
    print(f"### Fault matrix (retry budget {BUDGET}, timeout {TIMEOUT:g} s per call)\n")
    print(
        "| Read path | Fault | Faults injected | Requests (fault-free) | Retries | Result |"
        " Past the budget |"
    )
    print("|---|---|---:|---:|---:|---|---|")
    totals = {"faults": 0, "requests": 0, "exact": 0, "runs": 0}
    with audit_api() as api:
        refs = {p.name: fault_free(api, p) for p in PATHS}
        for path in PATHS:
            expected, baseline = refs[path.name]
            for kind in KINDS:
                ok = run(api, path, [kind], expected, baseline, seed=len(kind.name))
                past = run(api, path, [kind], expected, baseline, past_budget=True)
                result = "exact" if ok.exact else f"NOT EXACT ({ok.error!r})"
                error = type(past.error).__name__ if past.error else "NO ERROR"
                print(
                    f"| {path.name} | {kind.name} | {ok.faults} | {ok.requests} ({baseline}) |"
                    f" {ok.retries} | {result} | {error} after {past.faults} attempts |"
                )
                for o in (ok, past):
                    totals["faults"] += o.faults
                    totals["requests"] += o.requests
                totals["exact"] += bool(ok.exact)
                totals["runs"] += 1
        audit = PATHS[2]
        expected, baseline = refs[audit.name]
        for seed in (1, 2, 3):
            mixed = run(api, audit, [*KINDS, RETRY_AFTER_1], expected, baseline, seed=seed)
            print(
                f"| {audit.name} | all kinds mixed, seed {seed} | {mixed.faults} |"
                f" {mixed.requests} ({baseline}) | {mixed.retries} |"
                f" {'exact' if mixed.exact else 'NOT EXACT'} | - |"
            )
            totals["faults"] += mixed.faults
            totals["requests"] += mixed.requests
            totals["exact"] += bool(mixed.exact)
            totals["runs"] += 1
    print(
        f"\nTotal: {totals['faults']} faults injected over {totals['requests']} requests;"
        f" {totals['exact']}/{totals['runs']} runs within the budget exact (2500 orders compared"
        " field by field for the audit); every run past the budget ended in one typed error.\n"
    )


def payments() -> None:
    print("### Paying under faults (Order provider, re-run until paid)\n")
    print(
        "| Fault on POST /orders/pay | First run | POSTs in first run | Runs (until paid, +1) |"
        " POSTs in all runs | Payments made |"
    )
    print("|---|---|---:|---:|---:|---:|")
    with FakeVpsOrgApi(order_count=8) as api:
        for name, make, times, _processed in PAY_FAULTS:
            o = pay_under_fault(api, name, make, times)
            print(
                f"| {o.fault} | {o.first_run} | {o.posts_first_run} | {o.runs_to_converge + 1} |"
                f" {o.posts_total} | {o.pay_count} |"
            )
    print()


def churn() -> None:
    print("### Orders changing during an audit (300 orders, 15 pages)\n")
    print("| Change while paging | Reader | Duplicates | Result vs final state |")
    print("|---|---|---:|---|")

    def scenario(name: str, hook_factory, reader: str) -> None:  # type: ignore[no-untyped-def]
        with FakeVpsOrgApi(order_count=300, max_per_page=20, seed=5) as api:
            before = {i for i, o in api.orders.items()}
            api.on_request = hook_factory(api)
            client = VpsOrgClient(api.token, api.url, backoff_factor=0.001, timeout=0.3)
            if reader == "list_orders":
                ids = [o.id for o in client.list_orders(status=ALL_STATUSES, concurrency=8)]
            else:
                ids = [o.id for o in client.iter_orders(status=ALL_STATUSES)]
            final = set(api.orders)
            dup = len(ids) - len(set(ids))
            got = set(ids)
            if got == final:
                verdict = "exact"
            else:
                parts = []
                if final - got:
                    kept = len((final - got) & before)
                    parts.append(f"{len(final - got)} missing ({kept} present throughout)")
                if got - final:
                    parts.append(f"{len(got - final)} no longer present")
                verdict = ", ".join(parts)
            print(f"| {name} | {reader} | {dup} | {verdict} |")

    def page(r: RecordedRequest) -> int | None:
        return int(r.query.get("page", "1")) if r.path == "/api/v1/orders" else None

    def once(action):  # type: ignore[no-untyped-def]
        def factory(api):  # type: ignore[no-untyped-def]
            state = {"pass": 0}

            def hook(r: RecordedRequest) -> None:
                if page(r) == 1:
                    state["pass"] += 1
                if state["pass"] == 1 and page(r) in (3, 7, 12):
                    action(api)

            return hook

        return factory

    def newest(api):  # type: ignore[no-untyped-def]
        return max(api.orders)

    def every(action, pages):  # type: ignore[no-untyped-def]
        def factory(api):  # type: ignore[no-untyped-def]
            return lambda r: action(api) if page(r) in pages else None

        return factory

    def adversarial(api):  # type: ignore[no-untyped-def]
        phantom: list[int] = []

        def hook(r: RecordedRequest) -> None:
            if page(r) == 1:
                phantom.append(api.add_order(status="paid")["id"])
            elif page(r) == 2 and phantom:
                api.remove_order(phantom.pop())

        return hook

    for reader in ("list_orders", "iter_orders"):
        scenario("3 added during pass 1", once(lambda a: a.add_order(status="paid")), reader)
        scenario("3 removed during pass 1", once(lambda a: a.remove_order(min(a.orders))), reader)
        scenario(
            "2 added in every pass", every(lambda a: a.add_order(status="paid"), (2, 6)), reader
        )
        scenario(
            "2 removed in every pass", every(lambda a: a.remove_order(newest(a)), (3, 8)), reader
        )
        scenario("adversarial add/remove around page 1/2 in every pass", adversarial, reader)
    print()


def secrets() -> None:
    print("### Token occurrences\n")
    with FakeVpsOrgApi(token=TOKEN, read_only_token=READ_ONLY, order_count=40) as api:
        grpc = grpc_lifecycle(api)
        handler = logging.StreamHandler(buffer := _Buffer())
        logging.getLogger().addHandler(handler)
        local = in_process_lifecycle(api, buffer.text)
        logging.getLogger().removeHandler(handler)
    print("| Where | Items scanned | Bytes scanned | Token occurrences |")
    print("|---|---:|---:|---:|")
    for scan in (grpc, local):
        found = scan.occurrences(TOKEN, READ_ONLY)
        for where, blobs in scan.blobs.items():
            print(f"| {where} | {len(blobs)} | {sum(map(len, blobs))} | {found[where]} |")
    print(
        f"\n{grpc.calls} gRPC calls ({grpc.failing_calls} failing on purpose) over 4 resource"
        " types; needles: each token as text, base64 (3 alignments), hex and reversed.\n"
    )


class _Buffer:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, s: str) -> None:
        self.parts.append(s)

    def flush(self) -> None:
        pass

    def text(self) -> str:
        return "".join(self.parts)


if __name__ == "__main__":
    try:
        matrix()
        payments()
        churn()
        secrets()
    except VpsOrgError as exc:  # pragma: no cover - a figure run that fails says so
        print(f"FAILED: {exc!r}")
        raise
