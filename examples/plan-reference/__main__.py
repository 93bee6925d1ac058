"""Reference VPS.org plans by id and by slug; export their specs and prices.

Stack config (all optional): ``planId`` (default 2), ``planSlug`` (default ``performance``).
A value that is set is used as it is, never replaced by the default (``planId`` 0 is refused).
The API token and URL come from ``vpsorg:apiToken`` / ``vpsorg:apiUrl``.
"""

from __future__ import annotations

from typing import Any

import pulumi

import pulumi_vpsorg as vpsorg

config = pulumi.Config()
plan_id = config.get_int("planId")
if plan_id is None:
    plan_id = 2
elif plan_id < 1:
    raise pulumi.RunError(
        f"config {pulumi.get_project()}:planId: expected a plan id (1 or more), got {plan_id}"
    )
plan_slug = config.get("planSlug")
if plan_slug is None:
    plan_slug = "performance"


def specs(plan: Any) -> dict[str, Any]:
    """What to know about a plan: memory in MB, storage and bandwidth in GB, prices in USD."""
    return {
        "id": plan["plan_id"],
        "slug": plan["slug"],
        "name": plan["name"],
        "vcpus": plan["vcpus"],
        "memoryMb": plan["memory"],
        "storageGb": plan["storage"],
        "bandwidthGb": plan["bandwidth"],
        "priceMonthlyUsd": plan["price_monthly"],
        "priceHourlyUsd": plan["price_hourly"],
        "available": plan["available"],
        "locations": plan["locations"],
        "features": plan["features"],
    }


# A data source: read while the program runs, nothing kept in state.
by_id = vpsorg.get_plan(plan_id=plan_id)
pulumi.export("planById", specs({**by_id.to_dict(), "plan_id": by_id.id}))

# A resource: the plan is recorded in state, so `pulumi refresh` shows price changes and
# policy packs can check it.
by_slug = vpsorg.PlanLookup("by-slug", slug=plan_slug)
pulumi.export(
    "planBySlug",
    pulumi.Output.all(
        plan_id=by_slug.plan_id,
        slug=by_slug.slug,
        name=by_slug.name,
        vcpus=by_slug.vcpus,
        memory=by_slug.memory,
        storage=by_slug.storage,
        bandwidth=by_slug.bandwidth,
        price_monthly=by_slug.price_monthly,
        price_hourly=by_slug.price_hourly,
        available=by_slug.available,
        locations=by_slug.locations,
        features=by_slug.features,
    ).apply(specs),
)
