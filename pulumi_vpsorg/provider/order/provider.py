"""``OrderProvider``: hosts an ``Order``'s behaviour as a Pulumi dynamic provider.

The behaviour (:mod:`~pulumi_vpsorg.provider.order.behaviour`) is imported on first call, so a
Pulumi program, which only pickles the provider, never loads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from .._base import BehaviourProvider

if TYPE_CHECKING:
    from .behaviour import OrderBehaviour

__all__ = ["OrderProvider"]


class OrderProvider(BehaviourProvider):
    """Hosts :class:`~pulumi_vpsorg.provider.order.behaviour.OrderBehaviour` as a dynamic
    provider. Holds nothing per instance."""

    check_modules: ClassVar[tuple[str, ...]] = (
        "pulumi_vpsorg.provider.order.behaviour",
        "pulumi_vpsorg.provider.order.rules",
    )
    runtime_modules: ClassVar[tuple[str, ...]] = (
        "pulumi_vpsorg.provider.order.inputs",
        "pulumi_vpsorg.provider.order.imported",
    )

    def act(self) -> OrderBehaviour:
        """The behaviour, imported on first call."""
        from .behaviour import OrderBehaviour

        return OrderBehaviour(self)

    def changed_properties(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        """The inputs whose desired value differs from the order as last read (``olds``)."""
        from .changes import changed_properties

        return changed_properties(olds, news)


# Pickled by reference, under the path states written before the order package existed name.
OrderProvider.__module__ = "pulumi_vpsorg.provider.order"
