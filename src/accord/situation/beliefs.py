"""Beliefs about compliance and their update by Bayes' rule.

b_ij is party i's probability that party j will honour an agreement. A signal from j
with likelihoods p = P(signal | j honours) and q = P(signal | j would breach) moves it to

    b' = p·b / (p·b + q·(1 − b)).

If the signal is impossible under the current belief (p·b + q·(1 − b) = 0) the belief
stays where it is. Beliefs stay in [0, 1].

References:
    Bayes' rule for a binary hypothesis; for its use on commitment and signalling in
    bargaining see Fearon (1995), "Rationalist explanations for war", International
    Organization 49(3): 379–414, and Kydd (2005), Trust and Mistrust in International
    Relations, Princeton University Press, ch. 2.

The update works on arrays (one belief per draw, say) as well as on numbers.

>>> round(float(bayes_update(0.5, honours=0.2, breaches=0.8)), 6)
0.2
"""

from __future__ import annotations

import numpy as np

__all__ = ["bayes_update"]


def bayes_update(
    belief: np.ndarray | float, *, honours: np.ndarray | float, breaches: np.ndarray | float
) -> np.ndarray:
    """Return the posterior belief that the actor honours, after one signal."""
    prior = np.asarray(belief, dtype=float)
    evidence = np.asarray(honours * prior + breaches * (1.0 - prior))
    posterior = np.divide(
        honours * prior, evidence, out=prior.copy(), where=evidence > 0.0, casting="unsafe"
    )
    return np.asarray(np.clip(posterior, 0.0, 1.0))
