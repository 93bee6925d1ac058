"""Each test leaves Pulumi's runtime as it found it (``tests/conftest.py``): mocks that one test
configured never swallow the warnings a later test reads from stderr, whatever the order."""

from __future__ import annotations

import threading
from typing import Any

import pulumi
import pytest
from pulumi.runtime import settings

from tests.conftest import pulumi_runtime_restored


class _Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        return f"{args.name}-id", args.inputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], None]:
        return {}, None


def _engine_in_a_new_thread() -> object:
    seen: list[object] = []
    thread = threading.Thread(target=lambda: seen.append(settings.get_engine()))
    thread.start()
    thread.join()
    return seen[0]


def test_mocks_set_by_a_test_are_gone_after_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert settings.get_engine() is None
    with pulumi_runtime_restored():
        settings.set_root_resource(object())  # type: ignore[arg-type]  # no stack of its own
        pulumi.runtime.set_mocks(_Mocks(), project="isolated", preview=False)
        assert settings.get_engine() is not None
        # Pulumi makes a setting that was None the default of every thread, too.
        assert _engine_in_a_new_thread() is not None
        assert settings.get_project() == "isolated"

    assert settings.get_engine() is None
    assert _engine_in_a_new_thread() is None
    assert settings.get_project() == "project"
    assert settings.get_root_resource() is None
    pulumi.log.warn("no engine: this goes to stderr")
    assert "warning: no engine: this goes to stderr" in capsys.readouterr().err
