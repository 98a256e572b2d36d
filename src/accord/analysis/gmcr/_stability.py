r"""Stability of every state for every decision maker: Nash, GMR, SMR and SEQ.

Entry point: `stability(model)` returns a `StabilityTable` of boolean arrays
``(n_decision_makers, n_states)`` per concept, and the equilibria (states stable for
every decision maker).

Definitions (Fang, Hipel & Kilgour 1993, ch. 3; Kilgour & Hipel 2005, sec. 3), for a
decision maker i at state s, with R_i(s) its unilateral moves, R_i^+(s) its unilateral
improvements, ⪯_i "not preferred to", and H = N \\ {i} the other decision makers:

- **Nash (R)**: R_i^+(s) is empty.
- **General metarationality (GMR)**: every s1 in R_i^+(s) is sanctioned: some s2 in
  R_H(s1) has s2 ⪯_i s.
- **Symmetric metarationality (SMR)**: every s1 in R_i^+(s) has a sanction s2 in
  R_H(s1), s2 ⪯_i s, from which i cannot escape: s3 ⪯_i s for all s3 in R_i(s2).
- **Sequential stability (SEQ)**: like GMR with R_H^+(s1) in place of R_H(s1).

R_H(s1) is the set of states the coalition H reaches from s1 by a *legal sequence* of
unilateral moves: one or more moves by members of H in which a member may move more than
once but never twice in a row; in R_H^+(s1) every move is a unilateral improvement for
its mover. With two decision makers H is one decision maker and R_H(s1) = R_j(s1).
(Kilgour, Hipel & Fang 1987; Fang, Hipel & Kilgour 1993, sec. 3.2; Xu, Hipel & Kilgour
2009, "Matrix representation of solution concepts in multiple-decision-maker graph
models", IEEE Trans. SMC A 39(1):96-108.)

How it is computed: every test above compares the *least preferred* (for i) state a
sanction can reach with s. So for each start state the minimum of a value over R_H is
computed, never R_H itself: g_d(x), the minimum reachable from x by a legal sequence whose
first move is d's, solves g_d(x) = min over y in R_d(x) of min(f(y), min_{d' in H, d' != d}
g_d'(y)), iterated from +inf to its fixed point (values only fall, so it terminates). Each
iteration is one gather-and-reduce over each member's sparse moves: no matrix of
n_states x n_states is ever formed. SMR uses f(s2) = max(level_i(s2), best escape level
from s2), so that "f(s2) <= level_i(s)" is exactly "s2 is an inescapable sanction".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.analysis.gmcr.model import INF, GraphModel, Moves

__all__ = ["CONCEPTS", "StabilityTable", "coalition_minimum", "stability"]

CONCEPTS = ("nash", "gmr", "smr", "seq")
"""Stability concepts, by their JSON names."""


@dataclass(frozen=True, slots=True)
class StabilityTable:
    """Which states are stable for which decision maker, under each concept.

    `stable[concept]` has shape ``(n_decision_makers, n_states)``.
    """

    model: GraphModel
    stable: dict[str, np.ndarray]

    def equilibria(self, concept: str) -> np.ndarray:
        """Return which states are stable for every decision maker, shape ``(n_states,)``."""
        return np.asarray(self.stable[concept].all(axis=0))

    def stable_states(self, concept: str, decision_maker: str) -> list[str]:
        """Return the ids of the states stable for a decision maker under a concept."""
        row = self.stable[concept][self.model.dm_index(decision_maker)]
        return [self.model.state_ids[s] for s in np.flatnonzero(row)]

    def equilibrium_states(self, concept: str) -> list[str]:
        """Return the ids of the equilibria under a concept."""
        return [self.model.state_ids[s] for s in np.flatnonzero(self.equilibria(concept))]


def stability(model: GraphModel, *, concepts: Sequence[str] = CONCEPTS) -> StabilityTable:
    """Compute the stability of every state for every decision maker.

    Args:
        model: the graph model.
        concepts: any of "nash", "gmr", "smr", "seq".

    Returns:
        A `StabilityTable`; equilibria are states stable for every decision maker.
    """
    unknown = [c for c in concepts if c not in CONCEPTS]
    if unknown:
        raise ValueError(f"unknown stability concept(s) {unknown}; expected some of {CONCEPTS}")
    levels = model.levels.astype(np.int32)
    improvements = tuple(m.improvements(levels[d]) for d, m in enumerate(model.moves))
    stable = {c: np.zeros((model.n_decision_makers, model.n_states), dtype=bool) for c in concepts}
    for i in range(model.n_decision_makers):
        others = [d for d in range(model.n_decision_makers) if d != i]
        own = levels[i]
        if "nash" in stable:
            stable["nash"][i] = improvements[i].degrees == 0
        sanctions: list[np.ndarray] = []
        wanted = [c for c in ("gmr", "smr") if c in stable]
        if wanted:
            escape = model.moves[i].max_over(own)
            values = {"gmr": own, "smr": np.maximum(own, escape)}
            stacked = np.stack([values[c] for c in wanted])
            sanctions = list(coalition_minimum([model.moves[d] for d in others], stacked))
        for concept, least in zip(wanted, sanctions, strict=True):
            stable[concept][i] = _all_sanctioned(improvements[i], least, own)
        if "seq" in stable:
            least = coalition_minimum([improvements[d] for d in others], own[None, :])[0]
            stable["seq"][i] = _all_sanctioned(improvements[i], least, own)
    return StabilityTable(model, stable)


def _all_sanctioned(improvements: Moves, least: np.ndarray, own: np.ndarray) -> np.ndarray:
    """Whether every improvement from s leads where a sanction ending <= own[s] exists."""
    worst = improvements.max_over(least)
    return np.asarray(worst <= own)


def coalition_minimum(members: Sequence[Moves], values: np.ndarray) -> np.ndarray:
    """Minimum of `values` over the states a coalition reaches by legal sequences of moves.

    A legal sequence has one or more moves by the coalition's members, never two in a
    row by the same member. `values` has shape ``(k, n_states)``; so has the result,
    with `INF` where the coalition cannot move at all.
    """
    if not members:
        return np.full(values.shape, INF, dtype=values.dtype)
    if len(members) == 1:
        return members[0].min_over(values)
    reached = [np.full(values.shape, INF, dtype=values.dtype) for _ in members]
    changed = True
    while changed:
        changed = False
        for a, moves in enumerate(members):
            continued = values
            for b in range(len(members)):
                if b != a:
                    continued = np.minimum(continued, reached[b])
            update = moves.min_over(continued)
            if not np.array_equal(update, reached[a]):
                reached[a] = update
                changed = True
    least = reached[0]
    for other in reached[1:]:
        least = np.minimum(least, other)
    return least
