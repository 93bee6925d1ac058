"""The fake's settings, checked once: :class:`FakeVpsOrgApi` and ``vpsorg-fake-api`` share these.

Each check returns the value or raises :class:`ValueError` whose message starts with the
setting's name. Bounds keep a hostile or mistyped value from exhausting memory or time.
"""

from __future__ import annotations

import math
from typing import Final

__all__ = [
    "DEFAULT_IDLE_TIMEOUT",
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_REQUEST_LOG_SIZE",
    "MAX_LATENCY",
    "MAX_ORDERS",
    "check_count",
    "check_port",
    "check_seconds",
    "check_token",
]

#: Request bodies of this API are a few hundred bytes; a MiB leaves room for any test.
DEFAULT_MAX_BODY_BYTES: Final = 2**20
MAX_BODY_BYTES: Final = 2**30
#: Seconds a connection may stay silent (between requests, or within one) before it is closed.
DEFAULT_IDLE_TIMEOUT: Final = 60.0
MAX_IDLE_TIMEOUT: Final = 3600.0
DEFAULT_REQUEST_LOG_SIZE: Final = 10_000
MAX_REQUEST_LOG_SIZE: Final = 10_000_000
#: About 2.7 KB of memory and 30 us of start-up per order.
MAX_ORDERS: Final = 1_000_000
MAX_LATENCY: Final = 60.0
MAX_PER_PAGE_SETTING: Final = 2**31 - 1


def check_port(value: int, name: str = "port") -> int:
    """A TCP port, 0 for any free one."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 65535:
        raise ValueError(
            f"{name} must be a whole number from 0 to 65535 (0: any free port), not {value!r}"
        )
    return value


def check_count(name: str, value: int, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high``."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, not {_short(value)}")
    return value


def check_seconds(
    name: str, value: float, low: float, high: float, *, low_open: bool = False
) -> float:
    """A finite number of seconds from ``low`` (excluded if ``low_open``) to ``high``."""
    ok = (
        not isinstance(value, bool)
        and isinstance(value, (int, float))
        and math.isfinite(value)
        and (value > low if low_open else value >= low)
        and value <= high
    )
    if not ok:
        bound = f"more than {low:g}" if low_open else f"from {low:g}"
        raise ValueError(f"{name} must be a number of seconds {bound} to {high:g}, not {value!r}")
    return float(value)


def check_token(name: str, value: str) -> str:
    """A bearer token: printable ASCII without spaces, as a header carries it."""
    if not isinstance(value, str) or not value or not all("!" <= c <= "~" for c in value):
        raise ValueError(f"{name} must be a non-empty string of printable ASCII without spaces")
    return value


def _short(value: object) -> str:
    if isinstance(value, int) and value.bit_length() > 128:
        return f"a {value.bit_length()}-bit number"  # repr() refuses past 4300 digits
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:20]}...({len(text)} characters)"
