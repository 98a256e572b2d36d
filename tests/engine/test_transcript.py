"""`Outcomes`: a block's outcomes kept as columns behave as the list of its outcomes."""

import numpy as np
import pytest

from accord import simulate
from accord.engine import simulate_draws
from accord.engine.transcript import Outcomes
from accord.scenario import validate_data
from accord.situation import sampled_draws

SEED = 4


@pytest.fixture(scope="module")
def scenario():
    """Bilateral offers with uncertain preferences and reservation values: some draws agree."""
    issues = [{"id": i, "name": i, "options": ["x", "y", "z"]} for i in ("a", "b")]
    unit = {"uniform": [0.0, 1.0]}
    preferences = {
        party: {
            "weights": {i["id"]: unit for i in issues},
            "values": {i["id"]: {o: unit for o in i["options"]} for i in issues},
            "reservation_value": {"uniform": [0.3, 0.9]},
        }
        for party in ("north", "south")
    }
    return validate_data(
        {
            "accord": 1,
            "id": "outcomes",
            "title": "outcomes",
            "parties": [{"id": p, "name": p, "role": "party"} for p in ("north", "south")],
            "issues": issues,
            "preferences": preferences,
            "protocol": {"kind": "alternating_offers", "n_steps": 12, "order": ["north", "south"]},
            "strategies": {
                p: {"kind": "time_based", "curve": "linear"} for p in ("north", "south")
            },
        }
    )


@pytest.fixture(scope="module")
def outcomes(scenario) -> Outcomes:
    return simulate_draws(scenario, sampled_draws(scenario, seed=SEED, start=0, stop=24), seed=SEED)


def replayed(scenario, draw: int):
    return simulate(scenario, seed=SEED, draw=draw).outcome


def test_the_block_has_agreements_and_breakdowns_to_test_on(outcomes):
    assert {o.status for o in outcomes} == {"agreement", "breakdown"}


def test_each_draw_reads_as_the_outcome_of_its_replayed_run(scenario, outcomes):
    for draw in (0, 5, 23):
        assert outcomes[draw] == replayed(scenario, draw)
    assert outcomes[-1] == replayed(scenario, 23)
    with pytest.raises(IndexError):
        outcomes[24]
    with pytest.raises(IndexError):
        outcomes[-25]


def test_slices_iteration_and_equality_follow_a_list(outcomes):
    as_list = list(outcomes)
    assert len(outcomes) == len(as_list) == 24
    assert outcomes[3:17:4] == as_list[3:17:4]
    assert outcomes[::-1] == as_list[::-1]
    assert outcomes == as_list
    assert outcomes != as_list[:-1]
    assert [o.status for o in outcomes] == [outcomes[d].status for d in range(24)]


def test_taking_and_joining_draws_gives_their_outcomes_in_that_order(outcomes):
    as_list = list(outcomes)
    order = np.array([7, 2, 2, 19, 0])
    assert list(outcomes.take(order)) == [as_list[d] for d in order.tolist()]
    parts = [outcomes.take(np.arange(0, 10)), outcomes.take(np.arange(10, 24))]
    assert Outcomes.concatenate(parts, outcomes.parties) == as_list
    assert len(Outcomes.concatenate([], outcomes.parties)) == 0
    with pytest.raises(ValueError, match="other parties"):
        Outcomes.concatenate(parts, ("someone", "else"))


def test_achieved_is_the_agreed_texts_utility_or_else_the_reservation_value(outcomes):
    expected = [
        [(o.utilities or o.reservation_values)[p] for p in outcomes.parties] for o in outcomes
    ]
    assert outcomes.achieved().tolist() == expected
    assert outcomes.step_list() == [o.step for o in outcomes]
    assert outcomes.agreed().tolist() == [o.status == "agreement" for o in outcomes]


def test_a_read_outcome_is_the_readers_own(outcomes):
    agreed = next(d for d, o in enumerate(outcomes) if o.text)
    first = outcomes[agreed]
    issue = next(iter(first.text))
    first.text[issue] = "changed by the reader"
    first.reservation_values.clear()
    again = outcomes[agreed]
    assert again.text[issue] != "changed by the reader"
    assert again.reservation_values
