"""Historical texts scored against the model: how close was each document to acceptance?

A scenario's `texts` are real documents, each a partial outcome (`accord.scenario.texts`):
an issue in brackets, or left out, stands for all its alternatives, so a text is a set of
outcomes. On a date, each alternative is read from the situation (`accord.situation`,
every event up to the date applied, the rules of `accord.situation.evaluation`):

- the value V_i to each party against its reservation value r_i (margin V_i − r_i) and
  against its aspiration, the most any feasible text is worth to it on that date
  (progress (V_i − r_i) / (aspiration_i − r_i): 1 is the party's best text, 0 its walk-away
  point, negative below it);
- the red lines it hits, the constraints it breaks, its options not yet (or no longer) on
  the table, and which guarantors it names consent;
- its standing: the smallest margin over the parties, the worst-off party's gain over no
  agreement; an admissible text with standing >= 0 is in the ZOPA;
- its distance, in the parties' utilities, to the nearest text of the Pareto frontier of
  feasible texts and to the Nash text (None while the ZOPA is empty).

Of a text's alternatives, the best is the one that is in the ZOPA, else admissible, with
the highest standing (ties: lowest outcome code); the worst is the opposite. A text with
one alternative has the same best and worst.

Entry points: `score_texts(analysis)` on one date (used by `accord analyze`) and
`text_standing(scenario)` on every date an event changes the situation (figures).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from accord.scenario._refs import format_pattern
from accord.scenario.schema import Scenario
from accord.scenario.texts import HistoricalText
from accord.situation import compile_model, evaluate, mean_draws
from accord.situation.evaluation import Evaluation, zopa_mask
from accord.situation.events import apply_event
from accord.situation.timeline import played_items
from accord.space import OutcomeSpace
from accord.utility import pattern_mask

if TYPE_CHECKING:
    from accord.analysis.summary import BargainingAnalysis
    from accord.situation import Situation

__all__ = [
    "AlternativeScore",
    "StandingSeries",
    "TextScore",
    "blocked_by",
    "score_texts",
    "text_standing",
]


@dataclass(frozen=True)
class AlternativeScore:
    """One alternative (a whole outcome) of a historical text, scored on a date."""

    outcome: dict[str, str]
    utilities: dict[str, float]
    values: dict[str, float]
    margins: dict[str, float]
    progress: dict[str, float | None]
    red_lines: dict[str, list[str]]
    constraints: list[str]
    unavailable: list[str]
    guarantors: dict[str, bool]
    admissible: bool
    in_zopa: bool
    standing: float
    pareto_distance: float
    nash_distance: float | None

    def to_dict(self) -> dict[str, Any]:
        """Return the alternative as JSON-ready data."""
        return {
            "outcome": self.outcome,
            "utilities": self.utilities,
            "values": self.values,
            "margins": self.margins,
            "progress": self.progress,
            "red_lines": self.red_lines,
            "constraints": self.constraints,
            "unavailable": self.unavailable,
            "guarantors": self.guarantors,
            "admissible": self.admissible,
            "in_zopa": self.in_zopa,
            "standing": self.standing,
            "pareto_distance": self.pareto_distance,
            "nash_distance": self.nash_distance,
        }


@dataclass(frozen=True)
class TextScore:
    """A historical text on a date: its best and worst alternatives."""

    text: HistoricalText
    is_tabled: bool
    n_alternatives: int
    n_in_zopa: int
    best: AlternativeScore
    worst: AlternativeScore

    def to_dict(self) -> dict[str, Any]:
        """Return the score as JSON-ready data."""
        return {
            "id": self.text.id,
            "name": self.text.name,
            "date": self.text.date.isoformat(),
            "tabled": self.is_tabled,
            "n_alternatives": self.n_alternatives,
            "n_in_zopa": self.n_in_zopa,
            "best": self.best.to_dict(),
            "worst": self.worst.to_dict(),
        }


def blocked_by(alternative: Mapping[str, Any]) -> list[str]:
    """Say what keeps an alternative (as `AlternativeScore.to_dict`) out of the ZOPA."""
    reasons = [
        f"red line of {party}: {'; '.join(lines)}"
        for party, lines in alternative["red_lines"].items()
    ]
    reasons += [f"constraint: {rule}" for rule in alternative["constraints"]]
    reasons += [f"not on the table: {option}" for option in alternative["unavailable"]]
    refusing = [g for g, consents in alternative["guarantors"].items() if not consents]
    if refusing:
        reasons.append(f"guarantors refuse: {', '.join(refusing)}")
    below = [p for p, margin in alternative["margins"].items() if margin < 0]
    if below:
        reasons.append(f"below reservation value: {', '.join(below)}")
    return reasons


def text_codes(space: OutcomeSpace, text: HistoricalText) -> np.ndarray:
    """Return the outcome codes of a text's alternatives, ascending."""
    return np.flatnonzero(space.mask(space.pattern_index(text.options)))


