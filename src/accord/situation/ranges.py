"""A party's best and worst values over the texts it may accept, read off its cells' hull.

The value rule V = b·(u − a·(1 − u)) + (1 − b)·(r − loss) (`accord.situation.value`)
grows with the utility u wherever a ≥ 0 and b ≥ 0, as they are (audience costs stay at
or above 0, trust is a probability), and within a commitment cell (`Model.cells`) its
other inputs are one number per draw. Each step of the rule is a correctly rounded
operation that moves the same way as u, so over a cell's texts the highest value is
exactly, bit for bit, the value of the highest utility, and the lowest that of the
lowest.

A party may accept the texts that the constraints, the options on the table and its red
lines allow (the same in every draw), in the cells that every guarantor they name
consents to (per draw). Its best value is then the highest, over its consented cells,
of the value of the cell's highest utility among those texts. The hull of highest and
lowest utilities per cell changes only when the party's utilities or its allowed texts
move; an event that moves trust, audience costs, reservation values or consent costs a
pass over the cells instead of the texts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.situation.value import value_of

__all__ = [
    "CellTexts",
    "UtilityHull",
    "cell_entries",
    "cell_values",
    "per_row",
    "row_starts",
    "runs_of",
    "selected_runs",
    "value_range",
]


@dataclass(frozen=True)
class CellTexts:
    """The texts of a model in order of their commitment cell.

    Attributes:
        order: `(n_texts,)` the positions, by cell, then by position.
        cells: `(n_texts,)` the cell of each text in that order.
        used: `(n_used,)` the cells that hold texts, ascending.
    """

    order: np.ndarray
    cells: np.ndarray
    used: np.ndarray

    @classmethod
    def of(cls, cells: np.ndarray) -> CellTexts:
        """Order the texts whose cells are `cells` `(n_texts,)`."""
        order = np.argsort(cells, kind="stable")
        ordered = cells[order]
        # The cells where the sorted ones change: numpy's unique would sort them again (and
        # imports numpy.ma on first use, about 9 ms of `accord run`).
        return cls(order, ordered, ordered[np.flatnonzero(np.diff(ordered, prepend=-1))])


@dataclass(frozen=True)
class UtilityHull:
    """A party's highest and lowest utilities among its allowed texts, per used cell.

    Attributes:
        highest: `(n_draws, n_used)` per draw and cell (−inf where it allows none there).
        lowest: `(n_draws, n_used)` the same, lowest (+inf where it allows none there).
        texts: its allowed texts, by cell, then by position.
        starts: `(n_used + 1,)` where each used cell's texts begin in `texts` (and end).
    """

    highest: np.ndarray
    lowest: np.ndarray
    texts: np.ndarray
    starts: np.ndarray

    @classmethod
    def of(cls, utilities: np.ndarray, allowed: np.ndarray, texts: CellTexts) -> UtilityHull:
        """The hull of `utilities` `(n_draws, n_texts)` over the texts `allowed` `(n_texts,)`."""
        n_draws = utilities.shape[0]
        mine = allowed[texts.order]
        kept, cells = texts.order[mine], texts.cells[mine]
        columns = np.searchsorted(texts.used, cells)
        counts = np.bincount(columns, minlength=texts.used.size)
        highest = np.full((n_draws, texts.used.size), -np.inf)
        lowest = np.full((n_draws, texts.used.size), np.inf)
        if kept.size:
            starts = np.flatnonzero(np.diff(columns, prepend=-1))
            ordered = np.take(utilities, kept, axis=1)
            highest[:, columns[starts]] = np.maximum.reduceat(ordered, starts, axis=1)
            lowest[:, columns[starts]] = np.minimum.reduceat(ordered, starts, axis=1)
        return cls(highest, lowest, kept, np.concatenate([[0], np.cumsum(counts)]))


def cell_values(
    hull: UtilityHull,
    consented: np.ndarray,
    *,
    audience_costs: np.ndarray,
    trust: np.ndarray,
    reservation_values: np.ndarray,
    loss_scale: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """`(n_draws, n_used)` the party's highest and lowest value of its texts in each cell.

    −inf and +inf where it may accept none there. `consented` `(n_draws, n_used)` marks
    the cells every named guarantor consents to; `audience_costs`, `trust` and
    `reservation_values` are `(n_draws,)`, `loss_scale` `(n_draws, n_used)` the cells'.
    """
    has = consented & np.isfinite(hull.highest)
    # Both extremes in one pass of the rule; cells without texts are valued at 0, then
    # left out: the rule is not asked of ±inf.
    valued = value_of(
        np.where(has, np.stack([hull.highest, hull.lowest]), 0.0),
        audience_costs=audience_costs[:, None],
        trust=trust[:, None],
        reservation_values=reservation_values[:, None],
        loss_scale=loss_scale,
    )
    return np.where(has, valued[0], -np.inf), np.where(has, valued[1], np.inf)


def value_range(highest: np.ndarray, lowest: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`(n_draws,)` the best and worst value from the cells' (`cell_values`); ±inf: none."""
    best = np.max(highest, axis=1, initial=-np.inf)
    return np.asarray(best), np.asarray(np.min(lowest, axis=1, initial=np.inf))


def cell_entries(
    selected: np.ndarray, texts: np.ndarray, starts: np.ndarray, n_texts: int
) -> np.ndarray:
    """The flat (draw, text) positions of the texts of the cells `selected`, ascending.

    `selected` is `(n_draws, n_cells)`; `texts` lists the texts cell by cell, cell c's from
    `starts[c]` to `starts[c + 1]`.
    """
    draws, found = selected_runs(selected, starts[:-1], np.diff(starts))
    # The positions come as ascending runs (a cell's texts, draw by draw): a merging sort
    # orders them about ten times faster than the default one.
    return np.sort(draws * n_texts + texts[found], kind="stable")


def selected_runs(
    selected: np.ndarray, begins: np.ndarray, lengths: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The items of the runs `selected` `(n_rows, n_runs)`, row by row, run after run.

    Run c holds the items `begins[c]` to `begins[c] + lengths[c] − 1`. Returns each
    item's row and the item.
    """
    rows, runs = np.nonzero(selected)
    return runs_of(rows, runs, begins, lengths)


def runs_of(
    rows: np.ndarray, runs: np.ndarray, begins: np.ndarray, lengths: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The items of the runs `runs` in the rows `rows`, one run after the other.

    Run c holds the items `begins[c]` to `begins[c] + lengths[c] − 1`. Returns each
    item's row and the item.
    """
    counts = lengths[runs]
    first = np.repeat(begins[runs] - (np.cumsum(counts) - counts), counts)
    return np.repeat(rows, counts), first + np.arange(first.size)


def row_starts(rows: np.ndarray, n_rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Which of the `n_rows` rows have entries, and where their entries begin.

    `rows` is each entry's row, ascending.
    """
    counts = np.bincount(rows, minlength=n_rows)
    has = counts > 0
    return has, (np.cumsum(counts) - counts)[has]


def per_row(
    reduce: np.ufunc, values: np.ndarray, starts: tuple[np.ndarray, np.ndarray], initial: float
) -> np.ndarray:
    """`(n_rows,)` `values` reduced over each row's entries (`initial` where none).

    `starts` is `row_starts` of the entries' rows.
    """
    has, begins = starts
    result = np.full(has.size, initial, dtype=values.dtype)
    if begins.size:
        result[has] = reduce.reduceat(values, begins)
    return result
