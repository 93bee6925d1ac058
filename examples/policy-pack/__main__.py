"""Policy pack enforcing pulumi-vpsorg guardrails: ``pulumi preview --policy-pack <this dir>``.

Limits come from ``--policy-pack-config`` (see ``policy-config.example.json``); without it every
policy runs with the defaults of its config schema.
"""

from __future__ import annotations

from pulumi_policy import PolicyPack

from pulumi_vpsorg.policy import all_policies

PolicyPack(name="vpsorg-guardrails", policies=all_policies())
