"""What every console script shares: a quiet exit when the reader of its output goes away.

``vpsorg plans | head -3`` closes the pipe while the command may still be writing. Python then
raises ``BrokenPipeError`` at the next write or at the final flush, and prints a traceback or
"Exception ignored" at exit. :func:`quiet_on_closed_pipe` ends the command without a word instead.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Final, ParamSpec

__all__ = ["EXIT_CLOSED_PIPE", "quiet_on_closed_pipe"]

P = ParamSpec("P")

#: Exit status when the output's reader left before the command finished (as Python's docs advise).
EXIT_CLOSED_PIPE: Final = 1


def _silence_stdout() -> None:
    # Later flushes (at interpreter exit) must not fail again: point stdout at /dev/null.
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # stdout is not a real file (captured in tests): nothing left to flush
    finally:
        os.close(devnull)


def quiet_on_closed_pipe(main: Callable[P, int]) -> Callable[P, int]:
    """Wrap a console script's ``main``: its output is flushed before it returns, and a closed
    pipe ends it with :data:`EXIT_CLOSED_PIPE`, printing nothing."""

    @functools.wraps(main)
    def run(*args: P.args, **kwargs: P.kwargs) -> int:
        try:
            try:
                return main(*args, **kwargs)
            finally:
                # Inside the try: with a closed pipe, the last buffered write fails here.
                sys.stdout.flush()
        except BrokenPipeError:
            _silence_stdout()
            return EXIT_CLOSED_PIPE

    return run
