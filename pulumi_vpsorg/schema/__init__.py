"""The Pulumi package schema of pulumi-vpsorg, generated from the package's own definitions.

``python -m pulumi_vpsorg.schema > schema.json`` writes it; ``--check [FILE]`` exits 1 when
``FILE`` (default ``schema.json``) differs from what the code generates.

Sources, so that the schema follows the code:

- object types: the pydantic models (:mod:`pulumi_vpsorg.plans.models`,
  :mod:`pulumi_vpsorg.orders.models`, :class:`~pulumi_vpsorg.orders.summary.OrdersSummary`):
  their fields, annotations and ``Field`` descriptions;
- functions: the signatures and return annotations of :mod:`pulumi_vpsorg.functions`, and the
  fields its result classes annotate (a result mirroring a model is described by the model);
- resources: the constructors of the dynamic resources (inputs), the properties and options they
  register (outputs, secrets, replacements), the state their providers write
  (:mod:`pulumi_vpsorg._boundary` renames ``id``) and what their providers' ``diff`` replaces;
- config: :mod:`pulumi_vpsorg._vocabulary`; package metadata: the installed distribution.

One module per job:

- :mod:`~pulumi_vpsorg.schema.sources`: what is published (models, functions, resources);
- :mod:`~pulumi_vpsorg.schema.naming`: tokens, camelCase and the Python names codegen derives;
- :mod:`~pulumi_vpsorg.schema.wording`: units and descriptions the models do not carry (only
  wording lives there);
- :mod:`~pulumi_vpsorg.schema.introspection`: annotations as schema types, declared fields, where
  state keys come from, what a resource registers;
- :mod:`~pulumi_vpsorg.schema.build`: the schema assembled, and rendered as ``schema.json`` holds
  it;
- :mod:`~pulumi_vpsorg.schema.command`: the ``python -m pulumi_vpsorg.schema`` command.
"""

from __future__ import annotations

from .build import build_schema, render
from .command import main
from .naming import (
    PACKAGE,
    camel_case,
    dynamic_type,
    function_token,
    python_name,
    resource_token,
    type_token,
)
from .sources import DISTRIBUTION, FUNCTIONS, OBJECT_TYPES, RESOURCES

__all__ = [
    "DISTRIBUTION",
    "FUNCTIONS",
    "OBJECT_TYPES",
    "PACKAGE",
    "RESOURCES",
    "build_schema",
    "camel_case",
    "dynamic_type",
    "function_token",
    "main",
    "python_name",
    "render",
    "resource_token",
    "type_token",
]
