"""``vpsorg-quickstart``: every example program against a fake VPS.org API, in one command.

Starts :class:`~pulumi_vpsorg.testing.FakeVpsOrgApi` on loopback and runs each Pulumi project under
``examples/``:

- under the real Pulumi CLI when one is found (:func:`~pulumi_vpsorg.testing.engine.find_cli`):
  ``pulumi up`` in each example's directory, as its README says (with Pulumi's Python language
  host; without one, as an Automation API inline program), with a throwaway local backend and
  passphrase secrets, printing the CLI's own output;
- else through :func:`~pulumi_vpsorg.testing.harness.run_program` (in-process, Pulumi's runtime
  mocks standing in for the engine, this package's providers doing the real work over HTTP),
  printing each stack's outputs the way ``pulumi up`` does.

No account, no network beyond loopback. Exit status: 0 when every example ran, 1 when one
failed, 2 when no examples were found or the CLI asked for is missing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO

from ._console import console_script
from ._version import __version__

if TYPE_CHECKING:
    from .testing.engine import CliInfo
    from .testing.fake_api import FakeVpsOrgApi

__all__ = [
    "EXAMPLE_ORDER",
    "FAKE_API_CONFIG",
    "default_examples_dir",
    "find_examples",
    "format_outputs",
    "main",
]

#: Stack config each example needs against the fake API (its seed data is deterministic).
#: Order 6571 is an unpaid renewal whose server's renewal period can be changed.
FAKE_API_CONFIG: Final[Mapping[str, Mapping[str, Any]]] = {
    "order-settings": {"orderId": 6571, "autoPay": True, "billingCycle": 12},
}
#: The order the examples are shown in (the README's order); others follow by name.
EXAMPLE_ORDER: Final = ("plan-reference", "select-plan", "order-audit", "order-settings")
#: Lists longer than this are shortened unless ``--full`` is given.
LIST_LIMIT: Final = 12
_INDENT: Final = "    "


def default_examples_dir() -> Path:
    """``examples/`` of the source checkout this package runs from."""
    return Path(__file__).resolve().parents[1] / "examples"


def find_examples(directory: Path) -> list[Path]:
    """Pulumi projects (a ``Pulumi.yaml`` and a ``__main__.py``) directly under ``directory``."""
    if not directory.is_dir():
        return []
    found = [
        p
        for p in directory.iterdir()
        if p.is_dir() and (p / "Pulumi.yaml").is_file() and (p / "__main__.py").is_file()
    ]

    def rank(path: Path) -> tuple[int, str]:
        known = path.name in EXAMPLE_ORDER
        return (EXAMPLE_ORDER.index(path.name) if known else len(EXAMPLE_ORDER), path.name)

    return sorted(found, key=rank)


def _description(example: Path) -> str:
    # Imported here: pulumi_vpsorg.testing loads the fake API, which `--help` does not need.
    from .testing.project import project_setting

    return project_setting(example, "description") or ""


def _scalar(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list))


def _format_value(value: Any, depth: int, full: bool) -> list[str]:
    """Lines for ``value``; the first continues the ``key: `` line."""
    pad = _INDENT * (depth + 1)
    if isinstance(value, dict):
        if not value:
            return ["{}"]
        lines = ["{"]
        width = max(len(str(k)) for k in value)
        for key, item in value.items():
            sub = _format_value(item, depth + 1, full)
            lines.append(f"{pad}{key!s:<{width}}: {sub[0]}")
            lines.extend(sub[1:])
        lines.append(_INDENT * depth + "}")
        return lines
    if isinstance(value, list):
        shown = value if full or len(value) <= LIST_LIMIT else value[:LIST_LIMIT]
        more = len(value) - len(shown)
        suffix = f", ... {more} more ({len(value)} in all)" if more else ""
        if all(_is_scalar(v) for v in shown):
            return ["[" + ", ".join(_scalar(v) for v in shown) + suffix + "]"]
        lines = ["["]
        for item in shown:
            sub = _format_value(item, depth + 1, full)
            lines.append(pad + sub[0])
            lines.extend(sub[1:])
        if more:
            lines.append(f"{pad}... {more} more ({len(value)} in all)")
        lines.append(_INDENT * depth + "]")
        return lines
    return [_scalar(value)]


def format_outputs(
    outputs: Mapping[str, Any], secret: Sequence[str] | frozenset[str] = (), *, full: bool = False
) -> str:
    """Stack outputs as ``pulumi up`` prints them: one aligned line per key, nested blocks.

    Secret outputs show as ``[secret]``; long lists are shortened unless ``full``.
    """
    if not outputs:
        return f"{_INDENT}(no outputs)"
    width = max(len(k) for k in outputs)
    lines: list[str] = []
    for key, value in outputs.items():
        sub = ["[secret]"] if key in secret else _format_value(value, 1, full)
        lines.append(f"{_INDENT}{key:<{width}}: {sub[0]}")
        lines.extend(sub[1:])
    return "\n".join(lines)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")


def _announce(examples: Sequence[Path], api: FakeVpsOrgApi, out: TextIO) -> None:
    print(
        f"pulumi-vpsorg {__version__} quick start: {len(examples)} example programs against "
        f"a fake VPS.org API: plans at {api.url}, orders at {api.orders_url}",
        file=out,
    )


def _with_orders_host(config: Mapping[str, Any], api: FakeVpsOrgApi) -> dict[str, Any]:
    """The example's stack config and ``vpsorg:ordersApiUrl``: the fake's orders host, a port of
    its own, as the documents put orders on a host of their own (A1)."""
    from ._vocabulary import ORDERS_URL_CONFIG

    return {ORDERS_URL_CONFIG: api.orders_url, **config}


def _banner(example: Path, out: TextIO) -> dict[str, Any]:
    """Print the example's heading and the stack config it gets; return that config."""
    config = dict(FAKE_API_CONFIG.get(example.name, {}))
    print(f"\n=== {example.name}: {_description(example)}", file=out)
    if config:
        settings = ", ".join(f"{k}={_scalar(v)}" for k, v in config.items())
        print(f"{_INDENT}stack config: {settings}", file=out)
    out.flush()
    return config


