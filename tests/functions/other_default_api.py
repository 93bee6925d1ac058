"""A small orders server whose default filter is not the documented one.

``GET /api/v1/orders`` without ``filter[status]`` lists only ``paid`` orders (the documents say
``pending_payment,paid``), so an audit that leans on the server's default under-reports here in a
way the fake API (which follows the documents) cannot show. Paging is Laravel's, as documented.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

#: What this server lists when no status filter is sent.
DEFAULT_FILTER = ("paid",)


class OtherDefaultApi:
    """The orders it serves, its URL, and the ``filter[status]`` of every request (or None)."""

    def __init__(self, orders: Sequence[dict[str, Any]]) -> None:
        self.orders = sorted(orders, key=lambda o: (o["created_at"], o["id"]), reverse=True)
        self.filters: list[str | None] = []
        self.url = ""


def _handler(api: OtherDefaultApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: Any) -> None:
            pass

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path != "/api/v1/orders":
                self._send(404, {"message": "Not found"})
                return
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            given = query.get("filter[status]")
            api.filters.append(given)
            wanted = set(given.split(",")) if given else set(DEFAULT_FILTER)
            rows = [o for o in api.orders if o["status"] in wanted]
            per_page = int(query.get("per_page", "15"))
            page = int(query.get("page", "1"))
            last = max(1, -(-len(rows) // per_page))
            chunk = rows[(page - 1) * per_page : page * per_page]
            path = f"{api.url}/orders"

            def link(n: int) -> str | None:
                return f"{path}?page={n}" if 1 <= n <= last else None

            self._send(
                200,
                {
                    "data": chunk,
                    "links": {
                        "first": link(1),
                        "last": link(last),
                        "prev": link(page - 1),
                        "next": link(page + 1),
                    },
                    "meta": {
                        "current_page": page,
                        "from": (page - 1) * per_page + 1 if chunk else None,
                        "last_page": last,
                        "links": [],
                        "path": path,
                        "per_page": per_page,
                        "to": (page - 1) * per_page + len(chunk) if chunk else None,
                        "total": len(rows),
                    },
                },
            )

        def _send(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


@contextmanager
def other_default_api(orders: Sequence[dict[str, Any]]) -> Iterator[OtherDefaultApi]:
    """Serve ``orders`` on loopback until the block ends."""
    api = OtherDefaultApi(orders)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(api))
    api.url = f"http://127.0.0.1:{server.server_address[1]}/api/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
