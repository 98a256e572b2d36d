"""The shipped teaching cases end the way their documents (docs/scenarios/) say, and why."""

import numpy as np

from accord import analyze, load_scenario, simulate


def test_nash_1950_agrees_on_a_trade_both_gain_from():
    scenario = load_scenario("nash-1950-bill-jack")
    outcome = simulate(scenario).outcome
    assert outcome.status == "agreement"
    # Each man ends above his no-trade value (12/34 for Bill, 6/16 for Jack).
    assert outcome.utilities["bill"] > 12 / 34 and outcome.utilities["jack"] > 6 / 16
    # Nash's solution gains 12 and 5 (utilities 24/34 and 11/16): the product of the
    # run's gains is at most the Nash product, 12/34 · 5/16.
    gains = (outcome.utilities["bill"] - 12 / 34) * (outcome.utilities["jack"] - 6 / 16)
    assert 0 < gains <= (12 / 34) * (5 / 16) + 1e-12


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
