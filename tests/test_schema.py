"""``schema.json``: generated from the code, valid for Pulumi, and true to the API documents."""

from __future__ import annotations

import copy
import inspect
import json
import re
import typing
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from pydantic import Field

from pulumi_vpsorg import functions
from pulumi_vpsorg import schema as gen
from pulumi_vpsorg._boundary import order_state, plain, plan_state
from pulumi_vpsorg._config import ENV_TOKEN, ENV_URL
from pulumi_vpsorg.assumptions import DEFAULT_API_URL, DEFAULT_ORDERS_API_URL
from pulumi_vpsorg.orders.models import OrderPage
from pulumi_vpsorg.orders.summary import summarize
from pulumi_vpsorg.plans.models import Plan, PlanDetails

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared"
METASCHEMA = SHARED / "reference" / "pulumi-package-metaschema.json"
NO_SHARED = f"{SHARED} is not here (it is in CI): Pulumi's metaschema is outside the repo"

# -- the documents, as this test reads them -------------------------------------------------
# Types are the documents' words. "digits": a number in the example (4242), text in the package
# (keeps leading zeros). "unix seconds": an integer at the API, ISO-8601 text in the package.
# "any": the documents give no shape. Checked against the documents' examples below.

#: Plans reference, "Полета за отговор" table of GET /plans/.
PLAN_FIELDS = {
    "id": "integer",
    "name": "string",
    "slug": "string",
    "vcpus": "integer",
    "memory": "integer",
    "storage": "integer",
    "bandwidth": "integer",
    "price_monthly": "decimal",
    "price_hourly": "decimal",
    "available": "boolean",
    "locations": "array",
    "description": "string",
}
#: GET /plans/{plan_id}/ example response, beyond the list fields.
PLAN_DETAIL_FIELDS = {"features": "array", "recommended_for": "array"}
#: Orders reference, the 15 fields of ``data[]`` (type, required).
ORDER_FIELDS = {
    "id": ("integer", True),
    "tax_rate": ("number", True),
    "amount": ("number", True),
    "amount_with_vat": ("number", True),
    "amount_from_balance": ("number", True),
    "payment_method": ("string", True),
    "status": ("string", True),
    "type": ("string", True),
    "auto_pay": ("boolean", True),
    "promo_applicable": ("boolean", True),
    "created_at": ("string", True),
    "due_at": ("string", True),
    "payment_date": ("string", False),
    "promo": ("object", False),
    "payment_information": ("object", False),
}
#: orders-operations.md: what get-order adds.
ORDER_DETAIL_FIELDS = {"invoices": "array", "services": "array"}
INVOICE_FIELDS = {
    "id": "integer",
    "invoice_number": "digits",
    "created_at": "string",
    "amount": "number",
    "amount_with_vat": "number",
    "type": "string",
    "order_ids": "array",
}
SERVICE_FIELDS = {
    "label": "string",
    "sublabel": "string",
    "period_from": "unix seconds",
    "period_to": "unix seconds",
    "is_period_changeable": "boolean",
    "service_id": "integer",
    "service_billing_cycle": "integer",
    "service_minimum_billing_cycle": "integer",
    "service_type": "string",
    "amount": "number",
    "amount_with_vat": "number",
    "amount_sublabel": "string",
    "promo": "any",
}
PAYMENT_CARD_FIELDS = {
    "last_4": "digits",
    "brand": "string",
    "expiry_month": "integer",
    "expiry_year": "integer",
}
PAYMENT_BITCOIN_FIELDS = {"tx_hash": "string", "tx_amount": "number", "confirmed_at": "string"}
#: The orders list example's ``promo`` object.
PROMO_FIELDS = {"code": "string", "percentage": "number", "minimum_billing_cycle": "integer"}

#: Units the documents give (plans) or the package states (order money).
UNITS = {
    "memory": "MB",
    "storage": "GB",
    "bandwidth": "GB",
    "price_monthly": "USD",
    "price_hourly": "USD",
    "amount": "USD",
    "amount_with_vat": "USD",
    "amount_from_balance": "USD",
}
COMPATIBLE = {
    "integer": {"integer"},
    "decimal": {"number"},
    "number": {"number"},
    "string": {"string"},
    "boolean": {"boolean"},
    "array": {"array"},
    "object": {"ref"},
    "digits": {"string"},
    "unix seconds": {"string"},
    "any": {"any", "ref", "string", "integer", "number", "boolean", "array", "object"},
}
#: Where each documented object lives: schema type name -> fields.
DOCUMENTED_TYPES: dict[str, Mapping[str, str]] = {
    "Plan": PLAN_FIELDS,
    "PlanDetails": {**PLAN_FIELDS, **PLAN_DETAIL_FIELDS},
    "Order": {**{k: t for k, (t, _) in ORDER_FIELDS.items()}, **ORDER_DETAIL_FIELDS},
    "Invoice": INVOICE_FIELDS,
    "Service": SERVICE_FIELDS,
    "PaymentInformation": {**PAYMENT_CARD_FIELDS, **PAYMENT_BITCOIN_FIELDS},
    "Promo": PROMO_FIELDS,
}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return gen.build_schema()