def best_and_worst(
    standing: np.ndarray, admissible: np.ndarray, in_zopa: np.ndarray
) -> tuple[int, int]:
    """Positions of the best and worst alternatives: ZOPA, then admissible, then standing."""
    order = np.lexsort((standing, admissible, in_zopa))
    top = np.lexsort((-np.arange(standing.size), standing, admissible, in_zopa))[-1]
    return int(top), int(order[0])


def _standing(values: np.ndarray, reservation_values: np.ndarray) -> np.ndarray:
    """`(n,)` the smallest margin over the parties of `values` `(n, n_parties)`."""
    return np.asarray((values - reservation_values[None, :]).min(axis=1))


def score_texts(analysis: BargainingAnalysis) -> tuple[TextScore, ...]:
    """Score every historical text of the analysed scenario on the analysis's date."""
    situation = analysis.situation
    nash = analysis.solutions.get("nash")
    frontier = situation.utilities[analysis.pareto]
    scorer = _Scorer(
        situation,
        frontier,
        None if nash is None else situation.utilities[nash],
        admissible=situation.admissible,
        zopa=situation.zopa(),
        aspiration=np.where(situation.feasible[:, None], situation.values, -np.inf).max(axis=0),
    )
    return tuple(scorer.score(text) for text in analysis.scenario.texts)


@dataclass(frozen=True)
class _Scorer:
    """Scores texts in one situation; the masks over every outcome are computed once."""

    situation: Situation
    frontier: np.ndarray
    nash: np.ndarray | None
    admissible: np.ndarray
    zopa: np.ndarray
    aspiration: np.ndarray  # (n_parties,) the best value of a feasible text to each party

    def score(self, text: HistoricalText) -> TextScore:
        situation = self.situation
        codes = text_codes(situation.space, text)
        standing = _standing(situation.values[codes], situation.reservation_values)
        admissible = self.admissible[codes]
        in_zopa = self.zopa[codes]
        best, worst = best_and_worst(standing, admissible, in_zopa)
        return TextScore(
            text=text,
            is_tabled=situation.date is None or text.date <= situation.date,
            n_alternatives=int(codes.size),
            n_in_zopa=int(in_zopa.sum()),
            best=self.alternative(int(codes[best]), bool(in_zopa[best])),
            worst=self.alternative(int(codes[worst]), bool(in_zopa[worst])),
        )

    @cached_property
    def broken(self) -> tuple[tuple[str, np.ndarray], ...]:
        """Each constraint's description and `(n_outcomes,)` where it is broken, in order."""
        return _broken_constraints(self.situation)

    def alternative(self, code: int, in_zopa: bool) -> AlternativeScore:
        situation = self.situation
        parties = situation.parties
        reservation = situation.reservation_values
        values = situation.values[code]
        aspiration = self.aspiration
        utility = situation.utilities[code]
        return AlternativeScore(
            outcome=situation.space.outcome(code),
            utilities=_by_party(parties, utility),
            values=_by_party(parties, values),
            margins=_by_party(parties, values - reservation),
            progress={
                p: _progress(values[i], reservation[i], aspiration[i])
                for i, p in enumerate(parties)
            },
            red_lines=_red_lines_hit(situation, code),
            constraints=[rule for rule, broken in self.broken if broken[code]],
            unavailable=_unavailable(situation, code),
            guarantors=situation.guarantor_consent(code),
            admissible=bool(self.admissible[code]),
            in_zopa=in_zopa,
            standing=_round(float((values - reservation).min())),
            pareto_distance=_round(_distance(utility, self.frontier)),
            nash_distance=None if self.nash is None else _round(_distance(utility, self.nash)),
        )


def _by_party(parties: tuple[str, ...], values: np.ndarray) -> dict[str, float]:
    return {party: _round(float(value)) for party, value in zip(parties, values, strict=True)}


def _round(value: float) -> float:
    return round(value, 12)


def _progress(value: float, reservation: float, aspiration: float) -> float | None:
    # A party whose best feasible text is worth no more than walking away has no range.
    span = aspiration - reservation
    return None if span <= 1e-12 else _round((value - reservation) / span)


