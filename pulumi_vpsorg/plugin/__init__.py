"""The native Pulumi provider plugin ``pulumi-resource-vpsorg``: the package's resources and
functions for programs in any language (TypeScript, Go, YAML, Python through a generated SDK).

It hosts the same behaviours as the dynamic providers (:mod:`pulumi_vpsorg.provider`): one
behaviour per resource, two hosts. See ``docs/native.md``.

- :mod:`~pulumi_vpsorg.plugin.server`: the process (port printed, serve until stopped);
- :mod:`~pulumi_vpsorg.plugin.servicer`: the provider gRPC interface;
- :mod:`~pulumi_vpsorg.plugin.served`: type and function tokens to behaviours and functions;
- :mod:`~pulumi_vpsorg.plugin.shapes`: the schema's names against the behaviours' state keys;
- :mod:`~pulumi_vpsorg.plugin.wire`: ``Struct`` values, secrets and unknowns;
- :mod:`~pulumi_vpsorg.plugin.host`: settings and the client the behaviours use.
"""

from __future__ import annotations

__all__ = ["main"]


def main() -> int:
    """Entry point of the ``pulumi-resource-vpsorg`` console script."""
    import sys

    from .server import main as serve

    return serve(sys.argv[1:])
