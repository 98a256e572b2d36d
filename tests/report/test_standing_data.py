"""The standing figure's data: each historical text's best and worst standing by day."""

import copy
from pathlib import Path

import pytest
import yaml

from accord.report._standing_data import standing_data
from accord.scenario import validate_data

BASE = yaml.safe_load(
    (Path(__file__).parents[1] / "scenario" / "testdata" / "good-base.yaml").read_text()
)


def case():
    data = copy.deepcopy(BASE)
    data["calendar"] = {"start": "2022-01-01", "end": "2022-06-30"}
    # B walks away at 0.3, then at 0.1: mid-slow (A 2/3, B 1/4) enters the ZOPA.
    data["events"] = [
        {
            "id": "b-weaker",
            "date": "2022-02-01",
            "kind": "reservation_shift",
            "party": "B",
            "delta": -0.2,
        }
    ]
    data["texts"] = [
        {
            "id": "mid-slow",
            "name": "Mid slow",
            "date": "2022-01-05",
            "options": {"price": "mid", "delivery": "slow"},
        },
    ]
    return validate_data(data)


def test_standing_by_day_and_a_summary_naming_when_a_text_was_in_the_zopa():
    data = standing_data(case(), end="2022-06-30")
    assert data["dates"] == ["2022-01-01", "2022-02-01"]
    (text,) = data["texts"]
    assert text["best"] == pytest.approx([0.25 - 0.3, 0.25 - 0.1])
    assert text["best"] == text["worst"]
    assert text["best_in_zopa"] == [False, True]
    assert "'Mid slow' was in the ZOPA from 2022-02-01 to 2022-02-01" in data["summary"]
