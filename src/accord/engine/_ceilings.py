"""Ceilings on the mediator's estimated utilities over groups of texts.

Over a group of texts sharing their options on the leading issues
(`accord.situation.groups`), a party's estimated utility is at most the exact sum of the
group's leading options' terms plus, for every other issue, the term of its best option.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from accord.situation.groups import TextGroups
from accord.utility import normalise_weights

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
    normalised = normalise_weights(weights)
    terms = [table * normalised[:, :, k : k + 1] for k, table in enumerate(tables)]
    n_rows, n_parties = weights.shape[:2]
    leading = terms[0]
    for options in terms[1 : groups.lead]:
        width = leading.shape[2] * options.shape[2]
        leading = (leading[:, :, :, None] + options[:, :, None, :]).reshape(
            n_rows, n_parties, width
        )
    best_rest = np.zeros((n_rows, n_parties))
    for options in terms[groups.lead :]:
        best_rest += options.max(axis=2)
    return np.asarray(np.take(leading, groups.cells, axis=2) + best_rest[:, :, None])
