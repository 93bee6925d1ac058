"""What the build puts in the schema: package, config, secrets, replacements, documented fields."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from pulumi_vpsorg._vocabulary import ENV_TOKEN, ENV_URL
from pulumi_vpsorg.assumptions import DEFAULT_API_URL, DEFAULT_ORDERS_API_URL
from pulumi_vpsorg.plans.models import Plan
from pulumi_vpsorg.schema import camel_case
from pulumi_vpsorg.schema.build import object_type

from .documents import (
    DOCUMENTED_TYPES,
    ORDER_DETAIL_FIELDS,
    ORDER_FIELDS,
    PLAN_DETAIL_FIELDS,
    PLAN_FIELDS,
    all_properties,
    check_documented,
    type_token,
)


def test_a_new_model_field_reaches_the_schema() -> None:
    class Wider(Plan):
        disk_iops: int = Field(description="Disk operations per second")

    spec = object_type(Wider)
    assert spec["properties"]["diskIops"]["type"] == "integer"
    assert "API field `disk_iops`" in spec["properties"]["diskIops"]["description"]
    assert "diskIops" in spec["required"]


def test_package_metadata(schema: dict[str, Any]) -> None:
    from pulumi_vpsorg import __version__

    assert schema["name"] == "vpsorg"
    assert schema["version"] == __version__
    assert schema["description"]
    assert schema["license"] == "Apache-2.0"
    assert schema["homepage"].startswith("https://")
    assert schema["repository"].startswith("https://")
    assert "pulumi" in schema["keywords"]
    assert schema["language"]["python"]["packageName"] == "pulumi_vpsorg"


def test_config_variables(schema: dict[str, Any]) -> None:
    variables = schema["config"]["variables"]
    assert set(variables) == {"apiToken", "apiUrl", "ordersApiToken", "ordersApiUrl"}
    orders_token, orders_url = variables["ordersApiToken"], variables["ordersApiUrl"]
    assert orders_token["secret"] is True and "default" not in orders_token
    assert orders_token["defaultInfo"]["environment"] == ["VPSORG_ORDERS_API_TOKEN"]
    assert orders_url["default"] == DEFAULT_ORDERS_API_URL and not orders_url.get("secret")
    assert orders_url["defaultInfo"]["environment"] == ["VPSORG_ORDERS_API_URL"]
    token, url = variables["apiToken"], variables["apiUrl"]
    assert token["type"] == "string"
    assert token["secret"] is True
    assert token["defaultInfo"]["environment"] == [ENV_TOKEN]
    assert "default" not in token
    assert url["type"] == "string"
    assert url["default"] == DEFAULT_API_URL
    assert url["defaultInfo"]["environment"] == [ENV_URL]
    assert not url.get("secret")


def test_payment_information_is_secret_wherever_it_appears(schema: dict[str, Any]) -> None:
    """The resources' outputs, ``getOrder``'s result and the ``OrderInfo`` items of
    ``getOrders``; no other output is secret."""
    secret = {(where, name) for where, name, prop in all_properties(schema) if prop.get("secret")}
    assert secret == {
        ("vpsorg:index:Order.properties", "paymentInformation"),
        ("vpsorg:index:OrderLookup.properties", "paymentInformation"),
        ("vpsorg:index/getOrder:getOrder.outputs", "paymentInformation"),
        ("vpsorg:index/OrderInfo:OrderInfo", "paymentInformation"),
    }


def test_changing_the_order_id_replaces(schema: dict[str, Any]) -> None:
    replacing = {
        (where, name)
        for where, name, prop in all_properties(schema)
        if prop.get("replaceOnChanges")
    }
    assert replacing == {
        (f"vpsorg:index:{r}.{part}", "orderId")
        for r in ("Order", "OrderLookup")
        for part in ("inputProperties", "properties")
    }
    assert schema["resources"]["vpsorg:index:Order"]["requiredInputs"] == ["orderId"]
    assert schema["resources"]["vpsorg:index:OrderLookup"]["requiredInputs"] == ["orderId"]


def test_every_documented_field_is_in_its_object_type(schema: dict[str, Any]) -> None:
    for name, fields in DOCUMENTED_TYPES.items():
        check_documented(name, schema["types"][type_token(name)], fields)
    order = schema["types"][type_token("Order")]
    for field, (_, required) in ORDER_FIELDS.items():
        assert (camel_case(field) in order["required"]) is required, field
    props = order["properties"]
    assert props["promo"]["$ref"] == f"#/types/{type_token('Promo')}"
    assert props["paymentInformation"]["$ref"] == f"#/types/{type_token('PaymentInformation')}"
    assert props["invoices"]["items"]["$ref"] == f"#/types/{type_token('Invoice')}"
    assert props["services"]["items"]["$ref"] == f"#/types/{type_token('Service')}"
    plan = schema["types"][type_token("Plan")]["properties"]
    assert plan["locations"]["items"] == {"type": "string"}
    invoice = schema["types"][type_token("Invoice")]["properties"]
    assert invoice["orderIds"]["items"] == {"type": "integer"}
    for stamp in ("createdAt", "dueAt", "paymentDate"):
        assert "ISO-8601" in props[stamp]["description"]


def test_every_documented_field_is_in_the_functions_and_resources(schema: dict[str, Any]) -> None:
    plan = {**PLAN_FIELDS, **PLAN_DETAIL_FIELDS}
    order = {**{k: t for k, (t, _) in ORDER_FIELDS.items()}, **ORDER_DETAIL_FIELDS}
    fns = schema["functions"]
    check_documented("getPlan", fns["vpsorg:index/getPlan:getPlan"]["outputs"], plan)
    check_documented(
        "selectPlan", fns["vpsorg:index/selectPlan:selectPlan"]["outputs"], PLAN_FIELDS
    )
    check_documented("getOrder", fns["vpsorg:index/getOrder:getOrder"]["outputs"], order)
    plans_item = fns["vpsorg:index/getPlans:getPlans"]["outputs"]["properties"]["plans"]["items"]
    assert plans_item == {"$ref": f"#/types/{type_token('Plan')}"}
    orders_item = fns["vpsorg:index/getOrders:getOrders"]["outputs"]["properties"]["orders"][
        "items"
    ]
    assert orders_item == {"$ref": f"#/types/{type_token('Order')}"}

    resources = schema["resources"]
    check_documented(
        "PlanLookup", resources["vpsorg:index:PlanLookup"], plan, rename={"id": "plan_id"}
    )
    for name in ("Order", "OrderLookup"):
        check_documented(name, resources[f"vpsorg:index:{name}"], order, rename={"id": "order_id"})


def test_order_fields_of_the_contract_are_resource_outputs(schema: dict[str, Any]) -> None:
    audit = schema["resources"]["vpsorg:index:OrdersAudit"]["properties"]
    for name in (
        "count",
        "countByStatus",
        "countByType",
        "totalAmount",
        "totalAmountWithVat",
        "unpaidCount",
        "unpaidTotal",
        "overdueCount",
        "overdueOrderIds",
        "orderIds",
        "status",
        "type",
    ):
        assert name in audit
    for money in ("totalAmount", "totalAmountWithVat", "unpaidTotal"):
        assert audit[money]["type"] == "number"
        assert "USD" in audit[money]["description"]
