"""Plan models, exactly the documented fields (units in the field docs)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .._types import ExactInt, Money

__all__ = ["Plan", "PlanDetails", "PlanList"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Plan(_Model):
    """A VPS plan as ``GET /plans/`` lists it."""

    id: ExactInt = Field(description="Unique plan identifier")
    name: str = Field(description="Human-readable plan name")
    slug: str = Field(description="URL-compatible plan identifier")
    vcpus: ExactInt = Field(description="Number of virtual CPU cores")
    memory: ExactInt = Field(description="RAM in megabytes (MB)")
    storage: ExactInt = Field(description="Disk space in gigabytes (GB)")
    bandwidth: ExactInt = Field(description="Monthly data transfer in gigabytes (GB)")
    price_monthly: Money = Field(description="Monthly subscription price in USD")
    price_hourly: Money = Field(description="Hourly billing rate in USD")
    available: bool = Field(description="Whether the plan is currently available for purchase")
    locations: tuple[str, ...] = Field(
        description="Datacenter locations where the plan is available"
    )
    description: str = Field(description="Brief description of the plan's use case")


class PlanDetails(Plan):
    """A plan as ``GET /plans/{plan_id}/`` returns it: the list fields plus details."""

    features: tuple[str, ...] = Field(default=(), description="Features included in the plan")
    recommended_for: tuple[str, ...] = Field(
        default=(), description="Workloads the plan is recommended for"
    )


class PlanList(_Model):
    """The body of ``GET /plans/``."""

    count: ExactInt
    results: tuple[Plan, ...]
