"""The shipped teaching cases end the way their documents (docs/scenarios/) say, and why."""

import numpy as np
import pytest

from accord import analyze, load_scenario, simulate


def test_nash_1950_agrees_on_nashs_own_trade():
    scenario = load_scenario("nash-1950-bill-jack")
    outcome = simulate(scenario).outcome
    assert outcome.status == "agreement"
    # Bill gives Jack the book, whip, ball and bat; Jack gives Bill the pen, toy and knife;
    # the box stays with Bill, the hat with Jack: gains 12 and 5 of 34 and 16.
    assert outcome.text == {
        "book": "jack",
        "whip": "jack",
        "ball": "jack",
        "bat": "jack",
        "box": "bill",
        "pen": "bill",
        "toy": "bill",
        "knife": "bill",
        "hat": "jack",
    }
    assert outcome.utilities == pytest.approx({"bill": 24 / 34, "jack": 11 / 16})


def test_nash_1950_offers_worth_least_to_oneself_pass_each_other():
    scenario = load_scenario("nash-1950-bill-jack", variants=["offers-worth-least-to-self"])
    outcome = simulate(scenario).outcome
    assert outcome.status == "breakdown" and outcome.cause == "zopa-open"
    assert int(np.sum(analyze(scenario).zopa)) > 0


def test_casino_dialogue_3_agrees_on_the_deal_the_two_people_reached():
    outcome = simulate(load_scenario("casino-campsite")).outcome
    assert outcome.status == "agreement"
    # Agent 1 gets no food, two water and all three firewood: 23 and 19 points of 36.
    assert outcome.text == {"food": "0", "water": "2", "firewood": "3"}
    assert outcome.utilities == {"agent1": 23 / 36, "agent2": 19 / 36}


def test_the_ceasefire_agrees_only_after_the_offensive_stalls():
    transcript = simulate(load_scenario("ceasefire-teaching"))
    zopa = {point.after: point.n_outcomes for point in transcript.zopa}
    assert zopa["truce-violation"] == 0 < zopa["failed-offensive"]
    assert transcript.outcome.status == "agreement"
    assert transcript.outcome.date.isoformat() > "2022-05-20"


def test_the_patron_buys_agreement_with_aid_after_the_press_briefing():
    outcome = simulate(load_scenario("patron-teaching")).outcome
    assert outcome.text == {"border": "split", "river": "commission", "recognition": "full"}
    assert outcome.inducements == ("aid-east",)
    assert outcome.date.isoformat() == "2023-03-02"
    without = simulate(load_scenario("patron-teaching", variants=["no-briefing"])).outcome
    assert (without.text["border"], without.inducements) == ("east_keeps", ("guarantee-west",))
    assert analyze(load_scenario("patron-teaching")).to_dict()["zopa"] == {
        "n_outcomes": 0,
        "n_outcomes_with_inducements": 3,
    }


def test_the_patron_meets_each_side_apart_before_the_joint_session_agrees():
    transcript = simulate(load_scenario("patron-teaching"))
    steps = transcript.rounds[0].steps
    assert [s.shown_to for s in steps] == [("west",), ("east",), None]
    assert transcript.outcome.step == 2
