"""Bargaining analysis: the zone of possible agreement and the classic solutions.

The ZOPA's rule is the situation's (`accord.situation.evaluation.zopa_mask`), re-exported.

Over the ZOPA, the feasible outcomes every party accepts (no red line hit) and values
at least at its reservation value (u_i >= r_i − 1e-12, so rounding never excludes an
outcome worth exactly r_i), with surplus s_i = u_i − r_i:

- Nash: maximises Π_i s_i (Nash 1950);
- Kalai–Smorodinsky: maximises min_i s_i / (ideal_i − r_i), ideal_i the best u_i in the
  ZOPA; a party whose ideal equals its reservation value counts as fully satisfied
  (Kalai & Smorodinsky 1975, on the discrete set of outcomes);
- utilitarian: maximises Σ_i u_i;
- egalitarian: maximises min_i s_i (Kalai 1977).

Ties (scores within 1e-9 of the best, relative) go to the lowest outcome index, so
results do not depend on floating-point noise.

References:
    Nash (1950), "The bargaining problem", Econometrica 18(2): 155–162.
    Kalai & Smorodinsky (1975), "Other solutions to Nash's bargaining problem",
    Econometrica 43(3): 513–518.
    Kalai (1977), "Proportional solutions to bargaining situations", Econometrica 45(7).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from accord.situation.evaluation import zopa_mask

__all__ = [
    "SOLUTIONS",
    "egalitarian_solution",
    "kalai_smorodinsky_solution",
    "nash_solution",
    "utilitarian_solution",
    "zopa_mask",
]

TIE_TOLERANCE = 1e-9


def _best(scores: np.ndarray, candidates: np.ndarray) -> int | None:
    if candidates.size == 0:
        return None
    top = scores.max()
    near = scores >= top - TIE_TOLERANCE * max(1.0, abs(float(top)))
    return int(candidates[np.argmax(near)])


def nash_solution(
    utilities: np.ndarray, reservation_values: np.ndarray, candidates: np.ndarray
) -> int | None:
    """Return the candidate outcome maximising the product of surpluses, or None."""
    surplus = np.clip(utilities[candidates] - reservation_values, 0.0, None)
    return _best(np.prod(surplus, axis=1), candidates)


def kalai_smorodinsky_solution(
    utilities: np.ndarray, reservation_values: np.ndarray, candidates: np.ndarray
) -> int | None:
    """Return the candidate maximising the smallest share of each party's ideal gain."""
    if candidates.size == 0:
        return None
    surplus = utilities[candidates] - reservation_values
    span = surplus.max(axis=0)
    share = np.divide(surplus, span, out=np.ones_like(surplus), where=span > 0)
    return _best(share.min(axis=1), candidates)


def utilitarian_solution(
    utilities: np.ndarray, reservation_values: np.ndarray, candidates: np.ndarray
) -> int | None:
    """Return the candidate maximising the sum of utilities."""
    return _best(utilities[candidates].sum(axis=1), candidates)


def egalitarian_solution(
    utilities: np.ndarray, reservation_values: np.ndarray, candidates: np.ndarray
) -> int | None:
    """Return the candidate maximising the smallest surplus."""
    return _best((utilities[candidates] - reservation_values).min(axis=1), candidates)


SOLUTIONS: dict[str, Callable[[np.ndarray, np.ndarray, np.ndarray], int | None]] = {
    "nash": nash_solution,
    "kalai_smorodinsky": kalai_smorodinsky_solution,
    "utilitarian": utilitarian_solution,
    "egalitarian": egalitarian_solution,
}
"""Solution name (as in JSON output) → function(utilities, reservation, candidates)."""
