"""A full lifecycle of every resource through the real ``python -m pulumi.dynamic`` gRPC server,
and a scan of everything it produced for the API token.

One server process hosts all four providers (the engine keys providers by their ``__provider``
pickle). It runs with DEBUG logging switched on (a ``sitecustomize`` on its ``PYTHONPATH``), so
its stderr holds urllib3's and this package's debug logs, which are scanned too.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pulumi.dynamic.dynamic import serialize_provider

from pulumi_vpsorg.provider.lookups import (
    OrderLookupProvider,
    OrdersAuditProvider,
    PlanLookupProvider,
)
from pulumi_vpsorg.provider.order import OrderProvider
from pulumi_vpsorg.testing import FakeVpsOrgApi, Fault
from tests.provider.dynamic_server import DynamicProviderServer, ProviderCallError, Reply

#: A token that is easy to find, in any encoding.
TOKEN = "vpsorg-secret-7f3a9c1e5b2d4f60a8e1c3b5d7f9a2c4"
READ_ONLY = "vpsorg-readonly-0e2d4c6b8a9f1e3d5c7b9a0f2e4d6c8b"
_SITECUSTOMIZE = (
    "import logging, sys\nlogging.basicConfig(level=logging.DEBUG, stream=sys.stderr)\n"
)


def needles(*tokens: str) -> list[bytes]:
    """The tokens as text, and base64 / hex / reversed forms that a careless encoding leaves."""
    out: list[bytes] = []
    for token in tokens:
        raw = token.encode()
        out += [raw, base64.b64encode(raw), raw.hex().encode(), raw[::-1]]
        out += [base64.b64encode(raw[i:])[4:-4] for i in range(3)]  # any alignment
    return out


@dataclass
class Scan:
    """Everything collected, by where it came from."""

    blobs: dict[str, list[bytes]] = field(default_factory=dict)
    calls: int = 0
    failing_calls: int = 0

    def add(self, where: str, value: Any) -> None:
        if isinstance(value, bytes):
            blob = value
        elif isinstance(value, str):
            blob = value.encode()
        else:
            blob = (repr(value) + json.dumps(value, default=repr, sort_keys=True)).encode()
        self.blobs.setdefault(where, []).append(blob)

    def occurrences(self, *tokens: str) -> dict[str, int]:
        found = {}
        for where, blobs in self.blobs.items():
            found[where] = sum(b.count(n) for b in blobs for n in needles(*tokens))
        return found

    @property
    def scanned_bytes(self) -> int:
        return sum(len(b) for blobs in self.blobs.values() for b in blobs)


def _record(scan: Scan, reply: Reply) -> Reply:
    scan.calls += 1
    scan.add("gRPC responses (raw)", reply.raw)
    scan.add("outputs and inputs (decoded)", reply.outputs())
    if reply.inputs is not None:
        scan.add("outputs and inputs (decoded)", reply.inputs)
    scan.add("check failures", reply.failures)
    return reply


def _failing(scan: Scan, call: Callable[[], Reply]) -> str:
    scan.calls += 1
    scan.failing_calls += 1
    try:
        call()
    except ProviderCallError as exc:
        scan.add("error messages (gRPC)", str(exc))
        scan.add("error messages (gRPC)", exc.details)
        return exc.details
    raise AssertionError("expected the call to fail")


def grpc_lifecycle(api: FakeVpsOrgApi) -> Scan:
    """Configure with the token (as a secret), then Check/Diff/Create/Read/Update/Delete every
    resource type, plus failing calls (404, 422, 401, 500 past the budget), and collect it all.
    The orders' deletes run in a second server, as ``pulumi destroy`` runs in a later process."""
    scan = Scan()
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "sitecustomize.py").write_text(_SITECUSTOMIZE)
        path = os.pathsep.join(p for p in (tmp, os.environ.get("PYTHONPATH", "")) if p)
        with _deployment(api, scan, path) as server:
            _plan_lookup(server, scan)
            _orders_audit(server, scan)
            _order_lookup(server, scan)
            deletes = _order(server, api, scan)
        with _deployment(api, scan, path) as server:
            deletes(server)
    return scan


