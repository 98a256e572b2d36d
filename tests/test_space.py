import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.errors import LimitError, UnknownIdError
from accord.scenario import load_scenario
from accord.space import OutcomeSpace
from tests.strategies import outcome_spaces


@given(outcome_spaces(), st.data())
def test_encode_decode_round_trip(space, data):
    codes = np.array(data.draw(st.lists(st.integers(0, space.n_outcomes - 1), min_size=1)))
    assert np.array_equal(space.encode(space.decode(codes)), codes)


@given(outcome_spaces())
def test_codes_follow_itertools_product_order(space):
    combos = list(itertools.product(*[range(r) for r in space.radices]))
    assert np.array_equal(space.decode(np.arange(space.n_outcomes)), np.array(combos))


@given(outcome_spaces(), st.data())
def test_mask_matches_brute_force(space, data):
    pattern = {}
    for k, radix in enumerate(space.radices):
        if data.draw(st.booleans()):
            pattern[k] = data.draw(st.lists(st.integers(0, radix - 1), min_size=1, unique=True))
    expected = [
        all(combo[k] in allowed for k, allowed in pattern.items())
        for combo in itertools.product(*[range(r) for r in space.radices])
    ]
    assert space.mask(pattern).tolist() == expected


@given(outcome_spaces(), st.data())
def test_column_is_the_decoded_digit(space, data):
    k = data.draw(st.integers(0, space.n_issues - 1))
    assert np.array_equal(space.column(k), space.decode(np.arange(space.n_outcomes))[:, k])


def test_outcome_and_code_are_inverse():
    space = OutcomeSpace(("a", "b"), (("x", "y"), ("p", "q", "r")))
    for code in range(space.n_outcomes):
        assert space.code(space.outcome(code)) == code


def test_unknown_option_names_the_known_ones():
    space = OutcomeSpace(("a",), (("x", "y"),))
    with pytest.raises(UnknownIdError, match="unknown option of issue 'a' 'z'; known: x, y"):
        space.pattern_index({"a": ["z"]})


def test_constraints_become_masks(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(
        (
            __import__("pathlib").Path(__file__).parent / "scenario" / "testdata" / "good-base.yaml"
        ).read_text()
        + """
constraints:
  - {if: {price: low}, then: {delivery: slow}}
  - {forbid: {price: high, delivery: fast}}
"""
    )
    scenario = load_scenario(path)
    space = OutcomeSpace.from_scenario(scenario)
    feasible = space.feasible_mask(scenario.constraints)
    allowed = {
        space.code(o)
        for o in (
            {"price": "low", "delivery": "slow"},
            {"price": "mid", "delivery": "slow"},
            {"price": "mid", "delivery": "fast"},
            {"price": "high", "delivery": "slow"},
        )
    }
    assert set(np.flatnonzero(feasible).tolist()) == allowed


def test_space_above_cap_is_refused():
    scenario = load_scenario("nash-1950-bill-jack")
    with pytest.raises(LimitError, match=r"512 outcomes .* above the cap of 100"):
        OutcomeSpace.from_scenario(scenario, max_outcomes=100)
