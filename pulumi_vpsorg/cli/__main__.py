"""``python -m pulumi_vpsorg.cli``: the same as the ``vpsorg`` command."""

from __future__ import annotations

from .command import main

if __name__ == "__main__":
    raise SystemExit(main())
