"""`analyze`: two Pareto frontiers, over feasible texts and over texts that could be agreed."""

import numpy as np

from accord import analyze, load_scenario
from accord.analysis.pareto import is_pareto_optimal


def test_the_admissible_frontier_is_the_frontier_of_the_texts_that_could_be_agreed():
    result = analyze(load_scenario("ceasefire-teaching"))
    situation = result.situation
    admissible = np.flatnonzero(situation.admissible)
    feasible = np.flatnonzero(situation.feasible)
    # North's red line (prewar line without disarmament) leaves the feasible frontier
    # bigger than the admissible one: 15 against 13 texts.
    assert (len(result.pareto), len(result.pareto_admissible)) == (15, 13)
    assert set(result.pareto_admissible) <= set(admissible)
    assert set(result.pareto) <= set(feasible)
    u = situation.utilities
    for codes, among in ((result.pareto, feasible), (result.pareto_admissible, admissible)):
        undominated = {int(c) for c in among if is_pareto_optimal(u[among], u[c])}
        assert undominated == set(map(int, codes))
    document = result.to_dict()
    assert len(document["pareto_admissible"]) == 13
