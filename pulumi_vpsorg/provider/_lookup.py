"""What the read-only lookups share: inputs taken as given, and a delete that only forgets.

The data-source functions of :mod:`pulumi_vpsorg.functions` leave nothing in state; the lookups
(:mod:`~pulumi_vpsorg.provider.plan_lookup`, :mod:`~pulumi_vpsorg.provider.orders_audit`,
:mod:`~pulumi_vpsorg.provider.order_lookup`) record the same reads as resource outputs, so policy
packs can see them and ``pulumi refresh`` shows drift (a price change, an order paid). ``create``
and ``update`` only read from the API; ``delete`` forgets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from ._behaviour import Behaviour, whole

__all__ = ["LOOKUP_IMPORT_HINT", "LookupBehaviour", "changed", "lookup_inputs"]

LOOKUP_IMPORT_HINT: Final = "A lookup needs no import: declaring it reads the API."


def lookup_inputs(props: Mapping[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    """The set ``keys`` of ``props``, integral floats as ints."""
    return {k: whole(props[k]) for k in keys if props.get(k) is not None}


def changed(olds: Mapping[str, Any], news: Mapping[str, Any], keys: Sequence[str]) -> list[str]:
    """The ``keys`` whose value differs (``12.0`` and ``12`` do not)."""
    return [k for k in keys if whole(olds.get(k)) != whole(news.get(k))]


class LookupBehaviour(Behaviour):
    """Shared behaviour: delete is a no-op (the plan catalogue is keyed by the client's scope)."""

    import_refusal = (
        "importing a lookup means nothing: it owns nothing at the API to adopt; declare it in "
        "the program instead (pulumi up reads the API), and import an Order to adopt an "
        "existing order"
    )
    delete_calls_api = False

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Read-only: nothing to delete at the API."""
