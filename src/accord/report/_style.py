"""What the two renderers share: the palette, names and label placement.

Colours are the Okabe–Ito palette, distinguishable with every common form of colour
blindness; marks never rely on colour alone (contested events also differ in shape).

References:
    Okabe & Ito (2008), "Color Universal Design (CUD): how to make figures and
    presentations that are friendly to colorblind people", jfly.uni-koeln.de/color.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

__all__ = [
    "BLUE",
    "CONTESTED",
    "EVENT",
    "GREY",
    "OPEN",
    "PALETTE",
    "ROUND",
    "SOLUTION_NAMES",
    "VERMILLION",
    "colour",
    "probability_limit",
    "stagger",
    "to_date",
]

BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#7F7F7F"

PALETTE = (BLUE, VERMILLION, GREEN, PURPLE, ORANGE, SKY_BLUE, BLACK)
"""Series colours in order of use: parties, belief pairs, variants."""

ROUND = BLUE
EVENT = GREY
CONTESTED = PURPLE
OPEN = GREEN

SOLUTION_NAMES = {"nash": "Nash", "kalai_smorodinsky": "Kalai–Smorodinsky"}


def probability_limit(highs: Sequence[float]) -> float:
    """Return the right end of a probability axis: 1, or closer when every value is small.

    Agreement can be rare; on a 0–1 axis intervals of a few percent would be specks.
    """
    top = max(highs, default=1.0)
    return 1.0 if top > 0.5 else max(0.05, top * 1.25)


def colour(index: int) -> str:
    """Return the palette's colour for series number `index` (cycling)."""
    return PALETTE[index % len(PALETTE)]


def to_date(value: str | None) -> dt.date | None:
    """Parse an ISO date of the figure data (None stays None)."""
    return dt.date.fromisoformat(value) if value else None


def stagger(
    positions: Sequence[float], min_gap: float | Sequence[float], n_rows: int = 3
) -> list[int]:
    """Return a row (0 = first) for each label so that labels in a row do not overlap.

    Label i spans [positions[i], positions[i] + width i], its width being `min_gap` or
    `min_gap[i]`; positions are in increasing order. A label goes into the first row
    where it fits; when none has room, into the row that frees up first.

    >>> stagger([0, 1, 2, 10], min_gap=3)
    [0, 1, 2, 0]
    """
    widths = [min_gap] * len(positions) if isinstance(min_gap, int | float) else list(min_gap)
    ends: list[float | None] = [None] * n_rows
    rows = []
    for x, width in zip(positions, widths, strict=True):
        free = [r for r in range(n_rows) if ends[r] is None or x >= (ends[r] or 0.0)]
        row = free[0] if free else min(range(n_rows), key=lambda r: ends[r] or 0.0)
        ends[row] = x + width
        rows.append(row)
    return rows