def _run_all_under_cli(
    examples: Sequence[Path], cli: CliInfo, out: TextIO, err: TextIO
) -> tuple[int, int]:
    from .testing.engine import LocalBackend
    from .testing.fake_api import FakeVpsOrgApi

    directories = cli.runs_python_projects
    passed = failed = 0
    with FakeVpsOrgApi() as api, LocalBackend(cli) as backend:
        _announce(examples, api, out)
        how = (
            "from each example's directory (pulumi install, stack init, config set-all, up)"
            if directories
            else "as Automation API inline programs (no Python language host found)"
        )
        print(
            f"(pulumi up under the Pulumi CLI {cli.version_text} at {cli.pulumi}, {how}, with a "
            "throwaway local backend: no account needed)",
            file=out,
        )
        for example in examples:
            config = _banner(example, out)
            started = time.perf_counter()
            run = _up_in_directory if directories else _up_inline
            if run(example, backend, api.url, api.token, _with_orders_host(config, api), out):
                passed += 1
                print(
                    f"{_INDENT}pulumi up of {example.name}: {time.perf_counter() - started:.2f} s",
                    file=out,
                )
            else:
                failed += 1
                print(
                    f"{_INDENT}FAILED: pulumi up of {example.name} (output above) "
                    f"({time.perf_counter() - started:.2f} s)",
                    file=out,
                )
    return passed, failed


#: The stack the quick start makes in each example directory, and removes after: a name of its
#: own, so that a user's ``dev`` stack and its ``Pulumi.dev.yaml`` are never touched.
QUICKSTART_STACK: Final = "quickstart"


def _up_in_directory(
    example: Path,
    backend: Any,
    api_url: str,
    api_token: str,
    config: Mapping[str, Any],
    out: TextIO,
) -> bool:
    from .testing.engine import ProjectCommandError, ProjectStack

    def show(line: str) -> None:
        print(line, file=out, flush=True)

    stack = ProjectStack(backend, example, QUICKSTART_STACK)
    try:
        stack.install()
        stack.init().configure(api_url=api_url, api_token=api_token, config=config)
        stack.up(on_output=show)
    except ProjectCommandError as exc:
        # `up` printed its output, the error included, as it came; the others did not.
        if exc.args_[0] != "up":
            print(exc.output.rstrip(), file=out)
        return False
    finally:
        stack.forget()  # the backend, with the stack, is thrown away after the run
    return True


def _up_inline(
    example: Path,
    backend: Any,
    api_url: str,
    api_token: str,
    config: Mapping[str, Any],
    out: TextIO,
) -> bool:
    from pulumi import automation as auto

    from .testing.engine import set_stack_config

    try:
        stack = set_stack_config(
            backend.inline_stack(example, "dev"), api_url=api_url, api_token=api_token, config=config
        )
        stack.up(on_output=lambda line: print(line, file=out, flush=True))
    except auto.errors.CommandError:
        # The CLI's output, the error included, was printed as it came.
        return False
    return True


