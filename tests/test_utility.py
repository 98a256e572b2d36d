import numpy as np
from hypothesis import given

from accord.scenario import load_scenario, validate_data
from accord.space import OutcomeSpace
from accord.utility import acceptable_mask, preference_model, utilities
from tests.strategies import linear_scenarios


def test_utilities_match_hand_calculation(tmp_path):
    text = (
        __import__("pathlib").Path(__file__).parent / "scenario" / "testdata" / "good-base.yaml"
    ).read_text()
    text = text.replace(
        "    reservation_value: 0.3\n  B:",
        """    reservation_value: 0.3
    interactions: [{when: {price: high, delivery: fast}, value: -0.2}]
    red_lines: [{price: low}]
  B:""",
    )
    path = tmp_path / "s.yaml"
    path.write_text(text)
    scenario = load_scenario(path)
    space = OutcomeSpace.from_scenario(scenario)
    model = preference_model(scenario, space)
    u = utilities(space, model)
    high_fast = space.code({"price": "high", "delivery": "fast"})
    mid_slow = space.code({"price": "mid", "delivery": "slow"})
    # A: weights 2:1 -> 2/3, 1/3. high+fast: 2/3*1 + 1/3*0 - 0.2 (interaction).
    assert u[high_fast, 0] == 2 / 3 - 0.2
    # B: weights 1:1. mid+slow: 1/2*0.5 + 1/2*0 = 0.25.
    assert u[mid_slow, 1] == 0.25
    acceptable = acceptable_mask(space, model.red_lines)
    low_codes = [space.code({"price": "low", "delivery": d}) for d in ("slow", "fast")]
    assert not acceptable[low_codes, 0].any() and acceptable[low_codes, 1].all()


@given(linear_scenarios())
def test_vectorised_utilities_equal_the_formula_outcome_by_outcome(data):
    scenario = validate_data(data)
    space = OutcomeSpace.from_scenario(scenario)
    u = utilities(space, preference_model(scenario, space))
    for code in range(space.n_outcomes):
        outcome = space.outcome(code)
        for i, party in enumerate(scenario.party_ids):
            prefs = data["preferences"][party]
            total = sum(prefs["weights"].values())
            expected = sum(
                w / total * prefs["values"][k][outcome[k]] for k, w in prefs["weights"].items()
            )
            assert np.isclose(u[code, i], expected, rtol=0, atol=1e-12)
