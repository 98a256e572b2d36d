"""Plain brute-force versions of the GMCR definitions (sets and loops), and strategies.

These are the test oracles for the vectorised code in `accord.analysis.gmcr`: each
follows the textbook definition literally (Fang, Hipel & Kilgour 1993, ch. 3; Kilgour &
Hipel 2005), with no shortcut.
"""

from __future__ import annotations

from collections import deque

import numpy as np
from hypothesis import strategies as st

from accord.analysis.gmcr import GraphModel, Moves

CONCEPTS = ("nash", "gmr", "smr", "seq")


def move_sets(model: GraphModel) -> list[list[set[int]]]:
    """moves[d][s] = the set of states decision maker d reaches from s in one move."""
    return [[set(m.from_state(s).tolist()) for s in range(model.n_states)] for m in model.moves]


def coalition_reach(moves, coalition, start, levels=None):
    """R_H(start) (or R_H^+ with `levels`): states reached by legal sequences of moves."""
    seen = set()
    queue = deque()
    for d in coalition:
        for t in moves[d][start]:
            improves = levels is None or levels[d][t] > levels[d][start]
            if improves and (t, d) not in seen:
                seen.add((t, d))
                queue.append((t, d))
    while queue:
        x, last = queue.popleft()
        for d in coalition:
            if d == last:
                continue
            for t in moves[d][x]:
                if (levels is None or levels[d][t] > levels[d][x]) and (t, d) not in seen:
                    seen.add((t, d))
                    queue.append((t, d))
    return {x for x, _ in seen}


def brute_stability(model: GraphModel, *, single_move_sanctions: bool = False):
    """{concept: bool array (n_dms, n_states)} by the definitions.

    With `single_move_sanctions`, sanctions are one move of one opponent, as gmcr-py's
    solver computes them.
    """
    moves = move_sets(model)
    levels = model.levels.tolist()
    n_dms, n_states = model.n_decision_makers, model.n_states
    result = {c: np.zeros((n_dms, n_states), dtype=bool) for c in CONCEPTS}
    for i in range(n_dms):
        others = [d for d in range(n_dms) if d != i]
        pref = levels[i]

        def reach(s1, improving=False, i=i, others=others):
            if single_move_sanctions:
                return {
                    t
                    for d in others
                    for t in moves[d][s1]
                    if not improving or levels[d][t] > levels[d][s1]
                }
            return coalition_reach(moves, others, s1, levels if improving else None)

        for s in range(n_states):
            improvements = [t for t in moves[i][s] if pref[t] > pref[s]]
            result["nash"][i, s] = not improvements
            result["gmr"][i, s] = all(
                any(pref[s2] <= pref[s] for s2 in reach(s1)) for s1 in improvements
            )
            result["smr"][i, s] = all(
                any(
                    pref[s2] <= pref[s] and all(pref[s3] <= pref[s] for s3 in moves[i][s2])
                    for s2 in reach(s1)
                )
                for s1 in improvements
            )
            result["seq"][i, s] = all(
                any(pref[s2] <= pref[s] for s2 in reach(s1, True)) for s1 in improvements
            )
    return result


def brute_reachable(model: GraphModel, start: int, *, improvements: bool = False) -> set[int]:
    """States reached from `start` by legal sequences of moves by any decision makers."""
    everyone = list(range(model.n_decision_makers))
    levels = model.levels.tolist() if improvements else None
    return coalition_reach(move_sets(model), everyone, start, levels)


@st.composite
def graph_models(draw, max_states: int = 7, max_dms: int = 4) -> GraphModel:
    """Small random graph models: any moves, preferences with ties."""
    n_states = draw(st.integers(1, max_states))
    n_dms = draw(st.integers(2, max_dms))
    moves = []
    for _ in range(n_dms):
        pairs = draw(
            st.lists(
                st.tuples(st.integers(0, n_states - 1), st.integers(0, n_states - 1)).filter(
                    lambda p: p[0] != p[1]
                ),
                max_size=n_states * 3,
            )
        )
        edges = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        moves.append(Moves.from_pairs(n_states, edges[:, 0], edges[:, 1]))
    levels = np.array(
        [[draw(st.integers(0, 3)) for _ in range(n_states)] for _ in range(n_dms)],
        dtype=np.int32,
    )
    return GraphModel(
        tuple(f"d{d}" for d in range(n_dms)),
        tuple(f"s{s}" for s in range(n_states)),
        tuple(moves),
        levels,
    )


@st.composite
def option_conflicts(draw, max_options: int = 5, max_dms: int = 3) -> dict:
    """Plain data of small random option-form conflicts (validated by `Conflict`)."""
    n_dms = draw(st.integers(2, max_dms))
    n_options = draw(st.integers(n_dms, max_options))
    owner = [d for d in range(n_dms)] + [
        draw(st.integers(0, n_dms - 1)) for _ in range(n_options - n_dms)
    ]
    options = [
        {"id": f"o{k}", "reversibility": draw(st.sampled_from(["both", "forward", "backward"]))}
        for k in range(n_options)
    ]
    letters = st.sampled_from("YN")
    infeasible = draw(
        st.lists(
            st.dictionaries(
                st.sampled_from([o["id"] for o in options]), letters, min_size=2, max_size=3
            ),
            max_size=2,
        )
    )
    literal = st.sampled_from([o["id"] for o in options]).flatmap(
        lambda o: st.sampled_from([o, f"-{o}"])
    )
    statement = st.one_of(
        literal,
        st.tuples(literal, st.sampled_from(["&", "|", "if", "iff"]), literal).map(" ".join),
    )
    return {
        "decision_makers": [
            {"id": f"d{d}", "options": [f"o{k}" for k in range(n_options) if owner[k] == d]}
            for d in range(n_dms)
        ],
        "options": options,
        "infeasible": infeasible,
        "preferences": {
            f"d{d}": {"prioritization": draw(st.lists(statement, min_size=1, max_size=4))}
            for d in range(n_dms)
        },
    }
