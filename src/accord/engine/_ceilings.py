"""Ceilings on the mediator's estimated utilities over groups of texts.

Over a group of texts sharing their options on the leading issues
(`accord.situation.groups`), a party's estimated utility is at most the exact sum of the
group's leading options' terms plus, for every other issue, the term of its best option.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from accord.situation.groups import TextGroups
from accord.utility import leading_sums, option_terms

__all__ = ["estimated_utility_ceilings"]


def estimated_utility_ceilings(
    groups: TextGroups, weights: np.ndarray, tables: Sequence[np.ndarray]
) -> np.ndarray:
    """`(n_rows, n_parties, n_groups)` a ceiling on each group's estimated utilities.

    Args:
        groups: the texts' groups.
        weights: `(n_rows, n_parties, n_issues)` estimated raw weights.
        tables: per issue `(n_rows, n_parties, n_options)` estimated option values.
    """
    terms = option_terms(tables, weights)
    best_rest = np.zeros((weights.shape[0], 1, weights.shape[1]))
    for options in terms[groups.lead :]:
        best_rest += options.max(axis=1, keepdims=True)
    ceilings = np.take(leading_sums(terms, groups.lead), groups.cells, axis=1) + best_rest
    return np.asarray(np.swapaxes(ceilings, 1, 2))
