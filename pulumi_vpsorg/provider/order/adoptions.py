"""Which orders a ``create`` adopted in this provider process.

One deployment (``pulumi up``) runs one provider process, dynamic or native, so a replacement's or
a rename's new resource and the old one it makes the engine delete meet here: the old one's
delete then forgets the order instead of deleting what the new one now manages. ``pulumi
destroy`` is a later deployment, in a new process, with none recorded.
"""

from __future__ import annotations

import threading

__all__ = ["adopted_here", "forget_adoptions", "record_adoption"]

#: By orders URL and order id.
_ADOPTED: set[tuple[str, int]] = set()
_LOCK = threading.Lock()


def record_adoption(orders_api_url: str, order_id: int) -> None:
    """A ``create`` in this process adopted that order."""
    with _LOCK:
        _ADOPTED.add((orders_api_url, order_id))


def adopted_here(orders_api_url: str, order_id: int) -> bool:
    """Whether a ``create`` in this process adopted that order."""
    with _LOCK:
        return (orders_api_url, order_id) in _ADOPTED


def forget_adoptions() -> None:
    """Start over as a new provider process (a later deployment) does: no order adopted here."""
    with _LOCK:
        _ADOPTED.clear()
