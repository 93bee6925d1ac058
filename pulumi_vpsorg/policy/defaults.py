"""The policies' config defaults: the validators fall back to them and the config schemas
advertise them, so a validator called without config behaves as the engine configures it."""

from __future__ import annotations

from decimal import Decimal
from typing import Final

__all__ = [
    "DEFAULT_ALLOW_DELETE_ON_DESTROY",
    "DEFAULT_AUTO_PAY",
    "DEFAULT_MAX_OVERDUE_COUNT",
    "DEFAULT_MAX_PRICE_MONTHLY",
    "DEFAULT_MONTHLY_BUDGET",
    "DEFAULT_REQUIRE_CAP",
    "DEFAULT_STACK_TAG",
]

#: ``maxPriceMonthly`` default, USD per month (every documented plan fits).
DEFAULT_MAX_PRICE_MONTHLY: Final = Decimal(50)
#: ``requireCap`` default.
DEFAULT_REQUIRE_CAP: Final = False
#: ``monthlyBudget`` default, USD per month for the whole stack.
DEFAULT_MONTHLY_BUDGET: Final = Decimal(200)
#: ``stackTag`` default: the stack tag whose value selects a ``byStackTag`` entry.
DEFAULT_STACK_TAG: Final = "environment"
#: ``autoPay`` default: the value every Order's ``auto_pay`` must have.
DEFAULT_AUTO_PAY: Final = True
#: ``allowDeleteOnDestroy`` default.
DEFAULT_ALLOW_DELETE_ON_DESTROY: Final = False
#: ``maxOverdueCount`` default.
DEFAULT_MAX_OVERDUE_COUNT: Final = Decimal(0)
