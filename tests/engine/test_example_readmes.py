"""Each example's README, run as written from the checkout: the "Run it with the Pulumi CLI"
commands (``cd``, ``pulumi login --local``, ``pulumi install``, ``stack init``, ``config set``,
the token typed at the ``--secret`` prompt), then the fake-API commands, then ``pulumi up``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pulumi_vpsorg.quickstart import FAKE_API_CONFIG
from pulumi_vpsorg.testing import FakeVpsOrgApi
from pulumi_vpsorg.testing.engine import LocalBackend, install
from pulumi_vpsorg.testing.harness import run_program

from ..packaging_support import ROOT, shell_blocks
from ._directory import run_block
from .conftest import EXAMPLES
from .test_examples import NAMES


def readme_session(name: str, port: int) -> str:
    """The README's commands in the order a user rehearsing on the fake API types them: the
    first block up to ``pulumi up``, the fake API's ``config set`` lines, then ``pulumi up``."""
    first, fake = shell_blocks(EXAMPLES / name / "README.md", "Run it with the Pulumi CLI")[:2]
    lines = [line for line in first.splitlines() if line.strip()]
    assert lines[-1] == "pulumi up", first
    fake_lines = fake.splitlines()
    assert "vpsorg-fake-api --port 8080 --token dev-token" in fake_lines[0], fake
    session = [*lines[:-1], *fake_lines[1:], "pulumi up"]
    return "\n".join(session).replace("127.0.0.1:8080", f"127.0.0.1:{port}")


@pytest.mark.parametrize("name", NAMES)
def test_the_examples_readme_runs_as_written(
    name: str, backend: LocalBackend, tmp_path: Path
) -> None:
    config = FAKE_API_CONFIG.get(name, {})
    with FakeVpsOrgApi(token="dev-token") as api:
        expected = run_program(
            EXAMPLES / name, api_url=api.url, api_token=api.token, config=dict(config)
        ).outputs
        install(backend, EXAMPLES / name)  # what the README's `pulumi install` does, once
        settings = EXAMPLES / name / "Pulumi.dev.yaml"
        kept = settings.read_bytes() if settings.exists() else None
        # `pulumi login --local` writes its choice into PULUMI_HOME (the backend's own); the
        # backend's PULUMI_BACKEND_URL still wins, so the state stays in the backend's directory.
        env = {"HOME": str(tmp_path)}
        try:
            # The first prompt is `pulumi config set vpsorg:apiToken --secret`.
            printed = run_block(
                backend, ROOT, readme_session(name, api.port), env, stdin="dev-token\n"
            )
            assert "Updating (dev):" in printed, printed
            # Typed at the `--secret` prompt: encrypted in the settings file and the state.
            state = [p for p in backend.backend_dir.rglob("*") if p.is_file()]
            assert [p.name for p in state if p.suffix == ".json" and "stacks" in p.parts]
            assert not [p for p in [*state, settings] if b"dev-token" in p.read_bytes()]
            shown = run_block(
                backend,
                EXAMPLES / name,
                "pulumi stack output --json --show-secrets && pulumi destroy --yes "
                "&& pulumi stack rm --yes dev",
                env,
            )
        finally:
            settings.unlink(missing_ok=True)
            if kept is not None:
                settings.write_bytes(kept)
    outputs = json.loads(shown[: shown.rindex("}") + 1])
    # The README's own config lines may differ from the quick start's (planSlug, location).
    assert set(outputs) == set(expected)
