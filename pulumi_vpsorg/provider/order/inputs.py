"""The pydantic model of :class:`~pulumi_vpsorg.provider.order.Order`'s inputs.

Imported by nothing at import time, so that a Pulumi program importing the resource does not
import pydantic: the behaviour imports this module when it first validates inputs, and
``pulumi_vpsorg.provider.order.OrderInputs`` (also ``WholeNumber`` and ``Text``) load it on first
access.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from ...assumptions import BILLING_CYCLE_MAX, BILLING_CYCLE_MIN
from .._behaviour import whole

__all__ = ["OrderInputs", "Text", "WholeNumber"]


def _not_blank(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        raise ValueError("must not be blank")
    return value


#: Pulumi numbers cross gRPC as doubles: 12.0 means 12, 12.5 stays invalid.
WholeNumber = Annotated[StrictInt, BeforeValidator(whole)]
Text = Annotated[StrictStr, BeforeValidator(_not_blank)]


class OrderInputs(BaseModel):
    """The inputs of :class:`~pulumi_vpsorg.provider.order.Order`, as ``check()`` validates them
    (no API call)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    order_id: Annotated[WholeNumber, Field(gt=0)]
    auto_pay: StrictBool | None = None
    promo_code: Text | None = None
    billing_cycle: (
        Annotated[WholeNumber, Field(ge=BILLING_CYCLE_MIN, le=BILLING_CYCLE_MAX)] | None
    ) = None
    service_id: Annotated[WholeNumber, Field(gt=0)] | None = None
    service_type: Annotated[Text, Field(pattern=r"^[^/]+$")] | None = None
    paid: StrictBool | None = None
    payment_method: Text | None = None
    delete_on_destroy: StrictBool = False
    clear_payment_record: Text | None = None

    def state(self) -> dict[str, Any]:
        """The inputs as stored: unset ones left out, defaults filled."""
        return self.model_dump(exclude_none=True)
