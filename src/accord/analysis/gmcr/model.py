"""The graph model as arrays: states, each decision maker's moves, preference levels.

`build_model(conflict)` turns a validated `accord.scenario.conflict.Conflict` into a
`GraphModel`. Moves are stored per decision maker as a sparse adjacency list (CSR:
`indptr`, `targets`), so a model of 65,536 states with a few dozen moves per state and
decision maker takes tens of megabytes, where a dense reachability matrix would take
gigabytes. Preferences are integer `levels`: higher is more preferred, equal is a tie.

Memory grows with the number of moves, not only with the number of states: a decision
maker controlling k options has up to 2**k - 1 moves from every state. `build_model`
counts the moves of an option-form conflict before enumerating any and refuses more than
`MAX_MOVES` (a `LimitError`), so that the analysis stays within about `MEMORY_BUDGET`.
Work over moves runs in blocks of at most `BLOCK_MOVES` moves, so temporary arrays stay
small next to the moves themselves.

In option form a state is a bit vector (bit k = option k is taken). State codes follow
gmcr-py: the decimal value with option 0 as the least significant bit; feasible states
are numbered 1, 2, ... in ascending code, and those numbers are the state ids.

References:
    Fang, Hipel & Kilgour (1993), *Interactive Decision Making: The Graph Model for
    Conflict Resolution*, Wiley, ch. 2-3 (states, unilateral moves, preferences).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from accord.errors import ConstraintError, LimitError, UnknownIdError
from accord.scenario.conflict import (
    Conflict,
    evaluate_statement,
    feasible_codes,
    parse_statement,
    pattern_mask,
)

__all__ = [
    "MAX_MOVES",
    "MEMORY_BUDGET",
    "GraphModel",
    "Moves",
    "build_model",
    "count_option_moves",
    "state_vectors",
]

INF = np.iinfo(np.int32).max
"""Identity of `min` over no states; `-INF` is the identity of `max`."""

MAX_MOVES = 100_000_000
"""Most unilateral moves (all decision makers together) an option-form conflict may have.

