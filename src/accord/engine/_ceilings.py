"""Ceilings on the mediator's estimated utilities over groups (or sets) of texts.

Over texts sharing their options on the leading issues (`accord.situation.groups`), a
party's estimated utility is at most the exact sum of the leading options' terms plus,
for every other issue, the term of its best option.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from accord.situation.groups import Grouping
from accord.utility import summed_terms

__all__ = ["estimated_utility_ceilings", "utility_ceilings_at"]


def estimated_utility_ceilings(grouped: Grouping, terms: Sequence[np.ndarray]) -> np.ndarray:
    """`(n_rows, n_parties, n)` a ceiling on each group's (or set's) estimated utilities.

    Args:
        grouped: the texts' groups or sets.
        terms: per issue `(n_rows, n_options, n_parties)` each option's estimated term
            (`accord.utility.option_terms`).
    """
    n_rows, _, n_parties = terms[0].shape
    best_rest = _best_rest(terms, grouped.lead)[:, :, None]
    # The leading issues' terms at each group's options, summed as utilities are (over
    # a grid of the first issues, the others gathered): the same bits as a sum in order.
    # Summed party by party (each (row, party) a row of its own): numpy's inner loops then
    # run over the groups, not the parties, and the value rule over the groups' losses,
    # laid out so, runs several times faster than over a transposed view.
    by_party = [
        np.ascontiguousarray(np.swapaxes(options, 1, 2)).reshape(
            n_rows * n_parties, options.shape[1], 1
        )
        for options in terms[: grouped.lead]
    ]
    leading = summed_terms(by_party, grouped.leading_digits, codes=grouped.cells)
    ceilings = leading.reshape(n_rows, n_parties, grouped.cells.size)
    ceilings += best_rest
    return ceilings


def utility_ceilings_at(
    grouped: Grouping, terms: Sequence[np.ndarray], draws: np.ndarray, entries: np.ndarray
) -> np.ndarray:
    """`(n, 1, n_parties)` the ceiling of `estimated_utility_ceilings` at pairs, the same bits.

    Pair j is the group (or set) `entries[j]` in the draw `draws[j]` of `terms`.
    """
    digits = grouped.leading_digits.take(entries, axis=0)[:, None, :]
    ceilings = summed_terms(terms[: grouped.lead], digits, rows=draws)
    ceilings += _best_rest(terms, grouped.lead).take(draws, axis=0)[:, None, :]
    return ceilings


def _best_rest(terms: Sequence[np.ndarray], lead: int) -> np.ndarray:
    """`(n_rows, n_parties)` the sum of the best term of every issue after the first `lead`."""
    n_rows, _, n_parties = terms[0].shape
    best_rest = np.zeros((n_rows, n_parties))
    for options in terms[lead:]:
        best_rest += options.max(axis=1)
    return best_rest
