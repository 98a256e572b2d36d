"""P(ZOPA open) by date: in how many draws of the uncertain numbers the space is open.

`zopa_probability(scenario, n_draws=N, seed=s)` samples draws 0..N−1 as a sweep with seed
s does (`accord.situation.sampled_draws`; structural readings drawn and pinned per draw,
`accord.situation.readings`), applies the events day by day, and counts, on the first
day and after each later day with events, the draws whose zone of possible agreement
(`accord.situation.evaluation`) holds at least one text. Each share comes with its 95%
Wilson interval. Nothing is simulated: this is the space the talks had, not what the
protocol made of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.experiments.statistics import wilson_interval
from accord.scenario.schema import Scenario
from accord.situation import compile_model, evaluate, sampled_draws
from accord.situation.draws import Draws
from accord.situation.events import apply_event
from accord.situation.readings import split_by_reading
from accord.situation.timeline import played_items

__all__ = ["ZopaProbability", "zopa_probability"]

# Draws evaluated together: (draws × texts × parties) values held at once.
_BLOCK_ELEMENTS = 1 << 22


@dataclass(frozen=True)
class ZopaProbability:
    """Share of draws with an open ZOPA on each date, with 95% Wilson intervals.

    Attributes:
        dates: the first day and each later day with events, ascending.
        n_open: `(n_dates,)` draws whose ZOPA is open at the end of the day.
    """

    scenario: str
    seed: int
    n_draws: int
    dates: tuple[dt.date, ...]
    n_open: np.ndarray

    def to_dict(self) -> dict[str, Any]:
        """Return the shares and intervals as JSON-ready data."""
        points = []
        for date, count in zip(self.dates, self.n_open.tolist(), strict=True):
            low, high = wilson_interval(int(count), self.n_draws)
            points.append(
                {
                    "date": date.isoformat(),
                    "n_open": int(count),
                    "p_open": round(count / self.n_draws, 6),
                    "low": round(low, 6),
                    "high": round(high, 6),
                }
            )
        return {
            "scenario": self.scenario,
            "seed": self.seed,
            "n_draws": self.n_draws,
            "points": points,
        }


def zopa_probability(scenario: Scenario, *, n_draws: int, seed: int) -> ZopaProbability:
    """Count, by date, the draws whose ZOPA is open."""
    dates = _dates(scenario)
    n_open = np.zeros(len(dates), dtype=np.int64)
    draws = sampled_draws(scenario, seed=seed, start=0, stop=n_draws)
    for pinned, group, _ in split_by_reading(scenario, draws):
        n_open += _open_counts(pinned, group, dates)
    return ZopaProbability(scenario.id, seed, n_draws, dates, n_open)


def _dates(scenario: Scenario) -> tuple[dt.date, ...]:
    days = {i.date for i in played_items(scenario) if not i.is_round and i.date is not None}
    if scenario.calendar is not None:
        days.add(scenario.calendar.start)
    return tuple(sorted(days)) or (dt.date.min,)


def _open_counts(scenario: Scenario, draws: Draws, dates: tuple[dt.date, ...]) -> np.ndarray:
    """`(n_dates,)` draws of `draws` with an open ZOPA at the end of each date."""
    events = [i for i in played_items(scenario) if not i.is_round and i.date is not None]
    probe = compile_model(scenario, draws.take(np.arange(min(1, draws.n_draws))))
    size = max(1, _BLOCK_ELEMENTS // max(1, probe.n_texts * len(probe.parties)))
    counts = np.zeros(len(dates), dtype=np.int64)
    for start in range(0, draws.n_draws, size):
        model = compile_model(
            scenario, draws.take(np.arange(start, min(start + size, draws.n_draws)))
        )
        conditions = model.initial
        evaluation = evaluate(model, conditions)
        pending = iter(events)
        upcoming = next(pending, None)
        for d, date in enumerate(dates):
            while upcoming is not None and upcoming.date is not None and upcoming.date <= date:
                conditions, _ = apply_event(model, conditions, upcoming.item)  # type: ignore[arg-type]
                evaluation = evaluate(model, conditions, evaluation)
                upcoming = next(pending, None)
            counts[d] += int(evaluation.zopa().any(axis=1).sum())
    return counts
