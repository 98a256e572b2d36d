"""Beliefs about compliance move by Bayes' rule, each change tied to its event."""

import copy
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from accord import simulate
from accord.scenario import validate_data
from accord.situation.beliefs import bayes_update

BASE = yaml.safe_load(
    (Path(__file__).parents[1] / "scenario" / "testdata" / "good-base.yaml").read_text()
)


def with_signals(signals: list[tuple[str, float, float]], prior: float) -> dict:
    data = copy.deepcopy(BASE)
    data["calendar"] = {"start": "2022-03-01", "end": "2022-03-31"}
    data["rounds"] = [{"id": "r1", "date": "2022-03-30", "n_steps": 1}]
    data["beliefs"] = {"A": {"B": prior}}
    data["events"] = [
        {
            "id": f"s{i}",
            "date": date,
            "kind": "signal",
            "actor": "B",
            "observers": ["A"],
            "likelihood": {"honours": p, "breaches": q},
        }
        for i, (date, p, q) in enumerate(signals)
    ]
    return data


def test_belief_updates_match_a_hand_calculation():
    signals = [("2022-03-05", 0.2, 0.8), ("2022-03-10", 0.9, 0.3), ("2022-03-20", 0.5, 0.5)]
    transcript = simulate(validate_data(with_signals(signals, 0.5))).to_dict()
    # Hand calculation, b' = p b / (p b + q (1 - b)):
    # 0.5 -> 0.2*0.5 / (0.1 + 0.4) = 0.2
    # 0.2 -> 0.9*0.2 / (0.18 + 0.3*0.8) = 0.18 / 0.42 = 0.428571...
    # an uninformative signal (p = q) leaves 0.428571... unchanged
    expected = [0.5, 0.2, 0.18 / 0.42, 0.18 / 0.42]
    values = [b["value"] for b in transcript["beliefs"] if b["holder"] == "A"]
    assert values == pytest.approx(expected, abs=1e-12)
    assert [b["event"] for b in transcript["beliefs"]] == [None, "s0", "s1", "s2"]
    assert [b["date"] for b in transcript["beliefs"][1:]] == [
        "2022-03-05",
        "2022-03-10",
        "2022-03-20",
    ]


@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1))
def test_beliefs_stay_in_the_unit_interval(belief, honours, breaches):
    assert 0.0 <= bayes_update(belief, honours=honours, breaches=breaches) <= 1.0


@given(st.floats(0.01, 0.99), st.floats(0.01, 1), st.floats(0.01, 1))
def test_signal_more_likely_under_breach_lowers_belief(belief, honours, breaches):
    after = bayes_update(belief, honours=honours, breaches=breaches)
    if honours < breaches:
        assert after < belief
    elif honours > breaches:
        assert after > belief
