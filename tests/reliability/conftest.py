"""Shared pieces of the reliability suite: quick clients, a hang guard, "another host", and a
certificate for TLS test servers."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import pytest

from pulumi_vpsorg import OrderStatus, VpsOrgClient
from pulumi_vpsorg.testing import FakeVpsOrgApi

T = TypeVar("T")

API = "/api/v1"
ALL_STATUSES = list(OrderStatus.KNOWN)
#: Seconds a single call may take before the hang guard calls it a hang. Generous on purpose:
#: this is not a timing assert, only proof that every wait is bounded.
HANG_GUARD = 60.0


def fast_client(
    api: FakeVpsOrgApi,
    *,
    max_retries: int = 3,
    timeout: float = 0.3,
    token: str | None = None,
    **kwargs: Any,
) -> VpsOrgClient:
    """A client for ``api`` with a negligible backoff and a short timeout."""
    return VpsOrgClient(
        token or api.token,
        api.url,
        backoff_factor=0.001,
        max_retries=max_retries,
        timeout=timeout,
        **kwargs,
    )


def bounded(fn: Callable[[], T], seconds: float = HANG_GUARD) -> T:
    """Run ``fn`` in a thread and insist that it finishes within ``seconds`` (a hang guard).

    Returns its result or re-raises its exception.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = fn()
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"the call did not finish within {seconds}s: a hang"
    if "error" in outcome:
        raise outcome["error"]
    value: T = outcome["value"]
    return value


@dataclass
class Seen:
    """One request that reached the other host."""

    method: str
    path: str
    headers: dict[str, str]

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)


@dataclass
class OtherHost:
    """A second loopback HTTP server standing in for "another host" (127.0.0.2 by default).

    It records every request and answers ``status`` with ``body`` (JSON) and ``headers``.
    """

    host: str = "127.0.0.2"
    status: int = 200
    body: Any = field(default_factory=lambda: {"count": 0, "results": []})
    headers: dict[str, str] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    @property
    def origin(self) -> str:
        assert self._server is not None
        return f"http://{self.host}:{self._server.server_address[1]}"

    def start(self) -> OtherHost:
        other = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                other.seen.append(Seen(self.command, self.path, dict(self.headers.items())))
                payload = json.dumps(other.body).encode()
                self.send_response(other.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in other.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PATCH = do_DELETE = _answer

        self._server = ThreadingHTTPServer((self.host, 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def authorization_headers(self) -> list[str]:
        return [a for s in self.seen if (a := s.header("Authorization")) is not None]


@pytest.fixture
def other_host() -> Iterator[OtherHost]:
    """Another host on loopback that records whatever reaches it."""
    server = OtherHost().start()
    try:
        yield server
    finally:
        server.stop()


def reset(api: FakeVpsOrgApi) -> None:
    """Back to a quiet fake: no faults, no hook, an empty request log."""
    api.clear_faults()
    api.on_request = None
    api.clear_requests()


def only_keys(mapping: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    return {k: mapping[k] for k in keys if k in mapping}


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate and key for 127.0.0.1 (the TLS raw servers' own)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make a certificate for the TLS test server")
    where = tmp_path_factory.mktemp("tls")
    cert, key = where / "cert.pem", where / "key.pem"
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key
