"""A party's texts ranked by value, per draw, and the offer rule of NegMAS's time-based agents.

NegMAS presorts the outcomes worth at least the reservation value ("rational") by
utility and, for a band whose lower edge is `low`, offers the least valuable rational
outcome at or above `low`; an outcome up to 1e-6 below `low` wins if strictly closer to
it, and outcomes under the reservation value compete only when `low` comes within 1e-6
of them (docs/interop/negmas-sao.md, section 6). Ties keep code order: a draw with
tied values is sorted stably, and positions follow codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

import numpy as np

from accord.situation.evaluation import few_pairs_valued
from accord.situation.ranges import cell_entries, per_row, row_starts

__all__ = [
    "NEAR_TOLERANCE",
    "Ranking",
    "Valued",
    "first_best",
    "nonzero_rows",
    "searchsorted_rows",
    "take_rows",
]

# A text this close below the band's edge may be offered instead of the one above it.
NEAR_TOLERANCE = 1e-6
# Rows of at least this many texts are packed to the texts in reach of the band's edges
# before sorting; shorter rows sort whole in less time than the packing takes
# (bench/sao.py, bench/sweep.py).
CUT_FROM_TEXTS = 2048


def first_best(allowed_values: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """`(n_draws,)` the allowed text of highest value (lowest position on ties; −1: none).

    `allowed_values` are the texts' values where `allowed`, −inf elsewhere.
    """
    return np.where(allowed.any(axis=1), np.argmax(allowed_values, axis=1), -1)


class Valued(Protocol):
    """A party's values of the texts, and those at its allowed texts where they are few."""

    @property
    def values(self) -> np.ndarray:
        """`(n_draws, n_texts)` its values."""

    @property
    def allowed_pairs(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The flat positions of its allowed texts and their values, where few; else None."""

    @property
    def value_groups(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Its allowed texts in groups, with a ceiling on its values in each.

        `(n_draws, n_groups)` a ceiling on its value of the group's texts it may accept in
        each draw (−inf: none there), its allowed texts by group, and `(n_groups + 1,)`
        where each group's texts begin in them (and end).
        """

    def entry_values(self, entries: np.ndarray) -> np.ndarray:
        """Its values at the flat (draw, text) positions `entries`."""


@dataclass(frozen=True)
class _Table:
    """A table of values with its allowed texts: their pairs are read off it, where few."""

    values: np.ndarray
    allowed: np.ndarray

    @cached_property
    def allowed_pairs(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The flat positions of the allowed texts and their values, where few; else None."""
        return few_pairs_valued(self.allowed, self.entry_values)

    @cached_property
    def value_groups(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each text a group of its own, whose ceiling is its value where allowed."""
        n_texts = self.values.shape[1]
        ceilings = np.where(self.allowed, self.values, -np.inf)
        return ceilings, np.arange(n_texts), np.arange(n_texts + 1)

    def entry_values(self, entries: np.ndarray) -> np.ndarray:
        """The values at the flat (draw, text) positions `entries`."""
        return np.asarray(self.values.reshape(-1).take(entries))


def take_rows(table: np.ndarray, index: np.ndarray) -> np.ndarray:
    """`(n_draws, m)` entries `table[d, index[d, j]]` (indices in `[0, n)`), row by row.

    An index of −1 reads another row's entry (or the last): callers mask those.
    """
    n_draws, width = table.shape
    # One gather from the flat table: the same entries as `numpy.take_along_axis` on
    # axis 1, for a fraction of the cost of two-dimensional fancy indexing.
    flat = index + (np.arange(n_draws) * width)[:, None]
    return np.asarray(table.reshape(-1)[flat])


def nonzero_rows(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`numpy.nonzero` of a two-dimensional `mask`: its true entries' rows and columns."""
    # From the flat mask: numpy's two-dimensional nonzero costs some forty times more.
    rows, columns = np.divmod(np.flatnonzero(mask), mask.shape[1])
    return rows, columns


def searchsorted_rows(table: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """Row by row, the number of entries of `table[d]` below each `queries[d, j]`.

    `table` is `(n_draws, n)` ascending per row; `queries` is `(n_draws, m)`: exactly
    `numpy.searchsorted` (side "left") of each row.
    """
    found = np.empty(queries.shape, dtype=np.int64)
    # One search per row beats a vectorised bisection over all rows: the rows are short,
    # and the bisection's gathers over the whole block cost more than the loop.
    for d, (row, query) in enumerate(zip(table, queries, strict=True)):
        found[d] = row.searchsorted(query, side="left")
    return found


@dataclass(frozen=True)
class Ranking:
    """A party's texts by value, in every draw.

    Attributes:
        values: `(n_draws, m)` the ranked values ascending, then +inf (m ≤ n_texts).
        positions: `(n_draws, m)` the texts in that order.
        n_rational: `(n_draws,)` texts ranked (worth at least the reservation value).
        tail_rows: `(k,)` the draws with an allowed text under the reservation value
            (with band edges: only those where such a text can come within 1e-6 of one).
        tail_values: `(k, n_texts)` their values of the texts under the reservation
            value, −inf elsewhere, in position order.
    """

    values: np.ndarray
    positions: np.ndarray
    n_rational: np.ndarray
    tail_rows: np.ndarray
    tail_values: np.ndarray

    @classmethod
    def of(
        cls,
        values: np.ndarray | Valued,
        allowed: np.ndarray,
        reservation: np.ndarray,
        lows: np.ndarray | None = None,
        best: np.ndarray | None = None,
    ) -> Ranking:
        """Rank the allowed texts of `values` `(n_draws, n_texts)` against `reservation`.

        `values` is a table or a party's values (`Valued`): where its allowed texts are
        few, they are read at those alone.

        With band edges `lows` `(n_draws, n_lows)` and each row's best allowed value
        `best`, only the rational texts an offer for them can be are ranked: those worth
        at least the lowest edge less `NEAR_TOLERANCE`, and the most valuable one (offered
        when every edge lies above it); in wide rows, of the texts at or above the highest
        edge only the least valuable one (the first in code order on ties). The ranking
        then serves those edges only. Texts under the reservation value are then kept only
        in the draws whose lowest edge comes within `NEAR_TOLERANCE` of it.
        """
        valued = _Table(values, allowed) if isinstance(values, np.ndarray) else values
        least, highest = reservation, None
        if lows is not None and best is not None:
            # The best rational value is the best allowed one, if that is rational.
            rational_best = np.where(best >= reservation, best, -np.inf)
            reach = np.minimum(lows.min(axis=1) - NEAR_TOLERANCE, rational_best)
            least, highest = np.maximum(reach, reservation), lows.max(axis=1)
        keys, texts, n_ranked = _candidates(valued, allowed, least, highest)
        order = np.argsort(keys, axis=1)
        # Sorting the keys again costs less than gathering them by `order`; where equal
        # keys could tell the two apart, the rows are redone below.
        ranked = np.sort(keys, axis=1)
        # A row without equal keys has one order, whatever the sort; a row with some is
        # sorted again stably, so that ties keep code order (the slower sort, only there).
        tied = _tied_rows(ranked, n_ranked)
        if tied.size:
            order[tied] = np.argsort(keys[tied], axis=1, kind="stable")
            ranked[tied] = take_rows(keys[tied], order[tied])
        tail_rows, tail = _tail(valued, allowed, reservation, lows)
        positions = order if texts is None else take_rows(texts, order)
        return cls(ranked, positions, n_ranked, tail_rows, tail)

    def least_at_or_above(self, lows: np.ndarray) -> np.ndarray:
        """`(n_draws, n_lows)` NegMAS's offer for each band edge (draws with a rational text)."""
        last = np.maximum(self.n_rational - 1, 0)[:, None]
        picked = searchsorted_rows(self.values, lows)
        np.minimum(picked, last, out=picked)
        top = take_rows(self.values, np.maximum(picked - 1, 0))
        # A text lies in [low − 1e-6, low) before `picked` exactly when the one just before
        # it does (the values ascend); such edges are rare, and only they are looked at again.
        near_draws, near_lows = nonzero_rows(top >= lows - NEAR_TOLERANCE)
        self._prefer_near_below(lows, picked, top, near_draws, near_lows)
        chosen = take_rows(self.positions, picked)
        return self._tail_offers(lows, picked, chosen)

    def _prefer_near_below(
        self,
        lows: np.ndarray,
        picked: np.ndarray,
        top: np.ndarray,
        draws: np.ndarray,
        edges: np.ndarray,
    ) -> None:
        """Move `picked` to the text just below the edge where it is strictly closer."""
        if not draws.size:  # the usual case: nothing to look at again
            return
        first = picked[draws, edges]
        low, below = lows[draws, edges], top[draws, edges]
        distance = np.abs(self.values[draws, first] - low)
        closer = (first > 0) & (below < low) & (low - below < distance)
        draws, edges, below = draws[closer], edges[closer], below[closer]
        # The draws come in ascending order (`nonzero_rows`), so dict keys list each once;
        # numpy's unique costs far more for these few (and imports numpy.ma on first use).
        for d in dict.fromkeys(draws.tolist()):
            mine = draws == d
            # The first of the texts worth `below`: ties keep code order.
            picked[d, edges[mine]] = self.values[d].searchsorted(below[mine], side="left")

    def _tail_offers(self, lows: np.ndarray, picked: np.ndarray, chosen: np.ndarray) -> np.ndarray:
        """Let texts under the reservation value win where they come within 1e-6 of the edge."""
        # Only draws with a text under the reservation value can have one in reach.
        rows = self.tail_rows
        if not rows.size:
            return chosen
        tops = self.tail_values.max(axis=1, initial=-np.inf)
        reach = tops[:, None] >= lows[rows] - NEAR_TOLERANCE
        for r, j in zip(*nonzero_rows(reach), strict=True):
            d = int(rows[r])
            tail = self.tail_values[r]
            gap = np.where(tail >= lows[d, j] - NEAR_TOLERANCE, np.abs(tail - lows[d, j]), np.inf)
            nearest = int(np.argmin(gap))
            if gap[nearest] < abs(self.values[d, picked[d, j]] - lows[d, j]):
                chosen[d, j] = nearest
        return chosen


def _tail(
    valued: Valued, allowed: np.ndarray, reservation: np.ndarray, lows: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """The draws with an allowed text under the reservation value that an edge can reach.

    Returns those draws and their values of such texts (−inf elsewhere). A text under
    the reservation value is offered only if worth at least an edge less
    `NEAR_TOLERANCE`: in draws whose lowest edge less that lies at or above the
    reservation value, none can be.
    """
    n_draws = allowed.shape[0]
    if lows is None:
        candidates = np.arange(n_draws)
    else:
        candidates = np.flatnonzero(lows.min(axis=1) - NEAR_TOLERANCE < reservation)
    if not candidates.size:  # the usual case in early rounds: nothing to read
        return candidates, np.zeros((0, allowed.shape[1]))
    pairs = valued.allowed_pairs
    if pairs is not None:
        return _tail_of_pairs(pairs, candidates, reservation, allowed.shape)
    values = valued.values
    below = allowed[candidates] & ~(values[candidates] >= reservation[candidates, None])
    has = below.any(axis=1)
    rows, below = candidates[has], below[has]
    return rows, np.where(below, values[rows], -np.inf)


def _tail_of_pairs(
    pairs: tuple[np.ndarray, np.ndarray],
    candidates: np.ndarray,
    reservation: np.ndarray,
    shape: tuple[int, int],
) -> tuple[np.ndarray, np.ndarray]:
    """`_tail` read at the allowed pairs alone."""
    n_draws, n_texts = shape
    entries, values = pairs
    draws = entries // n_texts
    candidate = np.zeros(n_draws, dtype=bool)
    candidate[candidates] = True
    below = candidate[draws] & ~(values >= reservation[draws])
    draws, values = draws[below], values[below]
    rows = np.flatnonzero(np.bincount(draws, minlength=n_draws))
    tail = np.full((rows.size, n_texts), -np.inf)
    tail[np.searchsorted(rows, draws), entries[below] - draws * n_texts] = values
    return rows, tail


def _tied_rows(ranked: np.ndarray, n_ranked: np.ndarray) -> np.ndarray:
    """The rows with two equal keys among their first `n_ranked` (ascending) keys."""
    if ranked.shape[1] < 2:
        return np.zeros(0, dtype=np.int64)
    equal = ranked[:, 1:] == ranked[:, :-1]
    # The +inf keys past the ranked ones are never offered, so their order is free: a row
    # has ties among its ranked keys exactly when its first equal pair lies among them.
    first = np.argmax(equal, axis=1)
    return np.flatnonzero(take_rows(equal, first[:, None])[:, 0] & (first + 1 < n_ranked))


def _candidates(
    valued: Valued, allowed: np.ndarray, least: np.ndarray, highest: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
    """The allowed texts worth at least `least` `(n_draws,)`, as keys to sort.

    Returns `(n_draws, m)` their values (+inf elsewhere), their texts (None: the keys are
    the whole table, in position order) and each row's number of them. Rows of
    `CUT_FROM_TEXTS` texts or more are packed left, read by groups where few are in
    reach, else off the table, and of their texts at or above `highest` (if given) only
    the least valuable is kept; shorter rows are kept whole.
    """
    n_texts = allowed.shape[1]
    if n_texts < CUT_FROM_TEXTS:
        table = valued.values
        candidate = allowed & (table >= least[:, None])
        return np.where(candidate, table, np.inf), None, candidate.sum(axis=1)
    entries = _reachable(valued, least, n_texts)
    if entries is None:
        entries = np.flatnonzero(allowed & (valued.values >= least[:, None]))
        values = valued.values.reshape(-1)[entries]
        draws = entries // n_texts
    else:
        values = valued.entry_values(entries)
        draws = entries // n_texts
        kept = values >= least.take(draws)
        entries, values, draws = entries[kept], values[kept], draws[kept]
    if highest is not None:
        kept = _under_or_least_over(draws, values, highest)
        entries, values, draws = entries[kept], values[kept], draws[kept]
    return _packed(draws, entries - draws * n_texts, values, allowed.shape[0])


def _under_or_least_over(draws: np.ndarray, values: np.ndarray, edge: np.ndarray) -> np.ndarray:
    """Which entries lie under their row's `edge`, or are its least at or above it.

    The entries come row by row (`draws` ascending) in position order: of equal least
    values at or above the edge, the first is kept.
    """
    over = values >= edge.take(draws)
    kept = ~over
    if not over.any():
        return kept
    # Each row's least value over the edge, then the first entry that has it.
    keys = np.where(over, values, np.inf)
    least = per_row(np.minimum, keys, row_starts(draws, edge.size), np.inf).take(draws)
    hits = np.flatnonzero(over & (keys == least))
    rows = draws[hits]
    first = np.ones(hits.size, dtype=bool)
    first[1:] = rows[1:] != rows[:-1]
    kept[hits[first]] = True
    return kept


def _reachable(valued: Valued, least: np.ndarray, n_texts: int) -> np.ndarray | None:
    """The allowed texts whose group's ceiling reaches `least`, as flat (draw, text) entries.

    None where more than a quarter of the texts may be in reach: reading them off the
    table then costs less. Entries come row by row in position order
    (`Valued.value_groups`).
    """
    ceilings, grouped, starts = valued.value_groups
    in_reach = ceilings >= least[:, None]
    sizes = np.diff(starts)
    if 4 * max(1, int((in_reach @ sizes).max(initial=0))) > n_texts:
        return None
    return cell_entries(in_reach, grouped, starts, n_texts)


def _packed(
    draws: np.ndarray, texts: np.ndarray, values: np.ndarray, n_draws: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The `values` of `texts` in `draws` (row by row, in position order), packed left.

    Returns `(n_draws, m)` the values (+inf past each row's last), their texts and each
    row's number of them.
    """
    counts = np.bincount(draws, minlength=n_draws)
    width = max(1, int(counts.max(initial=0)))
    # The entries come row by row in position order: a text's slot is its rank in its row.
    # Written through flat indices: two-dimensional fancy indexing costs several times more.
    shifts = np.arange(n_draws) * width - (np.cumsum(counts) - counts)
    slots = np.arange(draws.size) + np.repeat(shifts, counts)
    packed = np.full((n_draws, width), np.inf)
    packed.reshape(-1)[slots] = values
    positions = np.zeros((n_draws, width), dtype=np.int64)
    positions.reshape(-1)[slots] = texts
    return packed, positions, counts