@contextlib.contextmanager
def _deployment(api: FakeVpsOrgApi, scan: Scan, path: str) -> Iterator[DynamicProviderServer]:
    """One provider process, configured with the token as a secret; its responses and stderr
    (DEBUG logs) go into ``scan``."""
    server = DynamicProviderServer(None, env={"PYTHONPATH": path}).start()
    try:
        _record(
            scan,
            server.configure(
                {"vpsorg:apiToken": TOKEN, "vpsorg:apiUrl": api.url},
                secret_keys=["vpsorg:apiToken"],
            ),
        )
        yield server
    finally:
        stderr = server.stderr()
        scan.add("gRPC responses (raw)", server.transcript_bytes())
        server.close()
    scan.add("provider server stderr (DEBUG logs)", stderr)
    assert "DEBUG" in stderr and "urllib3" in stderr, "debug logging was not on"


def _use(server: DynamicProviderServer, scan: Scan, provider: Any) -> None:
    server.serialized_provider = serialize_provider(provider)
    scan.add("pickled __provider (base64 and decoded)", server.serialized_provider)
    scan.add("pickled __provider (base64 and decoded)", server.pickled_provider_bytes())


def _plan_lookup(server: DynamicProviderServer, scan: Scan) -> None:
    _use(server, scan, PlanLookupProvider())
    urn = server.urn("PlanLookup", "web")
    checked = _record(scan, server.check(urn, {}, {"slug": "standard"}))
    created = _record(scan, server.create(urn, checked.properties))
    news = _record(scan, server.check(urn, created.properties, {"min_vcpus": 3}))
    _record(scan, server.diff(created.id or "", urn, created.properties, news.properties))
    updated = _record(
        scan, server.update(created.id or "", urn, created.properties, news.properties)
    )
    read = _record(scan, server.read(created.id or "", urn, updated.properties, news.properties))
    _record(scan, server.delete(created.id or "", urn, read.properties))
    missing = _record(scan, server.check(urn, {}, {"plan_id": 99}))
    _failing(scan, lambda: server.create(urn, missing.properties))


def _orders_audit(server: DynamicProviderServer, scan: Scan) -> None:
    _use(server, scan, OrdersAuditProvider())
    urn = server.urn("OrdersAudit", "books")
    checked = _record(scan, server.check(urn, {}, {"status": ["paid"]}))
    created = _record(scan, server.create(urn, checked.properties))
    news = _record(scan, server.check(urn, created.properties, {"status": ["pending_payment"]}))
    _record(scan, server.diff(created.id or "", urn, created.properties, news.properties))
    updated = _record(
        scan, server.update(created.id or "", urn, created.properties, news.properties)
    )
    read = _record(scan, server.read(created.id or "", urn, updated.properties))
    _record(scan, server.delete(created.id or "", urn, read.properties))
    bogus = _record(scan, server.check(urn, {}, {"status": ["bogus"]}))
    _failing(scan, lambda: server.create(urn, bogus.properties))  # 422 from the API


def _order_lookup(server: DynamicProviderServer, scan: Scan) -> None:
    _use(server, scan, OrderLookupProvider())
    urn = server.urn("OrderLookup", "one")
    checked = _record(scan, server.check(urn, {}, {"order_id": 7736}))
    created = _record(scan, server.create(urn, checked.properties))
    news = _record(scan, server.check(urn, created.properties, {"order_id": 7736}))
    _record(scan, server.diff(created.id or "", urn, created.properties, news.properties))
    updated = _record(
        scan, server.update(created.id or "", urn, created.properties, news.properties)
    )
    read = _record(scan, server.read(created.id or "", urn, updated.properties))
    _record(scan, server.delete(created.id or "", urn, read.properties))
    gone = _record(scan, server.check(urn, {}, {"order_id": 999999}))
    _failing(scan, lambda: server.create(urn, gone.properties))  # 404


