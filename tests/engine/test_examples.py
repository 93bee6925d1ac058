"""Every example project from its directory, as its README says, under the real CLI and the
Python language host: preview, up, an up with no changes, drift seen by refresh (and converged by
the next up for ``Order``), destroy, and no plaintext token anywhere."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pulumi_vpsorg.quickstart import FAKE_API_CONFIG, find_examples
from pulumi_vpsorg.testing import FakeVpsOrgApi
from pulumi_vpsorg.testing.engine import LocalBackend, ProjectStack
from pulumi_vpsorg.testing.harness import run_program

from .conftest import EXAMPLES, changes, resources, state_of

NAMES = [p.name for p in find_examples(EXAMPLES)]
SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d"


def documented_outputs(name: str) -> set[str]:
    """The names in backticks of the example README's ``## Outputs`` section."""
    text = (EXAMPLES / name / "README.md").read_text(encoding="utf-8")
    section = text.split("## Outputs", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`([A-Za-z]+)`", section))


def scan_for(token: str, *roots: Path) -> list[Path]:
    """Every file under ``roots`` whose bytes contain ``token``."""
    needle = token.encode()
    return [
        path
        for root in roots
        for path in root.rglob("*")
        if path.is_file() and needle in path.read_bytes()
    ]


def test_every_example_is_covered() -> None:
    assert set(NAMES) == {"plan-reference", "select-plan", "order-audit", "order-settings"}


def drift(name: str, api: FakeVpsOrgApi, stack: Any) -> tuple[Callable[[Any], Any], object]:
    """Changes the fake out of band for ``name``.

    :returns: a function reading the changed value from the stack's state, and the value it must
        read after a refresh.
    """
    if name in ("plan-reference", "select-plan"):
        lookup = state_of(stack, "vpsorg:PlanLookup")["outputs"]
        price = lookup["price_monthly"] + 2.5
        api.update_plan(int(lookup["plan_id"]), price_monthly=price)
        return (lambda s: state_of(s, "vpsorg:PlanLookup")["outputs"]["price_monthly"]), price
    if name == "order-audit":
        before = state_of(stack, "vpsorg:OrdersAudit")["outputs"]["unpaid_count"]
        unpaid = next(
            o for o in api.orders.values() if o["status"] in ("pending_payment", "processing")
        )
        api.update_order(unpaid["id"], status="paid", payment_date=unpaid["created_at"])
        return (
            lambda s: state_of(s, "vpsorg:OrdersAudit")["outputs"]["unpaid_count"]
        ), before - 1
    assert name == "order-settings"
    api.update_order(FAKE_API_CONFIG[name]["orderId"], auto_pay=False)
    return (lambda s: state_of(s, "vpsorg:Order")["outputs"]["auto_pay"]), False


def project_files(directory: Path) -> list[Path]:
    """The project's own files and its stack settings, not its virtualenv."""
    return [p for p in directory.iterdir() if p.name != "venv"]


@pytest.mark.parametrize("name", NAMES)
def test_example_as_a_directory_project(
    name: str,
    api: FakeVpsOrgApi,
    backend: LocalBackend,
    project: Callable[..., ProjectStack],
) -> None:
    """``cd examples/NAME``, ``pulumi stack init``, ``pulumi config set`` (the token with
    ``--secret``), ``pulumi preview``, ``pulumi up``, ``pulumi up`` again, drift made on the API
    and ``pulumi refresh``, ``pulumi destroy``: what the example's README says."""
    config = dict(FAKE_API_CONFIG.get(name, {}))
    expected = run_program(
        EXAMPLES / name, api_url=api.url, api_token=api.token, config=config
    ).outputs
    api.clear_requests()
    stack = project(name, **config)

    preview = json.loads(stack.preview("--json"))
    planned = {op: n for op, n in preview["changeSummary"].items() if n}
    assert set(planned) == {"create"}, planned

    # Past the first preview, steps skip their own (`--skip-preview`): their outcomes are what is
    # tested here; the README tests run each command as written, previews included.
    up = stack.up("--skip-preview")
    assert "Updating (" in up and "Outputs:" in up, up
    assert stack.last_changes() == planned
    outputs = stack.outputs(show_secrets=True)
    assert outputs == expected
    documented = documented_outputs(name)
    assert set(outputs) <= documented, f"undocumented outputs: {set(outputs) - documented}"

    # `--expect-no-changes` fails the command if anything would change.
    stack.up("--skip-preview", "--expect-no-changes")
    assert set(stack.last_changes()) == {"same"}, stack.last_changes()
    assert stack.outputs(show_secrets=True) == outputs

    # The token was set with `pulumi config set --secret`: no file holds it in plaintext.
    assert scan_for(api.token, backend.root, *project_files(stack.directory)) == []
    assert "secure:" in stack.settings_file.read_text()

    # Drift made out of band: refresh records it in state; for Order the next up converges.
    read, drifted = drift(name, api, stack)
    stack.refresh("--skip-preview")
    assert read(stack) == drifted
    stack.up("--skip-preview")
    if name == "order-settings":
        assert stack.last_changes().get("update") == 1, stack.last_changes()
        assert api.get_order(config["orderId"])["auto_pay"] is True
        assert read(stack) is True
    else:
        assert read(stack) == drifted
    stack.up("--skip-preview", "--expect-no-changes")
    assert scan_for(api.token, backend.root, *project_files(stack.directory)) == []

    orders_before = set(api.orders)
    stack.destroy("--skip-preview")
    assert set(stack.last_changes()) == {"delete"}, stack.last_changes()
    assert resources(stack) == []
    assert stack.outputs() == {}
    # delete_on_destroy is off in every example: destroying forgets, the API keeps every order.
    assert set(api.orders) == orders_before
    # Each request went to its own document's host: plans to the plans host, orders to the
    # orders host (the project sets both URLs, as against the real API).
    paths = [r.path for r in api.requests]
    assert [p for p in paths if not p.startswith(("/api/v1/plans/", "/v1/orders"))] == []
    reads_orders = any(p.startswith("/v1/orders") for p in paths)
    assert reads_orders == name.startswith("order-"), paths


def test_card_details_and_a_secret_promo_code_are_secrets_in_state(
    api: FakeVpsOrgApi, backend: LocalBackend, program_stack: Callable[..., Any]
) -> None:
    paid = next(o for o in api.orders.values() if o.get("payment_information"))
    # A promo code given as a secret stays one in `promo`, which echoes it, also once the
    # program leaves it unset (the order keeps the code) and changes something else.
    promoted = api.add_order(auto_pay=False, promo_applicable=True)["id"]
    runs: list[str] = []

    def program() -> None:
        import pulumi

        import pulumi_vpsorg as vpsorg

        vpsorg.Order("adopted", order_id=paid["id"])
        vpsorg.OrderLookup("looked-up", order_id=paid["id"])
        if runs:
            vpsorg.Order("promoted", order_id=promoted, auto_pay=True)
        else:
            code = pulumi.Output.secret("WELCOME10")
            vpsorg.Order("promoted", order_id=promoted, promo_code=code)

    stack = program_stack(program)

    def saved(name: str) -> dict[str, Any]:
        """The resource's outputs in the state file as the backend stores it (`stack export`
        would decrypt)."""
        [checkpoint] = backend.backend_dir.rglob(f"stacks/*/{stack.name}.json")
        resources = json.loads(checkpoint.read_text())["checkpoint"]["latest"]["resources"]
        [entry] = [r for r in resources if r["urn"].endswith(f"::{name}")]
        outputs: dict[str, Any] = entry["outputs"]
        return outputs

    def encrypted(value: Any) -> bool:
        return (
            isinstance(value, dict) and bool(value.get(SECRET_SIGNATURE)) and "ciphertext" in value
        )

    stack.up()
    for name in ("adopted", "looked-up"):
        assert encrypted(saved(name)["payment_information"])
    assert encrypted(saved("promoted")["promo"])
    assert encrypted(saved("promoted")["promo_code"])
    runs.append("again")
    assert "update" in changes(stack.up())
    assert encrypted(saved("promoted")["promo"])
    assert "WELCOME10" not in json.dumps(saved("promoted"))
    assert api.get_order(promoted)["promo"]["code"] == "WELCOME10"
    assert api.get_order(promoted)["auto_pay"] is True
    [checkpoint] = backend.backend_dir.rglob(f"stacks/*/{stack.name}.json")
    brand = paid["payment_information"]["brand"]
    assert f'"{brand}"' not in checkpoint.read_text()
    assert scan_for(api.token, backend.root) == []
