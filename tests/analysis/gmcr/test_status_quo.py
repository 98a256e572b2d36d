"""Status quo analysis: reachable states and paths, against a brute-force search."""

from itertools import pairwise
from pathlib import Path

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from accord.analysis.gmcr import build_model, load_conflict, stability, status_quo_analysis
from tests.analysis.gmcr.oracle import brute_reachable, graph_models

TESTDATA = Path(__file__).parents[1] / "testdata" / "gmcr"


def elmira():
    return build_model(load_conflict(TESTDATA / "elmira.yaml").conflict)


def test_elmira_from_the_status_quo_reaches_the_equilibria_5_8_9():
    model = elmira()
    analysis = status_quo_analysis(model, "1")
    equilibria = stability(model).equilibria("nash")
    reachable = analysis.by_moves.reachable
    assert [model.state_ids[s] for s in np.flatnonzero(reachable & equilibria)] == ["5", "8", "9"]
    # By improvements, L insisting (1 -> 5) is the only first step that helps its mover
    # and leads to an equilibrium; U abandoning is never an improvement for U from 1.
    path = analysis.path("5", improvements=True)
    assert [(s.decision_maker, s.source, s.target) for s in path] == [("L", "1", "5")]


def test_paths_are_legal_sequences():
    model = elmira()
    analysis = status_quo_analysis(model, "1")
    for target in np.flatnonzero(analysis.by_moves.reachable):
        steps = analysis.path(model.state_ids[target])
        assert steps[0].source == "1" and steps[-1].target == model.state_ids[target]
        for before, after in pairwise(steps):
            assert before.target == after.source
            assert before.decision_maker != after.decision_maker
        for step in steps:
            d = model.dm_index(step.decision_maker)
            source, target_ = model.state_index(step.source), model.state_index(step.target)
            assert target_ in model.moves[d].from_state(source)


@given(graph_models(), st.data())
def test_reachable_sets_match_brute_force(model, data):
    start = data.draw(st.integers(0, model.n_states - 1))
    analysis = status_quo_analysis(model, start)
    for improvements, search in ((False, analysis.by_moves), (True, analysis.by_improvements)):
        expected = brute_reachable(model, start, improvements=improvements)
        assert set(np.flatnonzero(search.reachable).tolist()) == expected
        for state in expected - {start}:
            steps = search.path(state)
            assert steps[-1][2] == state
            for d, a, b in steps:
                assert b in model.moves[d].from_state(a)
                assert not improvements or model.levels[d, b] > model.levels[d, a]
