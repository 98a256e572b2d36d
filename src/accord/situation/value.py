"""The value of a text to a party: the one rule, for any array of texts.

V = b·(u − a·(1 − u)) + (1 − b)·(r − loss), with u the utility, a the audience cost, b the
trust, r the reservation value and loss the breach loss (`accord.situation.evaluation`
explains each). It grows with u and falls with the loss, which the groups' ceilings use
(`accord.situation.groups`).
"""

from __future__ import annotations

import numpy as np

__all__ = ["breach_terms", "value_of", "value_with_breach"]


def value_of(
    utility: np.ndarray,
    *,
    audience_costs: np.ndarray,
    trust: np.ndarray,
    reservation_values: np.ndarray,
    loss_scale: np.ndarray,
    cells: np.ndarray | None = None,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Return V = b·(u − a·(1 − u)) + (1 − b)·(r − loss), broadcasting over leading axes.

    The one rule for the value of a text, used with the parties' own utilities and with
    the mediator's estimates of them. With `cells`, `loss_scale` is given per commitment
    cell (axis −2) and `cells` names each text's (`Model.cells`): the breach term is
    computed once per cell and read at each text. With `out`, the values are written
    there.
    """
    breach = None
    if not np.all(trust == 1.0):
        breach = breach_terms(
            trust=trust, reservation_values=reservation_values, loss_scale=loss_scale
        )
        if cells is not None:
            breach = np.take(breach, cells, axis=-2)
    return value_with_breach(
        utility, audience_costs=audience_costs, trust=trust, breach=breach, out=out
    )


def breach_terms(
    *, trust: np.ndarray, reservation_values: np.ndarray, loss_scale: np.ndarray
) -> np.ndarray:
    """Return (1 − b)·(r − loss), the rule's second term (broadcast)."""
    # In place, the same products as (1 − b)·(r − loss), with fewer copies.
    breach: np.ndarray = np.subtract(reservation_values, loss_scale)
    breach *= 1.0 - trust
    return breach


def value_with_breach(
    utility: np.ndarray,
    *,
    audience_costs: np.ndarray,
    trust: np.ndarray,
    breach: np.ndarray | None,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Return V = b·(u − a·(1 − u)) + `breach` (`breach_terms`; None where b = 1 throughout)."""
    adjusted = utility
    if np.any(audience_costs):
        adjusted = utility - audience_costs * (1.0 - utility)
    if breach is None:
        if out is None:
            return np.asarray(adjusted)
        out[...] = adjusted
        return out
    result: np.ndarray = np.multiply(adjusted, trust, out=out)
    result += breach
    return result
