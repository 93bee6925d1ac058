"""The policy objects: names, descriptions, levels, config schemas, and the example config."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest
from pulumi_policy import (
    EnforcementLevel,
    Policy,
    ResourceValidationPolicy,
    StackValidationPolicy,
)

from pulumi_vpsorg import policy as pkg
from pulumi_vpsorg.policy import all_policies, validators

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_CONFIG = REPO / "examples" / "policy-pack" / "policy-config.example.json"
LEVELS = [level.value for level in EnforcementLevel]

RESOURCE = {
    "vpsorg-plan-price-cap",
    "vpsorg-plan-allowed-locations",
    "vpsorg-order-auto-pay",
    "vpsorg-order-delete-on-destroy",
}
STACK = {
    "vpsorg-plan-max-price",
    "vpsorg-plan-available",
    "vpsorg-plan-min-resources",
    "vpsorg-stack-monthly-budget",
    "vpsorg-orders-audit",
}


def _by_name() -> dict[str, Policy]:
    return {p.name: p for p in all_policies()}


def test_names_are_unique_kebab_case_and_typed() -> None:
    policies = all_policies()
    names = [p.name for p in policies]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"vpsorg(-[a-z0-9]+)+", name) for name in names)
    assert {p.name for p in policies if isinstance(p, ResourceValidationPolicy)} == RESOURCE
    assert {p.name for p in policies if isinstance(p, StackValidationPolicy)} == STACK


def test_descriptions_are_one_requires_or_prohibits_sentence() -> None:
    for p in all_policies():
        assert re.fullmatch(r"(Requires|Prohibits) [^.]+\.", p.description), p.name


def test_default_enforcement_levels() -> None:
    levels = {name: p.enforcement_level for name, p in _by_name().items()}
    assert levels.pop("vpsorg-orders-audit") is EnforcementLevel.ADVISORY
    assert set(levels.values()) == {EnforcementLevel.MANDATORY}


def test_all_policies_returns_a_fresh_list_of_the_exported_constants() -> None:
    first, second = all_policies(), all_policies()
    assert first == second and first is not second
    exported = {getattr(pkg, n) for n in pkg.__all__ if isinstance(getattr(pkg, n), Policy)}
    assert exported == set(first)


def test_schema_defaults_match_validator_defaults() -> None:
    def default(policy: str, key: str) -> Any:
        schema = _by_name()[policy].config_schema
        assert schema is not None
        return schema.properties[key].get("default")

    assert default("vpsorg-plan-price-cap", "maxPriceMonthly") == validators.DEFAULT_MAX_PRICE_MONTHLY
    assert default("vpsorg-plan-max-price", "maxPriceMonthly") == validators.DEFAULT_MAX_PRICE_MONTHLY
    assert default("vpsorg-plan-price-cap", "maxPriceHourly") is None
    assert default("vpsorg-plan-price-cap", "requireCap") is validators.DEFAULT_REQUIRE_CAP
    assert default("vpsorg-stack-monthly-budget", "monthlyBudget") == validators.DEFAULT_MONTHLY_BUDGET
    assert default("vpsorg-plan-min-resources", "stackTag") == validators.DEFAULT_STACK_TAG
    assert default("vpsorg-order-auto-pay", "autoPay") is validators.DEFAULT_AUTO_PAY
    assert (
        default("vpsorg-order-delete-on-destroy", "allowDeleteOnDestroy")
        is validators.DEFAULT_ALLOW_DELETE_ON_DESTROY
    )
    assert default("vpsorg-orders-audit", "maxOverdueCount") == validators.DEFAULT_MAX_OVERDUE_COUNT


def _engine_schema(p: Policy) -> dict[str, Any]:
    """The policy's schema as the engine validates config against it (plus enforcementLevel)."""
    properties: dict[str, Any] = {"enforcementLevel": {"type": "string", "enum": LEVELS}}
    required: list[str] = []
    if p.config_schema is not None:
        properties.update(p.config_schema.properties)
        required = list(p.config_schema.required or [])
    return {"type": "object", "properties": properties, "required": required}


def test_schemas_are_valid_json_schema_and_example_config_matches() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    config = json.loads(EXAMPLE_CONFIG.read_text())
    policies = _by_name()
    assert set(config) == set(policies)
    for name, p in policies.items():
        schema = _engine_schema(p)
        jsonschema.Draft7Validator.check_schema(schema)
        value = config[name]
        if isinstance(value, str):
            assert value in LEVELS
        else:
            jsonschema.validate(value, schema)


def test_schemas_reject_wrong_types() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    policies = _by_name()
    for name, bad in [
        ("vpsorg-plan-price-cap", {"maxPriceMonthly": -1}),
        ("vpsorg-plan-allowed-locations", {"allowedLocations": "eu-central"}),
        ("vpsorg-plan-min-resources", {"byStackTag": {"production": {"minCpus": 2}}}),
        ("vpsorg-order-auto-pay", {"autoPay": "yes"}),
        ("vpsorg-orders-audit", {"maxOverdueCount": 1.5}),
    ]:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, _engine_schema(policies[name]))


def _builds_pack(path: Path) -> bool:
    return any(
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "PolicyPack"
        for node in ast.walk(ast.parse(path.read_text()))
    )


def test_policy_pack_is_built_only_in_the_pack() -> None:
    assert not any(map(_builds_pack, (REPO / "pulumi_vpsorg" / "policy").glob("*.py")))
    assert _builds_pack(REPO / "examples" / "policy-pack" / "__main__.py")
