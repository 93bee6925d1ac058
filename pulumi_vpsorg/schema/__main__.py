"""``python -m pulumi_vpsorg.schema``: see :func:`pulumi_vpsorg.schema.command.main`."""

from __future__ import annotations

from .command import main

if __name__ == "__main__":
    raise SystemExit(main())
