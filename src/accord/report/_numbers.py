"""Numbers as text with as many digits as they can be trusted to, and no fewer.

One rule for every renderer (terminal, HTML, figures): an estimate is shown with the
decimals that make its interval's width visible, at least `MIN_DIGITS`. P(agreement)
0.003 with interval [0.001, 0.006] prints as ``0.003 [0.001, 0.006]``, not as
``0.00 [0.00, 0.00]``; 0.85 with [0.64, 0.95] as ``0.85 [0.64, 0.95]``.
"""

from __future__ import annotations

import math

__all__ = [
    "FEW_AGREEMENTS",
    "MIN_DIGITS",
    "decimals",
    "estimate_text",
    "number_text",
    "share_text",
]

MIN_DIGITS = 2
MAX_DIGITS = 6
FEW_AGREEMENTS = 30
"""Below this many agreements, statistics resting on them carry a caution with the count."""


def decimals(*values: float, spread: float | None = None) -> int:
    """Return the decimals that show `spread` (else the smallest non-zero value) to 1 digit.

    >>> decimals(0.003, 0.001, 0.006, spread=0.005), decimals(0.85, spread=0.31)
    (3, 2)
    """
    scale = spread if spread else min((abs(v) for v in values if v), default=0.0)
    if not scale or not math.isfinite(scale):
        return MIN_DIGITS
    return max(MIN_DIGITS, min(MAX_DIGITS, -math.floor(math.log10(abs(scale)))))


def number_text(value: float, digits: int, *, signed: bool = False) -> str:
    """Format `value` with `digits` decimals (and a sign if `signed`); no negative zero."""
    text = f"{value:{'+' if signed else ''}.{digits}f}"
    if float(text) == 0:
        text = text.replace("-", "+" if signed else "", 1)
    return text


def estimate_text(value: float, low: float, high: float, *, signed: bool = False) -> str:
    """Return ``value [low, high]`` with the decimals the interval's width calls for."""
    digits = decimals(value, low, high, spread=abs(high - low))
    shown = [number_text(x, digits, signed=signed) for x in (value, low, high)]
    return f"{shown[0]} [{shown[1]}, {shown[2]}]"


def share_text(count: int, total: int) -> str:
    """Return a share of a count, as precise as one unit of the count: ``0.05`` of 20."""
    if total <= 0:
        return "—"
    return number_text(count / total, decimals(spread=1 / total))
