"""Ceilings on the mediator's estimated utilities over groups of texts.

Over a group of texts sharing their options on the leading issues
(`accord.situation.groups`), a party's estimated utility is at most the exact sum of the
group's leading options' terms plus, for every other issue, the term of its best option.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from accord.situation.groups import TextGroups
from accord.utility import summed_terms

__all__ = ["estimated_utility_ceilings"]


def estimated_utility_ceilings(groups: TextGroups, terms: Sequence[np.ndarray]) -> np.ndarray:
    """`(n_rows, n_parties, n_groups)` a ceiling on each group's estimated utilities.

    Args:
        groups: the texts' groups.
        terms: per issue `(n_rows, n_options, n_parties)` each option's estimated term
            (`accord.utility.option_terms`).
    """
    n_rows, _, n_parties = terms[0].shape
    best_rest = np.zeros((n_rows, n_parties, 1))
    for options in terms[groups.lead :]:
        best_rest += np.swapaxes(options.max(axis=1, keepdims=True), 1, 2)
    # The leading issues' terms at each group's options, summed as utilities are (over
    # a grid of the first issues, the others gathered): the same bits as a sum in order.
    # Summed party by party (each (row, party) a row of its own): numpy's inner loops then
    # run over the groups, not the parties, and the value rule over the groups' losses,
    # laid out so, runs several times faster than over a transposed view.
    by_party = [
        np.ascontiguousarray(np.swapaxes(options, 1, 2)).reshape(
            n_rows * n_parties, options.shape[1], 1
        )
        for options in terms[: groups.lead]
    ]
    leading = summed_terms(by_party, groups.leading_digits, codes=groups.cells)
    ceilings = leading.reshape(n_rows, n_parties, groups.n_groups)
    ceilings += best_rest
    return ceilings
