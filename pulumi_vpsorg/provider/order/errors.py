"""The errors an ``Order`` raises, and how an API error is explained in them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from ..._errors import LockedError, PermissionDeniedError, RateLimitError, VpsOrgError
from ..._vocabulary import ENV_TOKEN, TOKEN_CONFIG

__all__ = ["OrderApplyError", "OrderError", "PartialApplyError", "describe"]

_READ_ONLY_HINT: Final = (
    "the API token is read-only or lacks write permission: changing, paying or deleting orders "
    f"needs a Read+Write token in {TOKEN_CONFIG} or {ENV_TOKEN}"
)


def describe(exc: BaseException) -> str:
    """``exc`` as text, with what to do about a read-only token or a refusal that outlasted
    the retries."""
    if isinstance(exc, PermissionDeniedError):
        return f"{exc} ({_READ_ONLY_HINT})"
    if isinstance(exc, (LockedError, RateLimitError)):
        if exc.past_deadline:  # not retried: the server's wait outlasts the call's timeout
            return f"{exc} (try again later)"
        return f"{exc} (still refused after retrying with backoff; try again later)"
    return str(exc)


class OrderError(VpsOrgError):
    """The order cannot be brought to the desired state (bad input for this order, paid delete)."""


class OrderApplyError(OrderError):
    """A write failed. Lists what was applied and what was not; ``pulumi up`` again converges.

    :ivar order_id: the order.
    :ivar applied: the changes that took effect, in order.
    :ivar not_applied: the changes that did not (or whose outcome is unknown).
    :ivar cause: the underlying error.
    """

    def __init__(
        self,
        order_id: int,
        applied: Sequence[str],
        not_applied: Sequence[str],
        cause: BaseException,
        note: str = "",
    ) -> None:
        self.order_id = order_id
        self.applied = tuple(applied)
        self.not_applied = tuple(not_applied)
        self.cause = cause
        message = (
            f"order {order_id}: applied: {', '.join(self.applied) or 'nothing'}; "
            f"not applied: {', '.join(self.not_applied) or 'nothing'}; "
            f"cause: {describe(cause)}"
        )
        if note:
            message += f". {note}"
        super().__init__(message)


class PartialApplyError(OrderApplyError):
    """A write failed after an earlier one had succeeded: the order is partly changed."""
