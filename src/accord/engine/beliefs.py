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

>>> round(bayes_update(0.5, honours=0.2, breaches=0.8), 6)
0.2
"""

from __future__ import annotations

__all__ = ["bayes_update"]


def bayes_update(belief: float, *, honours: float, breaches: float) -> float:
    """Return the posterior belief that the actor honours, after one signal."""
    evidence = honours * belief + breaches * (1.0 - belief)
    if evidence <= 0.0:
        return belief
    return min(1.0, max(0.0, honours * belief / evidence))
