"""`analyze`: the bargaining space of a scenario (optionally at a date), as one result.

Two Pareto frontiers of the parties' utilities: over every feasible text, and over the
texts that also cross no red line in force and that every named guarantor accepts (the
texts that could be agreed at all); the ZOPA; Nash, Kalai–Smorodinsky, utilitarian and
egalitarian solutions over the ZOPA; the scenario's historical texts scored against all
of it (`accord.analysis.texts`). At a date, every event up to that date is applied
first (see `accord.situation`), and acceptance uses trust-adjusted values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from accord.analysis.bargaining import SOLUTIONS
from accord.analysis.pareto import pareto_frontier
from accord.analysis.texts import TextScore, score_texts
from accord.scenario.schema import Scenario
from accord.situation import Situation, situation_at
from accord.situation.deferral import deferring_mask
from accord.situation.timeline import protocol_of

if TYPE_CHECKING:
    import pandas

    from accord._frames import AnalysisTable

__all__ = ["BargainingAnalysis", "analyze"]

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class BargainingAnalysis:
    """The bargaining space of a scenario at one date.

    Attributes:
        pareto: codes of the Pareto frontier over every feasible text.
        pareto_admissible: codes of the frontier over the texts that cross no red line in
            force and that the named guarantors accept.
        zopa: `(n_outcomes,)` the zone of possible agreement.
        solutions: solution name → code (None where the ZOPA is empty).
        texts: the scenario's historical texts scored on the date, in file order.
    """

    scenario: Scenario
    situation: Situation
    pareto: np.ndarray
    pareto_admissible: np.ndarray
    zopa: np.ndarray
    solutions: dict[str, int | None]
    texts: tuple[TextScore, ...] = ()

    @property
    def n_feasible(self) -> int:
        """Number of outcomes that satisfy the constraints."""
        return int(self.situation.feasible.sum())

    def to_dict(self) -> dict[str, Any]:
        """Return the stable JSON document of `accord analyze --json`."""
        situation = self.situation
        return {
            "schema_version": SCHEMA_VERSION,
            "scenario": self.scenario.id,
            "date": situation.date.isoformat() if situation.date else None,
            "n_outcomes": situation.space.n_outcomes,
            "n_feasible": self.n_feasible,
            "parties": list(situation.parties),
            "reservation_values": _by_party(situation.parties, situation.reservation_values),
            "beliefs": situation.belief_summary(),
            "pareto": [self._point(int(code)) for code in self.pareto],
            "pareto_admissible": [self._point(int(code)) for code in self.pareto_admissible],
            "zopa": {"n_outcomes": int(self.zopa.sum())}
            | self._with_inducements()
            | self._partial(),
            "solutions": {
                name: None if code is None else self._point(code)
                for name, code in self.solutions.items()
            },
            "texts": [score.to_dict() for score in self.texts],
        }

    def _with_inducements(self) -> dict[str, int]:
        """The ZOPA's size with the mediator's inducements, when it has any to offer."""
        if not self.situation.model.means.has_inducements:
            return {}
        return {"n_outcomes_with_inducements": int(self.situation.zopa_with_inducements.sum())}

    def _partial(self) -> dict[str, int]:
        """How many texts of the ZOPA are partial, when the protocol allows them."""
        scenario, space = self.scenario, self.situation.space
        if not protocol_of(scenario).partial:
            return {}
        deferring = np.zeros(space.n_outcomes, dtype=bool)
        for issue in space.issues:
            deferring |= deferring_mask(scenario, space, issue)
        return {"n_partial": int((self.zopa & deferring).sum())}

    def to_frame(self, table: AnalysisTable = "pareto") -> pandas.DataFrame:
        """Return the Pareto frontier, or the bargaining solutions, as a pandas table."""
        from accord._frames import analysis_frame

        return analysis_frame(self.to_dict(), table)

    def __repr__(self) -> str:
        situation, nash = self.situation, self.solutions.get("nash")
        when = f" on {situation.date}" if situation.date else ""
        point = (
            "empty ZOPA"
            if nash is None
            else ", ".join(
                f"{party} {value:.3f}"
                for party, value in zip(situation.parties, situation.utilities[nash], strict=True)
            )
        )
        return (
            f"<BargainingAnalysis {self.scenario.id}{when}: {situation.space.n_outcomes:,} "
            f"outcomes, {self.n_feasible:,} feasible, ZOPA {int(self.zopa.sum()):,}, "
            f"Pareto frontier {len(self.pareto):,}; Nash: {point}>"
        )

    def _point(self, code: int) -> dict[str, Any]:
        situation = self.situation
        point = {
            "outcome": situation.space.outcome(code),
            "utilities": _by_party(situation.parties, situation.utilities[code]),
        }
        if situation.has_trust:
            point["trust_adjusted"] = _by_party(situation.parties, situation.values[code])
        return point


def _by_party(parties: tuple[str, ...], values: np.ndarray) -> dict[str, float]:
    return {party: round(float(value), 12) for party, value in zip(parties, values, strict=True)}


def analyze(scenario: Scenario, *, at: dt.date | None = None) -> BargainingAnalysis:
    """Analyse the bargaining space of `scenario`, with the events up to `at` applied."""
    situation = situation_at(scenario, at)
    pareto = _frontier(situation, situation.feasible)
    pareto_admissible = _frontier(situation, situation.admissible)
    zopa = situation.zopa()
    candidates = np.flatnonzero(zopa)
    solutions = {
        name: solve(situation.values, situation.reservation_values, candidates)
        for name, solve in SOLUTIONS.items()
    }
    analysis = BargainingAnalysis(scenario, situation, pareto, pareto_admissible, zopa, solutions)
    if not scenario.texts:
        return analysis
    return replace(analysis, texts=score_texts(analysis))


def _frontier(situation: Situation, among: np.ndarray) -> np.ndarray:
    """Codes of the Pareto frontier of the utilities over the texts `among`."""
    codes = np.flatnonzero(among)
    return np.asarray(codes[pareto_frontier(situation.utilities[codes])])
