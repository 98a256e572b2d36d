"""Historical texts scored on a date and over time, checked against hand calculations.

The case: A weighs price 2 and delivery 1, B weighs them equally; A values price
low/mid/high 0/0.5/1 and delivery slow/fast 1/0, B the reverse; both walk away at 0.3.
Utilities (A, B): low-slow (1/3, 0.5), low-fast (0, 1), mid-slow (2/3, 0.25),
mid-fast (1/3, 0.75), high-slow (1, 0), high-fast (2/3, 0.5). B's red line is a high
price; low-fast is forbidden. The ZOPA is {low-slow, mid-fast}; the Nash product
(u_A − 0.3)(u_B − 0.3) is 0.0067 at low-slow and 0.015 at mid-fast, the Nash text.
"""

import copy
import datetime as dt
import math
from pathlib import Path

import pytest
import yaml

from accord.analysis.summary import analyze
from accord.analysis.texts import blocked_by, text_standing
from accord.scenario import validate_data

BASE = yaml.safe_load(
    (Path(__file__).parents[1] / "scenario" / "testdata" / "good-base.yaml").read_text()
)


def scenario(events=()):
    data = copy.deepcopy(BASE)
    data["preferences"]["B"]["red_lines"] = [{"price": "high"}]
    data["constraints"] = [
        {"forbid": {"price": "low", "delivery": "fast"}, "description": "no cheap express"}
    ]
    data["calendar"] = {"start": "2022-01-01", "end": "2022-06-30"}
    data["events"] = list(events)
    data["texts"] = [
        {
            "id": "draft",
            "name": "Draft",
            "date": "2022-01-10",
            "options": {"price": "mid", "delivery": ["slow", "fast"]},
        },
        {
            "id": "hard",
            "name": "Hard line",
            "date": "2022-04-01",
            "options": {"price": "high", "delivery": "slow"},
        },
        {
            "id": "cheap-express",
            "name": "Cheap express",
            "date": "2022-02-01",
            "options": {"price": "low", "delivery": "fast"},
        },
        {"id": "open", "name": "Price only", "date": "2022-02-01", "options": {"price": "low"}},
    ]
    return validate_data(data)


def scores(case, at=None):
    return {score.text.id: score for score in analyze(case, at=at).texts}


def test_a_bracketed_text_is_scored_by_its_best_and_worst_alternative():
    draft = scores(scenario())["draft"]
    assert (draft.n_alternatives, draft.n_in_zopa) == (2, 1)
    best, worst = draft.best, draft.worst
    assert best.outcome == {"price": "mid", "delivery": "fast"}
    assert worst.outcome == {"price": "mid", "delivery": "slow"}
    assert best.margins == pytest.approx({"A": 1 / 3 - 0.3, "B": 0.45})
    assert best.standing == pytest.approx(1 / 3 - 0.3)
    assert worst.standing == pytest.approx(-0.05)
    assert (best.in_zopa, worst.in_zopa, worst.admissible) == (True, False, True)
    # Progress: (u − r) / (aspiration − r), aspirations 1 for both (high-slow, low-fast is
    # forbidden so B's best feasible text is mid-fast at 0.75).
    assert best.progress["A"] == pytest.approx((1 / 3 - 0.3) / 0.7)
    assert best.progress["B"] == pytest.approx(0.45 / 0.45)


def test_distances_to_the_pareto_frontier_and_the_nash_text():
    draft = scores(scenario())["draft"]
    assert draft.best.pareto_distance == pytest.approx(0.0)
    assert draft.best.nash_distance == pytest.approx(0.0)
    # mid-slow (2/3, 0.25) is dominated; the nearest frontier text is high-fast (2/3, 0.5).
    assert draft.worst.pareto_distance == pytest.approx(0.25)
    assert draft.worst.nash_distance == pytest.approx(math.hypot(1 / 3, 0.5))


def test_red_lines_and_constraints_hit_are_named():
    found = scores(scenario())
    assert found["hard"].best.red_lines == {"B": ["{price: high}"]}
    assert not found["hard"].best.admissible
    assert found["cheap-express"].best.constraints == ["no cheap express"]
    # An issue the text leaves out is open over every option: low-slow is in the ZOPA.
    assert found["open"].n_alternatives == 2
    assert found["open"].best.outcome == {"price": "low", "delivery": "slow"}


def test_an_option_not_yet_introduced_makes_an_alternative_infeasible():
    introduce = {
        "id": "express",
        "date": "2022-03-01",
        "kind": "option",
        "action": "introduce",
        "issue": "delivery",
        "option": "fast",
    }
    draft = scores(scenario([introduce]), at=dt.date(2022, 2, 15))["draft"]
    assert draft.worst.unavailable == ["delivery=fast"]
    assert draft.best.outcome == {"price": "mid", "delivery": "slow"}
    assert draft.n_in_zopa == 0
    assert scores(scenario([introduce]), at=dt.date(2022, 3, 1))["draft"].n_in_zopa == 1
    assert not scores(scenario([introduce]), at=dt.date(2022, 2, 15))["hard"].is_tabled


def test_standing_over_time_changes_on_event_days_only():
    introduce = {
        "id": "express",
        "date": "2022-03-01",
        "kind": "option",
        "action": "introduce",
        "issue": "delivery",
        "option": "fast",
    }
    shift = {
        "id": "b-weaker",
        "date": "2022-04-01",
        "kind": "reservation_shift",
        "party": "B",
        "delta": -0.2,
    }
    series = text_standing(scenario([introduce, shift]))
    assert series.dates == (dt.date(2022, 1, 1), dt.date(2022, 3, 1), dt.date(2022, 4, 1))
    draft = [text.id for text in series.texts].index("draft")
    # Before 1 Mar mid-fast is off the table, so it is the worst alternative whatever its
    # standing (1/30) and mid-slow, B short by 0.05, the best. Then mid-fast is in the ZOPA
    # (standing 1/30). Once B walks away at 0.1, mid-slow gives B 0.15 and A 0.367: its
    # standing 0.15 makes it the best, mid-fast (1/30) the worst.
    assert series.best[draft].tolist() == pytest.approx([-0.05, 1 / 30, 0.15])
    assert series.worst[draft].tolist() == pytest.approx([1 / 30, -0.05, 1 / 30])
    assert series.best_in_zopa[draft].tolist() == [False, True, True]


def test_blocked_by_names_every_obstacle_and_nothing_for_a_text_in_the_zopa():
    obstacles = {
        "red_lines": {"north": ["{line: prewar}"]},
        "constraints": ["no amnesty without disarmament"],
        "unavailable": ["border=split"],
        "guarantors": {"un": False, "au": True},
        "margins": {"north": -0.2, "south": 0.0},
    }
    assert blocked_by(obstacles) == [
        "red line of north: {line: prewar}",
        "constraint: no amnesty without disarmament",
        "not on the table: border=split",
        "guarantors refuse: un",
        "below reservation value: north",
    ]
    clear = {
        "red_lines": {},
        "constraints": [],
        "unavailable": [],
        "guarantors": {"un": True},
        "margins": {"north": 0.0, "south": 0.1},
    }
    assert blocked_by(clear) == []
