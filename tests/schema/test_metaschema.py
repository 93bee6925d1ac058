"""``schema.json`` is valid for Pulumi: checked against Pulumi's package metaschema."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest

from .documents import METASCHEMA, NO_SHARED


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
