"""Errors as a user reads them in the CLI's output: the package's message leads.

Data-source functions and resource constructors raise errors Pulumi prints without a traceback
(``pulumi.RunError``); a provider error reaches the engine under the provider host's three frames,
not under every frame down to the line that raised.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pulumi

import pulumi_vpsorg as vpsorg
from pulumi_vpsorg.quickstart import FAKE_API_CONFIG
from pulumi_vpsorg.testing import FakeVpsOrgApi

from .conftest import failure

MAX_PROVIDER_FRAMES = 3


def diagnostics(output: str) -> str:
    """The ``Diagnostics:`` part of the CLI's output."""
    assert "Diagnostics:" in output, output
    return output.split("Diagnostics:", 1)[1].split("\nResources:", 1)[0]


def first_error(output: str) -> str:
    """The first ``error:`` line of the diagnostics that is not the engine's summary."""
    lines = [
        line.strip()
        for line in diagnostics(output).splitlines()
        if line.strip().startswith("error:") and line.strip() != "error: update failed"
    ]
    assert lines, output
    return lines[0]


def frames(output: str) -> int:
    """Traceback frames in the diagnostics."""
    return len(re.findall(r'^\s*File "', diagnostics(output), flags=re.MULTILINE))


def test_a_wrong_token_reads_as_the_apis_401_without_a_traceback(
    example_stack: Callable[..., Any],
) -> None:
    stack = example_stack("plan-reference", token="not-the-token")

    output = failure(stack.up)

    assert "401" in first_error(output), first_error(output)
    assert "Traceback" not in output
    assert "not-the-token" not in output


def test_select_plan_with_no_fit_leads_with_what_failed(
    example_stack: Callable[..., Any],
) -> None:
    stack = example_stack("select-plan", minVcpus=64)

    output = failure(stack.up)

    assert "No plan matches min_vcpus=64" in first_error(output), first_error(output)
    assert "vcpus 8 < min_vcpus 64" in output  # the nearest plan and what it misses
    assert "Traceback" not in output


def test_plan_lookup_with_no_fit_is_not_buried_in_a_traceback(
    program_stack: Callable[..., Any],
) -> None:
    stack = program_stack(lambda: vpsorg.PlanLookup("big", min_vcpus=999))

    output = failure(stack.up)

    assert "No plan matches min_vcpus=999" in diagnostics(output)
    assert "PlanLookup (big)" in diagnostics(output)
    assert frames(output) <= MAX_PROVIDER_FRAMES, diagnostics(output)


def test_a_read_only_token_on_order_names_the_problem(
    api: FakeVpsOrgApi, example_stack: Callable[..., Any]
) -> None:
    config = dict(FAKE_API_CONFIG["order-settings"])
    before = api.get_order(config["orderId"])
    stack = example_stack("order-settings", token=api.read_only_token, **config)

    output = failure(stack.up)

    assert "read-only" in diagnostics(output).lower(), diagnostics(output)
    assert "Order (order)" in diagnostics(output)
    assert frames(output) <= MAX_PROVIDER_FRAMES, diagnostics(output)
    assert api.read_only_token not in output
    assert api.get_order(config["orderId"]) == before  # nothing was changed


def test_importing_an_order_ends_in_the_packages_message(
    api: FakeVpsOrgApi, program_stack: Callable[..., Any]
) -> None:
    def program() -> None:
        vpsorg.Order("adopted", order_id=6571, opts=pulumi.ResourceOptions(import_="6571"))

    stack = program_stack(program)

    output = failure(stack.up)

    message = first_error(output)
    assert "cannot work for Pulumi dynamic resources" in message, message
    assert "declare Order(name, order_id=...) without import_" in message
    assert "Traceback" not in output


def test_bad_inputs_are_refused_at_check_naming_the_field_before_any_request(
    api: FakeVpsOrgApi, program_stack: Callable[..., Any]
) -> None:
    stack = program_stack(
        lambda: vpsorg.PlanLookup("bad", min_vcpus=-1, max_price_monthly="1e1000000")
    )
    api.clear_requests()

    output = failure(stack.preview)

    found = diagnostics(output)
    assert "property min_vcpus value {-1} has a problem: expected a number >= 0" in found
    assert "property max_price_monthly value {1e1000000} has a problem" in found
    assert "Traceback" not in output
    assert api.requests == []
