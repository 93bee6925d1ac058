"""Providers that do nothing: the cold-start baseline of ``pulumi.dynamic`` itself, and a no-op
with ``PlanLookup``'s shape, which splits the engine benchmark's ratio into what the resource's
shape costs the engine and what this package's code adds."""

from __future__ import annotations

from typing import Any, Final

from pulumi.dynamic import CheckResult, CreateResult, Resource, ResourceProvider


class NoopProvider(ResourceProvider):
    """Creates nothing, imports nothing beyond ``pulumi.dynamic``."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult("noop", {})


class NoopResource(Resource, module="bench", name="Noop"):
    """A dynamic resource of :class:`NoopProvider`: the engine's floor for one dynamic resource."""

    def __init__(self, name: str) -> None:
        super().__init__(NoopProvider(), name, {})


_FEATURES = ["SSD Storage", "99.9% Uptime SLA", "Free Backups", "24/7 Support", "DDoS Protection"]
_EVERYWHERE = ["us-west", "us-east", "eu-central", "asia-pacific"]

#: What a ``PlanLookup`` of ``min_vcpus=N, location="eu-central"`` records, by N, against the fake
#: API's catalogue (tests/test_benchmarks_smoke.py compares them with the real provider's). Literal,
#: so that the provider process imports nothing of this package.
PLAN_OUTPUTS: Final[dict[int, dict[str, Any]]] = {
    1: {
        "plan_id": 1,
        "name": "Starter VPS",
        "slug": "starter",
        "vcpus": 1,
        "memory": 2048,
        "storage": 40,
        "bandwidth": 1024,
        "price_monthly": 5.0,
        "price_hourly": 0.007,
        "available": True,
        "locations": _EVERYWHERE[:3],
        "description": "Perfect for small projects and testing",
        "features": [*_FEATURES, "IPv6 Support"],
        "recommended_for": [
            "Personal projects and testing",
            "Static websites",
            "Learning environments",
            "Small blogs",
        ],
        "selected_by": "constraints",
    },
    2: {
        "plan_id": 2,
        "name": "Standard VPS",
        "slug": "standard",
        "vcpus": 2,
        "memory": 4096,
        "storage": 80,
        "bandwidth": 2048,
        "price_monthly": 10.0,
        "price_hourly": 0.015,
        "available": True,
        "locations": _EVERYWHERE,
        "description": "Ideal for web applications and small databases",
        "features": [*_FEATURES, "IPv6 Support"],
        "recommended_for": [
            "WordPress sites with moderate traffic",
            "Small to medium web applications",
            "Development and testing environments",
            "Personal projects and portfolios",
        ],
        "selected_by": "constraints",
    },
    3: {
        "plan_id": 3,
        "name": "Performance VPS",
        "slug": "performance",
        "vcpus": 4,
        "memory": 8192,
        "storage": 160,
        "bandwidth": 4096,
        "price_monthly": 20.0,
        "price_hourly": 0.03,
        "available": True,
        "locations": _EVERYWHERE,
        "description": "High-performance for demanding applications",
        "features": [
            *_FEATURES,
            "IPv6 Support",
            "Full Root Access",
            "Snapshots",
            "Private Networking",
        ],
        "recommended_for": [
            "High-traffic WordPress",
            "SaaS applications",
            "Databases",
            "Medium traffic applications",
        ],
        "selected_by": "constraints",
    },
}
PLAN_OUTPUTS[4] = PLAN_OUTPUTS[3]


class PlanShapedNoopProvider(ResourceProvider):
    """Checks and creates like ``PlanLookup`` as the engine sees it (the same inputs, defaults and
    outputs), with no code behind it: no validation, no request, no import."""

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return CheckResult({"available_only": True, **news}, [])

    def create(self, props: dict[str, Any]) -> CreateResult:
        plan = PLAN_OUTPUTS[int(props["min_vcpus"])]
        return CreateResult(f"planlookup-{plan['slug']}", {**props, **plan})


class PlanShapedNoop(Resource, module="bench", name="PlanShapedNoop"):
    """A dynamic resource declaring ``PlanLookup``'s properties (``names``), of
    :class:`PlanShapedNoopProvider`."""

    def __init__(self, name: str, names: tuple[str, ...], **inputs: Any) -> None:
        super().__init__(PlanShapedNoopProvider(), name, {**dict.fromkeys(names), **inputs})
