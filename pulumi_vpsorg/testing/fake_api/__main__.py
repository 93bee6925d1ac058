"""``vpsorg-fake-api``: serve the fake API until SIGINT/SIGTERM, printing its settings.

It prints the environment a client needs (``VPSORG_API_URL``; ``VPSORG_ORDERS_API_URL``, the
fake's orders host on a port of its own; ``VPSORG_API_TOKEN``, ``VPSORG_API_READ_ONLY_TOKEN``). Bad arguments are refused in
one line with status 2, a port it cannot listen on in one line with status 1. Once nobody reads
its output any more (``vpsorg-fake-api | head -1``) it stops quietly with status 1.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import select
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any, NoReturn, TypeVar

from pulumi_vpsorg._console import console_script
from pulumi_vpsorg.testing.fake_api import settings
from pulumi_vpsorg.testing.fake_api.server import FakeVpsOrgApi

__all__ = ["main"]

PROG = "vpsorg-fake-api"
EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2

_T = TypeVar("_T")
#: The constructor's setting names as the flags that give them.
_FLAGS = {
    "read_only_token": "--read-only-token",
    "token": "--token",
    "order_count": "--orders",
    "latency": "--latency",
    "port": "--port",
    "orders_port": "--orders-port",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line, argparse's wording, status 2 (no usage block: the line names the flag)."""
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _argument(parse: Callable[[str], _T]) -> Callable[[str], _T]:
    def convert(text: str) -> _T:
        try:
            return parse(text)
        except ValueError as exc:
            # The setting's own message, without its Python name (the flag is named by argparse).
            raise argparse.ArgumentTypeError(str(exc).split(" ", 1)[1]) from None

    return convert


def _whole(text: str) -> int:
    body = text.strip().removeprefix("-").removeprefix("+")
    if not body.isascii() or not body.isdigit():
        raise ValueError(f"value must be a whole number, not {text[:40]!r}")
    if len(body) > 4000:  # int() refuses past 4300 digits
        raise ValueError("value must be a whole number of at most 4000 digits")
    return int(text)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"value must be a number, not {text[:40]!r}") from None


def _port(text: str) -> int:
    return settings.check_port(_whole(text))


def _orders_port(text: str) -> int:
    return settings.check_port(_whole(text), "orders_port")


def _orders(text: str) -> int:
    return settings.check_count("order_count", _whole(text), 0, settings.MAX_ORDERS)


def _latency(text: str) -> float:
    return settings.check_seconds("latency", _number(text), 0, settings.MAX_LATENCY)


def _token(text: str) -> str:
    return settings.check_token("token", text)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Serve a fake VPS.org API on loopback.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--port", type=_argument(_port), default=0, help="0 (default) picks a free port"
    )
    parser.add_argument(
        "--orders-port",
        type=_argument(_orders_port),
        default=0,
        help="the orders host's port; 0 (default) picks a free port",
    )
    parser.add_argument(
        "--token", type=_argument(_token), default=None, help="read+write token (random if unset)"
    )
    parser.add_argument(
        "--read-only-token", type=_argument(_token), default=None, help="read-only token"
    )
    parser.add_argument(
        "--orders",
        type=_argument(_orders),
        default=1796,
        help=f"number of seeded orders (default 1796, at most {settings.MAX_ORDERS})",
    )
    parser.add_argument("--seed", type=_argument(_whole), default=0)
    parser.add_argument(
        "--latency",
        type=_argument(_latency),
        default=0.0,
        help=f"seconds before each response (at most {settings.MAX_LATENCY:g})",
    )
    return parser


@console_script(PROG)
def main(argv: list[str] | None = None) -> int:
    """Run the fake API until SIGINT/SIGTERM or until its output is no longer read."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        api = FakeVpsOrgApi(
            token=args.token,
            read_only_token=args.read_only_token,
            host=args.host,
            port=args.port,
            orders_port=args.orders_port,
            order_count=args.orders,
            seed=args.seed,
            latency=args.latency,
        )
    except ValueError as exc:  # settings that only clash together (the two tokens)
        name, _, reason = str(exc).partition(" ")
        for setting, flag in _FLAGS.items():
            reason = reason.replace(setting, flag)
        parser.error(f"argument {_FLAGS.get(name, name)}: {reason}")
    try:
        api.start()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        where = exc.filename or f"{args.host}:{args.port}"
        print(f"{PROG}: error: cannot listen on {where}: {reason}", file=sys.stderr)
        return EXIT_FAILURE
    done = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        done.set()

    previous: dict[signal.Signals, Any] = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        # Outside the main thread signals cannot be caught; the caller stops us another way.
        with contextlib.suppress(ValueError):
            previous[sig] = signal.signal(sig, on_signal)
    try:
        try:
            print(f"VPSORG_API_URL={api.url}", flush=True)
            print(f"VPSORG_ORDERS_API_URL={api.orders_url}", flush=True)
            print(f"VPSORG_API_TOKEN={api.token}", flush=True)
            print(f"VPSORG_API_READ_ONLY_TOKEN={api.read_only_token}", flush=True)
        except BrokenPipeError:
            return _reader_gone()
        reader_gone = _reader_watch()
        while not done.wait(0.2):
            if reader_gone():
                return _reader_gone()
        return EXIT_OK
    finally:
        api.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _reader_gone() -> int:
    # Nothing more can be said on stdout; point it at devnull so that the interpreter's final
    # flush does not print a BrokenPipeError either.
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return EXIT_FAILURE


def _reader_watch() -> Callable[[], bool]:
    """A check of whether stdout is a pipe whose reader has closed it (POLLERR on Linux and
    macOS); on other outputs, or without poll(), it never reports."""
    try:
        fd = sys.stdout.fileno()
        poller = select.poll()
    except (AttributeError, OSError, ValueError):
        return lambda: False
    poller.register(fd, 0)  # POLLERR and POLLHUP are always reported

    def gone() -> bool:
        return any(event & (select.POLLERR | select.POLLHUP) for _, event in poller.poll(0))

    return gone


if __name__ == "__main__":
    raise SystemExit(main())
