"""Select the cheapest VPS.org plan (per month) with enough vCPUs and memory in a location.

Stack config: ``minVcpus``, ``minMemory`` (MB) and ``location`` (set by ``pulumi new``), and the
provider's ``vpsorg:apiToken`` (secret) and ``vpsorg:apiUrl``.
"""

from __future__ import annotations

import pulumi

import pulumi_vpsorg as vpsorg

config = pulumi.Config()

# Recorded in state, re-selected on `pulumi refresh`, and visible to policy packs. When nothing
# fits, `pulumi up` fails with the constraints and what the nearest plans miss.
plan = vpsorg.PlanLookup(
    "plan",
    min_vcpus=config.require_int("minVcpus"),
    min_memory=config.require_int("minMemory"),
    location=config.require("location"),
)

pulumi.export("planId", plan.plan_id)
pulumi.export("slug", plan.slug)
pulumi.export("name", plan.name)
pulumi.export("vcpus", plan.vcpus)
pulumi.export("memoryMb", plan.memory)
pulumi.export("priceMonthlyUsd", plan.price_monthly)