def type_token(name: str) -> str:
    return f"vpsorg:index/{name}:{name}"


def to_snake(name: str) -> str:
    """Independent of the generator: ``priceMonthly`` -> ``price_monthly``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def kind(prop: Mapping[str, Any]) -> str:
    ref = prop.get("$ref")
    if ref == "pulumi.json#/Any":
        return "any"
    if ref is not None:
        return "ref"
    return str(prop["type"])


def check_documented(
    where: str,
    obj: Mapping[str, Any],
    fields: Mapping[str, str],
    *,
    rename: Mapping[str, str] | None = None,
) -> None:
    """Each documented field is a property of ``obj`` (properties/required) with a fitting type."""
    props = obj["properties"]
    for field, doc_type in fields.items():
        key = (rename or {}).get(field, field)
        name = gen.camel_case(key)
        assert name in props, f"{where}: documented field {field!r} is missing (as {name!r})"
        prop = props[name]
        assert kind(prop) in COMPATIBLE[doc_type], (
            f"{where}.{name}: documented as {doc_type}, schema has {kind(prop)}"
        )
        description = prop.get("description", "")
        assert f"API field `{field}`" in description, (
            f"{where}.{name}: description does not name API field `{field}`: {description!r}"
        )
        if field in UNITS:
            assert re.search(rf"\b{UNITS[field]}\b", description), (
                f"{where}.{name}: description does not give the unit {UNITS[field]}"
            )


# -- generated, not hand-edited -----------------------------------------------------------


def test_committed_schema_is_what_the_code_generates() -> None:
    committed = (REPO / "schema.json").read_text(encoding="utf-8")
    assert committed == gen.render(), (
        "schema.json is stale: run `python -m pulumi_vpsorg.schema > schema.json`"
    )


def test_render_is_deterministic_sorted_and_ends_with_a_newline(schema: dict[str, Any]) -> None:
    text = gen.render()
    assert text == gen.render(schema)
    assert text.endswith("}\n")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True) + "\n"


def test_main_prints_and_check_compares(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert gen.main([]) == 0
    assert capsys.readouterr().out == gen.render()
    good = tmp_path / "schema.json"
    good.write_text(gen.render(), encoding="utf-8")
    assert gen.main(["--check", str(good)]) == 0
    stale = tmp_path / "stale.json"
    stale.write_text(gen.render().replace('"vpsorg"', '"vpsorgx"', 1), encoding="utf-8")
    assert gen.main(["--check", str(stale)]) == 1
    assert "python -m pulumi_vpsorg.schema" in capsys.readouterr().err
    assert gen.main(["--check", str(tmp_path / "missing.json")]) == 1


def test_a_new_model_field_reaches_the_schema() -> None:
    class Wider(Plan):
        disk_iops: int = Field(description="Disk operations per second")

    spec = gen._object_type(Wider)
    assert spec["properties"]["diskIops"]["type"] == "integer"
    assert "API field `disk_iops`" in spec["properties"]["diskIops"]["description"]
    assert "diskIops" in spec["required"]


# -- valid for Pulumi ---------------------------------------------------------------------


def _metaschema_validator() -> Any:
    if not METASCHEMA.exists():
        pytest.skip(NO_SHARED)
    jsonschema = pytest.importorskip("jsonschema")
    # The metaschema's patterns use (?<name>...) groups, which Python's re spells (?P<name>...).
    text = re.sub(r"\(\?<(?=[A-Za-z_])", "(?P<", METASCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(json.loads(text))


def test_schema_is_valid_against_pulumis_metaschema(schema: dict[str, Any]) -> None:
    validator = _metaschema_validator()
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(schema)]
    assert errors == []


def test_the_metaschema_check_rejects_a_broken_schema(schema: dict[str, Any]) -> None:
    validator = _metaschema_validator()
    broken = copy.deepcopy(schema)
    broken["resources"]["vpsorg:index:Order"]["properties"]["orderId"]["type"] = "decimal"
    broken["version"] = "one"
    assert len(list(validator.iter_errors(broken))) >= 2


# -- package, config, tokens --------------------------------------------------------------


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


def test_tokens_and_python_names(schema: dict[str, Any]) -> None:
    assert set(schema["functions"]) == {
        f"vpsorg:index/{n}:{n}"
        for n in ("getPlans", "getPlan", "selectPlan", "getOrders", "getOrder")
    }
    for token in schema["functions"]:
        python = gen.python_name(token.rpartition(":")[2])
        assert callable(getattr(functions, python))
        assert callable(getattr(functions, f"{python}_output"))
        assert f"`pulumi_vpsorg.{python}()`" in schema["functions"][token]["description"]
    assert set(schema["resources"]) == {
        f"vpsorg:index:{n}" for n in ("Order", "PlanLookup", "OrdersAudit", "OrderLookup")
    }
    import pulumi_vpsorg

    for token, spec in schema["resources"].items():
        name = token.rpartition(":")[2]
        cls = getattr(pulumi_vpsorg, name)
        dynamic = f"pulumi-python:dynamic/vpsorg:{name}"
        assert f"pulumi-python:{cls._resource_type_name}" == dynamic
        assert f"`{dynamic}`" in spec["description"]
        assert f"`pulumi_vpsorg.{name}`" in spec["description"]
    assert set(schema["types"]) == {
        type_token(n)
        for n in (
            "Plan",
            "PlanDetails",
            "Order",
            "Promo",
            "PaymentInformation",
            "Invoice",
            "Service",
            "OrdersSummary",
        )
    }


def test_python_name_matches_pulumi_codegen() -> None:
    cases = {
        "priceMonthly": "price_monthly",
        "overdueOrderIds": "overdue_order_ids",
        "last4": "last4",
        "SHA256Hash": "sha256_hash",
        "vatID": "vat_id",
        "openXJsonSerDe": "open_xjson_ser_de",
        "class": "class_",
    }
    for camel, snake in cases.items():
        assert gen.python_name(camel) == snake


# -- secrets and replacements -------------------------------------------------------------


def _all_properties(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for token, spec in schema["types"].items():
        for name, prop in spec["properties"].items():
            yield token, name, prop
    for token, spec in schema["functions"].items():
        for part in ("inputs", "outputs"):
            for name, prop in spec[part]["properties"].items():
                yield f"{token}.{part}", name, prop
    for token, spec in schema["resources"].items():
        for part in ("inputProperties", "properties"):
            for name, prop in spec[part].items():
                yield f"{token}.{part}", name, prop


def test_payment_information_is_secret_on_order_resources_only(schema: dict[str, Any]) -> None:
    secret = {(where, name) for where, name, prop in _all_properties(schema) if prop.get("secret")}
    assert secret == {
        ("vpsorg:index:Order.properties", "paymentInformation"),
        ("vpsorg:index:OrderLookup.properties", "paymentInformation"),
    }


def test_changing_the_order_id_replaces(schema: dict[str, Any]) -> None:
    replacing = {
        (where, name)
        for where, name, prop in _all_properties(schema)
        if prop.get("replaceOnChanges")
    }
    assert replacing == {
        (f"vpsorg:index:{r}.{part}", "orderId")
        for r in ("Order", "OrderLookup")
        for part in ("inputProperties", "properties")
    }
    assert schema["resources"]["vpsorg:index:Order"]["requiredInputs"] == ["orderId"]
    assert schema["resources"]["vpsorg:index:OrderLookup"]["requiredInputs"] == ["orderId"]


# -- documented fields -> schema ----------------------------------------------------------


def test_every_documented_field_is_in_its_object_type(schema: dict[str, Any]) -> None:
    for name, fields in DOCUMENTED_TYPES.items():
        check_documented(name, schema["types"][type_token(name)], fields)
    order = schema["types"][type_token("Order")]
    for field, (_, required) in ORDER_FIELDS.items():
        assert (gen.camel_case(field) in order["required"]) is required, field
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


# -- schema -> code -----------------------------------------------------------------------


def _snake(name: str, prop: Mapping[str, Any]) -> set[str]:
    names = {to_snake(name)}
    declared = re.search(r"Python and state key `([a-z0-9_]+)`", prop.get("description", ""))
    if declared:
        names.add(declared.group(1))
    return names


def _annotated(cls: type) -> set[str]:
    return set(inspect.get_annotations(cls))


def _state_keys() -> dict[str, set[str]]:
    """State keys the providers write, from real models through the boundary functions."""
    details = PlanDetails.model_validate_json((FIXTURES / "plan_detail.json").read_text())
    page = OrderPage.model_validate_json((FIXTURES / "orders_list.json").read_text())
    order_keys = set(order_state(page.data[0]))
    return {
        "PlanLookup": set(plan_state(details)),
        "OrdersAudit": set(plain(summarize(page.data))),
        "OrderLookup": order_keys,
        "Order": order_keys,
    }


def test_every_schema_property_maps_to_a_model_field_or_input(schema: dict[str, Any]) -> None:
    import pulumi_vpsorg

    models = {m.__name__: m for m in gen.OBJECT_TYPES}
    for token, spec in schema["types"].items():
        model = models[token.rpartition(":")[2]]
        for name, prop in spec["properties"].items():
            assert _snake(name, prop) & set(model.model_fields), f"{token}.{name}"

    for token, spec in schema["functions"].items():
        fn = getattr(functions, gen.python_name(token.rpartition(":")[2]))
        params = set(inspect.signature(fn).parameters)
        for name, prop in spec["inputs"]["properties"].items():
            assert _snake(name, prop) & params, f"{token} input {name}"
        result = typing.get_type_hints(fn)["return"]
        for name, prop in spec["outputs"]["properties"].items():
            assert _snake(name, prop) & _annotated(result), f"{token} output {name}"

    state = _state_keys()
    for token, spec in schema["resources"].items():
        name = token.rpartition(":")[2]
        cls = getattr(pulumi_vpsorg, name)
        params = set(inspect.signature(cls.__init__).parameters) - {"self", "resource_name", "opts"}
        for prop_name, prop in spec["inputProperties"].items():
            assert _snake(prop_name, prop) & params, f"{token} input {prop_name}"
        outputs = params | state[name] | _annotated(cls)
        for prop_name, prop in spec["properties"].items():
            assert _snake(prop_name, prop) & outputs, f"{token} output {prop_name}"
        # ...and the other way: everything the provider writes is described.
        described = {k for p, v in spec["properties"].items() for k in _snake(p, v)}
        assert state[name] | params <= described, token


def test_function_results_mirror_the_models() -> None:
    """The generator describes ``PlanResult`` by ``Plan`` etc.: their fields must agree."""
    for model in gen.OBJECT_TYPES:
        result = getattr(functions, f"{model.__name__}Result")
        assert _annotated(result) == set(model.model_fields), result.__name__


def test_resource_inputs_are_what_the_providers_accept(schema: dict[str, Any]) -> None:
    from pulumi_vpsorg.provider import lookups, order

    accepted = {
        "PlanLookup": set(lookups.PLAN_LOOKUP_INPUTS),
        "OrdersAudit": set(lookups.ORDERS_AUDIT_INPUTS),
        "OrderLookup": set(lookups.ORDER_LOOKUP_INPUTS),
        "Order": set(order.INPUT_KEYS) | set(order.OrderInputs.model_fields),
    }
    for name, keys in accepted.items():
        inputs = schema["resources"][f"vpsorg:index:{name}"]["inputProperties"]
        assert {to_snake(k) for k in inputs} == keys, name


def test_every_property_is_camel_case_and_described(schema: dict[str, Any]) -> None:
    for where, name, prop in _all_properties(schema):
        assert re.fullmatch(r"[a-z][a-zA-Z0-9]*", name), f"{where}.{name}"
        assert prop.get("description"), f"{where}.{name} has no description"
        snake = to_snake(name)
        if gen.python_name(name) != snake:
            assert f"Python and state key `{snake}`" in prop["description"] or any(
                c.isdigit() for c in name
            ), f"{where}.{name}"


# -- the embedded field lists agree with the documents' examples --------------------------------
# The examples are verbatim copies of the seed documents' JSON (tests/fixtures); only the
# metaschema test above reads ../shared.


def _fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_plan_fields_match_the_documented_examples() -> None:
    listed = _fixture("plans_list.json")["results"]
    assert all(set(plan) == set(PLAN_FIELDS) for plan in listed)
    detail = _fixture("plan_detail.json")
    assert set(detail) - set(PLAN_FIELDS) == set(PLAN_DETAIL_FIELDS)


def test_order_fields_match_the_documented_example() -> None:
    orders = _fixture("orders_list.json")["data"]
    assert len(ORDER_FIELDS) == 15
    assert all(set(o) == set(ORDER_FIELDS) for o in orders)
    promo = next(o["promo"] for o in orders if o["promo"])
    assert set(promo) == set(PROMO_FIELDS)
    card = next(o["payment_information"] for o in orders if o["payment_information"])
    assert set(card) == set(PAYMENT_CARD_FIELDS)