Measured on 2 cores: 2**20 states with five decision makers of five, five, four, three
and three options (95.4 million moves) peak at 0.95 GiB for `accord gmcr`; with four
options each (78.6 million) `--json` peaks at 1.1 GiB (see docs/gmcr.md).
"""

MEMORY_BUDGET = "1.5 GiB"
"""What `MAX_MOVES` keeps the analysis of one conflict within, as stated to users."""

BLOCK_MOVES = 1 << 22
"""Moves processed at once by gathers over moves (bounds temporary arrays)."""


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

    def blocks(self) -> list[tuple[int, int]]:
        """Split the states into runs ``[a, b)`` holding about `BLOCK_MOVES` moves each."""
        cuts = np.searchsorted(self.indptr, np.arange(0, self.indptr[-1], BLOCK_MOVES), "right")
        edges = sorted({0, self.n_states, *(int(c) - 1 for c in cuts[1:])})
        return [(a, b) for a, b in itertools.pairwise(edges) if b > a]

    def from_state(self, state: int) -> np.ndarray:
        """Return the states one move away from `state`."""
        return self.targets[self.indptr[state] : self.indptr[state + 1]]

    def select(self, keep: np.ndarray) -> Moves:
        """Return the moves where `keep` (shape ``(n_moves,)``) is true."""
        counts = np.zeros(self.n_states, dtype=np.int64)
        for a, b in self.blocks():
            lo, hi = self.indptr[a], self.indptr[b]
            kept = np.concatenate(([0], np.cumsum(keep[lo:hi], dtype=np.int64)))
            counts[a:b] = kept[self.indptr[a + 1 : b + 1] - lo] - kept[self.indptr[a:b] - lo]
        indptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        return Moves(indptr, self.targets[keep])

    def improvements(self, levels: np.ndarray) -> Moves:
        """Return the moves to a strictly more preferred state under `levels`."""
        keep = np.empty(self.targets.size, dtype=bool)
        for a, b in self.blocks():
            lo, hi = self.indptr[a], self.indptr[b]
            here = np.repeat(levels[a:b], self.degrees[a:b])
            keep[lo:hi] = levels[self.targets[lo:hi]] > here
        return self.select(keep)

    def min_over(self, values: np.ndarray) -> np.ndarray:
        """For each state, the minimum of `values` over the states one move away.

        `values` has shape ``(..., n_states)``; states without moves get `INF`.
        """
        out = np.full(values.shape, INF, dtype=values.dtype)
        degrees = self.degrees
        for a, b in self.blocks():
            has = np.flatnonzero(degrees[a:b] > 0) + a
            if has.size:
                lo, hi = self.indptr[a], self.indptr[b]
                gathered = values[..., self.targets[lo:hi]]
                out[..., has] = np.minimum.reduceat(gathered, self.indptr[has] - lo, axis=-1)
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
        vector = self.codes is not None and bool(state) and set(state) <= set("YN")
        if vector and len(state) != len(self.options):
            raise ConstraintError(
                f"state {state}: a Y/N vector has one letter per option, "
                f"{len(self.options)} here ({', '.join(self.options)}), got {len(state)}"
            )
        if vector and self.codes is not None:
            matches = np.flatnonzero(pattern_mask(state, len(self.options))[self.codes])
            if matches.size == 1:
                return int(matches[0])
            # A whole Y/N vector matching no state is one the conflict rules out.
            raise ConstraintError(
                f"state {state} (options {', '.join(self.options)}) is not a feasible "
                "state of this conflict"
            )
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
    controls = []
    for dm in conflict.decision_makers:
        bits = [options.index(option) for option in dm.options]
        controls.append((bits, [conflict.options[bit].reversibility for bit in bits]))
    _check_moves(codes, controls)
    moves = [option_moves(codes, position, bits, rev) for bits, rev in controls]
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


def _check_moves(
    codes: np.ndarray, controls: Sequence[tuple[Sequence[int], Sequence[str]]]
) -> None:
    """Refuse, before enumerating any, more moves than `MAX_MOVES`."""
    n_moves = sum(count_option_moves(codes, bits, rev) for bits, rev in controls)
    if n_moves > MAX_MOVES:
        largest = max(len(bits) for bits, _ in controls)
        raise LimitError(
            f"this conflict has {codes.size:,} states and up to {n_moves:,} unilateral "
            f"moves; at most {MAX_MOVES:,} moves are supported (about {MEMORY_BUDGET} of "
            f"memory). A decision maker with k options has up to 2**k - 1 moves from every "
            f"state (here k = {largest}): split its options among decision makers, mark "
            "infeasible states, or use fewer options"
        )


def option_moves(
    codes: np.ndarray, position: np.ndarray, bits: Sequence[int], reversibility: Sequence[str]
) -> Moves:
    """Return the moves of a decision maker controlling option `bits` (option form).

    A move changes any non-empty subset of the controller's options, never an
    irreversible one backwards, and lands on a feasible state. `position` maps every
    code to its feasible-state index, or -1. States are taken in blocks, so that no
    temporary array is much larger than `BLOCK_MOVES` moves.
    """
    n_changes = (1 << len(bits)) - 1
    flips, allowed = _changes(codes, bits, reversibility)
    targets = np.empty(count_option_moves(codes, bits, reversibility), dtype=np.int32)
    indptr = np.zeros(codes.size + 1, dtype=np.int64)
    step = max(1, BLOCK_MOVES // max(1, n_changes))
    filled = 0
    for a in range(0, codes.size, step):
        b = min(a + step, codes.size)
        landing = position[codes[a:b, None] ^ flips[None, :]]
        landing[~allowed(a, b)] = -1
        valid = landing >= 0
        found = landing[valid]
        targets[filled : filled + found.size] = found
        filled += found.size
        indptr[a + 1 : b + 1] = filled - found.size + np.cumsum(valid.sum(axis=1))
    # Infeasible states only remove moves: shrink in place, without a copy.
    targets.resize(filled, refcheck=False)
    return Moves(indptr, targets)


def _changes(
    codes: np.ndarray, bits: Sequence[int], reversibility: Sequence[str]
) -> tuple[np.ndarray, Callable[[int, int], np.ndarray]]:
    """Each change's flip mask, and which changes are allowed from states ``a:b``.

    Change c (1 .. 2**k - 1) flips the options whose bit is set in c.
    """
    changes = np.arange(1, 1 << len(bits), dtype=np.int64)
    flips = np.zeros(changes.size, dtype=np.int64)
    for k, bit in enumerate(bits):
        flips |= ((changes >> k) & 1) << bit

    def allowed(a: int, b: int) -> np.ndarray:
        result = np.ones((b - a, changes.size), dtype=bool)
        for k, bit in enumerate(bits):
            if reversibility[k] == "both":
                continue
            taken = ((codes[a:b] >> bit) & 1).astype(bool)
            # A forward option is never withdrawn, a backward one never taken again.
            blocked = taken if reversibility[k] == "forward" else ~taken
            result &= ~(blocked[:, None] & (((changes >> k) & 1) == 1)[None, :])
        return result

    return flips, allowed


def count_option_moves(codes: np.ndarray, bits: Sequence[int], reversibility: Sequence[str]) -> int:
    """Count the moves of a decision maker controlling `bits`, ignoring infeasible targets.

    From a state where f of its options may change (reversibility allowing), it has
    2**f - 1 moves; infeasible states can only remove some. Counted without enumerating.
    """
    free = np.zeros(codes.size, dtype=np.int64)
    for k, bit in enumerate(bits):
        taken = (codes >> bit) & 1
        if reversibility[k] == "both":
            free += 1
        else:
            free += taken == (0 if reversibility[k] == "forward" else 1)
    return int(((np.int64(1) << free) - 1).sum())


def _option_levels(conflict: Conflict, dm: str, codes: np.ndarray) -> np.ndarray:
    preferences = conflict.preferences[dm]
    n_options = len(conflict.options)
    if preferences.ranking is not None:
        levels = np.zeros(codes.size, dtype=np.int64)
        for g, group in enumerate(preferences.ranking):
            for pattern in group:
                levels[pattern_mask(pattern, n_options)[codes]] = len(preferences.ranking) - g
        return levels
    if not preferences.prioritization:
        return np.zeros(codes.size, dtype=np.int64)  # no statement: indifferent throughout
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
    # Packed big-endian, each row's bytes compare as its truth values do; up to 64
    # statements fit one integer, which sorts far faster than rows.
    packed = np.packbits(satisfied, axis=1)
    if packed.shape[1] <= 8:
        padded = np.zeros((packed.shape[0], 8), dtype=np.uint8)
        padded[:, : packed.shape[1]] = packed
        _, inverse = np.unique(padded.view(">u8").reshape(-1), return_inverse=True)
    else:
        _, inverse = np.unique(packed, axis=0, return_inverse=True)
    return np.asarray(inverse, dtype=np.int64).reshape(-1)
