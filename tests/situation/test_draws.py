"""Draws: a block's values of every scenario number, the mean for a single run."""

import numpy as np

from accord import load_scenario
from accord.scenario.parameters import parameters_of, sample_parameters
from accord.situation import Draws, mean_draws, sampled_draws


def test_draws_read_their_values_and_plain_numbers():
    parameters = parameters_of(load_scenario("ceasefire-teaching"))
    values = np.arange(2 * len(parameters), dtype=float).reshape(2, -1)
    draws = Draws(parameters, values, np.array([0, 1]))
    assert draws.read(parameters[1].distribution).tolist() == [1.0, 1.0 + len(parameters)]
    assert draws.read(0.25).tolist() == [0.25, 0.25]


def test_a_single_run_reads_every_number_at_its_mean():
    scenario = load_scenario("ceasefire-teaching")
    draws = mean_draws(scenario)
    # North's reservation value: triangular(0.65, 0.75, 0.85), mean 0.75.
    reservation = scenario.preferences["north"].reservation_value
    assert draws.read(reservation).tolist() == [0.75]


def test_draws_k_of_a_sweep_are_rows_k_of_its_samples_with_their_numbers():
    scenario = load_scenario("ceasefire-teaching")
    whole = sample_parameters(parameters_of(scenario), seed=4, n_draws=9)
    block = sampled_draws(scenario, seed=4, start=5, stop=9)
    assert np.array_equal(block.values, whole[5:]) and block.numbers.tolist() == [5, 6, 7, 8]
    assert [s.spawn_key for s in block.seeds(4)] == [(5,), (6,), (7,), (8,)]
