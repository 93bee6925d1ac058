"""HTTP for the clients: the transport (session, auth, redirect guard, capped reads, one
deadline per call), the retry policy, and responses turned into errors.

- :mod:`.transport`: :class:`Transport`: the session, the token, where a call starts;
- :mod:`.call`: one call's loop (attempts, redirects, retries), each attempt checked first;
- :mod:`.urls`: where a request goes as the library sees it (origin, redirect target, path);
- :mod:`.response`: :class:`Response`, a call's success;
- :mod:`.deadline`: the per-call deadline every socket wait honours;
- :mod:`.body`: capped, bounded-memory body reads and decoding;
- :mod:`.retry`: :func:`~.retry.decide`, the whole retry decision;
- :mod:`.errors`: status and body to the package's errors, redacting the token.
"""

from __future__ import annotations

from .body import MAX_BODY_BYTES
from .retry import build_retry
from .transport import USER_AGENT, Response, Transport
from .urls import RefusedURL, path_segment

__all__ = [
    "MAX_BODY_BYTES",
    "USER_AGENT",
    "RefusedURL",
    "Response",
    "Transport",
    "build_retry",
    "path_segment",
]
