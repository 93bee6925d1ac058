"""Plans: models and the client for ``/plans/``."""

from __future__ import annotations

from .client import PlansClient
from .models import Plan, PlanDetails, PlanList

__all__ = ["Plan", "PlanDetails", "PlanList", "PlansClient"]
