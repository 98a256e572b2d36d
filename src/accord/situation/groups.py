"""Texts in groups that share their options on the leading issues, and ceilings over each.

Texts are kept in ascending order of their outcome codes, whose most significant digit
is the first issue's option, so the texts sharing their options on the first `lead`
issues are contiguous positions. The value rule grows with utility and falls with breach
loss, so the rule applied to a ceiling on a group's utilities and its smallest
breach-loss scale gives a ceiling on the value of every text of the group
(`value_ceilings`). Groups sharing fewer leading issues form sets (`GroupSets`), whose
ceilings bound those of their groups. The mediator's search for its best text skips the
sets and groups whose ceiling cannot reach the best text found
(`accord.engine.single_text`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from accord.situation.ranges import runs_of, selected_runs
from accord.situation.value import value_of

if TYPE_CHECKING:
    from accord.situation.model import Model

__all__ = [
    "GROUPS_PER_SET",
    "TEXTS_PER_GROUP",
    "GroupSets",
    "Grouping",
    "TextGroups",
    "value_ceilings",
]

# About this many texts share a group (fewer where constraints leave gaps): small enough
# to skip most texts, large enough that the groups' ceilings cost little next to them.
TEXTS_PER_GROUP = 12
# About this many groups share a set, over which the search bounds first.
GROUPS_PER_SET = 12


@dataclass(frozen=True)
class Grouping:
    """Items (texts, or groups of them) in runs that share their options on leading issues.

    Attributes:
        lead: the number of leading issues the items of a run share.
        starts: `(n,)` the first item of each run (runs without items are left out).
        sizes: `(n,)` the number of items in each.
        cells: `(n,)` each run's cell of the grid of the leading issues' options.
        leading_digits: `(n, lead)` the leading issues' options of each run.
        least_loss: `(n_draws, n_parties, n)` the smallest breach-loss scale of a text of
            the run.
    """

    lead: int
    starts: np.ndarray
    sizes: np.ndarray
    cells: np.ndarray
    leading_digits: np.ndarray
    least_loss: np.ndarray


@dataclass(frozen=True)
class GroupSets(Grouping):
    """The groups of texts in sets (runs of groups) that share fewer leading issues."""

    @property
    def n_sets(self) -> int:
        """Number of sets."""
        return int(self.starts.size)


@dataclass(frozen=True)
class TextGroups(Grouping):
    """The texts of a model in groups (runs of texts) by their options on the first issues.

    Attributes:
        pair_cells: `(n_pairs,)` the commitment cells the groups' texts fall in, group by
            group (a group's texts lie in few cells, the same in every draw).
        pair_starts: `(n_groups,)` where each group's cells begin in `pair_cells`.
        text_pairs: `(n_texts,)` each text's (group, cell) pair, an index of `pair_cells`.
        sets: the groups in sets sharing fewer leading issues.
    """

    pair_cells: np.ndarray
    pair_starts: np.ndarray
    text_pairs: np.ndarray
    sets: GroupSets

    @classmethod
    def of(cls, model: Model) -> TextGroups:
        """Group the texts of `model`, about `TEXTS_PER_GROUP` in each."""
        radices = model.space.radices
        lead, cells, starts, sizes = _runs(model.codes, radices, TEXTS_PER_GROUP)
        # A group's least loss is over the commitment cells its texts fall in: few, and
        # the same in every draw, so the losses are read at those alone.
        n_cells = model.loss_scale.shape[1]
        pairs, text_pairs = np.unique(_group_of(sizes) * n_cells + model.cells, return_inverse=True)
        first = np.flatnonzero(np.diff(pairs // n_cells, prepend=-1))
        losses = np.take(model.loss_scale, pairs % n_cells, axis=1)
        least = np.minimum.reduceat(losses, first, axis=1)
        leading_digits = model.digits[starts, :lead]
        least = np.ascontiguousarray(np.swapaxes(least, 1, 2))
        sets = _sets(radices[:lead], cells, leading_digits, least)
        return cls(
            lead,
            starts,
            sizes,
            cells,
            leading_digits,
            least,
            pairs % n_cells,
            first,
            text_pairs,
            sets,
        )

    @property
    def n_groups(self) -> int:
        """Number of groups."""
        return int(self.starts.size)

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

    @cached_property
    def set_of(self) -> np.ndarray:
        """`(n_groups,)` the set of each group."""
        return _group_of(self.sets.sizes)

    def texts_of(self, rows: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The texts of the groups `groups` in the rows `rows`: each one's row and position.

        Given row by row (each row's groups ascending), the texts come row by row, each
        row's in ascending position.
        """
        return runs_of(rows, groups, self.starts, self.sizes)

    def groups_in(self, selected: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The groups of the sets `selected` `(n_rows, n_sets)`: each one's row and group.

        Row by row, each row's groups ascending.
        """
        return selected_runs(selected, self.sets.starts, self.sets.sizes)


def value_ceilings(
    utility: np.ndarray,
    *,
    least_loss: np.ndarray,
    audience_costs: np.ndarray,
    trust: np.ndarray,
    reservation_values: np.ndarray,
) -> np.ndarray:
    """A ceiling on the values of a group's (or set's) texts, minus r (all broadcast).

    Args:
        utility: a ceiling on the texts' utilities.
        least_loss: their smallest breach-loss scale.
        audience_costs: the parties' audience costs.
        trust: the parties' trust b_i.
        reservation_values: the reservation values.
    """
    values = value_of(
        utility,
        audience_costs=audience_costs,
        trust=trust,
        reservation_values=reservation_values,
        loss_scale=least_loss,
    )
    return np.asarray(values - reservation_values)


def _sets(
    radices: Sequence[int], cells: np.ndarray, leading_digits: np.ndarray, least: np.ndarray
) -> GroupSets:
    """The groups (their `cells` of the grid of `radices`) in sets of about `GROUPS_PER_SET`."""
    lead, set_cells, starts, sizes = _runs(cells, radices, GROUPS_PER_SET)
    least_loss = np.ascontiguousarray(np.minimum.reduceat(least, starts, axis=2))
    return GroupSets(lead, starts, sizes, set_cells, leading_digits[starts, :lead], least_loss)


def _runs(
    codes: np.ndarray, radices: Sequence[int], per_run: int
) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """Items of ascending `codes` (of the grid of `radices`) in runs of about `per_run`.

    A run's items share their options on the leading issues. Returns how many issues
    lead, and each run's cell of their grid, first item and number of items.
    """
    lead, n_cells = 1, radices[0]
    while lead < len(radices) and n_cells * per_run < codes.size:
        n_cells *= radices[lead]
        lead += 1
    cells, starts = np.unique(codes // int(np.prod(radices[lead:])), return_index=True)
    return lead, cells, starts, np.diff(np.append(starts, codes.size))


def _group_of(sizes: np.ndarray) -> np.ndarray:
    """`(n_texts,)` the group of each text, for groups of `sizes` texts in order."""
    return np.repeat(np.arange(sizes.size), sizes)
