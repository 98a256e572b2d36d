"""The graph model as arrays: states, each decision maker's moves, preference levels.

`build_model(conflict)` turns a validated `accord.scenario.conflict.Conflict` into a
`GraphModel`. Moves are stored per decision maker as a sparse adjacency list (CSR:
`indptr`, `targets`), so a model of 65,536 states with a few dozen moves per state and
decision maker takes tens of megabytes, where a dense reachability matrix would take
gigabytes. Preferences are integer `levels`: higher is more preferred, equal is a tie.

In option form a state is a bit vector (bit k = option k is taken). State codes follow
gmcr-py: the decimal value with option 0 as the least significant bit; feasible states
are numbered 1, 2, ... in ascending code, and those numbers are the state ids.

References:
    Fang, Hipel & Kilgour (1993), *Interactive Decision Making: The Graph Model for
    Conflict Resolution*, Wiley, ch. 2-3 (states, unilateral moves, preferences).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.errors import UnknownIdError
from accord.scenario.conflict import (
    Conflict,
    evaluate_statement,
    feasible_codes,
    parse_statement,
    pattern_mask,
)

__all__ = ["GraphModel", "Moves", "build_model", "state_vectors"]

INF = np.iinfo(np.int32).max
"""Identity of `min` over no states; `-INF` is the identity of `max`."""


@dataclass(frozen=True, slots=True)
class Moves:
    """One decision maker's unilateral moves as a sparse adjacency list (CSR).

    The moves from state s go to ``targets[indptr[s]:indptr[s + 1]]``.
    `indptr` has shape ``(n_states + 1,)``; `targets` ``(n_moves,)``.
    """

    indptr: np.ndarray
    targets: np.ndarray

    @property
    def n_states(self) -> int:
        """Number of states."""
        return int(self.indptr.size - 1)

    @property
    def degrees(self) -> np.ndarray:
        """Number of moves from each state, shape ``(n_states,)``."""
        return np.diff(self.indptr)

    def sources(self) -> np.ndarray:
        """Return the origin state of every move, shape ``(n_moves,)``."""
        return np.repeat(np.arange(self.n_states, dtype=np.int32), self.degrees)

    def from_state(self, state: int) -> np.ndarray:
        """Return the states one move away from `state`."""
        return self.targets[self.indptr[state] : self.indptr[state + 1]]

    def select(self, keep: np.ndarray) -> Moves:
        """Return the moves where `keep` (shape ``(n_moves,)``) is true."""
        counts = np.bincount(self.sources()[keep], minlength=self.n_states)
        indptr = np.concatenate(([0], np.cumsum(counts)))
        return Moves(indptr.astype(np.int64), self.targets[keep])

    def improvements(self, levels: np.ndarray) -> Moves:
        """Return the moves to a strictly more preferred state under `levels`."""
        return self.select(levels[self.targets] > levels[self.sources()])

    def min_over(self, values: np.ndarray) -> np.ndarray:
        """For each state, the minimum of `values` over the states one move away.

        `values` has shape ``(..., n_states)``; states without moves get `INF`.
        """
        out = np.full(values.shape, INF, dtype=values.dtype)
        has = self.degrees > 0
        if self.targets.size:
            gathered = values[..., self.targets]
            out[..., has] = np.minimum.reduceat(gathered, self.indptr[:-1][has], axis=-1)
        return out

    def max_over(self, values: np.ndarray) -> np.ndarray:
        """For each state, the maximum of `values` one move away (`-INF` if none)."""
        return -self.min_over(-values)

    @classmethod
    def from_pairs(cls, n_states: int, sources: np.ndarray, targets: np.ndarray) -> Moves:
        """Build from (source, target) pairs in any order; duplicates are dropped."""
        pairs = np.unique(np.stack([sources, targets]).astype(np.int64), axis=1)
        counts = np.bincount(pairs[0], minlength=n_states)
        indptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        return cls(indptr, pairs[1].astype(np.int32))


@dataclass(frozen=True, slots=True)
class GraphModel:
    """A conflict as arrays, ready for stability and status quo analysis.

    Attributes:
        decision_makers: ids, in file order.
        state_ids: one id per state (graph form: the file's; option form: "1", "2", ...).
        moves: each decision maker's unilateral moves.
        levels: preference levels, shape ``(n_decision_makers, n_states)``; higher is
            more preferred, equal levels are ties.
        options: option ids in vector order (option form; empty in graph form).
        codes: option form: each state's code (bit k = option k), shape ``(n_states,)``.
        status_quo: index of the status quo state, if the conflict names one.
    """

    decision_makers: tuple[str, ...]
    state_ids: tuple[str, ...]
    moves: tuple[Moves, ...]
    levels: np.ndarray
    options: tuple[str, ...] = ()
    codes: np.ndarray | None = None
    status_quo: int | None = None

    @property
    def n_states(self) -> int:
        """Number of (feasible) states."""
        return len(self.state_ids)

    @property
    def n_decision_makers(self) -> int:
        """Number of decision makers."""
        return len(self.decision_makers)

    def state_index(self, state: str) -> int:
        """Return the index of a state given by id or, in option form, Y/N vector."""
        if state in self._ids():
            return self._ids()[state]
        if self.codes is not None and len(state) == len(self.options):
            matches = (
                np.flatnonzero(pattern_mask(state, len(self.options))[self.codes])
                if set(state) <= set("YN")
                else np.array([], dtype=np.int64)
            )
            if matches.size == 1:
                return int(matches[0])
        raise UnknownIdError("state", state, self.state_ids[:20])

    def _ids(self) -> dict[str, int]:
        return {state: index for index, state in enumerate(self.state_ids)}

    def dm_index(self, decision_maker: str) -> int:
        """Return the index of a decision maker by id."""
        if decision_maker not in self.decision_makers:
            raise UnknownIdError("decision maker", decision_maker, self.decision_makers)
        return self.decision_makers.index(decision_maker)

    def vector(self, state: int) -> str:
        """Return a state's Y/N vector in option order (option form), else ''."""
        if self.codes is None:
            return ""
        code = int(self.codes[state])
        return "".join("Y" if code >> k & 1 else "N" for k in range(len(self.options)))

    def ranks(self) -> np.ndarray:
        """Return dense ranks, 1 = most preferred, shape ``(n_decision_makers, n_states)``."""
        ranks = np.empty(self.levels.shape, dtype=np.int64)
        for d, levels in enumerate(self.levels):
            _, inverse = np.unique(-levels, return_inverse=True)
            ranks[d] = inverse + 1
        return ranks


def state_vectors(codes: np.ndarray, n_options: int) -> np.ndarray:
    """Return the boolean option matrix of state codes, shape ``(n_states, n_options)``."""
    return ((codes[:, None] >> np.arange(n_options)) & 1).astype(bool)


def build_model(conflict: Conflict) -> GraphModel:
    """Turn a validated conflict into a `GraphModel`."""
    if conflict.is_option_form:
        return _option_model(conflict)
    return _graph_model(conflict)


def _graph_model(conflict: Conflict) -> GraphModel:
    state_ids = tuple(state.id for state in conflict.states)
    index = {state: k for k, state in enumerate(state_ids)}
    n_states = len(state_ids)
    moves = []
    for dm in conflict.decision_maker_ids:
        edges = np.array(
            [(index[a], index[b]) for a, b in conflict.moves.get(dm, ())], dtype=np.int64
        ).reshape(-1, 2)
        moves.append(Moves.from_pairs(n_states, edges[:, 0], edges[:, 1]))
    levels = np.zeros((len(moves), n_states), dtype=np.int32)
    for d, dm in enumerate(conflict.decision_maker_ids):
        ranking = conflict.preferences[dm].ranking or ()
        for g, group in enumerate(ranking):
            levels[d, [index[state] for state in group]] = len(ranking) - g
    status_quo = index[conflict.status_quo] if conflict.status_quo else None
    return GraphModel(
        conflict.decision_maker_ids, state_ids, tuple(moves), levels, status_quo=status_quo
    )


def _option_model(conflict: Conflict) -> GraphModel:
    options = conflict.option_ids
    codes = feasible_codes(conflict)
    n_options = len(options)
    position = np.full(1 << n_options, -1, dtype=np.int64)
    position[codes] = np.arange(codes.size)
    moves = []
    for dm in conflict.decision_makers:
        bits = [options.index(option) for option in dm.options]
        reversibility = [conflict.options[bit].reversibility for bit in bits]
        moves.append(option_moves(codes, position, bits, reversibility))
    levels = np.stack([_option_levels(conflict, dm, codes) for dm in conflict.decision_maker_ids])
    status_quo = None
    if conflict.status_quo is not None:
        mask = pattern_mask(conflict.status_quo, n_options)[codes]
        status_quo = int(np.flatnonzero(mask)[0])
    state_ids = tuple(str(k) for k in range(1, codes.size + 1))
    return GraphModel(
        conflict.decision_maker_ids,
        state_ids,
        tuple(moves),
        levels.astype(np.int32),
        options,
        codes,
        status_quo,
    )


def option_moves(
    codes: np.ndarray, position: np.ndarray, bits: Sequence[int], reversibility: Sequence[str]
) -> Moves:
    """Return the moves of a decision maker controlling option `bits` (option form).

    A move changes any non-empty subset of the controller's options, never an
    irreversible one backwards, and lands on a feasible state. `position` maps every
    code to its feasible-state index, or -1.
    """
    n_changes = (1 << len(bits)) - 1
    targets = np.full((codes.size, n_changes), -1, dtype=np.int32)
    for change in range(1, n_changes + 1):
        flip = 0
        allowed = np.ones(codes.size, dtype=bool)
        for k, bit in enumerate(bits):
            if change >> k & 1:
                flip |= 1 << bit
                taken = (codes >> bit) & 1
                if reversibility[k] == "forward":
                    allowed &= taken == 0
                elif reversibility[k] == "backward":
                    allowed &= taken == 1
        landing = position[codes ^ flip]
        targets[:, change - 1] = np.where(allowed, landing, -1)
    valid = targets >= 0
    indptr = np.concatenate(([0], np.cumsum(valid.sum(axis=1)))).astype(np.int64)
    return Moves(indptr, targets[valid])


def _option_levels(conflict: Conflict, dm: str, codes: np.ndarray) -> np.ndarray:
    preferences = conflict.preferences[dm]
    n_options = len(conflict.options)
    if preferences.ranking is not None:
        levels = np.zeros(codes.size, dtype=np.int64)
        for g, group in enumerate(preferences.ranking):
            for pattern in group:
                levels[pattern_mask(pattern, n_options)[codes]] = len(preferences.ranking) - g
        return levels
    vectors = state_vectors(codes, n_options)
    columns = {option: vectors[:, k] for k, option in enumerate(conflict.option_ids)}
    satisfied = np.stack(
        [
            evaluate_statement(parse_statement(text, conflict.option_ids), columns)
            for text in preferences.prioritization or ()
        ],
        axis=1,
    )
    return prioritized_levels(satisfied)


def prioritized_levels(satisfied: np.ndarray) -> np.ndarray:
    """Return dense levels from statement truth values, shape ``(n_states, n_statements)``.

    A state scores sum 2**(L-1-k) over the statements k it satisfies (GMCR II option
    prioritization); comparing scores is comparing the truth rows lexicographically,
    so levels are computed without forming 2**L.
    """
    if satisfied.shape[1] == 0:
        return np.zeros(satisfied.shape[0], dtype=np.int64)
    _, inverse = np.unique(satisfied, axis=0, return_inverse=True)
    return np.asarray(inverse, dtype=np.int64).reshape(-1)
