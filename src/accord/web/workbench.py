"""The analyst's workbench: a case, its bargaining space on a date, and what-ifs.

Every number comes from accord's API: the case and its judgements from the report's
figure data (`accord.report.figure_data`), the space from `accord.analysis.analyze`, and
a what-if from `accord.engine.simulate` with the chosen variants applied, the chosen
structural readings pinned (`accord.situation.readings.pin_readings`) and the chosen
judgements fixed at the given values (every other uncertain number at its mean, as in a
single run). Historical texts are scored by `accord.analysis.texts` on the space's date,
and drawn over time by the report's standing figure.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from accord.analysis.pareto import pareto_frontier
from accord.analysis.summary import analyze
from accord.analysis.texts import blocked_by
from accord.engine.simulation import simulate
from accord.errors import LimitError, UnknownIdError
from accord.report.figure_data import (
    case_data,
    judgement_data,
    standing_data,
    timeline_data,
    transcript_data,
    zopa_data,
)
from accord.report.html import FIGURES
from accord.scenario.schema import Scenario
from accord.situation.draws import Draws, mean_draws
from accord.situation.readings import pin_readings

__all__ = ["case_page", "space_on", "text_points", "what_if", "with_readings"]

DIGITS = 6


def _r(value: float) -> float:
    return round(float(value), DIGITS) + 0.0


def case_page(scenario: Scenario) -> dict[str, Any]:
    """Return the case: parties, issues, red lines, sources, judgements, variants, calendar."""
    data = case_data(scenario)
    data["red_lines"] = {
        party: preferences.model_dump(mode="json").get("red_lines") or []
        for party, preferences in scenario.preferences.items()
    }
    data["judgements"] = judgement_data(scenario)
    data["variant_names"] = list(scenario.variants)
    data["readings"] = [
        {
            "id": name,
            "description": reading.description,
            "as_written": reading.as_written,
            "alternatives": [
                {"name": alternative, "probability": a.probability, "description": a.description}
                for alternative, a in reading.alternatives.items()
            ],
        }
        for name, reading in scenario.readings.items()
    ]
    data["negotiating"] = list(scenario.party_ids)
    if scenario.texts:
        end = scenario.calendar.end.isoformat() if scenario.calendar else None
        standing = standing_data(scenario, end=end)
        data["standing"] = {"summary": standing["summary"], "figure": FIGURES["standing"](standing)}
    return data


def with_readings(scenario: Scenario, chosen: Mapping[str, str]) -> Scenario:
    """Return `scenario` with each structural reading of `chosen` pinned to its alternative."""
    for name, alternative in chosen.items():
        if name not in scenario.readings:
            # A variant that pins a reading removes it: the variant has fixed it already.
            raise UnknownIdError(
                "reading (a variant applied may have fixed it)", name, scenario.readings
            )
        alternatives = scenario.readings[name].alternatives
        if alternative not in alternatives:
            raise UnknownIdError(f"alternative of reading '{name}'", alternative, alternatives)
    return pin_readings(scenario, dict(chosen)) if chosen else scenario


def space_on(
    scenario: Scenario, at: dt.date | None, pair: tuple[str, str] | None = None
) -> dict[str, Any]:
    """Return the bargaining space on `at` in the utilities of two parties.

    The feasible texts (merged on a 0.01 grid), the Pareto frontier of the two, the ZOPA
    and the solutions, as `accord.analysis.analyze` finds them on that date.
    """
    analysis = analyze(scenario, at=at)
    situation = analysis.situation
    parties = list(situation.parties)
    chosen = pair or (parties[0], parties[1])
    for party in chosen:
        if party not in parties:
            raise UnknownIdError("party", party, parties)
    index = [parties.index(p) for p in chosen]
    utilities = situation.utilities[:, index]
    feasible = np.flatnonzero(situation.feasible)
    frontier = feasible[pareto_frontier(utilities[feasible])]
    frontier = frontier[np.argsort(utilities[frontier, 0], kind="stable")]
    document = analysis.to_dict()
    return {
        "date": document["date"],
        "parties": list(chosen),
        "n_feasible": document["n_feasible"],
        "n_zopa": document["zopa"]["n_outcomes"],
        "reservation_values": [_r(situation.reservation_values[k]) for k in index],
        "beliefs": document["beliefs"],
        "outcomes": _cloud(utilities[feasible]),
        "pareto": [[_r(x), _r(y)] for x, y in utilities[frontier]],
        "zopa": _cloud(utilities[analysis.zopa]),
        "solutions": {
            name: None
            if code is None
            else {
                "text": situation.space.outcome(code),
                "utilities": [_r(situation.utilities[code, k]) for k in index],
            }
            for name, code in analysis.solutions.items()
        },
        "texts": [text_points(text, chosen) for text in document["texts"]],
    }


def text_points(text: Mapping[str, Any], pair: Sequence[str]) -> dict[str, Any]:
    """Return a scored text (`TextScore.to_dict`) as points in the utilities of `pair`.

    Its best and worst alternatives, each with its standing and what blocks it.
    """
    alternatives = {
        key: {
            "utilities": [_r(text[key]["utilities"][p]) for p in pair],
            "standing": _r(text[key]["standing"]),
            "in_zopa": text[key]["in_zopa"],
            "admissible": text[key]["admissible"],
            "blocked_by": blocked_by(text[key]),
            "text": text[key]["outcome"],
        }
        for key in ("best", "worst")
    }
    return {
        "id": text["id"],
        "name": text["name"],
        "date": text["date"],
        "tabled": text["tabled"],
        "n_alternatives": text["n_alternatives"],
        "n_in_zopa": text["n_in_zopa"],
        **alternatives,
    }


def _cloud(points: np.ndarray) -> list[list[float]]:
    if not len(points):
        return []
    return [[_r(x), _r(y)] for x, y in np.unique(np.round(points, 2), axis=0)]


def what_if(
    scenario: Scenario, judgements: Mapping[str, float], *, seed: int = 0
) -> dict[str, Any]:
    """Run `scenario` with `judgements` (path → value) fixed; return its course and ending.

    Each value must lie in its distribution's range. The answer carries the time the
    run took, in milliseconds.
    """
    started = time.perf_counter()
    draws = _fixed(scenario, judgements)
    transcript = simulate(scenario, seed=seed, draws=draws)
    proposals = transcript_data(scenario, transcript)
    steps = [step for record in transcript.rounds for step in record.steps]
    for row, step in zip(proposals["rows"], steps, strict=True):
        # How the mediator showed the draft (sessions) and what it attached (inducements).
        row["inducements"] = list(step.inducements)
        row["shown_to"] = None if step.shown_to is None else list(step.shown_to)
    document: dict[str, Any] = {
        "outcome": transcript.outcome.to_dict(),
        "zopa": zopa_data(scenario, transcript),
        "timeline": timeline_data(scenario, transcript),
        "proposals": proposals,
    }
    document["elapsed_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return document


def _fixed(scenario: Scenario, judgements: Mapping[str, float]) -> Draws:
    """One draw at the means, with the given judgements at the given values."""
    draws = mean_draws(scenario)
    values = draws.values.copy()
    paths = [p.path for p in draws.parameters]
    for path, value in judgements.items():
        if path not in paths:
            raise UnknownIdError("judgement", path, paths)
        column = paths.index(path)
        parameter = draws.parameters[column]
        if not parameter.low <= value <= parameter.high:
            raise LimitError(
                f"judgement {path}: expected a value in [{parameter.low}, {parameter.high}], "
                f"got {value}"
            )
        values[0, column] = value
    return Draws(draws.parameters, values, draws.numbers)
