"""Blocks of the shipped cases for tests: the draws of one combination of readings."""

from __future__ import annotations

from accord import load_scenario
from accord.scenario import Scenario
from accord.situation import Draws, Model, compile_model, sampled_draws
from accord.situation.readings import split_by_reading


def first_reading_block(scenario: Scenario, *, seed: int, n_draws: int) -> tuple[Scenario, Draws]:
    """The scenario pinned to the first combination of readings among its first draws,
    and the draws of that combination."""
    draws = sampled_draws(scenario, seed=seed, start=0, stop=n_draws)
    pinned, group, _ = split_by_reading(scenario, draws)[0]
    return pinned, group


def first_reading_model(case: str, *, seed: int, n_draws: int) -> Model:
    """The shipped case `case` compiled for its `first_reading_block`."""
    return compile_model(*first_reading_block(load_scenario(case), seed=seed, n_draws=n_draws))
