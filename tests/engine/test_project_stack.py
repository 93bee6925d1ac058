"""``ProjectStack.configure`` under the real CLI: one ``pulumi config set-all`` stores what a
``pulumi config set`` per key would, and no error of it shows the token."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pulumi_vpsorg._http.errors import REDACTED
from pulumi_vpsorg.testing.engine import LocalBackend, ProjectCommandError, ProjectStack

TOKEN = "tok-configure-0123456789abcdef"


@pytest.fixture
def stack(backend: LocalBackend, tmp_path: Path) -> ProjectStack:
    (tmp_path / "Pulumi.yaml").write_text("name: configured\nruntime: python\n")
    return ProjectStack(backend, tmp_path, "dev").init()


def stored(stack: ProjectStack) -> dict[str, dict[str, object]]:
    shown = stack.pulumi("config", "--show-secrets", "--json").stdout
    found: dict[str, dict[str, object]] = json.loads(shown)
    return found


def test_configure_stores_the_url_the_token_as_a_secret_and_the_programs_keys(
    stack: ProjectStack,
) -> None:
    stack.configure(
        api_url="http://127.0.0.1:9/api/v1?x=a=b",
        api_token=TOKEN,
        config={"minVcpus": 2, "autoPay": True, "note": "-dash, comma"},
    )

    assert stored(stack) == {
        "vpsorg:apiUrl": {"value": "http://127.0.0.1:9/api/v1?x=a=b", "secret": False},
        "vpsorg:apiToken": {"value": TOKEN, "secret": True},
        "configured:minVcpus": {"value": "2", "secret": False},
        "configured:autoPay": {"value": "true", "secret": False},
        "configured:note": {"value": "-dash, comma", "secret": False},
    }
    assert TOKEN not in stack.settings_file.read_text()


def test_a_key_given_in_config_replaces_the_url_or_token_as_a_later_config_set_would(
    stack: ProjectStack,
) -> None:
    stack.configure(
        api_url="http://127.0.0.1:9/api/v1",
        api_token=TOKEN,
        config={"vpsorg:apiToken": "replaced", "vpsorg:apiUrl": "http://127.0.0.1:8/api/v1"},
    )

    values = stored(stack)
    assert values["vpsorg:apiToken"] == {"value": "replaced", "secret": False}
    assert values["vpsorg:apiUrl"]["value"] == "http://127.0.0.1:8/api/v1"


def test_a_failing_configure_does_not_show_the_token(stack: ProjectStack) -> None:
    with pytest.raises(ProjectCommandError) as caught:
        stack.configure(api_url="http://127.0.0.1:9/api/v1", api_token=TOKEN, config={"a:b:c": 1})

    error = caught.value
    assert error.returncode != 0 and "a:b:c" in str(error)
    assert "--secret" in error.args_ and f"vpsorg:apiToken={REDACTED}" in error.args_
    assert TOKEN not in str(error) + error.output + " ".join(error.args_)
