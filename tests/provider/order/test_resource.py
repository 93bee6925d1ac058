"""A Pulumi program using ``Order``, run under ``pulumi.runtime.set_mocks``.

The mocks hand each registration to the real provider (check + create)
against the fake API, so the program sees real outputs.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pulumi
import pytest
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.runtime.mocks import MockMonitor

from pulumi_vpsorg import ConfigurationError
from pulumi_vpsorg.provider.order import Order, OrderProvider
from pulumi_vpsorg.testing import FakeVpsOrgApi

CARD = {"last_4": 4242, "brand": "visa", "expiry_month": 3, "expiry_year": 2033}


class ProviderMocks(pulumi.runtime.Mocks):
    """Resources are created by the real provider; the pickles it was handed are kept."""

    def __init__(self, provider: OrderProvider) -> None:
        self.provider = provider
        self.pickles: list[str] = []

    def new_resource(
        self, args: pulumi.runtime.MockResourceArgs
    ) -> tuple[str | None, dict[str, Any]]:
        inputs = dict(args.inputs)
        self.pickles.append(inputs.pop("__provider"))
        if args.resource_id:
            read = self.provider.read(args.resource_id, inputs)
            return read.id, read.outs or {}
        checked = self.provider.check({}, inputs)
        if checked.failures:
            raise ValueError("; ".join(f"{f.property}: {f.reason}" for f in checked.failures))
        created = self.provider.create(checked.inputs)
        return created.id, created.outs or {}

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[Any]]:
        return {}, []


class RecordingMonitor(MockMonitor):
    """The mock monitor, keeping every RegisterResource request (to see the options sent)."""

    def __init__(self, mocks: pulumi.runtime.Mocks) -> None:
        super().__init__(mocks)
        self.registrations: list[Any] = []

    def RegisterResource(self, request: Any) -> Any:
        self.registrations.append(request)
        return super().RegisterResource(request)


@pytest.fixture
def fake_api() -> Iterator[FakeVpsOrgApi]:
    with FakeVpsOrgApi(order_count=8) as api:
        yield api


@pytest.fixture
def mocked(fake_api: FakeVpsOrgApi) -> tuple[ProviderMocks, RecordingMonitor]:
    provider = OrderProvider()
    config = {"vpsorg:apiToken": fake_api.token, "vpsorg:apiUrl": fake_api.url}
    provider.configure(ConfigureRequest(Config(config, "proj")))
    mocks = ProviderMocks(provider)
    monitor = RecordingMonitor(mocks)
    pulumi.runtime.set_mocks(mocks, project="proj", stack="dev", preview=False, monitor=monitor)
    return mocks, monitor


def test_program_adopts_and_changes_an_order(
    fake_api: FakeVpsOrgApi, mocked: tuple[ProviderMocks, RecordingMonitor]
) -> None:
    mocks, monitor = mocked
    oid = fake_api.add_order(auto_pay=True, payment_information=CARD)["id"]
    seen: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output[None]:
        order = Order(
            "renewal",
            order_id=oid,
            auto_pay=False,
            billing_cycle=12,
            paid=True,
            payment_method="balance",
            opts=pulumi.ResourceOptions(additional_secret_outputs=["amount"], protect=True),
        )

        def record(values: list[Any]) -> None:
            keys = ("id", "order_id", "status", "auto_pay", "services", "card", "delete")
            seen.update(zip(keys, values, strict=True))

        return pulumi.Output.all(
            order.id,
            order.order_id,
            order.status,
            order.auto_pay,
            order.services,
            order.payment_information,
            order.delete_on_destroy,
        ).apply(record)

    program()
    assert seen["id"] == str(oid)
    assert seen["order_id"] == oid and isinstance(seen["order_id"], int)
    assert seen["status"] == "paid"
    assert seen["auto_pay"] is False
    assert seen["services"][0]["service_billing_cycle"] == 12
    assert seen["card"]["last_4"] == "4242"
    assert seen["delete"] is False
    assert fake_api.pay_count(oid) == 1

    (registration,) = [r for r in monitor.registrations if r.type != "pulumi:pulumi:Stack"]
    assert registration.type == "pulumi-python:dynamic/vpsorg:Order"
    # promo: no promo_code as plain text, so its echo may hold a secret code applied earlier
    assert list(registration.additionalSecretOutputs) == ["payment_information", "promo", "amount"]
    assert list(registration.replaceOnChanges) == ["order_id"]
    assert registration.protect is True

    (pickled,) = mocks.pickles
    raw = base64.b64decode(pickled)
    assert len(raw) < 2048
    assert fake_api.token.encode() not in raw


def test_program_adopts_by_order_id_and_refuses_import_clearly(
    fake_api: FakeVpsOrgApi, mocked: tuple[ProviderMocks, RecordingMonitor]
) -> None:
    oid = fake_api.add_order(auto_pay=False)["id"]
    # The engine cannot import a dynamic resource (pulumi/pulumi#16175): fail before registering.
    with pytest.raises(
        ConfigurationError, match=r"import_.*pulumi/pulumi#16175.*order_id="
    ) as info:
        Order("imported", order_id=oid, opts=pulumi.ResourceOptions(import_=str(oid)))
    assert fake_api.token not in str(info.value)
    seen: list[Any] = []

    @pulumi.runtime.test
    def program() -> pulumi.Output[None]:
        order = Order("adopted", order_id=oid, auto_pay=False)
        return pulumi.Output.all(order.id, order.status, order.auto_pay).apply(seen.extend)

    program()
    assert seen == [str(oid), "pending_payment", False]
    assert fake_api.count_requests("PATCH") == 0  # adopting changes nothing that already matches
