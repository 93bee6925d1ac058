"""``OrdersAudit`` audits every known status by default and refuses unknown ones, as ``get_orders``."""

from __future__ import annotations

import pytest

from pulumi_vpsorg.orders.models import OrderStatus
from pulumi_vpsorg.testing import FakeVpsOrgApi
from pulumi_vpsorg.testing.harness import run_program
from tests.functions.other_default_api import other_default_api

KNOWN = tuple(OrderStatus.KNOWN)


def test_orders_audit_covers_every_known_status_whatever_the_servers_default(
    fake_api: FakeVpsOrgApi,
) -> None:
    import pulumi_vpsorg as vpsorg

    def program() -> None:
        import pulumi

        audit = vpsorg.OrdersAudit("all")
        pulumi.export("status", audit.status)
        pulumi.export("unpaid", audit.unpaid_count)
        pulumi.export("count", audit.count)

    with other_default_api(list(fake_api.orders.values())) as other:
        result = run_program(program, api_url=other.url, api_token="t")
    assert result.outputs["status"] == list(KNOWN)  # the output says what was covered
    assert result.outputs["count"] == len(fake_api.orders)
    assert result.outputs["unpaid"] == 267
    assert None not in other.filters


@pytest.mark.parametrize("bad", ["PAID", "pendng_payment"])
def test_orders_audit_refuses_an_unknown_status_before_any_request(
    fake_api: FakeVpsOrgApi, bad: str
) -> None:
    import pulumi_vpsorg as vpsorg
    from pulumi_vpsorg.testing import CheckFailedError

    def program() -> None:
        vpsorg.OrdersAudit("typo", status=["paid", bad])

    with pytest.raises(CheckFailedError) as info:
        run_program(program, api_url=fake_api.url, api_token=fake_api.token)
    (prop, reason), = info.value.failures
    assert prop == "status" and repr(bad) in reason and "pending_payment" in reason
    assert fake_api.requests == []


def test_orders_audit_check_fills_the_default_and_expands_all() -> None:
    from pulumi_vpsorg.provider.lookups import OrdersAuditProvider

    provider = OrdersAuditProvider()
    unset = provider.check({}, {"status": None, "type": None})
    assert unset.failures == [] and unset.inputs["status"] == list(KNOWN)
    spelled = provider.check({}, {"status": ["all"]})
    assert spelled.inputs["status"] == list(KNOWN)
    # A state written when unset meant the API's default is audited again, with every status.
    assert provider.diff("id", {"status": None}, unset.inputs).changes
    assert not provider.diff("id", unset.inputs, unset.inputs).changes
