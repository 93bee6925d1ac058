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


def test_the_callers_go_runtime_settings_reach_the_cli_and_nothing_else_of_its_environment(
    backend: LocalBackend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: tuned\nruntime: python\n")
    stack = ProjectStack(backend, tmp_path, "dev")
    monkeypatch.delenv("GOGC", raising=False)
    monkeypatch.delenv("GOMEMLIMIT", raising=False)
    monkeypatch.setenv("VPSORG_UNRELATED", "x")
    assert {"GOGC", "GOMEMLIMIT", "VPSORG_UNRELATED"}.isdisjoint(backend.env())
    assert stack.pulumi("version").returncode == 0

    monkeypatch.setenv("GOGC", "400")
    monkeypatch.setenv("GOMEMLIMIT", "2GiB")
    assert backend.env()["GOGC"] == "400"
    assert stack.pulumi("version").returncode == 0

    # The Go runtime refuses a malformed limit before the CLI's own code runs: proof that the
    # setting reached the process.
    monkeypatch.setenv("GOMEMLIMIT", "not-a-size")
    refused = stack.pulumi("version", check=False)
    assert refused.returncode != 0
    assert "GOMEMLIMIT" in refused.stderr, refused.stderr
