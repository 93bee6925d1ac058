"""A plain ``requests`` client for the fake API tests: the documented headers, nothing else."""

from __future__ import annotations

from typing import Any

import requests

from pulumi_vpsorg.testing import FakeVpsOrgApi


class Http:
    """A keep-alive session with the documented headers and the read+write token."""

    def __init__(self, fake: FakeVpsOrgApi, token: str | None = None) -> None:
        self.fake = fake
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"
        self.session.headers["Authorization"] = f"Bearer {token or fake.token}"

    def __call__(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 10)
        return self.session.request(method, self.fake.url + path, **kwargs)

    def close(self) -> None:
        self.session.close()
