"""Ceilings on the mediator's estimated utilities over groups of texts.

Over a group of texts sharing their options on the leading issues
(`accord.situation.groups`), a party's estimated utility is at most the exact sum of the
group's leading options' terms plus, for every other issue, the term of its best option.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from accord.situation.groups import TextGroups
from accord.utility import leading_sums

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
    # The grid of the first issues' sums is made no larger than the groups it serves; the
    # other leading issues' terms are added group by group, in issue order (same bits).
    radices = [options.shape[1] for options in terms[: groups.lead]]
    grid = 1
    while grid < groups.lead and math.prod(radices[: grid + 1]) <= groups.n_groups:
        grid += 1
    ceilings = np.take(leading_sums(terms, grid), groups.cells // math.prod(radices[grid:]), axis=1)
    for k in range(grid, groups.lead):
        options = groups.cells // math.prod(radices[k + 1 :]) % radices[k]
        ceilings += np.take(terms[k], options, axis=1)
    ceilings += best_rest
    return np.asarray(np.swapaxes(ceilings, 1, 2))
