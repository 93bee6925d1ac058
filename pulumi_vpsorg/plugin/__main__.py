"""``python -m pulumi_vpsorg.plugin``: the same as ``pulumi-resource-vpsorg``."""

from __future__ import annotations

import sys

from .server import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
