"""The engine asks for no plugin named ``vpsorg``: the package's ``pulumi-plugin.json`` says it is
no resource plugin, so the Python language host reports none (without the file the host reports
every ``pulumi-*`` pip package as one, and the engine tries to download it). Automatic plugin
acquisition is left on, as users have it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from pulumi_vpsorg.testing.engine import ProjectStack

from ._directory import plugins

PLUGIN_JSON = Path(__file__).resolve().parents[2] / "pulumi_vpsorg" / "pulumi-plugin.json"


def test_the_package_states_it_is_no_resource_plugin() -> None:
    assert json.loads(PLUGIN_JSON.read_text()) == {"resource": False}


def test_no_plugin_vpsorg_is_listed_or_fetched(project: Callable[..., ProjectStack]) -> None:
    stack = project("plan-reference")
    assert "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION" not in stack.backend.env()

    assert plugins(stack) == ["python"]

    done = stack.pulumi("preview", "--verbose=9", "--logtostderr")
    log = done.stdout + done.stderr
    assert "GetRequiredPlugins" in log or "GetRequiredPackages" in log  # the host was asked
    assert "pulumi-resource-vpsorg" not in log
    assert "vpsorg-v" not in log  # a download's archive name: pulumi-resource-vpsorg-v0.1.0-...
    assert "Downloading plugin" not in log
