"""Pure validators behind the policies in :mod:`pulumi_vpsorg.policy.policies`.

Each is ``(args, report_violation) -> None`` as pulumi_policy expects. They read their config with
``args.get_config()`` (falling back to the ``DEFAULT_*`` values below, which the config schemas
advertise too), skip resources of other types, report nothing for values that are unknown (during
``pulumi preview``), and name in every message the value and the limit it broke. Money is compared
as ``Decimal(str(x))``; memory is in MB.

They fail closed: a value a check needs that is there but cannot be read (``inf``, ``NaN``,
``"9e999999"``, text; ``"false"`` or ``0`` for a boolean) is a violation naming the field, never
a skip; so is one that is missing or null once its resource has run (it has any known output); a
limit in the config that cannot be read stops the run (:class:`PolicyConfigError`).

Resource validators see a resource's *inputs* (that is what the engine analyses before a step);
stack validators see every resource's *outputs* (the selected plan, an audit's counts). The
PlanLookup ones live in :mod:`._plan_checks`, the Order and OrdersAudit ones in
:mod:`._order_checks`; this module is their public home.
"""

from __future__ import annotations

from ._order_checks import (
    validate_order_auto_pay,
    validate_order_delete_on_destroy,
    validate_orders_audit,
)
from ._plan_checks import (
    validate_plan_allowed_locations,
    validate_plan_available,
    validate_plan_max_price,
    validate_plan_min_resources,
    validate_plan_price_cap,
    validate_stack_monthly_budget,
)
from .defaults import (
    DEFAULT_ALLOW_DELETE_ON_DESTROY,
    DEFAULT_AUTO_PAY,
    DEFAULT_MAX_OVERDUE_COUNT,
    DEFAULT_MAX_PRICE_MONTHLY,
    DEFAULT_MONTHLY_BUDGET,
    DEFAULT_REQUIRE_CAP,
    DEFAULT_STACK_TAG,
)

__all__ = [
    "DEFAULT_ALLOW_DELETE_ON_DESTROY",
    "DEFAULT_AUTO_PAY",
    "DEFAULT_MAX_OVERDUE_COUNT",
    "DEFAULT_MAX_PRICE_MONTHLY",
    "DEFAULT_MONTHLY_BUDGET",
    "DEFAULT_REQUIRE_CAP",
    "DEFAULT_STACK_TAG",
    "validate_order_auto_pay",
    "validate_order_delete_on_destroy",
    "validate_orders_audit",
    "validate_plan_allowed_locations",
    "validate_plan_available",
    "validate_plan_max_price",
    "validate_plan_min_resources",
    "validate_plan_price_cap",
    "validate_stack_monthly_budget",
]