def _run_all(
    examples: Sequence[Path], full: bool, verbose: bool, out: TextIO, err: TextIO
) -> tuple[int, int]:
    # Imported here: `vpsorg-quickstart --help` should not pay for importing Pulumi.
    from .testing.fake_api import FakeVpsOrgApi
    from .testing.harness import run_program

    passed = failed = 0
    with FakeVpsOrgApi() as api:
        _announce(examples, api, out)
        print(
            "(in-process under Pulumi's runtime mocks: no account, no Pulumi CLI needed)", file=out
        )
        for example in examples:
            config = _banner(example, out)
            started = time.perf_counter()
            try:
                result = run_program(
                    example,
                    api_url=api.url,
                    api_token=api.token,
                    config=_with_orders_host(config, api),
                    stack="dev",
                )
            except Exception as exc:
                failed += 1
                print(f"{_INDENT}FAILED: {_first_line(exc)}", file=out)
                if verbose:
                    traceback.print_exc(file=err)
                continue
            passed += 1
            elapsed = time.perf_counter() - started
            resources = ", ".join(
                f"{r.type.rsplit(':', 1)[-1]} {r.name!r}" for r in result.resources
            )
            print(f"{_INDENT}resources: {resources or 'none'} ({elapsed:.2f} s)", file=out)
            print("Outputs:", file=out)
            print(format_outputs(result.outputs, result.secret_outputs, full=full), file=out)
    return passed, failed


@console_script("vpsorg-quickstart")
def main(argv: Sequence[str] | None = None) -> int:
    """Run the quick start; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="vpsorg-quickstart",
        description=(
            "Run every example Pulumi program of pulumi-vpsorg against a fake VPS.org API on "
            "loopback and print each stack's outputs. Memory is in MB, storage and bandwidth "
            "in GB, money in USD, billing cycles in months."
        ),
    )
    parser.add_argument(
        "--examples",
        type=Path,
        default=None,
        metavar="DIR",
        help="directory holding the example projects (default: examples/ of this checkout)",
    )
    parser.add_argument(
        "--only", action="append", metavar="NAME", help="run only this example (repeatable)"
    )
    parser.add_argument(
        "--engine",
        choices=("auto", "cli", "mocks"),
        default="auto",
        help=(
            "cli: pulumi up under the Pulumi CLI; mocks: in-process under Pulumi's runtime mocks; "
            "auto (default): the CLI when one is found, else the mocks"
        ),
    )
    parser.add_argument("--full", action="store_true", help="print long lists in full")
    parser.add_argument(
        "--verbose", action="store_true", help="print tracebacks of failing examples"
    )
    args = parser.parse_args(argv)
    out, err = sys.stdout, sys.stderr

    directory: Path = args.examples or default_examples_dir()
    examples = find_examples(directory)
    if not examples:
        print(
            f"vpsorg-quickstart: no example projects in {directory}; the examples ship with the "
            "source checkout: clone the repository and run it there, or pass --examples DIR",
            file=err,
        )
        return 2
    if args.only:
        wanted = set(args.only)
        unknown = sorted(wanted - {e.name for e in examples})
        if unknown:
            names = ", ".join(e.name for e in examples)
            print(
                f"vpsorg-quickstart: --only: no example {', '.join(unknown)}; examples: {names}",
                file=err,
            )
            return 2
        examples = [e for e in examples if e.name in wanted]

    cli: CliInfo | None = None
    if args.engine != "mocks":
        from .testing.engine import find_cli, how_to_get_the_cli

        cli = find_cli()
        if cli is None and args.engine == "cli":
            print(f"vpsorg-quickstart: --engine cli: {how_to_get_the_cli()}", file=err)
            return 2

    started = time.perf_counter()
    if cli is not None:
        passed, failed = _run_all_under_cli(examples, cli, out, err)
    else:
        passed, failed = _run_all(examples, args.full, args.verbose, out, err)
    elapsed = time.perf_counter() - started
    print(f"\n{passed} examples passed, {failed} failed ({elapsed:.1f} s)", file=out)
    if failed == 0:
        print(
            "Next: copy an example and run it with the Pulumi CLI (see its README.md), or choose "
            "a plan first with `vpsorg plans --help`.",
            file=out,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
