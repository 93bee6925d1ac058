"""Plan endpoints: ``GET /plans/`` and ``GET /plans/{plan_id}/``."""

from __future__ import annotations

from .._errors import ConfigurationError
from .._http import Transport
from .._parsing import parse, require_id
from .._vocabulary import ENV_URL, URL_CONFIG
from ..assumptions import PLAN_PATH, PLANS_PATH
from .models import Plan, PlanDetails, PlanList

__all__ = ["PlansClient"]

#: A collection itself cannot be missing: on a 404 the base URL is wrong.
_NO_API = f"check {URL_CONFIG} / {ENV_URL}"


class PlansClient:
    """Reads the plan catalogue."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def get_all(self, location: str | None = None) -> list[Plan]:
        """List plans, optionally only those offered in ``location``.

        :param location: datacenter location, e.g. ``"eu-central"``.
        """
        params: dict[str, str | int] = {}
        if location is not None:
            if not isinstance(location, str) or not location.strip():
                raise ConfigurationError(f"location: expected a non-empty string, got {location!r}")
            params["location"] = location
        response = self._transport.get(PLANS_PATH, params, hint_404=_NO_API)
        plans = parse(PlanList, response).results
        # A13: the filter keeps the plans offered there; a server that ignored it is not trusted.
        return [p for p in plans if location is None or location in p.locations]

    def get(self, plan_id: int) -> PlanDetails:
        """Get one plan with its features and recommended uses.

        :raises NotFoundError: when no plan has this id.
        """
        path = PLAN_PATH.format(plan_id=require_id("plan_id", plan_id))
        return parse(PlanDetails, self._transport.get(path))
