"""Status quo analysis: where the conflict can go from a given state, and how.

Entry point: `status_quo_analysis(model, start)` returns a `StatusQuo` telling which
states are reachable from `start` by legal sequences of unilateral moves (any decision
maker, never the same one twice in a row) and by legal sequences of unilateral
improvements (every move improves its mover's position), with a shortest path to each.
Combined with `stability`, it says which equilibria the conflict can reach.

The search is a breadth-first search over (state, last mover) pairs, one layer of all
decision makers' moves at a time, vectorised over the frontier.

References:
    Li, Kilgour & Hipel (2005), "Status quo analysis in the graph model for conflict
    resolution", Journal of the Operational Research Society 56(6):699-707.
    Xu, Kilgour, Hipel & Kemkes (2010), "Using matrices to link conflict evolution and
    resolution in a graph model", European Journal of Operational Research 207(1):318-329.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.analysis.gmcr.model import GraphModel, Moves

__all__ = ["Reach", "StatusQuo", "Step", "reach", "status_quo_analysis"]


@dataclass(frozen=True, slots=True)
class Step:
    """One move of a path: `decision_maker` moves the conflict from `source` to `target`."""

    decision_maker: str
    source: str
    target: str


@dataclass(frozen=True, slots=True)
class Reach:
    """Breadth-first search result over (state, last mover) pairs.

    `distance[d, s]` is the length of a shortest legal sequence ending with decision
    maker d's move at s (-1 if none); `parent_state` and `parent_mover` give the
    previous pair (mover -1 is the start).
    """

    start: int
    distance: np.ndarray
    parent_state: np.ndarray
    parent_mover: np.ndarray

    @property
    def reachable(self) -> np.ndarray:
        """Which states some legal sequence (of one or more moves) reaches."""
        return np.asarray((self.distance >= 0).any(axis=0))

    def path(self, state: int) -> list[tuple[int, int, int]]:
        """Return a shortest path to `state` as (mover, source, target) index triples."""
        distance = np.where(
            self.distance[:, state] >= 0, self.distance[:, state], np.iinfo(np.int64).max
        )
        if state == self.start:
            return []
        mover = int(np.argmin(distance))
        if self.distance[mover, state] < 0:
            raise ValueError("state is not reachable")
        steps: list[tuple[int, int, int]] = []
        while mover >= 0:
            source = int(self.parent_state[mover, state])
            steps.append((mover, source, state))
            mover, state = int(self.parent_mover[mover, state]), source
        return steps[::-1]


@dataclass(frozen=True, slots=True)
class StatusQuo:
    """Where a conflict can go from `start`: by any moves and by improvements only."""

    model: GraphModel
    start: int
    by_moves: Reach
    by_improvements: Reach

    def path(self, state: str, *, improvements: bool = False) -> list[Step]:
        """Return a shortest legal sequence from the start to a state (id or vector)."""
        search = self.by_improvements if improvements else self.by_moves
        ids, dms = self.model.state_ids, self.model.decision_makers
        return [
            Step(dms[d], ids[a], ids[b]) for d, a, b in search.path(self.model.state_index(state))
        ]


def status_quo_analysis(model: GraphModel, start: str | int) -> StatusQuo:
    """Search which states are reachable from `start` by legal moves and by improvements."""
    index = start if isinstance(start, int) else model.state_index(start)
    levels = model.levels
    improving = [m.improvements(levels[d]) for d, m in enumerate(model.moves)]
    return StatusQuo(model, index, reach(model.moves, index), reach(improving, index))


def reach(moves: Sequence[Moves], start: int) -> Reach:
    """Breadth-first search over legal sequences (no mover twice in a row) from `start`."""
    n_movers, n_states = len(moves), moves[0].n_states
    distance = np.full((n_movers, n_states), -1, dtype=np.int64)
    parent_state = np.full((n_movers, n_states), -1, dtype=np.int64)
    parent_mover = np.full((n_movers, n_states), -1, dtype=np.int64)
    frontier = np.zeros((n_movers + 1, n_states), dtype=bool)
    frontier[n_movers, start] = True
    depth = 0
    while frontier.any():
        depth += 1
        reached = np.zeros((n_movers + 1, n_states), dtype=bool)
        for d, mover_moves in enumerate(moves):
            layers = frontier.copy()
            layers[d] = False
            rows = np.flatnonzero(layers.any(axis=0))
            sources, targets = _expand(mover_moves, rows)
            fresh = distance[d, targets] < 0
            targets, first = np.unique(targets[fresh], return_index=True)
            sources = sources[fresh][first]
            distance[d, targets] = depth
            parent_state[d, targets] = sources
            layer = np.argmax(layers[:, sources], axis=0)
            parent_mover[d, targets] = np.where(layer == n_movers, -1, layer)
            reached[d, targets] = True
        frontier = reached
    return Reach(start, distance, parent_state, parent_mover)


def _expand(moves: Moves, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (source, target) of every move out of `rows`."""
    counts = moves.degrees[rows]
    total = int(counts.sum())
    starts = np.repeat(moves.indptr[rows], counts)
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    return np.repeat(rows, counts), moves.targets[starts + offsets].astype(np.int64)
