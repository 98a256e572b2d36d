"""Utilities over the whole outcome space, as one `(n_outcomes, n_parties)` array.

For party i and outcome o:

    u_i(o) = Σ_k w̃_ik · v_ik(o_k) + Σ_{interactions m of i matching o} value_m

with w̃_i the weights normalised to sum 1 and v_ik(option) in [0, 1]. Outcomes that match
any of i's red lines are unacceptable to i (`acceptable[:, i]` is False). The reservation
value r_i is i's value of no agreement on the same scale.

Numbers in a scenario may be distributions; `preference_model` reads each one through a
`resolve` function: the mean by default, a sampled value in a sweep.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from accord.scenario.distributions import Distribution, quantity_mean
from accord.scenario.schema import Scenario
from accord.space import OutcomeSpace, PatternIndex

__all__ = ["PreferenceModel", "Resolve", "acceptable_mask", "preference_model", "utilities"]

Resolve = Callable[[float | Distribution], float]
"""Turns a scenario number (plain or a distribution) into the value used."""


@dataclass(frozen=True)
class PreferenceModel:
    """The numbers behind every party's utility, ready for vectorised evaluation.

    Attributes:
        parties: party ids, in the order of the utility columns.
        weights: `(n_parties, n_issues)` normalised weights (rows sum to 1).
        values: one `(n_parties, n_options_k)` array per issue, entries in [0, 1].
        interactions: (party index, pattern, value) terms added to the utility.
        red_lines: one tuple of patterns per party.
        reservation_values: `(n_parties,)` values of no agreement.
    """

    parties: tuple[str, ...]
    weights: np.ndarray
    values: tuple[np.ndarray, ...]
    interactions: tuple[tuple[int, PatternIndex, float], ...]
    red_lines: tuple[tuple[PatternIndex, ...], ...]
    reservation_values: np.ndarray


def preference_model(
    scenario: Scenario,
    space: OutcomeSpace,
    *,
    resolve: Resolve = quantity_mean,
    parties: Sequence[str] | None = None,
) -> PreferenceModel:
    """Read the preferences of `parties` (default: every role-'party' party) into arrays."""
    parties = tuple(parties if parties is not None else scenario.party_ids)
    raw_weights = np.zeros((len(parties), space.n_issues))
    values = [np.zeros((len(parties), radix)) for radix in space.radices]
    for i, party in enumerate(parties):
        preferences = scenario.preferences[party]
        for k, issue in enumerate(space.issues):
            raw_weights[i, k] = resolve(preferences.weights.get(issue, 0.0))
            table = preferences.values.get(issue, {})
            values[k][i] = [resolve(table.get(option, 0.0)) for option in space.options[k]]
    interactions = tuple(
        (i, space.pattern_index(term.when), resolve(term.value))
        for i, party in enumerate(parties)
        for term in scenario.preferences[party].interactions
    )
    red_lines = tuple(
        tuple(space.pattern_index(line) for line in scenario.preferences[party].red_lines)
        for party in parties
    )
    reservation = np.array([resolve(scenario.preferences[p].reservation_value) for p in parties])
    return PreferenceModel(
        parties, normalise_weights(raw_weights), tuple(values), interactions, red_lines, reservation
    )


def normalise_weights(raw_weights: np.ndarray) -> np.ndarray:
    """Scale each row of non-negative weights to sum 1 (an all-zero row stays zero)."""
    totals = raw_weights.sum(axis=-1, keepdims=True)
    normalised: np.ndarray = np.divide(
        raw_weights, totals, out=np.zeros_like(raw_weights), where=totals > 0
    )
    return normalised


def utilities(space: OutcomeSpace, model: PreferenceModel) -> np.ndarray:
    """Return `(n_outcomes, n_parties)` utilities of every outcome for every party."""
    n_parties = len(model.parties)
    grid = np.zeros((*space.radices, n_parties))
    for k in range(space.n_issues):
        per_option = (model.values[k] * model.weights[:, k : k + 1]).T
        grid += space.broadcast(k, per_option)
    result = grid.reshape(space.n_outcomes, n_parties)
    for party, pattern, value in model.interactions:
        result[space.mask(pattern), party] += value
    return result


def acceptable_mask(space: OutcomeSpace, red_lines: Sequence[Sequence[PatternIndex]]) -> np.ndarray:
    """Return `(n_outcomes, n_parties)` booleans: False where an outcome hits a red line."""
    result = np.ones((space.n_outcomes, len(red_lines)), dtype=bool)
    for i, lines in enumerate(red_lines):
        for pattern in lines:
            result[:, i] &= ~space.mask(pattern)
    return result
