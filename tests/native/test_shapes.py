"""``pulumi_vpsorg.plugin.shapes``: the schema the plugin serves and reads is the packaged
``schema.json`` as it is, read without building it, and the names it converts agree with the
package's own naming for every name the package uses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pulumi.runtime.proto import provider_pb2

from pulumi_vpsorg.plugin import shapes
from pulumi_vpsorg.schema.naming import camel_case
from tests.native.plugin_server import PluginServer

PACKAGED = Path(shapes.__file__).resolve().parents[1] / "schema" / "schema.json"


def test_get_schema_answers_the_packaged_schema_json_as_it_is(plugin: PluginServer) -> None:
    response = plugin.call("GetSchema", provider_pb2.GetSchemaRequest(version=0))
    assert response.schema.encode("utf-8") == PACKAGED.read_bytes()


def test_serving_the_schema_and_a_lookup_builds_no_schema() -> None:
    # What a plugin process started for GetSchema alone, or for a preview of lookups, runs.
    program = """
import sys
from pulumi_vpsorg.plugin import shapes
shapes.schema_text()
inputs, outputs = shapes.resource_shapes("vpsorg:index:PlanLookup")
state = inputs.to_state({"minVcpus": 2.0, "location": "eu-central"})
assert state == {"min_vcpus": 2, "location": "eu-central"}, state
print(sorted(m for m in sys.modules if m.startswith("pulumi_vpsorg.schema")))
"""
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(done.stdout.replace("'", '"')) == []


def test_names_agree_with_the_package_naming_for_every_name_it_uses() -> None:
    table = shapes._snake_names()
    assert table["last4"] == "last_4"  # the one name the plain rule cannot invert
    for wire, key in table.items():
        assert shapes.snake(wire) == key
        assert shapes.camel(key) == camel_case(key) == wire
