"""The public record of offers in alternating offers, for strategies that read it.

Tit-for-tat needs each party's last two offers and who offered last; a frequency model
of the others needs how often each option appeared in their offers. `OfferHistory`
keeps both for every draw and returns a new record with each offer (it never changes).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

__all__ = ["OfferHistory"]


@dataclass(frozen=True)
class OfferHistory:
    """The offers so far, in every draw.

    Attributes:
        last: `(n_draws, n_parties)` each party's last offer (−1: none yet).
        previous: `(n_draws, n_parties)` the offer before that (−1: none).
        recent_other: `(n_draws, n_parties)` for each party, the last other party to offer.
        counts: `(n_draws, n_parties, n_issues, max_options)` how often each party offered
            each option.
        digits: `(n_texts, n_issues)` the options of each text.
    """

    last: np.ndarray
    previous: np.ndarray
    recent_other: np.ndarray
    counts: np.ndarray
    digits: np.ndarray

    @classmethod
    def empty(cls, n_draws: int, n_parties: int, digits: np.ndarray) -> OfferHistory:
        """No offers yet."""
        none = np.full((n_draws, n_parties), -1, dtype=np.int64)
        widest = int(digits.max(initial=0)) + 1
        counts = np.zeros((n_draws, n_parties, digits.shape[1], widest))
        return cls(none, none.copy(), none.copy(), counts, digits)

    def with_offers(self, rows: np.ndarray, party: int, texts: np.ndarray) -> OfferHistory:
        """Record `party`'s offers `texts` in draws `rows` (−1: it made none)."""
        made = texts >= 0
        rows, texts = rows[made], texts[made]
        if not rows.size:
            return self
        last, previous, recent = self.last.copy(), self.previous.copy(), self.recent_other.copy()
        previous[rows, party] = last[rows, party]
        last[rows, party] = texts
        others = [q for q in range(last.shape[1]) if q != party]
        recent[np.ix_(rows, np.array(others, dtype=np.int64))] = party
        counts = self.counts.copy()
        issues = np.arange(self.digits.shape[1])
        counts[rows[:, None], party, issues[None, :], self.digits[texts]] += 1
        return replace(self, last=last, previous=previous, recent_other=recent, counts=counts)

    def frequency_values(self, party: int) -> np.ndarray:
        """`(n_draws, n_texts)` the others' estimated values: mean share of their options."""
        others = np.delete(self.counts, party, axis=1).sum(axis=1)
        n_offers = others[:, 0, :].sum(axis=1)
        shares = others / np.maximum(n_offers, 1)[:, None, None]
        # Issue by issue, in order: a draw's sum must not depend on the block's layout.
        n_issues = self.digits.shape[1]
        total = np.zeros((shares.shape[0], self.digits.shape[0]))
        for k in range(n_issues):
            total += shares[:, k, self.digits[:, k]]
        return np.asarray(total / n_issues)
