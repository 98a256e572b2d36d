"""Shared inputs of the report tests: the teaching case, its run, a small sweep."""

import pytest

from accord import load_scenario, simulate
from accord.experiments.attribution import attribute
from accord.experiments.sweep import sweep

TEACHING = "ceasefire-teaching"
VARIANTS = ("no-violation", "brave-guardian")
N_DRAWS = 20


@pytest.fixture(scope="session")
def teaching():
    return load_scenario(TEACHING)


@pytest.fixture(scope="session")
def teaching_run(teaching):
    return simulate(teaching, seed=0)


@pytest.fixture(scope="session")
def teaching_sweep():
    return sweep(TEACHING, n_draws=N_DRAWS, variants=VARIANTS, seed=0)


@pytest.fixture(scope="session")
def teaching_attribution():
    return attribute(TEACHING, factors=VARIANTS, n_draws=N_DRAWS, seed=0)
