"""The shared vocabulary: one spelling of each name, read by every layer, and its argument checks.

Importing it costs nothing heavy (checked in a fresh interpreter, by the modules imported).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from pulumi_vpsorg import _vocabulary as vocab
from pulumi_vpsorg import schema
from pulumi_vpsorg.policy import tokens


def test_importing_the_vocabulary_imports_nothing_heavy() -> None:
    program = "\n".join(
        [
            "import json, sys",
            "before = set(sys.modules)",
            "import pulumi_vpsorg._vocabulary",
            "print(json.dumps(sorted(set(sys.modules) - before)))",
        ]
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VPSORG_", "PULUMI_"))}
    completed = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env=env, timeout=120
    )
    assert completed.returncode == 0, completed.stderr
    added: list[str] = json.loads(completed.stdout.strip().splitlines()[-1])
    ours = {m for m in added if m.split(".")[0] == "pulumi_vpsorg"}
    # The package's __init__ imports only its errors, version and the loader of the names that
    # load on first use (_lazy, standard library only); _numbers is the standard-library rule for
    # numbers.
    assert ours == {
        "pulumi_vpsorg",
        "pulumi_vpsorg._errors",
        "pulumi_vpsorg._lazy",
        "pulumi_vpsorg._numbers",
        "pulumi_vpsorg._version",
        "pulumi_vpsorg._vocabulary",
    }
    heavy = ("pulumi", "pydantic", "pydantic_core", "requests", "urllib3", "grpc", "google")
    assert [m for m in added if m.split(".")[0] in heavy] == []


def test_resource_classes_register_the_vocabulary_names() -> None:
    import pulumi_vpsorg

    for name in vocab.RESOURCE_NAMES:
        cls = getattr(pulumi_vpsorg, name)
        assert cls._resource_type_name == f"dynamic/{vocab.NAMESPACE}:{name}"
        assert schema.dynamic_type(cls) == vocab.dynamic_type(name)
    assert vocab.PLAN_LOOKUP_TYPE == "pulumi-python:dynamic/vpsorg:PlanLookup"
    assert vocab.ORDER_TYPE == "pulumi-python:dynamic/vpsorg:Order"


def test_policy_tokens_are_the_vocabulary() -> None:
    assert tokens.TYPE_PREFIX is vocab.DYNAMIC_TYPE_PREFIX
    assert tokens.PLAN_LOOKUP_TYPE is vocab.PLAN_LOOKUP_TYPE
    assert tokens.ORDERS_AUDIT_TYPE is vocab.ORDERS_AUDIT_TYPE
    assert tokens.ORDER_LOOKUP_TYPE is vocab.ORDER_LOOKUP_TYPE
    assert tokens.ORDER_TYPE is vocab.ORDER_TYPE


def test_config_keys_and_the_schema_name_are_the_vocabulary() -> None:
    assert schema.PACKAGE == vocab.NAMESPACE == "vpsorg"
    assert vocab.TOKEN_CONFIG == "vpsorg:apiToken"
    assert vocab.URL_CONFIG == "vpsorg:apiUrl"
    variables = schema.build_schema()["config"]["variables"]
    assert set(variables) == {
        vocab.CONFIG_TOKEN_KEY,
        vocab.CONFIG_URL_KEY,
        vocab.CONFIG_ORDERS_TOKEN_KEY,
        vocab.CONFIG_ORDERS_URL_KEY,
    }
    orders_token = variables[vocab.CONFIG_ORDERS_TOKEN_KEY]
    assert orders_token["defaultInfo"]["environment"] == [vocab.ENV_ORDERS_TOKEN]
    orders_url = variables[vocab.CONFIG_ORDERS_URL_KEY]
    assert orders_url["defaultInfo"]["environment"] == [vocab.ENV_ORDERS_URL]
    assert variables[vocab.CONFIG_TOKEN_KEY]["defaultInfo"]["environment"] == [vocab.ENV_TOKEN]
    assert variables[vocab.CONFIG_URL_KEY]["defaultInfo"]["environment"] == [vocab.ENV_URL]


def test_the_layers_read_the_vocabulary() -> None:
    """No copies: each layer's public name for a shared value is the vocabulary's own object."""
    from pulumi_vpsorg import _config, selection
    from pulumi_vpsorg.provider import lookups, order
    from pulumi_vpsorg.testing import harness

    pairs = [
        (_config.CONFIG_NAMESPACE, vocab.NAMESPACE),
        (_config.CONFIG_TOKEN_KEY, vocab.CONFIG_TOKEN_KEY),
        (_config.CONFIG_URL_KEY, vocab.CONFIG_URL_KEY),
        (_config.CONFIG_ORDERS_TOKEN_KEY, vocab.CONFIG_ORDERS_TOKEN_KEY),
        (_config.CONFIG_ORDERS_URL_KEY, vocab.CONFIG_ORDERS_URL_KEY),
        (_config.ENV_TOKEN, vocab.ENV_TOKEN),
        (_config.ENV_URL, vocab.ENV_URL),
        (_config.ENV_ORDERS_TOKEN, vocab.ENV_ORDERS_TOKEN),
        (_config.ENV_ORDERS_URL, vocab.ENV_ORDERS_URL),
        (harness.DYNAMIC_TYPE_PREFIX, vocab.DYNAMIC_TYPE_PREFIX),
        (selection.CONSTRAINT_FIELDS, vocab.CONSTRAINT_FIELDS),
        (selection.SORT_FIELDS, vocab.SORT_FIELDS),
        (selection.SORT_DIRECTIONS, vocab.SORT_DIRECTIONS),
        (lookups.PLAN_LOOKUP_INPUTS, vocab.PLAN_LOOKUP_INPUTS),
        (lookups.ORDERS_AUDIT_INPUTS, vocab.ORDERS_AUDIT_INPUTS),
        (lookups.ORDER_LOOKUP_INPUTS, vocab.ORDER_LOOKUP_INPUTS),
        (order.INPUT_KEYS, vocab.ORDER_INPUTS),
    ]
    assert [a is b for a, b in pairs] == [True] * len(pairs)


# -- argument checks ---------------------------------------------------------------------------


def test_require_names_the_argument_in_the_callers_error() -> None:
    class Refused(Exception):
        pass

    assert vocab.require("order_id", vocab.positive_id, 7, Refused) == 7
    with pytest.raises(Refused) as caught:
        vocab.require("order_id", vocab.positive_id, 0, Refused)
    assert str(caught.value) == "order_id: expected a positive integer of at most 2**53, got 0"
    assert caught.value.__cause__ is None
    with pytest.raises(ValueError, match=r"^status: expected a name"):
        vocab.require("status", vocab.names, [])


def test_apply_rules_runs_each_given_rule_in_order_and_keeps_every_reason() -> None:
    rules = {"b": vocab.count, "a": vocab.positive_id, "c": str.strip}
    parsed, problems = vocab.apply_rules(rules, {"a": 0, "b": 2.0, "d": "ignored"})
    assert parsed == {"b": 2}
    assert problems == [("a", "expected a positive integer of at most 2**53, got 0")]
    parsed, problems = vocab.apply_rules(rules, {"c": " x ", "b": -1, "a": True})
    assert parsed == {"c": "x"}
    assert [name for name, _ in problems] == ["b", "a"]


def test_whole_number_and_positive_whole_take_numbers_as_pulumi_sends_them() -> None:
    assert vocab.whole_number(-3.0) == -3 and isinstance(vocab.whole_number(12.0), int)
    assert vocab.positive_whole(7736.0) == 7736
    for bad in (True, 2.5, "3", None):
        with pytest.raises(ValueError, match=r"^expected a whole number, got "):
            vocab.whole_number(bad)
    for bad in (0, 0.0, -1, 2**53 + 1, True, "7"):
        with pytest.raises(ValueError, match=r"^expected a positive integer of at most 2\*\*53"):
            vocab.positive_whole(bad)


def test_whole_turns_integral_floats_into_ints_and_leaves_the_rest() -> None:
    assert vocab.whole(12.0) == 12
    assert type(vocab.whole(12.0)) is int
    for value in (12.5, "12", None, True, [1.0], float("inf"), float("nan")):
        result = vocab.whole(value)
        assert result is value


@pytest.mark.parametrize("value", [1, 7546, 2**53])
def test_positive_id_accepts_positive_integers_a_pulumi_number_holds(value: int) -> None:
    assert vocab.positive_id(value) == value


@pytest.mark.parametrize("value", [0, -1, True, False, 4.0, "4", None, [4], 2**53 + 1])
def test_positive_id_rejects_the_rest_naming_the_value(value: object) -> None:
    with pytest.raises(
        ValueError, match=r"^expected a positive integer of at most 2\*\*53, got "
    ) as caught:
        vocab.positive_id(value)
    assert str(caught.value).endswith(repr(value))


@pytest.mark.parametrize("value", [10**5000, -(10**5000)], ids=["5000 digits", "-5000 digits"])
def test_checks_show_a_huge_value_short(value: int) -> None:
    for check in (vocab.positive_id, vocab.count, vocab.names):
        with pytest.raises(ValueError) as caught:
            check(value)
        assert "bit integer" in str(caught.value) and len(str(caught.value)) < 120


def test_count_takes_whole_numbers_from_zero_and_integral_floats() -> None:
    assert vocab.count(0) == 0
    assert vocab.count(4.0) == 4
    with pytest.raises(ValueError, match=r"expected a whole number, got 4\.5"):
        vocab.count(4.5)
    with pytest.raises(ValueError, match="expected a whole number, got True"):
        vocab.count(True)
    with pytest.raises(ValueError, match="expected a number >= 0, got -1"):
        vocab.count(-1.0)
    assert vocab.count(2**53) == 2**53
    with pytest.raises(
        ValueError, match=r"at most 2\*\*53 \(9007199254740992\), got 9007199254740993"
    ):
        vocab.count(2**53 + 1)


def test_names_take_one_name_or_a_list_stripped() -> None:
    assert vocab.names(" paid ") == ["paid"]
    assert vocab.names(["paid", " cancelled"]) == ["paid", "cancelled"]
    assert vocab.names(("paid",)) == ["paid"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([], "expected a name or a non-empty list of names, got []"),
        (3, "expected a name or a non-empty list of names, got 3"),
        (b"paid", "expected a name or a non-empty list of names, got b'paid'"),
        ({"paid"}, "expected a name or a non-empty list of names, got {'paid'}"),
        ("", "expected names such as 'paid', got ''"),
        (["paid", " "], "expected names such as 'paid', got ' '"),
        (["paid,cancelled"], "expected names such as 'paid', got 'paid,cancelled'"),
        (["paid", 3], "expected names such as 'paid', got 3"),
    ],
)
def test_names_reject_what_is_not_a_name(value: object, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        vocab.names(value)
    assert str(caught.value) == message


def test_names_say_what_the_caller_expected() -> None:
    def refusal(value: object) -> str:
        with pytest.raises(ValueError) as caught:
            vocab.names(value, expected="at least one order type", expected_item="type names")
        return str(caught.value)

    assert refusal([]) == "expected at least one order type, got []"
    assert refusal(["renew-service", 3]) == "expected type names, got 3"


def test_names_keep_what_the_caller_skips() -> None:
    unknown = object()
    assert vocab.names(["paid", unknown], skip=lambda v: v is unknown) == ["paid", unknown]


def test_constraint_fields_are_the_counts_the_prices_then_the_rest() -> None:
    assert vocab.CONSTRAINT_FIELDS[:6] == vocab.COUNT_CONSTRAINTS
    assert vocab.CONSTRAINT_FIELDS[6:8] == vocab.PRICE_CONSTRAINTS
    assert tuple(f"max_{price}" for price in vocab.PRICE_FIELDS) == vocab.PRICE_CONSTRAINTS
    assert set(vocab.PRICE_FIELDS) <= set(vocab.SORT_FIELDS) & set(vocab.PLAN_LOOKUP_OUTPUTS)


def test_split_names_flattens_repeated_and_comma_separated_values() -> None:
    assert vocab.split_names(["a,b", " c ", ",,", "d, "]) == ["a", "b", "c", "d"]
    assert vocab.split_names([]) == []
