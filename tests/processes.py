"""Child processes started as a terminal starts them.

A background job of a non-interactive shell runs with SIGINT ignored, and an ignored signal stays
ignored across ``exec``: a test run started that way would hand its children a Ctrl-C they never
see (a CLI that does not stop, a server that outlives its test). Tests that interrupt a child
restore the default action in it first, as a user's terminal has it.
"""

from __future__ import annotations

import signal

__all__ = ["default_sigint"]


def default_sigint() -> None:
    """``preexec_fn`` for ``subprocess.Popen``: SIGINT at its default action in the child."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
