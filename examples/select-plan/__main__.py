"""Select the cheapest VPS.org plan with at least N vCPUs and M MB of memory in a location.

The choice is made twice, the two ways this package offers, and both are exported:
``select_plan`` (a data source, nothing in state) and ``PlanLookup`` (a resource, recorded in
state, re-selected on ``pulumi refresh``).

Stack config (all optional): ``minVcpus`` (default 2), ``minMemory`` in MB (default 4096),
``location`` (default ``eu-central``), ``maxPriceMonthly`` in USD (default: no cap). A value that
is set is used as it is (``minVcpus`` 0 means no lower bound), never replaced by the default; a
negative or non-finite one stops the program naming the key.
"""

from __future__ import annotations

import math
from typing import Any

import pulumi

import pulumi_vpsorg as vpsorg

config = pulumi.Config()


def refuse(key: str, expected: str, value: object) -> None:
    raise pulumi.RunError(f"config {pulumi.get_project()}:{key}: expected {expected}, got {value}")


def at_least_zero(key: str, default: int) -> int:
    """Stack config ``key`` as a whole number >= 0; ``default`` only when unset."""
    value = config.get_int(key)
    if value is None:
        return default
    if value < 0:
        refuse(key, "a whole number, 0 or more", value)
    return value


min_vcpus = at_least_zero("minVcpus", 2)
min_memory = at_least_zero("minMemory", 4096)
location = config.get("location")
if location is None:
    location = "eu-central"
max_price_monthly = config.get_float("maxPriceMonthly")
if max_price_monthly is not None and not (
    math.isfinite(max_price_monthly) and max_price_monthly >= 0
):
    refuse("maxPriceMonthly", "a price in USD, 0 or more", max_price_monthly)


def choice(plan: Any) -> dict[str, Any]:
    return {
        "id": plan["id"],
        "slug": plan["slug"],
        "name": plan["name"],
        "vcpus": plan["vcpus"],
        "memoryMb": plan["memory"],
        "priceMonthlyUsd": plan["price_monthly"],
        "priceHourlyUsd": plan["price_hourly"],
    }


# Fails the program with the constraints and what the nearest plans miss, if nothing fits.
selected = vpsorg.select_plan(
    min_vcpus=min_vcpus,
    min_memory=min_memory,
    location=location,
    max_price_monthly=max_price_monthly,
)

lookup = vpsorg.PlanLookup(
    "selected",
    min_vcpus=min_vcpus,
    min_memory=min_memory,
    location=location,
    max_price_monthly=max_price_monthly,
)

pulumi.export(
    "constraints",
    {"minVcpus": min_vcpus, "minMemoryMb": min_memory, "location": location}
    | ({"maxPriceMonthlyUsd": max_price_monthly} if max_price_monthly is not None else {}),
)
pulumi.export("selectPlan", choice(selected.to_dict()))
pulumi.export(
    "planLookup",
    pulumi.Output.all(
        id=lookup.plan_id,
        slug=lookup.slug,
        name=lookup.name,
        vcpus=lookup.vcpus,
        memory=lookup.memory,
        price_monthly=lookup.price_monthly,
        price_hourly=lookup.price_hourly,
    ).apply(choice),
)
pulumi.export("sameChoice", lookup.plan_id.apply(lambda plan_id: plan_id == selected.id))