def _order(
    server: DynamicProviderServer, api: FakeVpsOrgApi, scan: Scan
) -> Callable[[DynamicProviderServer], None]:
    """Adopt, update and read orders; returns the deletes, for a later deployment's server."""
    _use(server, scan, OrderProvider())
    order_id = api.add_order(auto_pay=True)["id"]
    urn = server.urn("Order", "renewal")
    inputs = {"order_id": order_id, "auto_pay": False, "delete_on_destroy": True}
    checked = _record(scan, server.check(urn, {}, inputs))
    created = _record(scan, server.create(urn, checked.properties))
    paid = {**inputs, "paid": True, "payment_method": "balance", "promo_code": "WELCOME10"}
    news = _record(scan, server.check(urn, created.properties, paid))
    _record(scan, server.diff(created.id or "", urn, created.properties, news.properties))
    # The write fails with 500s past the budget first: the error must not carry the token.
    api.add_fault(Fault.status(500), method="PATCH", times=10)
    _failing(
        scan, lambda: server.update(created.id or "", urn, created.properties, news.properties)
    )
    api.clear_faults()
    updated = _record(
        scan, server.update(created.id or "", urn, created.properties, news.properties)
    )
    read = _record(scan, server.read(created.id or "", urn, updated.properties))
    unpaid = api.add_order()["id"]
    other = _record(scan, server.check(urn, {}, {"order_id": unpaid, "delete_on_destroy": True}))
    made = _record(scan, server.create(urn, other.properties))
    gone = _record(scan, server.check(urn, {}, {"order_id": 999999}))
    _failing(scan, lambda: server.create(urn, gone.properties))  # 404

    def deletes(later: DynamicProviderServer) -> None:
        _use(later, scan, OrderProvider())
        # delete_on_destroy on a paid order: refused, with a message.
        _failing(scan, lambda: later.delete(created.id or "", urn, read.properties))
        _record(scan, later.delete(made.id or "", urn, made.properties))

    return deletes


def in_process_lifecycle(api: FakeVpsOrgApi, caplog_text: Callable[[], str]) -> Scan:
    """The same providers called in this process (DEBUG logs captured by the caller), plus the
    reprs, ``vars`` and pickles of every object that holds or uses the token."""
    import pickle

    import dill  # type: ignore[import-untyped]
    from pulumi.dynamic import Config, ConfigureRequest

    from pulumi_vpsorg import VpsOrgClient, VpsOrgError

    scan = Scan()
    logging.getLogger().setLevel(logging.DEBUG)
    config = ConfigureRequest(Config({"vpsorg:apiToken": TOKEN, "vpsorg:apiUrl": api.url}, "p"))
    providers: list[Any] = [
        PlanLookupProvider(),
        OrdersAuditProvider(),
        OrderLookupProvider(),
        OrderProvider(),
    ]
    props: list[dict[str, Any]] = [
        {"slug": "standard"},
        {"status": ["paid"]},
        {"order_id": 7736},
        {"order_id": api.add_order()["id"], "auto_pay": False},
    ]
    for provider, inputs in zip(providers, props, strict=True):
        provider.configure(config)
        checked = provider.check({}, inputs).inputs
        created = provider.create(checked)
        scan.add("in-process outputs", created.outs)
        scan.add("in-process outputs", provider.read(created.id, created.outs).outs)
        provider.delete(created.id, created.outs)
        client = provider.client()
        for obj in (provider, client, client._transport, client._transport._session):
            scan.add("reprs, str and vars", repr(obj))
            scan.add("reprs, str and vars", str(obj))
        scan.add("reprs, str and vars", vars(provider))
        scan.add("pickles (pickle, dill)", dill.dumps(provider))
        for obj in (client, client._transport):
            try:
                pickle.dumps(obj)
            except TypeError as exc:
                scan.add("error messages (in-process)", str(exc))
    for call in (
        lambda: VpsOrgClient(TOKEN, "http://api.example.com/v1"),
        lambda: VpsOrgClient(TOKEN + " x", api.url),
        lambda: VpsOrgClient("wrong-token", api.url).get_plan(2),
        lambda: VpsOrgClient(TOKEN, api.url, max_retries=0).get_order(999999),
    ):
        try:
            call()
        except VpsOrgError as exc:
            text = f"{exc} {exc!r} {exc.__cause__!r} {exc.__context__!r} {vars(exc)!r}"
            scan.add("error messages (in-process)", text)
    scan.add("in-process DEBUG logs", caplog_text())
    return scan
