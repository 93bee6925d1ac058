"""Plans: the models of ``/plans/`` (the endpoints are :class:`pulumi_vpsorg.VpsOrgClient`'s)."""

from __future__ import annotations

from .models import Plan, PlanDetails, PlanList

__all__ = ["Plan", "PlanDetails", "PlanList"]
