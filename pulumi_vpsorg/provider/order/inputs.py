"""The pydantic model of :class:`~pulumi_vpsorg.provider.order.Order`'s inputs.

Imported by nothing at import time, so that a Pulumi program importing the resource does not
import pydantic: the behaviour imports this module when it first reads valid inputs, and
``pulumi_vpsorg.provider.order.OrderInputs`` (also ``WholeNumber`` and ``Text``) load it on first
access. Each field applies its rule from :mod:`.rules`, as Check does without the model.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationInfo, field_validator

from ..._vocabulary import whole_number
from . import rules

__all__ = ["OrderInputs", "Text", "WholeNumber"]

#: Pulumi numbers cross gRPC as doubles: 12.0 means 12, 12.5 stays invalid.
WholeNumber = Annotated[int, BeforeValidator(whole_number)]
#: Text that is not blank.
Text = Annotated[str, BeforeValidator(rules.text)]


class OrderInputs(BaseModel):
    """The inputs of :class:`~pulumi_vpsorg.provider.order.Order`, valid (no API call)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    order_id: int
    auto_pay: bool | None = None
    promo_code: str | None = None
    billing_cycle: int | None = None
    service_id: int | None = None
    service_type: str | None = None
    paid: bool | None = None
    payment_method: str | None = None
    delete_on_destroy: bool = rules.DEFAULTS["delete_on_destroy"]
    clear_payment_record: str | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _rule(cls, value: Any, info: ValidationInfo) -> Any:
        # Each field by its rule (rules.RULES, what Check applies); an optional one may be None.
        name = str(info.field_name)
        if value is None and cls.model_fields[name].default is None:
            return None
        return rules.RULES[name](value)

    def state(self) -> dict[str, Any]:
        """The inputs as stored: unset ones left out, defaults filled."""
        return rules.state(self.model_dump(exclude_none=True))
