"""Policy pack enforcing pulumi-vpsorg guardrails: ``pulumi preview --policy-pack <this dir>``.

Configure limits with ``--policy-pack-config policy-config.example.json`` (or a copy of it).
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, PolicyPack

from pulumi_vpsorg.policy import all_policies

PolicyPack(
    name="vpsorg-guardrails",
    policies=all_policies(),
    enforcement_level=EnforcementLevel.MANDATORY,
)
