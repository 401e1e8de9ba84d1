"""Small calculations several sections share: rates and intervals from protected counts."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from reports.i18n import Translator

Z95 = 1.959964


def wilson(count: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval of `count / n`."""
    if n <= 0:
        return None
    p = count / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def activation_text(
    t: Translator, unemployed: int | None, in_services: int | None, hidden: bool
) -> str:
    """`in_services / (unemployed + in_services) * 100`, half up to one decimal; `<5` when
    computed from 1–4 persons or from a hidden count (it would give that count back)."""
    if unemployed is None or in_services is None or unemployed + in_services == 0:
        return "–"
    if hidden or unemployed + in_services <= 4:
        return "<5"
    rate = round_half_up(in_services / (unemployed + in_services) * 100, 1)
    return f"{t.decimal(rate)}\u00a0%"


def round_half_up(x: float, places: int) -> float:
    return float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
