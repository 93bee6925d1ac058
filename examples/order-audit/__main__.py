"""Audit VPS.org orders in stack outputs: a summary, the unpaid total and the overdue order ids.

``get_orders`` (a data source) summarizes every order, of every known status, and says which
statuses it covered; ``OrdersAudit`` (a resource, refreshed by ``pulumi refresh``, visible to
policy packs) audits the unpaid ones. Unpaid: status neither paid nor cancelled. Overdue: unpaid
and past ``due_at``. Amounts in USD. The unpaid and overdue figures come from the audit alone, so
each is exported once.

Stack config (all optional): ``types``, a comma-separated list of order types to keep
(e.g. ``renew-service,new-service``; default: every type).
"""

from __future__ import annotations

import pulumi

import pulumi_vpsorg as vpsorg

UNPAID_STATUSES = ["pending_payment", "awaiting_payment", "processing"]

config = pulumi.Config()
types_setting = config.get("types")
types = None
if types_setting is not None:
    types = [t.strip() for t in types_setting.split(",") if t.strip()]
    if not types:
        raise pulumi.RunError(
            f"config {pulumi.get_project()}:types: expected order types such as "
            f"'renew-service,new-service', got {types_setting!r}"
        )

orders = vpsorg.get_orders(type=types)  # every known status: the audit hides none
summary = orders.summary
pulumi.export(
    "summary",
    {
        "statuses": orders.status,
        "types": types or "all",
        "count": summary.count,
        "countByStatus": summary.count_by_status,
        "countByType": summary.count_by_type,
        "totalAmountWithVatUsd": summary.total_amount_with_vat,
    },
)

unpaid = vpsorg.OrdersAudit("unpaid", status=UNPAID_STATUSES, type=types)
pulumi.export("unpaidCount", unpaid.unpaid_count)
pulumi.export("unpaidTotalUsd", unpaid.unpaid_total)
pulumi.export("unpaidByStatus", unpaid.count_by_status)
pulumi.export("overdueCount", unpaid.overdue_count)
pulumi.export("overdueOrderIds", unpaid.overdue_order_ids)
