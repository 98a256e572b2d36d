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
    best_rest = np.zeros((n_rows, 1, n_parties))
    for options in terms[groups.lead :]:
        best_rest += options.max(axis=1, keepdims=True)
    # The leading issues' terms at each group's options, summed as utilities are (over
    # a grid of the first issues, the others gathered): the same bits as a sum in order.
    ceilings = summed_terms(terms[: groups.lead], groups.leading_digits, codes=groups.cells)
    ceilings += best_rest
    # Made contiguous party by party: the value rule then runs over the groups' losses,
    # laid out so, several times faster than over a transposed view.
    return np.ascontiguousarray(np.swapaxes(ceilings, 1, 2))
