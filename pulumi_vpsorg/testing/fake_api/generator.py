"""The deterministic order generator: the documented orders, then plausible older ones."""

from __future__ import annotations

import bisect
import random
from collections.abc import Sequence
from typing import Any, Final

from pulumi_vpsorg.testing.fake_api.examples import DOCUMENTED_ORDERS, PROMO_CODES
from pulumi_vpsorg.testing.fake_api.records import copy_order, format_ts, make_order, parse_ts

__all__ = ["generate_orders"]


def _table(pairs: Sequence[tuple[str, float]]) -> tuple[list[float], list[str]]:
    total = sum(w for _, w in pairs)
    acc = 0.0
    cum: list[float] = []
    for _, w in pairs:
        acc += w / total
        cum.append(acc)
    cum[-1] = 1.0
    return cum, [v for v, _ in pairs]


_STATUS_TABLE: Final = _table(
    [
        ("paid", 0.78),
        ("cancelled", 0.08),
        ("pending_payment", 0.08),
        ("awaiting_payment", 0.03),
        ("processing", 0.03),
    ]
)
_TYPE_TABLE: Final = _table(
    [
        ("renew-service", 0.35),
        ("new-service", 0.15),
        ("combined", 0.12),
        ("deposit", 0.10),
        ("scale-service", 0.06),
        ("new-addon", 0.06),
        ("new-floating-ip", 0.06),
        ("scale-addon", 0.05),
        ("custom", 0.05),
    ]
)
_METHOD_TABLE: Final = _table(
    [("balance", 0.4), ("card", 0.35), ("bank", 0.1), ("bitcoin", 0.1), ("bitcoin-ln", 0.05)]
)
_CYCLES: Final = (1, 3, 6, 12, 24)
_BRANDS: Final = ("visa", "mastercard", "amex")
_FUTURE_DUE_START: Final = parse_ts("2031-01-01T00:00:00.000000Z")
_PROMO_LIST: Final = tuple(PROMO_CODES.values())


def _pick(rng: random.Random, table: tuple[list[float], list[str]]) -> str:
    return table[1][bisect.bisect_left(table[0], rng.random())]


def generate_orders(count: int, seed: int) -> list[dict[str, Any]]:
    """Return ``count`` orders: the documented ones first, then deterministic generated ones.

    Generated orders are all older than the documented ones (so the first list page under the
    default filter starts with the documented example) and their ids never collide with them.
    """
    documented = [copy_order(o) for o in DOCUMENTED_ORDERS[: max(count, 0)]]
    n = count - len(documented)
    if n <= 0:
        return documented
    rng = random.Random(seed)
    reserved = {o["id"] for o in DOCUMENTED_ORDERS}
    oldest = min(parse_ts(o["created_at"]) for o in DOCUMENTED_ORDERS)
    if n <= 7412:
        # Ids below the oldest documented one, with realistic gaps (other customers' orders).
        next_id = 7412
        gap_max = max(1, min(4, 7412 // n))
    else:
        next_id = n + len(reserved)
        gap_max = 1
    # Spread creation times over about five years, whatever the count.
    step_max = max(1200, (2 * 5 * 365 * 86400) // n)
    created = oldest
    out = documented
    rand = rng.random
    for _ in range(n):
        while next_id in reserved:
            next_id -= 1
        order_id = next_id
        next_id -= (1 + int(rand() * gap_max)) if gap_max > 1 else 1
        created -= 600 + int(rand() * step_max)
        status = _pick(rng, _STATUS_TABLE)
        order_type = _pick(rng, _TYPE_TABLE)
        method = _pick(rng, _METHOD_TABLE)
        if order_type == "deposit" and method == "balance":
            method = "card"
        amount = round(3 + rand() * 297, 2)
        tax_rate = 1.2 if rand() < 0.9 else 1.0
        settled = status in ("paid", "cancelled")
        paid_at = created + 5 + int(rand() * 7200) if status == "paid" else None
        if settled:
            due = created + 32400
        elif rand() < 0.5:
            due = created + 86400 * (1 + int(rand() * 30))
        else:
            due = _FUTURE_DUE_START + int(rand() * 365 * 86400)
        promo = None
        if order_type != "deposit" and rand() < 0.08:
            promo = _PROMO_LIST[int(rand() * len(_PROMO_LIST))]
        promo_applicable = not settled and order_type != "deposit" and rand() < 0.85
        info: dict[str, Any] | None = None
        if status == "paid" and method == "card":
            info = {
                "last_4": 1000 + int(rand() * 9000),
                "brand": _BRANDS[int(rand() * 3)],
                "expiry_month": 1 + int(rand() * 12),
                "expiry_year": 2026 + int(rand() * 8),
            }
        elif status == "paid" and method in ("bitcoin", "bitcoin-ln"):
            info = {
                "tx_hash": f"{rng.getrandbits(256):064x}",
                "tx_amount": round(amount * tax_rate / 60000, 8),
                "confirmed_at": format_ts(created + 1800),
            }
        server_minimum = 3 if rand() < 0.3 else 1
        cycle = _CYCLES[int(rand() * 5)]
        if cycle < server_minimum:
            cycle = server_minimum
        out.append(
            make_order(
                order_id=order_id,
                created=created,
                status=status,
                order_type=order_type,
                method=method,
                amount=amount,
                tax_rate=tax_rate,
                auto_pay=rand() < 0.7,
                promo=promo,
                promo_applicable=promo_applicable,
                due=due,
                paid_at=paid_at,
                # Offset so generated invoice ids never meet the documented orders' invoices.
                invoice_id=100000 + order_id,
                server_id=1000 + int(rand() * 9000),
                addon_id=100 + int(rand() * 900),
                server_minimum=server_minimum,
                cycle=cycle,
                label_index=int(rand() * 12),
                payment_information=info,
            )
        )
    return out
