"""What every console script shares: text a terminal shows safely, and a clean end on a bad output.

- Text from elsewhere (the API, a file, an argument) may hold control characters: an escape
  sequence in a plan name sets the terminal's title or clears the screen, a newline forges a table
  row. :func:`escape` shows them as Python escapes (``\\x1b``), together with whatever the
  output's encoding cannot carry (``\\xe9`` under ``PYTHONIOENCODING=ascii``).
- :func:`console_script` wraps a script's ``main`` so that it never ends in a traceback because of
  its terminal: standard output closed (``>&-``), standard error closed (``2>&-``: errors are then
  lost, never written to stdout), an encoding that cannot carry the text, a reader that leaves
  (``| head``), a full disk.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import sys
import unicodedata
from collections.abc import Callable, Iterator
from typing import IO, Final, ParamSpec, TextIO, cast

__all__ = [
    "EXIT_CLOSED_PIPE",
    "EXIT_INTERRUPTED",
    "EXIT_NO_OUTPUT",
    "console_script",
    "escape",
    "quiet_on_closed_pipe",
    "terminal_safe",
]

P = ParamSpec("P")

#: Exit status when the output's reader left before the command finished (as Python's docs advise).
EXIT_CLOSED_PIPE: Final = 1
#: Exit status when standard output is closed or cannot be written (``>&-``, ``>/dev/full``).
EXIT_NO_OUTPUT: Final = 1
#: Exit status after Ctrl-C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED: Final = 130

#: Control, format (bidirectional overrides, zero-width), surrogate and line/paragraph separators.
_UNSAFE: Final = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_SHORT: Final = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(char: str) -> str:
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def escape(text: str, encoding: str | None = None, *, keep: str = "") -> str:
    """``text`` with every control, format or separator character (but those in ``keep``) shown
    as a Python escape (``\\x1b``, ``\\u202e``), and so is every character ``encoding`` cannot
    carry. The result holds no character a terminal acts on.
    """
    if not text.isprintable():
        text = "".join(
            _escaped(c) if c not in keep and unicodedata.category(c) in _UNSAFE else c for c in text
        )
    if encoding is not None:
        try:
            text.encode(encoding)
        except UnicodeEncodeError:
            text = text.encode(encoding, "backslashreplace").decode(encoding)
        except LookupError:  # an encoding Python does not know: keep to ASCII
            text = text.encode("ascii", "backslashreplace").decode("ascii")
    return text


class OutputError(Exception):
    """Standard output could not be written (other than a reader gone): the command stops."""


class _TerminalText:
    """A text stream that writes through :func:`escape` (line breaks and tabs kept)."""

    def __init__(self, stream: IO[str], *, is_stdout: bool) -> None:
        self._stream = stream
        self._is_stdout = is_stdout
        self.encoding: str = getattr(stream, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        with self._failures():
            self._stream.write(escape(text, self.encoding, keep="\n\t"))
        return len(text)

    def flush(self) -> None:
        with self._failures():
            self._stream.flush()

    def fileno(self) -> int:
        return self._stream.fileno()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def writable(self) -> bool:
        return True

    @property
    def closed(self) -> bool:
        return bool(getattr(self._stream, "closed", False))

    @contextlib.contextmanager
    def _failures(self) -> Iterator[None]:
        try:
            yield
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:  # EBADF, ENOSPC, EIO; ValueError: file closed
            if self._is_stdout:
                raise OutputError(getattr(exc, "strerror", None) or str(exc)) from None
            # Standard error that cannot be written: nothing else can be told either.


def terminal_safe(stream: IO[str], *, is_stdout: bool = False) -> TextIO:
    """``stream`` writing only what a terminal shows as text (see :func:`escape`)."""
    if isinstance(stream, _TerminalText):
        return cast("TextIO", stream)
    return cast("TextIO", _TerminalText(stream, is_stdout=is_stdout))


def _reserve_standard_fds() -> None:
    # A closed 0, 1 or 2 would be taken by the next file or socket opened, and a child process
    # would then write its output into it: hold each closed one open on /dev/null instead.
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            devnull = os.open(os.devnull, os.O_RDWR)
            if devnull != fd:
                os.dup2(devnull, fd)
                os.close(devnull)


def _silence_stdout() -> None:
    # Later flushes (at interpreter exit) must not fail again: point stdout at /dev/null.
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        pass  # stdout is not a real file (captured in tests): nothing left to flush
    finally:
        os.close(devnull)


def _usable(stream: IO[str] | None) -> bool:
    if stream is None:
        return False
    try:
        os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        # Not a real file (a test's capture) counts as usable; a closed one does not.
        return not getattr(stream, "closed", False)
    return True


def console_script(prog: str) -> Callable[[Callable[P, int]], Callable[P, int]]:
    """Wrap the ``main`` of the console script ``prog``.

    While it runs, ``sys.stdout`` and ``sys.stderr`` write through :func:`escape`. Its output is
    flushed before it returns. It ends with :data:`EXIT_CLOSED_PIPE`, printing nothing, when the
    reader of its output left; with :data:`EXIT_NO_OUTPUT` and one line on stderr when stdout is
    closed or cannot be written; with :data:`EXIT_INTERRUPTED` and one line after Ctrl-C. With
    stderr closed, what it would say there is dropped.
    """

    def wrap(main: Callable[P, int]) -> Callable[P, int]:
        @functools.wraps(main)
        def run(*args: P.args, **kwargs: P.kwargs) -> int:
            _reserve_standard_fds()
            saved = sys.stdout, sys.stderr
            err_stream: IO[str] = sys.stderr if _usable(sys.stderr) else open(os.devnull, "w")  # noqa: SIM115
            sys.stderr = terminal_safe(err_stream)
            try:
                if not _usable(saved[0]):
                    print(f"{prog}: error: standard output is closed", file=sys.stderr)
                    return EXIT_NO_OUTPUT
                sys.stdout = terminal_safe(saved[0], is_stdout=True)
                try:
                    try:
                        return main(*args, **kwargs)
                    finally:
                        # Inside the try: with a closed pipe, the last buffered write fails here.
                        sys.stdout.flush()
                except BrokenPipeError:
                    _silence_stdout()
                    return EXIT_CLOSED_PIPE
                except OutputError as exc:
                    _silence_stdout()
                    print(f"{prog}: error: cannot write the output: {exc}", file=sys.stderr)
                    return EXIT_NO_OUTPUT
                except KeyboardInterrupt:
                    print(f"{prog}: interrupted", file=sys.stderr)
                    return EXIT_INTERRUPTED
            finally:
                sys.stdout, sys.stderr = saved
                if err_stream is not saved[1]:
                    err_stream.close()

        return run

    return wrap


def quiet_on_closed_pipe(main: Callable[P, int]) -> Callable[P, int]:
    """:func:`console_script` named after the running program (kept for older callers)."""
    return console_script(os.path.basename(sys.argv[0]) or "python")(main)
