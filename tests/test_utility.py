"""Utilities and red lines over texts: a hand calculation and the formula, text by text."""

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord import utility as utility_module
from accord.scenario import load_scenario, validate_data
from accord.situation import compile_model, evaluate, mean_draws
from accord.situation.model import Model
from accord.utility import acceptable_mask, option_terms, summed_terms, utilities
from tests.strategies import linear_scenarios


def whole_space(scenario) -> Model:
    return compile_model(scenario, mean_draws(scenario), texts="all")


def test_utilities_match_hand_calculation(tmp_path):
    text = (Path(__file__).parent / "scenario" / "testdata" / "good-base.yaml").read_text()
    text = text.replace(
        "    reservation_value: 0.3\n  B:",
        """    reservation_value: 0.3
    interactions: [{when: {price: high, delivery: fast}, value: -0.2}]
    red_lines: [{price: low}]
  B:""",
    )
    path = tmp_path / "s.yaml"
    path.write_text(text)
    model = whole_space(load_scenario(path))
    u = utilities(model.tables, model.initial.raw_weights, model.digits, model.interactions)[0]
    high_fast = model.space.code({"price": "high", "delivery": "fast"})
    mid_slow = model.space.code({"price": "mid", "delivery": "slow"})
    # A: weights 2:1 -> 2/3, 1/3. high+fast: 2/3*1 + 1/3*0 - 0.2 (interaction).
    assert u[high_fast, 0] == 2 / 3 - 0.2
    # B: weights 1:1. mid+slow: 1/2*0.5 + 1/2*0 = 0.25.
    assert u[mid_slow, 1] == 0.25
    acceptable = acceptable_mask(model.digits, model.initial.red_lines)
    low_codes = [model.space.code({"price": "low", "delivery": d}) for d in ("slow", "fast")]
    assert not acceptable[low_codes, 0].any() and acceptable[low_codes, 1].all()


@given(linear_scenarios())
def test_vectorised_utilities_equal_the_formula_outcome_by_outcome(data):
    scenario = validate_data(data)
    model = whole_space(scenario)
    u = evaluate(model, model.initial).utilities[0]
    for code in range(model.space.n_outcomes):
        outcome = model.space.outcome(code)
        for i, party in enumerate(scenario.party_ids):
            prefs = data["preferences"][party]
            total = sum(prefs["weights"].values())
            expected = sum(
                w / total * prefs["values"][k][outcome[k]] for k, w in prefs["weights"].items()
            )
            assert np.isclose(u[code, i], expected, rtol=0, atol=1e-12)


def test_utilities_of_different_texts_per_draw_equal_the_shared_form():
    digits = np.array([[0, 1], [1, 0], [1, 1]])
    tables = (np.array([[[0.2, 0.9]], [[0.4, 0.1]]]), np.array([[[0.5, 0.3]], [[0.0, 1.0]]]))
    weights = np.array([[[1.0, 3.0]], [[2.0, 2.0]]])
    shared = utilities(tables, weights, digits)
    per_draw = utilities(tables, weights, np.stack([digits[[2, 0]], digits[[1, 1]]]))
    assert np.array_equal(per_draw[0], shared[0, [2, 0]])
    assert np.array_equal(per_draw[1], shared[1, [1, 1]])
    # Draw 1, text (1, 0): 1/2 * 0.1 + 1/2 * 0.0.
    assert per_draw[1, 0, 0] == 0.05


def test_rows_of_texts_read_the_terms_of_the_draws_they_name():
    """Rows valued in named draws (several of one draw) equal each draw's own sums."""
    tables = (np.array([[[0.2, 0.9]], [[0.4, 0.1]]]), np.array([[[0.5, 0.3]], [[0.0, 1.0]]]))
    weights = np.array([[[1.0, 3.0]], [[2.0, 2.0]]])
    terms = option_terms(tables, weights)
    digits = np.array([[[1, 1]], [[0, 1]], [[1, 0]]])
    rows = np.array([1, 0, 1])
    named = summed_terms(terms, digits, rows=rows)
    for r, draw in enumerate(rows):
        own = summed_terms([t[draw : draw + 1] for t in terms], digits[r : r + 1])
        assert np.array_equal(named[r], own[0])
    # Row 0, draw 1, text (1, 1): 1/2 * 0.1 + 1/2 * 1.0.
    assert named[0, 0, 0] == 0.55


@given(linear_scenarios(max_issues=4, max_options=4))
def test_sums_over_the_grid_have_the_bits_of_the_gathered_sums(data):
    scenario = validate_data(data)
    model = compile_model(scenario, mean_draws(scenario))
    tables, weights = model.tables, model.initial.raw_weights
    gathered = utilities(tables, weights, model.digits)
    over_grid = utilities(tables, weights, model.digits, codes=model.codes)
    assert np.array_equal(gathered, over_grid)


@given(data=st.data())
def test_grid_sums_in_blocks_of_draws_have_the_bits_of_the_gathered_sums(data):
    """Any grid size, any block of draws, any subset of outcomes as texts: the same bits."""
    radices = data.draw(st.lists(st.integers(1, 4), min_size=1, max_size=5))
    n_draws, n_parties = data.draw(st.integers(1, 9)), data.draw(st.integers(1, 3))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    terms = [rng.random((n_draws, r, n_parties)) for r in radices]
    n_outcomes = int(np.prod(radices))
    codes = np.flatnonzero(rng.random(n_outcomes) < data.draw(st.floats(0.05, 1.0)))
    if not codes.size:
        codes = np.array([n_outcomes - 1])
    # Mixed radix, the first issue least significant.
    digits = np.stack([codes // int(np.prod(radices[:k])) % r for k, r in enumerate(radices)], 1)
    gathered = summed_terms(terms, digits)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(utility_module, "GRID_BLOCK_BYTES", data.draw(st.sampled_from([8, 2**21])))
        patch.setattr(utility_module, "GRID_PER_TEXT", data.draw(st.sampled_from([0.5, 2, 100])))
        over_grid = summed_terms(terms, digits, codes=codes)
    assert np.array_equal(gathered, over_grid)
