"""The analyst's workbench: a case, its bargaining space on a date, and what-ifs.

Every number comes from accord's API: the case and its judgements from the report's
figure data (`accord.report.figure_data`), the space from `accord.analysis.analyze`, and
a what-if from `accord.engine.simulate` with the chosen variants applied and the chosen
judgements fixed at the given values (every other uncertain number at its mean, as in a
single run).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from typing import Any

import numpy as np

from accord.analysis.pareto import pareto_frontier
from accord.analysis.summary import analyze
from accord.engine.simulation import simulate
from accord.errors import LimitError, UnknownIdError
from accord.report.figure_data import (
    case_data,
    judgement_data,
    timeline_data,
    transcript_data,
    zopa_data,
)
from accord.scenario.schema import Scenario
from accord.situation.draws import Draws, mean_draws

__all__ = ["case_page", "space_on", "what_if"]

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
    data["negotiating"] = list(scenario.party_ids)
    return data


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
    document: dict[str, Any] = {
        "outcome": transcript.outcome.to_dict(),
        "zopa": zopa_data(scenario, transcript),
        "timeline": timeline_data(scenario, transcript),
        "proposals": transcript_data(scenario, transcript),
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