def _distance(point: np.ndarray, targets: np.ndarray) -> float:
    """Euclidean distance from `point` to the nearest row of `targets` (or to one point)."""
    rows = targets.reshape(-1, point.size)
    if rows.shape[0] == 0:
        return float("nan")
    return float(np.sqrt(((rows - point[None, :]) ** 2).sum(axis=1)).min())


def _red_lines_hit(situation: Situation, code: int) -> dict[str, list[str]]:
    space = situation.space
    digits = space.decode(np.array([code]))
    hit: dict[str, list[str]] = {}
    for i, party in enumerate(situation.parties):
        for line in situation.conditions.red_lines[i]:
            if pattern_mask(digits, line)[0]:
                written = {
                    space.issues[k]: [space.options[k][j] for j in js] for k, js in line.items()
                }
                hit.setdefault(party, []).append(format_pattern(written))
    return hit


def _broken_constraints(situation: Situation) -> tuple[tuple[str, np.ndarray], ...]:
    space = situation.space
    return tuple(
        (constraint.description or f"constraints[{n}]", ~space.feasible_mask([constraint]))
        for n, constraint in enumerate(situation.model.scenario.constraints)
    )


def _unavailable(situation: Situation, code: int) -> list[str]:
    space = situation.space
    digits = space.decode(np.array([code]))[0]
    return [
        f"{space.issues[k]}={space.options[k][j]}"
        for k, j in sorted(situation.conditions.unavailable)
        if digits[k] == j
    ]


@dataclass(frozen=True)
class StandingSeries:
    """Each text's best and worst standing on every date the situation changes.

    Attributes:
        dates: the start of the talks and each later day with an event, ascending.
        best: `(n_texts, n_dates)` standing of the best alternative.
        worst: `(n_texts, n_dates)` standing of the worst alternative.
        best_in_zopa: `(n_texts, n_dates)` the best alternative is in the ZOPA.
        best_admissible: `(n_texts, n_dates)` the best alternative is admissible.
    """

    texts: tuple[HistoricalText, ...]
    dates: tuple[dt.date, ...]
    best: np.ndarray
    worst: np.ndarray
    best_in_zopa: np.ndarray
    best_admissible: np.ndarray


def text_standing(scenario: Scenario) -> StandingSeries:
    """Score every historical text at the end of each day with events, numbers at their mean.

    The first date is the calendar's start (else the first event's or text's date),
    before any later event.
    """
    model = compile_model(scenario, mean_draws(scenario), texts="all")
    events = [i for i in played_items(scenario) if not i.is_round and i.date is not None]
    first = scenario.calendar.start if scenario.calendar else None
    dates = sorted({d for d in [first, *(i.date for i in events)] if d is not None})
    if not dates:
        dates = [min(text.date for text in scenario.texts)]
    conditions, evaluation = model.initial, evaluate(model, model.initial)
    snapshots: list[tuple[dt.date, Evaluation]] = []
    pending = iter(events)
    upcoming = next(pending, None)
    for date in dates:
        while upcoming is not None and upcoming.date is not None and upcoming.date <= date:
            conditions, _ = apply_event(model, conditions, upcoming.item)  # type: ignore[arg-type]
            evaluation = evaluate(model, conditions, evaluation)
            upcoming = next(pending, None)
        snapshots.append((date, evaluation))
    codes = [text_codes(model.space, text) for text in scenario.texts]
    return _series(scenario.texts, codes, snapshots)


def _series(
    texts: tuple[HistoricalText, ...],
    codes: list[np.ndarray],
    snapshots: list[tuple[dt.date, Evaluation]],
) -> StandingSeries:
    shape = (len(texts), len(snapshots))
    best, worst = np.zeros(shape), np.zeros(shape)
    best_in_zopa, best_admissible = np.zeros(shape, bool), np.zeros(shape, bool)
    for d, (_, evaluation) in enumerate(snapshots):
        reservation = evaluation.reservation_values[0]
        admissible = evaluation.admissible[0]
        zopa = zopa_mask(evaluation.values[0], reservation, admissible)
        for t, text_code in enumerate(codes):
            standing = _standing(evaluation.values[0, text_code], reservation)
            top, bottom = best_and_worst(standing, admissible[text_code], zopa[text_code])
            best[t, d], worst[t, d] = standing[top], standing[bottom]
            best_in_zopa[t, d] = zopa[text_code][top]
            best_admissible[t, d] = admissible[text_code][top]
    dates = tuple(date for date, _ in snapshots)
    return StandingSeries(texts, dates, best, worst, best_in_zopa, best_admissible)
