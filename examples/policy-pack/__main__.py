"""Policy pack enforcing pulumi-vpsorg guardrails: ``pulumi preview --policy-pack <this dir>``.

Limits come from ``--policy-pack-config`` (see ``policy-config.example.json``); without it every
policy runs with the defaults of its config schema. The pack's virtualenv (``venv``) is made by
``pulumi install`` in this directory; without what it needs the pack stops at once, saying so.
"""

from __future__ import annotations

import sys
from pathlib import Path

try:
    from pulumi_policy import PolicyPack

    from pulumi_vpsorg.policy import all_policies
except ImportError as exc:  # the virtualenv is missing a package: say how to make it
    here = Path(__file__).resolve().parent
    sys.exit(
        f"vpsorg-guardrails: cannot load the policy pack ({exc}). Its virtualenv {here / 'venv'} "
        f"lacks what requirements.txt lists: run `pulumi install` in {here}, then run the "
        "preview again."
    )

PolicyPack(name="vpsorg-guardrails", policies=all_policies())
