"""The example pack end to end through pulumi_policy's real analyzer gRPC server.

The pack's ``__main__.py`` runs as a subprocess the way the Python language host runs a policy
pack (``python <pack dir> <engine address> <pwd>``, with ``PULUMI_PROJECT``/``PULUMI_STACK``/
``PULUMI_DRY_RUN``/``PULUMI_CONFIG`` in the environment); the repo root is put on ``PYTHONPATH`` in
place of an installed pulumi-vpsorg. pulumi_policy prints the port it listens on and never dials
the engine address, so no engine servicer runs. The test then speaks the engine's side of the
Analyzer protocol with pulumi's generated stubs: props travel as ``google.protobuf.Struct`` with
secrets in their signature envelope and unknowns as the unknown sentinel string.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import empty_pb2, json_format
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc

from pulumi_vpsorg._vocabulary import camel_case
from pulumi_vpsorg.policy import all_policies
from tests.policy.props import (
    ORDER_TYPE,
    ORDERS_AUDIT_TYPE,
    PLAN_LOOKUP_TYPE,
    UNKNOWN,
    audit_outputs,
    audit_preview,
    engine_struct,
    order_inputs,
    orders,
    plan_lookup_inputs,
    plan_lookup_outputs,
    plan_lookup_preview,
    urn,
)
from tests.processes import default_sigint

REPO = Path(__file__).resolve().parents[2]
PACK_DIR = REPO / "examples" / "policy-pack"
PACK_NAME = "vpsorg-guardrails"
MANDATORY = analyzer_pb2.MANDATORY
ADVISORY = analyzer_pb2.ADVISORY
DISABLED = analyzer_pb2.DISABLED
RPC_TIMEOUT = 60.0
STARTUP_LIMIT = 300.0

DEFAULT_LEVELS = {
    policy.name: ADVISORY if policy.name == "vpsorg-orders-audit" else MANDATORY
    for policy in all_policies()
}


@pytest.fixture(scope="module")
def analyzer() -> Iterator[analyzer_pb2_grpc.AnalyzerStub]:
    """The running pack's Analyzer stub; the process is stopped (and killed if need be) after."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        "PYTHONUNBUFFERED": "1",
        "PULUMI_PROJECT": "shop",
        "PULUMI_STACK": "dev",
        "PULUMI_ORGANIZATION": "acme",
        "PULUMI_DRY_RUN": "true",
        "PULUMI_CONFIG": "{}",
    }
    with tempfile.TemporaryFile() as stderr:
        proc = subprocess.Popen(
            [sys.executable, str(PACK_DIR), "127.0.0.1:1", str(REPO)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            cwd=REPO,
            env=env,
            preexec_fn=default_sigint,  # stopped by SIGINT below
        )
        channel: grpc.Channel | None = None
        try:
            assert proc.stdout is not None
            # Guard against a pack that hangs before printing its port; not a timing assertion.
            ready, _, _ = select.select([proc.stdout], [], [], STARTUP_LIMIT)
            line = proc.stdout.readline().decode().strip() if ready else ""
            if not line.isdigit():
                proc.kill()
                proc.wait()
                stderr.seek(0)
                pytest.fail(f"pack printed {line!r} instead of a port:\n{stderr.read().decode()}")
            channel = grpc.insecure_channel(f"127.0.0.1:{line}")
            grpc.channel_ready_future(channel).result(timeout=RPC_TIMEOUT)
            yield analyzer_pb2_grpc.AnalyzerStub(channel)
        finally:
            if channel is not None:
                channel.close()
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(timeout=RPC_TIMEOUT)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            assert proc.stdout is not None
            proc.stdout.close()


def configure(
    stub: analyzer_pb2_grpc.AnalyzerStub,
    config: dict[str, dict[str, Any]] | None = None,
    levels: dict[str, int] | None = None,
    tags: dict[str, str] | None = None,
) -> None:
    """Send every policy's config and enforcement level, as the engine does, and stack tags."""
    request = analyzer_pb2.ConfigureAnalyzerRequest()
    for name, level in {**DEFAULT_LEVELS, **(levels or {})}.items():
        entry = request.policyConfig[name]
        entry.enforcementLevel = level
        json_format.ParseDict((config or {}).get(name, {}), entry.properties)
    stub.Configure(request, timeout=RPC_TIMEOUT)
    stub.ConfigureStack(
        analyzer_pb2.AnalyzerStackConfigureRequest(
            stack="dev", project="shop", organization="acme", dry_run=True, tags=tags or {}
        ),
        timeout=RPC_TIMEOUT,
    )


def analyze(
    stub: analyzer_pb2_grpc.AnalyzerStub, resource_type: str, name: str, props: dict[str, Any]
) -> list[analyzer_pb2.AnalyzeDiagnostic]:
    request = analyzer_pb2.AnalyzeRequest(
        type=resource_type,
        properties=engine_struct(props),
        urn=urn(resource_type, name),
        name=name,
        options=analyzer_pb2.AnalyzerResourceOptions(),
        provider=analyzer_pb2.AnalyzerProviderResource(
            type="pulumi:providers:pulumi-python",
            urn="urn:pulumi:dev::shop::pulumi:providers:pulumi-python::default",
            name="default",
        ),
    )
    return list(stub.Analyze(request, timeout=RPC_TIMEOUT).diagnostics)


def analyze_stack(
    stub: analyzer_pb2_grpc.AnalyzerStub, resources: list[tuple[str, str, dict[str, Any]]]
) -> list[analyzer_pb2.AnalyzeDiagnostic]:
    request = analyzer_pb2.AnalyzeStackRequest(
        resources=[
            analyzer_pb2.AnalyzerResource(
                type=kind,
                properties=engine_struct(props),
                urn=urn(kind, name),
                name=name,
                options=analyzer_pb2.AnalyzerResourceOptions(),
            )
            for kind, name, props in resources
        ]
    )
    return list(stub.AnalyzeStack(request, timeout=RPC_TIMEOUT).diagnostics)


def summary(diagnostics: list[analyzer_pb2.AnalyzeDiagnostic]) -> list[tuple[str, int, str]]:
    """``(policy, enforcement level, urn)`` per diagnostic, sorted."""
    return sorted((d.policyName, d.enforcementLevel, d.urn) for d in diagnostics)


def test_analyzer_info_lists_policies_levels_and_schemas(
    analyzer: analyzer_pb2_grpc.AnalyzerStub,
) -> None:
    info = analyzer.GetAnalyzerInfo(empty_pb2.Empty(), timeout=RPC_TIMEOUT)
    assert info.name == PACK_NAME
    assert info.supportsConfig
    by_name = {policy.name: policy for policy in info.policies}
    assert {name: p.enforcementLevel for name, p in by_name.items()} == DEFAULT_LEVELS
    resource_policies = {
        "vpsorg-plan-price-cap",
        "vpsorg-plan-allowed-locations",
        "vpsorg-order-auto-pay",
        "vpsorg-order-delete-on-destroy",
    }
    for name, policy in by_name.items():
        expected = (
            analyzer_pb2.POLICY_TYPE_RESOURCE
            if name in resource_policies
            else analyzer_pb2.POLICY_TYPE_STACK
        )
        assert policy.policy_type == expected, name
        assert policy.description.split(" ", 1)[0] in ("Requires", "Prohibits")
    budget = json_format.MessageToDict(by_name["vpsorg-stack-monthly-budget"].configSchema)
    assert budget["properties"]["monthlyBudget"]["default"] == 200
    price = json_format.MessageToDict(by_name["vpsorg-plan-price-cap"].configSchema)
    assert set(price["properties"]) == {"maxPriceMonthly", "maxPriceHourly", "requireCap"}


def test_analyze_plan_lookup_inputs(analyzer: analyzer_pb2_grpc.AnalyzerStub) -> None:
    configure(
        analyzer,
        {
            "vpsorg-plan-price-cap": {"maxPriceMonthly": 20},
            "vpsorg-plan-allowed-locations": {"allowedLocations": ["eu-central", "us-east"]},
        },
    )
    props = plan_lookup_inputs(min_vcpus=4, max_price_monthly=25.5, location="asia-pacific")
    diagnostics = analyze(analyzer, PLAN_LOOKUP_TYPE, "web", props)
    assert summary(diagnostics) == [
        ("vpsorg-plan-allowed-locations", MANDATORY, ""),
        ("vpsorg-plan-price-cap", MANDATORY, ""),
    ]
    messages = {d.policyName: d.message for d in diagnostics}
    assert messages["vpsorg-plan-price-cap"] == (
        "Prohibits PlanLookup price caps (max_price_monthly, max_price_hourly) above the "
        "configured maximum prices.\n"
        "PlanLookup 'web': max_price_monthly 25.5 USD exceeds maxPriceMonthly 20 USD; "
        "lower max_price_monthly to at most 20."
    )
    assert messages["vpsorg-plan-allowed-locations"].endswith(
        "\nPlanLookup 'web': location 'asia-pacific' is not in allowedLocations "
        "(eu-central, us-east)."
    )
    assert all(d.policyPackName == PACK_NAME for d in diagnostics)

    ok = plan_lookup_inputs(min_vcpus=4, max_price_monthly=20.0, location="eu-central")
    assert analyze(analyzer, PLAN_LOOKUP_TYPE, "web", ok) == []


def test_analyze_preview_unknowns_report_nothing(analyzer: analyzer_pb2_grpc.AnalyzerStub) -> None:
    configure(
        analyzer,
        {
            "vpsorg-plan-price-cap": {"maxPriceMonthly": 1, "requireCap": True},
            "vpsorg-plan-allowed-locations": {"allowedLocations": ["eu-central"]},
        },
    )
    props = plan_lookup_inputs(slug=UNKNOWN, max_price_monthly=UNKNOWN, location=UNKNOWN)
    assert analyze(analyzer, PLAN_LOOKUP_TYPE, "web", props) == []
    order = order_inputs(auto_pay=UNKNOWN, delete_on_destroy=UNKNOWN, promo_code=UNKNOWN)
    assert analyze(analyzer, ORDER_TYPE, "renewal", order) == []


def test_analyze_order_inputs_and_config(analyzer: analyzer_pb2_grpc.AnalyzerStub) -> None:
    configure(analyzer)
    props = order_inputs(order_id=7546, auto_pay=False, delete_on_destroy=True, paid=True)
    diagnostics = analyze(analyzer, ORDER_TYPE, "deposit", props)
    assert summary(diagnostics) == [
        ("vpsorg-order-auto-pay", MANDATORY, ""),
        ("vpsorg-order-delete-on-destroy", MANDATORY, ""),
    ]
    assert any(
        d.message.endswith(
            "\nOrder 'deposit': auto_pay = false, but autoPay requires auto_pay = true."
        )
        for d in diagnostics
    )
    configure(
        analyzer,
        {
            "vpsorg-order-auto-pay": {"autoPay": False},
            "vpsorg-order-delete-on-destroy": {"allowDeleteOnDestroy": True},
        },
    )
    assert analyze(analyzer, ORDER_TYPE, "deposit", props) == []


def test_configured_enforcement_levels_apply(analyzer: analyzer_pb2_grpc.AnalyzerStub) -> None:
    props = plan_lookup_inputs(max_price_monthly=80.0)
    configure(analyzer, levels={"vpsorg-plan-price-cap": ADVISORY})
    assert summary(analyze(analyzer, PLAN_LOOKUP_TYPE, "web", props)) == [
        ("vpsorg-plan-price-cap", ADVISORY, "")
    ]
    configure(analyzer, levels={"vpsorg-plan-price-cap": DISABLED})
    assert analyze(analyzer, PLAN_LOOKUP_TYPE, "web", props) == []


STACK_CONFIG: dict[str, dict[str, Any]] = {
    "vpsorg-plan-max-price": {"maxPriceMonthly": 30, "maxPriceHourly": 0.05},
    "vpsorg-stack-monthly-budget": {"monthlyBudget": 60},
    "vpsorg-plan-min-resources": {
        "minVcpus": 1,
        "byStackTag": {"production": {"minVcpus": 2, "minMemory": 4096}},
    },
    "vpsorg-orders-audit": {"maxOverdueCount": 0, "maxUnpaidTotal": 100},
}


def test_analyze_stack_after_up(analyzer: analyzer_pb2_grpc.AnalyzerStub) -> None:
    configure(analyzer, STACK_CONFIG, tags={"environment": "production"})
    gone = plan_lookup_outputs("performance", min_vcpus=4, available_only=False)
    gone["available"] = False
    order = order_inputs(order_id=7413, auto_pay=True)
    order.update(orders()[3], order_id=7413)
    resources = [
        (PLAN_LOOKUP_TYPE, "web", plan_lookup_outputs("starter", location="eu-central")),
        (PLAN_LOOKUP_TYPE, "db", plan_lookup_outputs("enterprise", min_memory=16384)),
        (PLAN_LOOKUP_TYPE, "batch", gone),
        (ORDERS_AUDIT_TYPE, "billing", audit_outputs(orders({7546: "pending_payment"}))),
        (ORDER_TYPE, "renewal", order),
    ]
    diagnostics = analyze_stack(analyzer, resources)
    web, db, batch = (urn(PLAN_LOOKUP_TYPE, n) for n in ("web", "db", "batch"))
    assert summary(diagnostics) == [
        ("vpsorg-orders-audit", ADVISORY, urn(ORDERS_AUDIT_TYPE, "billing")),
        ("vpsorg-plan-available", MANDATORY, batch),
        ("vpsorg-plan-max-price", MANDATORY, db),
        ("vpsorg-plan-max-price", MANDATORY, db),
        ("vpsorg-plan-min-resources", MANDATORY, web),
        ("vpsorg-plan-min-resources", MANDATORY, web),
        ("vpsorg-stack-monthly-budget", MANDATORY, ""),
    ]
    messages = sorted(d.message.split("\n", 1)[1] for d in diagnostics)
    assert messages == sorted(
        [
            "OrdersAudit 'billing': overdue_count 1 exceeds maxOverdueCount 0 "
            "(overdue orders: 7546).",
            "PlanLookup 'batch' selected plan 'performance' (plan_id 3), which is not available "
            "(available = false); keep available_only = true or pick another plan.",
            "PlanLookup 'db' selected plan 'enterprise' (plan_id 4): price_monthly 40 USD "
            "exceeds maxPriceMonthly 30 USD.",
            "PlanLookup 'db' selected plan 'enterprise' (plan_id 4): price_hourly 0.06 USD "
            "exceeds maxPriceHourly 0.05 USD.",
            "PlanLookup 'web' selected plan 'starter' (plan_id 1): vcpus 1 is below minVcpus 2 "
            "for stack tag environment=production.",
            "PlanLookup 'web' selected plan 'starter' (plan_id 1): memory 2048 MB is below "
            "minMemory 4096 MB for stack tag environment=production.",
            "Selected plans cost 65 USD per month in total, over monthlyBudget 60 USD: "
            "web (starter) 5 USD, db (enterprise) 40 USD, batch (performance) 20 USD.",
        ]
    )


def test_analyze_stack_during_preview_reports_nothing(
    analyzer: analyzer_pb2_grpc.AnalyzerStub,
) -> None:
    configure(analyzer, STACK_CONFIG, tags={"environment": "production"})
    resources = [
        (PLAN_LOOKUP_TYPE, "web", plan_lookup_preview(location="eu-central")),
        (PLAN_LOOKUP_TYPE, "db", plan_lookup_inputs(slug="enterprise")),
        (ORDERS_AUDIT_TYPE, "billing", audit_preview()),
        (ORDER_TYPE, "renewal", order_inputs(auto_pay=True)),
    ]
    assert analyze_stack(analyzer, resources) == []


def test_analyze_stack_with_default_config(analyzer: analyzer_pb2_grpc.AnalyzerStub) -> None:
    configure(analyzer)
    resources = [
        (PLAN_LOOKUP_TYPE, f"node{i}", plan_lookup_outputs("enterprise")) for i in range(5)
    ]
    assert summary(analyze_stack(analyzer, resources)) == []
    resources.append((PLAN_LOOKUP_TYPE, "node5", plan_lookup_outputs("starter")))
    assert summary(analyze_stack(analyzer, resources)) == [
        ("vpsorg-stack-monthly-budget", MANDATORY, "")
    ]


def as_native(resource_type: str, props: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The same resource as the native plugin serves it: ``vpsorg:index:Name``, camelCase."""
    name = resource_type.rsplit(":", 1)[1]
    return f"vpsorg:index:{name}", {camel_case(k): v for k, v in props.items()}


def test_native_plan_lookup_inputs_are_judged_like_dynamic_ones(
    analyzer: analyzer_pb2_grpc.AnalyzerStub,
) -> None:
    configure(
        analyzer, {"vpsorg-plan-allowed-locations": {"allowedLocations": ["eu-central", "us-east"]}}
    )
    # A YAML program's `type: vpsorg:index:PlanLookup` with `location: asia-pacific`.
    kind, props = as_native(PLAN_LOOKUP_TYPE, plan_lookup_inputs(location="asia-pacific"))
    assert "location" in props and kind == "vpsorg:index:PlanLookup"

    diagnostics = analyze(analyzer, kind, "selected", props)

    # Before: no violation, the policies matched the dynamic type token only.
    assert summary(diagnostics) == [("vpsorg-plan-allowed-locations", MANDATORY, "")]
    assert diagnostics[0].message.endswith(
        "\nPlanLookup 'selected': location 'asia-pacific' is not in allowedLocations "
        "(eu-central, us-east)."
    )
    ok = as_native(PLAN_LOOKUP_TYPE, plan_lookup_inputs(location="eu-central"))[1]
    assert analyze(analyzer, kind, "selected", ok) == []


def test_native_resources_in_a_stack_are_judged_like_dynamic_ones(
    analyzer: analyzer_pb2_grpc.AnalyzerStub,
) -> None:
    configure(analyzer, STACK_CONFIG, tags={"environment": "production"})
    gone = plan_lookup_outputs("performance", min_vcpus=4, available_only=False)
    gone["available"] = False
    dynamic = [
        (PLAN_LOOKUP_TYPE, "web", plan_lookup_outputs("starter", location="eu-central")),
        (PLAN_LOOKUP_TYPE, "db", plan_lookup_outputs("enterprise", min_memory=16384)),
        (PLAN_LOOKUP_TYPE, "batch", gone),
        (ORDERS_AUDIT_TYPE, "billing", audit_outputs(orders({7546: "pending_payment"}))),
    ]
    native = [(*as_native(kind, props), name) for kind, name, props in dynamic]

    found = analyze_stack(analyzer, [(kind, name, props) for kind, props, name in native])
    expected = analyze_stack(analyzer, dynamic)

    # The same violations, each on the native resource's URN.
    assert len(found) == len(expected) == 7
    native_urn = {urn(k, n): urn(as_native(k, {})[0], n) for k, n, _ in dynamic}
    assert summary(found) == sorted(
        (name, level, native_urn.get(where, where)) for name, level, where in summary(expected)
    )
    assert sorted(d.message for d in found) == sorted(d.message for d in expected)
