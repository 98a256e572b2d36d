"""Texts in groups that share their options on the leading issues, and ceilings over each.

Texts are kept in ascending order of their outcome codes, whose most significant digit
is the first issue's option, so the texts sharing their options on the first `lead`
issues are contiguous positions. The value rule grows with utility and falls with breach
loss, so the rule applied to a ceiling on a group's utilities and its smallest
breach-loss scale gives a ceiling on the value of every text of the group
(`TextGroups.value_ceilings`). The mediator's search for its best text skips the groups
whose ceiling cannot reach the best text found (`accord.engine.single_text`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from accord.situation.ranges import selected_runs
from accord.situation.value import value_of

if TYPE_CHECKING:
    from accord.situation.model import Model

__all__ = ["TEXTS_PER_GROUP", "TextGroups"]

# About this many texts share a group (fewer where constraints leave gaps): small enough
# to skip most texts, large enough that the groups' ceilings cost little next to them.
TEXTS_PER_GROUP = 12


@dataclass(frozen=True)
class TextGroups:
    """The texts of a model grouped by their options on the first `lead` issues.

    Attributes:
        lead: the number of leading issues a group's texts share.
        starts: `(n_groups,)` the first position of each group (groups without texts
            are left out).
        sizes: `(n_groups,)` the number of texts in each.
        cells: `(n_groups,)` each group's cell of the grid of the leading issues' options.
        leading_digits: `(n_groups, lead)` the leading issues' options of each group.
        least_loss: `(n_draws, n_parties, n_groups)` the smallest breach-loss scale of a
            text of the group.
        pair_cells: `(n_pairs,)` the commitment cells the groups' texts fall in, group by
            group (a group's texts lie in few cells, the same in every draw).
        pair_starts: `(n_groups,)` where each group's cells begin in `pair_cells`.
        text_pairs: `(n_texts,)` each text's (group, cell) pair, an index of `pair_cells`.
    """

    lead: int
    starts: np.ndarray
    sizes: np.ndarray
    cells: np.ndarray
    leading_digits: np.ndarray
    least_loss: np.ndarray
    pair_cells: np.ndarray
    pair_starts: np.ndarray
    text_pairs: np.ndarray

    @classmethod
    def of(cls, model: Model) -> TextGroups:
        """Group the texts of `model`, about `TEXTS_PER_GROUP` in each."""
        radices = model.space.radices
        lead, n_cells = 1, radices[0]
        while lead < len(radices) and n_cells * TEXTS_PER_GROUP < model.n_texts:
            n_cells *= radices[lead]
            lead += 1
        leading = model.codes // int(np.prod(radices[lead:]))
        cells, starts = np.unique(leading, return_index=True)
        sizes = np.diff(np.append(starts, model.n_texts))
        # A group's least loss is over the commitment cells its texts fall in: few, and
        # the same in every draw, so the losses are read at those alone.
        n_cells = model.loss_scale.shape[1]
        pairs, text_pairs = np.unique(_group_of(sizes) * n_cells + model.cells, return_inverse=True)
        first = np.flatnonzero(np.diff(pairs // n_cells, prepend=-1))
        losses = np.take(model.loss_scale, pairs % n_cells, axis=1)
        least = np.minimum.reduceat(losses, first, axis=1)
        leading_digits = model.digits[starts, :lead]
        least = np.ascontiguousarray(np.swapaxes(least, 1, 2))
        return cls(
            lead, starts, sizes, cells, leading_digits, least, pairs % n_cells, first, text_pairs
        )

    @property
    def n_groups(self) -> int:
        """Number of groups."""
        return int(self.starts.size)

    def value_ceilings(
        self,
        utility: np.ndarray,
        *,
        audience_costs: np.ndarray,
        trust: np.ndarray,
        reservation_values: np.ndarray,
        rows: np.ndarray | slice,
    ) -> np.ndarray:
        """`(n_rows, n_parties, n_groups)` a ceiling on each group's values, minus r.

        Args:
            utility: `(n_rows, n_parties, n_groups)` a ceiling on each group's utilities.
            audience_costs: `(n_rows, n_parties)` the parties' audience costs.
            trust: `(n_rows, n_parties)` the parties' trust b_i.
            reservation_values: `(n_rows, n_parties)` the reservation values.
            rows: the draws, for the groups' breach losses.
        """
        values = value_of(
            utility,
            audience_costs=audience_costs[:, :, None],
            trust=trust[:, :, None],
            reservation_values=reservation_values[:, :, None],
            loss_scale=self.least_loss[rows],
        )
        return np.asarray(values - reservation_values[:, :, None])

    def count_in_cells(self, consented: np.ndarray, texts: np.ndarray) -> np.ndarray:
        """`(n_draws, n_groups)` how many texts of each group are in `texts` and consented.

        `consented` `(n_draws, n_cells)` marks the commitment cells consented to in each
        draw, `texts` `(n_texts,)` the texts counted where consented. Counted per (group,
        cell) pair, not per text: a group's texts lie in few cells.
        """
        per_pair = np.bincount(self.text_pairs[texts], minlength=self.pair_cells.size)
        counts = np.take(consented, self.pair_cells, axis=1) * per_pair.astype(np.int32)
        if self.pair_cells.size == self.n_groups:  # each group in one cell
            return np.asarray(counts)
        return np.asarray(np.add.reduceat(counts, self.pair_starts, axis=1, dtype=np.int32))

    @cached_property
    def group_of(self) -> np.ndarray:
        """`(n_texts,)` the group of each text."""
        return _group_of(self.sizes)

    def entries(self, selected: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The texts of the groups `selected` `(n_rows, n_groups)`: each one's row and position.

        Row by row, each row's texts in ascending position.
        """
        return selected_runs(selected, self.starts, self.sizes)


def _group_of(sizes: np.ndarray) -> np.ndarray:
    """`(n_texts,)` the group of each text, for groups of `sizes` texts in order."""
    return np.repeat(np.arange(sizes.size), sizes)
