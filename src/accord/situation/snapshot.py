"""One draw's situation over the whole outcome space, for analysis and reports.

`situation_at(scenario, at)` applies every event dated on or before `at` (or none) to the
scenario with every uncertain number at its mean and evaluates every outcome, feasible or
not; `Situation` presents draw 0 of that evaluation with arrays indexed by outcome code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.scenario.process import Round
from accord.scenario.schema import Scenario
from accord.situation.conditions import Conditions
from accord.situation.draws import Draws, mean_draws
from accord.situation.evaluation import Evaluation, evaluate, guarantor_consent, zopa_mask
from accord.situation.events import apply_event
from accord.situation.model import Model, compile_model
from accord.situation.timeline import timeline
from accord.space import OutcomeSpace

__all__ = ["Situation", "conditions_at", "situation_at", "snapshot"]


@dataclass(frozen=True)
class Situation:
    """Values of every outcome to every party at one moment, in one draw.

    Attributes:
        utilities: `(n_outcomes, n_parties)` u_i(o) with current weights.
        values: `(n_outcomes, n_parties)` trust- and audience-adjusted V_i(o).
        acceptable: `(n_outcomes, n_parties)` False where a red line is hit.
        consent: `(n_outcomes,)` every named guarantor consents.
        feasible: `(n_outcomes,)` the outcome satisfies the constraints, with every option
            on the table.
        reservation_values: `(n_parties,)`.
        admissible: `(n_outcomes,)` feasible, consented texts that hit no party's red line.
        zopa_with_inducements: `(n_outcomes,)` the ZOPA when the mediator attaches its
            inducements (`accord.situation.inducements`); the ZOPA itself without them.
    """

    model: Model
    conditions: Conditions
    date: dt.date | None
    utilities: np.ndarray
    values: np.ndarray
    acceptable: np.ndarray
    consent: np.ndarray
    feasible: np.ndarray
    reservation_values: np.ndarray
    admissible: np.ndarray
    zopa_with_inducements: np.ndarray

    @property
    def space(self) -> OutcomeSpace:
        """The outcome space."""
        return self.model.space

    @property
    def parties(self) -> tuple[str, ...]:
        """The negotiating parties."""
        return self.model.parties

    @property
    def has_trust(self) -> bool:
        """Whether trust or audience costs make values differ from utilities."""
        scenario = self.model.scenario
        return bool(scenario.beliefs) or bool(np.any(self.conditions.audience_costs))

    def zopa(self) -> np.ndarray:
        """`(n_outcomes,)` the zone of possible agreement."""
        return zopa_mask(self.values, self.reservation_values, self.admissible)

    def guarantor_consent(self, code: int) -> dict[str, bool]:
        """For each guarantor text `code` names, whether it consents."""
        return guarantor_consent(self.model, self.conditions, 0, code)

    def belief_summary(self) -> list[dict[str, Any]]:
        """Beliefs declared in the scenario, with their current values."""
        return belief_summary(self.model, self.conditions, 0)


def belief_summary(model: Model, conditions: Conditions, draw: int) -> list[dict[str, Any]]:
    """Draw `draw`'s beliefs declared in the scenario, with their current values."""
    everyone = model.everyone
    return [
        {
            "holder": holder,
            "about": about,
            "value": round(
                float(conditions.beliefs[draw, everyone.index(holder), everyone.index(about)]), 12
            ),
        }
        for holder, about_map in model.scenario.beliefs.items()
        for about in about_map
    ]


def snapshot(evaluation: Evaluation, date: dt.date | None = None) -> Situation:
    """Draw 0 of an evaluation over every outcome (`compile_model(..., texts="all")`)."""
    model = evaluation.model
    assert model.n_texts == model.space.n_outcomes, "snapshots need every outcome compiled"
    return Situation(
        model,
        evaluation.conditions,
        date,
        evaluation.utilities[0],
        evaluation.values[0],
        evaluation.acceptable,
        evaluation.consent[0],
        evaluation.feasible,
        evaluation.reservation_values[0],
        evaluation.admissible[0],
        evaluation.zopa_with_inducements()[0],
    )


def conditions_at(model: Model, date: dt.date) -> Conditions:
    """Return the conditions after every event dated on or before `date`."""
    conditions = model.initial
    for item in timeline(model.scenario):
        if isinstance(item.item, Round) or item.date is None or item.date > date:
            continue
        conditions, _ = apply_event(model, conditions, item.item)
    return conditions


def situation_at(
    scenario: Scenario, at: dt.date | None = None, *, draws: Draws | None = None
) -> Situation:
    """Return the situation with every event dated on or before `at` applied (None: none).

    Every uncertain number is at its mean unless `draws` (one draw) says otherwise.
    """
    model = compile_model(scenario, draws or mean_draws(scenario), texts="all")
    conditions = model.initial if at is None else conditions_at(model, at)
    return snapshot(evaluate(model, conditions), at)
