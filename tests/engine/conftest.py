"""The engine tier: the real Pulumi CLI, driven through the Automation API.

Each test gets a local file backend with passphrase secrets in a temporary directory (no account,
no plugin downloads) and a fake VPS.org API with a distinctive token. Under CI (``CI=true``) a
missing CLI fails the tier; elsewhere it skips with one line saying how to get one.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto

from pulumi_vpsorg._vocabulary import ORDERS_URL_CONFIG
from pulumi_vpsorg.testing import FakeVpsOrgApi
from pulumi_vpsorg.testing.engine import (
    CliInfo,
    LocalBackend,
    ProjectStack,
    find_cli,
    how_to_get_the_cli,
    set_stack_config,
)

from ..conftest import collect_pulumis_leftovers

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(autouse=True)
def _collect_pulumis_leftovers() -> Iterator[None]:
    """What an inline program left (its coroutines, after a failure) is collected after each
    test of the tier, not during a later one (tests/conftest.py)."""
    yield
    collect_pulumis_leftovers()


@pytest.fixture(scope="session")
def cli() -> CliInfo:
    found = find_cli()
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"engine tier under CI: {how_to_get_the_cli()}")
        pytest.skip(how_to_get_the_cli())
    return found


@pytest.fixture
def backend(cli: CliInfo) -> Iterator[LocalBackend]:
    with LocalBackend(cli) as local:
        yield local


@pytest.fixture
def api() -> Iterator[FakeVpsOrgApi]:
    # A token nothing else contains, so that a scan for it finds only leaks.
    with FakeVpsOrgApi(token=f"vpsorg-engine-{secrets.token_hex(12)}") as fake:
        yield fake


def configure(
    stack: Any, api: FakeVpsOrgApi, token: str | None = None, **config: object
) -> Any:
    """``vpsorg:apiUrl``, ``vpsorg:ordersApiUrl`` (the fake's orders host), ``vpsorg:apiToken``
    (secret) and the example's keys, with one ``pulumi config set-all``."""
    return set_stack_config(
        stack,
        api_url=api.url,
        api_token=api.token if token is None else token,
        config={ORDERS_URL_CONFIG: api.orders_url, **config},
    )


@pytest.fixture
def example_stack(
    backend: LocalBackend, api: FakeVpsOrgApi
) -> Callable[..., Any]:
    """``example_stack(name, stack="dev", token=None, **config)``: a configured example stack."""

    def make(name: str, stack: str = "dev", token: str | None = None, **config: object) -> Any:
        made = backend.inline_stack(EXAMPLES / name, stack)
        configure(made, api, token, **config)
        return made

    return make


@pytest.fixture
def program_stack(
    backend: LocalBackend, api: FakeVpsOrgApi
) -> Callable[..., Any]:
    """``program_stack(fn, stack="dev", token=None, **config)``: a configured inline program."""

    def make(
        program: Callable[[], None], stack: str = "dev", token: str | None = None, **config: object
    ) -> Any:
        made = backend.inline_stack("vpsorg-engine-test", stack, program)
        configure(made, api, token, **config)
        return made

    return make


@pytest.fixture
def project(
    backend: LocalBackend, api: FakeVpsOrgApi
) -> Iterator[Callable[..., ProjectStack]]:
    """``project(directory_or_example_name, token=None, **config)``: a new stack of a project
    directory, made as its README says: ``pulumi install``, ``pulumi stack init``, its settings
    (one ``pulumi config set-all``, the token a secret, both of the fake's hosts). Its settings file goes afterwards, the
    stack with the test's backend."""
    made: list[ProjectStack] = []

    def make(where: str | Path, token: str | None = None, **config: object) -> ProjectStack:
        directory = EXAMPLES / where if isinstance(where, str) else where
        # A name of its own: tests running at once may share the directory.
        stack = ProjectStack(backend, directory, f"test-{secrets.token_hex(4)}")
        stack.install()
        made.append(stack.init())
        return stack.configure(
            api_url=api.url,
            api_token=api.token if token is None else token,
            config={ORDERS_URL_CONFIG: api.orders_url, **config},
        )

    yield make
    for stack in made:
        stack.forget()  # the backend, with the stack, is thrown away after the test


def values(outputs: Mapping[str, Any]) -> dict[str, Any]:
    """Stack outputs as plain values."""
    return {key: out.value for key, out in outputs.items()}


def changes(result: Any) -> dict[str, int]:
    """The resource changes of an up, preview, refresh or destroy, without zero counts."""
    summary = getattr(result, "summary", None)
    counts = summary.resource_changes if summary is not None else result.change_summary
    return {op: n for op, n in (counts or {}).items() if n}


def failure(run: Callable[[], Any]) -> str:
    """The CLI's output of a run that must fail."""
    with pytest.raises(auto.errors.CommandError) as raised:
        run()
    return str(raised.value)


def resources(stack: Any) -> list[dict[str, Any]]:
    """The resources in the stack's state (``pulumi stack export``)."""
    if isinstance(stack, ProjectStack):
        return stack.resources()
    found: list[dict[str, Any]] = stack.export_stack().deployment.get("resources") or []
    return found


def state_of(stack: Any, type_suffix: str, name: str | None = None) -> dict[str, Any]:
    """One resource's state entry, by the end of its type token (``vpsorg:Order``)."""
    matching = [
        r
        for r in resources(stack)
        if r["type"].endswith(type_suffix) and (name is None or r["urn"].endswith(f"::{name}"))
    ]
    assert len(matching) == 1, [r["urn"] for r in resources(stack)]
    return matching[0]
