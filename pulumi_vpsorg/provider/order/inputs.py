"""The pydantic model of :class:`~pulumi_vpsorg.provider.order.Order`'s inputs.

Imported by nothing at import time, so that a Pulumi program importing the resource does not
import pydantic: the behaviour imports this module when it first reads valid inputs, and
``pulumi_vpsorg.provider.order.OrderInputs`` (also ``WholeNumber`` and ``Text``) load it on first
access. Each field applies its rule from :mod:`.rules`, as Check does without the model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, field_validator

from . import rules

__all__ = ["OrderInputs", "Text", "WholeNumber"]

#: Pulumi numbers cross gRPC as doubles: 12.0 means 12, 12.5 stays invalid.
WholeNumber = Annotated[int, BeforeValidator(rules.whole_number)]
#: Text that is not blank.
Text = Annotated[str, BeforeValidator(rules.text)]


def _optional(rule: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def validate(value: Any) -> Any:
        return None if value is None else rule(value)

    return validate


def _rule(*names: str) -> Any:
    # Every field named shares one rule (rules.RULES); an optional field may be None.
    (rule,) = {rules.RULES[name] for name in names}
    return field_validator(*names, mode="before")(
        rule if names == ("order_id",) else _optional(rule)
    )


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

    _order_id = _rule("order_id")
    _service_id = _rule("service_id")
    _flags = _rule("auto_pay", "paid")
    _delete_on_destroy = _rule("delete_on_destroy")
    _promo_code = _rule("promo_code")
    _billing_cycle = _rule("billing_cycle")
    _service_type = _rule("service_type")
    _texts = _rule("payment_method", "clear_payment_record")

    def state(self) -> dict[str, Any]:
        """The inputs as stored: unset ones left out, defaults filled."""
        return rules.state(self.model_dump(exclude_none=True))
