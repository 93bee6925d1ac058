"""A call's successful response, as the clients read it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import decode_json

__all__ = ["Response"]


@dataclass(frozen=True)
class Response:
    """A successful response: status, the body's bytes (models validate them directly) and headers."""

    status: int
    raw: bytes
    headers: Mapping[str, str]
    method: str
    path: str
    #: Kept out of error messages built from this response (never printed or compared).
    secrets: Sequence[str] = field(default=(), repr=False, compare=False)

    @property
    def body(self) -> Any:
        """The body decoded as JSON (``None`` when empty).

        :raises UnexpectedResponseError: when it is not JSON.
        """
        return decode_json(
            self.raw, self.headers, self.status, self.method, self.path, self.secrets
        )
