"""What the packaging tests share: the checkout's files as git sees them, a copy of them (so a
build never writes into the checkout), and the shell blocks of a README section, to run as
written."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: What the README's commands call the checkout.
CHECKOUT_PLACEHOLDER = "/path/to/pulumi-vpsorg"


def source_files(root: Path = ROOT) -> list[str]:
    """The checkout's files as git sees them: tracked or new, never ignored ones."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return sorted(name for name in listed.split("\0") if name and (root / name).is_file())


def copy_checkout(destination: Path) -> Path:
    """A copy of the checkout's files at ``destination`` (a checkout a user might have)."""
    for name in source_files():
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, destination / name)
    return destination


def shell_blocks(markdown: Path, section: str | None = None) -> list[str]:
    """The ```sh blocks of ``markdown``, or of its ``## section``."""
    text = markdown.read_text(encoding="utf-8")
    if section is not None:
        text = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```sh\n(.*?)^```$", text, flags=re.M | re.S)
