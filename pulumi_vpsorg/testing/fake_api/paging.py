"""The orders list's page bodies: Laravel's ``LengthAwarePaginator`` resource shape."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Final

from pulumi_vpsorg.testing.fake_api.responses import dumps

__all__ = ["page_body", "paginated", "url_window"]

_DATA_OPEN: Final = b'{"data":['


def page_body(fragments: list[bytes], total: int, page: int, per_page: int, path: str) -> bytes:
    """``dumps(paginated(items, ...))``, from the items already encoded."""
    envelope = paginated(fragments, total, page, per_page, path)
    envelope["data"] = []
    encoded = dumps(envelope)
    # The empty list encodes as '{"data":[]...': the items go between its brackets.
    return b"".join((_DATA_OPEN, b",".join(fragments), encoded[len(_DATA_OPEN) :]))


def paginated(
    items: Sequence[object], total: int, page: int, per_page: int, path: str
) -> dict[str, Any]:
    """Laravel's ``LengthAwarePaginator`` resource shape (``data``, ``links``, ``meta``)."""
    last_page = max(math.ceil(total / per_page), 1)

    def url(n: int) -> str:
        return f"{path}?page={max(n, 1)}"

    prev_url = url(page - 1) if page > 1 else None
    next_url = url(page + 1) if page < last_page else None
    links: list[dict[str, Any]] = [{"url": prev_url, "label": "« Previous", "active": False}]
    for element in url_window(page, last_page):
        if element is None:
            links.append({"url": None, "label": "...", "active": False})
        else:
            links.extend({"url": url(n), "label": str(n), "active": n == page} for n in element)
    links.append({"url": next_url, "label": "Next »", "active": False})
    first_item = (page - 1) * per_page + 1 if items else None
    return {
        "data": items,
        "links": {"first": url(1), "last": url(last_page), "prev": prev_url, "next": next_url},
        "meta": {
            "current_page": page,
            "from": first_item,
            "last_page": last_page,
            "links": links,
            "path": path,
            "per_page": per_page,
            "to": first_item + len(items) - 1 if first_item is not None else None,
            "total": total,
        },
    }


def url_window(page: int, last_page: int, on_each_side: int = 3) -> list[range | None]:
    """Laravel's ``UrlWindow``: page ranges, with None where it renders ``...``."""
    if last_page < on_each_side * 2 + 8:
        return [range(1, last_page + 1)]
    window = on_each_side + 4
    start, finish = range(1, 3), range(last_page - 1, last_page + 1)
    if page <= window:
        return [range(1, window + on_each_side + 1), None, finish]
    if page > last_page - window:
        return [start, None, range(last_page - (window + (on_each_side - 1)), last_page + 1)]
    return [start, None, range(page - on_each_side, page + on_each_side + 1), None, finish]
