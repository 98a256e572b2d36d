"""The mediator's inducements: which parties a text's package covers, within the budget."""

import numpy as np

from accord import analyze, load_scenario
from accord.situation import compile_model, mean_draws
from accord.situation.inducements import attach


def test_a_package_covers_exactly_the_parties_that_would_not_gain_alone():
    surplus = np.array([[[-0.1, 0.2], [0.3, -0.05], [0.1, 0.1]]])  # 1 draw, 3 texts, 2 parties
    induced, cost = np.array([[0.15, 0.0]]), np.array([[0.4, 0.0]])
    with_package, attached = attach(surplus, induced, cost, np.array([np.inf]))
    # Party 1 is offered nothing, so only text 0's party 0 is covered.
    assert attached[0].tolist() == [[True, False], [False, False], [False, False]]
    assert np.allclose(with_package[0], [[0.05, 0.2], [0.3, -0.05], [0.1, 0.1]])


def test_a_package_over_budget_is_not_attached_at_all():
    surplus = np.array([[[-0.1, -0.1], [-0.1, 0.1]]])
    induced, cost = np.array([[0.2, 0.2]]), np.array([[0.3, 0.3]])
    _, attached = attach(surplus, induced, cost, np.array([0.5]))
    # Both parties need theirs in text 0 (cost 0.6 > 0.5): none; text 1 costs 0.3.
    assert attached[0].tolist() == [[False, False], [True, False]]
    _, exact = attach(surplus, induced, cost, np.array([0.6]))
    assert exact[0, 0].tolist() == [True, True]


def test_offers_to_a_party_add_up_and_the_mediator_is_known():
    scenario = load_scenario("patron-teaching")
    means = compile_model(scenario, mean_draws(scenario)).means
    assert means.offered[0].tolist() == [0.15, 0.1]
    assert means.cost[0].tolist() == [0.4, 0.1]
    assert means.ids == (("aid-east",), ("guarantee-west",))
    assert means.mediator == 2 and means.budget.tolist() == [1.0]


def test_analysis_shows_the_zopa_with_and_without_inducements():
    # Texts worth both fallbacks with a package: {east_keeps, commission, full} (guarantee),
    # {split, commission, full} and {west_regains, upstream_control, full} (aid).
    zopa = analyze(load_scenario("patron-teaching")).to_dict()["zopa"]
    assert zopa == {"n_outcomes": 0, "n_outcomes_with_inducements": 3}
    # Aid costs 0.4: a budget of 0.3 leaves only the guarantee's text.
    cheap = load_scenario("patron-teaching")
    cheap = cheap.model_copy(update={"mediator": cheap.mediator.model_copy(update={"budget": 0.3})})
    assert analyze(cheap).to_dict()["zopa"]["n_outcomes_with_inducements"] == 1
