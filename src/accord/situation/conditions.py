"""Conditions: what events move during a run, as arrays with a leading draw axis.

Option values, weights, reservation values, audience costs, beliefs and guarantor
thresholds can be uncertain, so each draw has its own; red lines, withdrawals and the
options not on the table are not numbers, so every draw shares them, as do the parties
that left the talks. An option that an
event of kind `option` introduces is off the table until that event (its first option
event in the timeline's order decides: an introduction means it did not exist before).

Conditions are immutable: an event returns new conditions
(`accord.situation.events`), and arrays an event does not touch are shared with the old
conditions, so that evaluations can reuse what they derived from them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from accord.scenario.schema import Scenario
from accord.situation.draws import Draws
from accord.situation.timeline import timeline
from accord.space import OutcomeSpace, PatternIndex

__all__ = ["Conditions", "initial_conditions"]


@dataclass(frozen=True)
class Conditions:
    """What events change, for a block of draws.

    Attributes:
        option_values: per issue `(n_draws, n_parties, n_options)` option values in [0, 1].
        raw_weights: `(n_draws, n_parties, n_issues)` weights before normalisation.
        reservation_values: `(n_draws, n_parties)` values of no agreement.
        audience_costs: `(n_draws, n_parties)` cost per unit of concession, >= 0.
        beliefs: `(n_draws, n_everyone, n_everyone)`, beliefs[d, holder, about] in [0, 1].
        thresholds: `(n_draws, n_guarantors)` consent thresholds (inf: always consents).
        withdrawn: `(n_guarantors,)` guarantors that withdrew.
        red_lines: per negotiating party, the partial outcomes it never accepts.
        unavailable: (issue index, option index) of the options not on the table.
        absent: negotiating parties (indices) that left the talks (`effect: party_leaves`).
    """

    option_values: tuple[np.ndarray, ...]
    raw_weights: np.ndarray
    reservation_values: np.ndarray
    audience_costs: np.ndarray
    beliefs: np.ndarray
    thresholds: np.ndarray
    withdrawn: np.ndarray
    red_lines: tuple[tuple[PatternIndex, ...], ...]
    unavailable: frozenset[tuple[int, int]] = frozenset()
    absent: frozenset[int] = frozenset()

    def with_changes(self, **changes: object) -> Conditions:
        """Return a copy with some fields replaced."""
        return replace(self, **changes)  # type: ignore[arg-type]


def initial_conditions(
    scenario: Scenario,
    space: OutcomeSpace,
    draws: Draws,
    parties: tuple[str, ...],
    everyone: tuple[str, ...],
    guarantors: tuple[str, ...],
) -> Conditions:
    """The conditions on the first day, before any event."""
    n_draws = draws.n_draws
    weights = np.zeros((n_draws, len(parties), space.n_issues))
    for i, party in enumerate(parties):
        preferences = scenario.preferences[party]
        for k, issue in enumerate(space.issues):
            weights[:, i, k] = draws.read(preferences.weights.get(issue, 0.0))
    reservation = np.stack(
        [draws.read(scenario.preferences[p].reservation_value) for p in parties], axis=1
    ).reshape(n_draws, len(parties))
    beliefs = np.ones((n_draws, len(everyone), len(everyone)))
    for holder, about_map in scenario.beliefs.items():
        for about, value in about_map.items():
            beliefs[:, everyone.index(holder), everyone.index(about)] = draws.read(value)
    thresholds = np.full((n_draws, len(guarantors)), np.inf)
    for g, guarantor in enumerate(guarantors):
        if guarantor in scenario.guarantors:
            thresholds[:, g] = draws.read(scenario.guarantors[guarantor].threshold)
    red_lines = tuple(
        tuple(space.pattern_index(line) for line in scenario.preferences[p].red_lines)
        for p in parties
    )
    return Conditions(
        option_values=_option_tables(scenario, space, draws, parties),
        raw_weights=weights,
        reservation_values=reservation,
        audience_costs=np.zeros((n_draws, len(parties))),
        beliefs=beliefs,
        thresholds=thresholds,
        withdrawn=np.zeros(len(guarantors), dtype=bool),
        red_lines=red_lines,
        unavailable=_introduced_later(scenario, space),
    )


def _introduced_later(scenario: Scenario, space: OutcomeSpace) -> frozenset[tuple[int, int]]:
    """Options whose first option event is an introduction: they do not exist before it."""
    first: dict[tuple[int, int], str] = {}
    for item in timeline(scenario):
        event = item.item
        if getattr(event, "kind", None) == "option":
            k = space.issues.index(event.issue)  # type: ignore[union-attr]
            option = (k, space.options[k].index(event.option))  # type: ignore[union-attr]
            first.setdefault(option, event.action)  # type: ignore[union-attr]
    return frozenset(option for option, action in first.items() if action == "introduce")


def _option_tables(
    scenario: Scenario, space: OutcomeSpace, draws: Draws, parties: tuple[str, ...]
) -> tuple[np.ndarray, ...]:
    tables = []
    for k, issue in enumerate(space.issues):
        table = np.zeros((draws.n_draws, len(parties), space.radices[k]))
        for i, party in enumerate(parties):
            values = scenario.preferences[party].values.get(issue, {})
            for j, option in enumerate(space.options[k]):
                table[:, i, j] = draws.read(values.get(option, 0.0))
        tables.append(table)
    return tuple(tables)
