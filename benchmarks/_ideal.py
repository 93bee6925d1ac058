"""The anchor of the audit benchmarks: an ideal reader of the same listing on the same server.

It does the least any client could: ``http.client`` connections kept alive, one per worker;
page 1 alone (to learn ``meta.last_page``), then every other page with ``concurrency`` requests
in flight, each worker sending its next request as soon as a body is in. It keeps the raw bytes
and parses, validates and converts nothing. Its wall time is the wire plus the bare minimum of
CPU on this machine, so "audit / ideal" measures only what the package adds.
"""

from __future__ import annotations

import http.client
import json
import threading
from urllib.parse import urlencode, urlsplit

__all__ = ["read_raw"]


class _Conn:
    """One kept-alive connection to the fake with the token."""

    def __init__(self, url: str, token: str) -> None:
        parts = urlsplit(url)
        self._conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port)
        self._prefix = parts.path.rstrip("/")
        self._headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}

    def get(self, path: str) -> bytes:
        self._conn.request("GET", self._prefix + path, headers=self._headers)
        response = self._conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"ideal reader: HTTP {response.status} for {path}")
        return body

    def close(self) -> None:
        self._conn.close()


def read_raw(
    url: str, token: str, statuses: list[str], per_page: int, concurrency: int = 8
) -> list[bytes]:
    """Every page of ``GET /orders`` for ``statuses``, as raw bytes, in page order."""

    def path(number: int) -> str:
        query = {"page": number, "per_page": per_page, "filter[status]": ",".join(statuses)}
        return "/orders?" + urlencode(query)

    first_conn = _Conn(url, token)
    first = first_conn.get(path(1))
    last = int(json.loads(first)["meta"]["last_page"])
    bodies: list[bytes] = [first] + [b""] * (last - 1)
    numbers = iter(range(2, last + 1))
    lock = threading.Lock()
    errors: list[BaseException] = []

    def work(conn: _Conn) -> None:
        try:
            while True:
                with lock:
                    number = next(numbers, None)
                if number is None:
                    return
                bodies[number - 1] = conn.get(path(number))
        except BaseException as exc:  # reported below, in the caller's thread
            errors.append(exc)
        finally:
            conn.close()

    workers = min(concurrency, max(last - 1, 0))
    threads = [
        threading.Thread(target=work, args=(first_conn if i == 0 else _Conn(url, token),))
        for i in range(workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if not threads:
        first_conn.close()
    if errors:
        raise errors[0]
    return bodies
