"""Events: dated, typed changes to the conditions of a negotiation.

Each event returns new `Conditions` and the `Effect`s it had, so that every change in a
transcript names its cause:

- signal: every observer i updates b_i,actor by Bayes' rule (`accord.engine.beliefs`);
- reservation_shift: r_party += delta, kept in [0, 1];
- audience_cost: a_party += delta, kept >= 0;
- weight_change: the listed raw weights are replaced (utilities renormalise);
- red_line: the pattern is added to, or lifted from, the party's red lines;
- guarantor_change: a new consent threshold, or withdrawal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.engine.beliefs import bayes_update
from accord.engine.clock import timeline
from accord.engine.situation import (
    CompiledScenario,
    Conditions,
    Situation,
    compile_scenario,
    situation,
)
from accord.scenario.process import (
    AudienceCost,
    Event,
    GuarantorChange,
    RedLineChange,
    ReservationShift,
    Signal,
    WeightChange,
)
from accord.scenario.schema import Scenario

__all__ = ["Effect", "apply_event", "conditions_at", "situation_at"]


@dataclass(frozen=True, slots=True)
class Effect:
    """One change an event made: `quantity` of `party` (about `about`) went before → after."""

    quantity: str
    party: str
    before: float | str
    after: float | str
    about: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the effect as JSON-ready data."""
        data: dict[str, Any] = {"quantity": self.quantity, "party": self.party}
        if self.about is not None:
            data["about"] = self.about
        data["before"] = _rounded(self.before)
        data["after"] = _rounded(self.after)
        return data


def _rounded(value: float | str) -> float | str:
    return round(value, 12) if isinstance(value, float) else value


def apply_event(
    compiled: CompiledScenario, conditions: Conditions, event: Event
) -> tuple[Conditions, tuple[Effect, ...]]:
    """Apply one event; return the new conditions and what changed."""
    if isinstance(event, Signal):
        return _signal(compiled, conditions, event)
    if isinstance(event, ReservationShift | AudienceCost):
        return _shift(compiled, conditions, event)
    if isinstance(event, WeightChange):
        return _weights(compiled, conditions, event)
    if isinstance(event, RedLineChange):
        return _red_line(compiled, conditions, event)
    return _guarantor(compiled, conditions, event)


def _signal(
    compiled: CompiledScenario, conditions: Conditions, event: Signal
) -> tuple[Conditions, tuple[Effect, ...]]:
    beliefs = conditions.beliefs.copy()
    about = compiled.everyone.index(event.actor)
    honours = compiled.resolve(event.likelihood.honours)
    breaches = compiled.resolve(event.likelihood.breaches)
    effects = []
    for observer in event.observers:
        holder = compiled.everyone.index(observer)
        before = float(beliefs[holder, about])
        beliefs[holder, about] = bayes_update(before, honours=honours, breaches=breaches)
        effects.append(
            Effect("belief", observer, before, float(beliefs[holder, about]), event.actor)
        )
    return conditions.with_changes(beliefs=beliefs), tuple(effects)


def _shift(
    compiled: CompiledScenario, conditions: Conditions, event: ReservationShift | AudienceCost
) -> tuple[Conditions, tuple[Effect, ...]]:
    if event.party not in compiled.parties:
        return conditions, ()
    i = compiled.parties.index(event.party)
    delta = compiled.resolve(event.delta)
    if isinstance(event, ReservationShift):
        array, name, low, high = conditions.reservation_values.copy(), "reservation_value", 0.0, 1.0
    else:
        array, name, low, high = conditions.audience_costs.copy(), "audience_cost", 0.0, np.inf
    before = float(array[i])
    array[i] = min(high, max(low, before + delta))
    field = "reservation_values" if name == "reservation_value" else "audience_costs"
    return (
        conditions.with_changes(**{field: array}),
        (Effect(name, event.party, before, float(array[i])),),
    )


def _weights(
    compiled: CompiledScenario, conditions: Conditions, event: WeightChange
) -> tuple[Conditions, tuple[Effect, ...]]:
    weights = conditions.raw_weights.copy()
    i = compiled.parties.index(event.party)
    effects = []
    for issue, value in event.weights.items():
        k = compiled.space.issues.index(issue)
        before = float(weights[i, k])
        weights[i, k] = compiled.resolve(value)
        effects.append(Effect("weight", event.party, before, float(weights[i, k]), issue))
    return conditions.with_changes(raw_weights=weights), tuple(effects)


def _red_line(
    compiled: CompiledScenario, conditions: Conditions, event: RedLineChange
) -> tuple[Conditions, tuple[Effect, ...]]:
    i = compiled.parties.index(event.party)
    pattern = compiled.space.pattern_index(event.pattern)
    lines = list(conditions.red_lines[i])
    if event.action == "add":
        lines.append(pattern)
    else:
        lines = [line for line in lines if dict(line) != pattern]
    described = ", ".join(
        f"{issue}={'|'.join(options)}" for issue, options in event.pattern.items()
    )
    red_lines = (*conditions.red_lines[:i], tuple(lines), *conditions.red_lines[i + 1 :])
    effect = Effect(
        "red_line",
        event.party,
        f"{len(conditions.red_lines[i])} red lines",
        f"{len(lines)} red lines",
        f"{event.action} {described}",
    )
    return conditions.with_changes(red_lines=red_lines), (effect,)


def _guarantor(
    compiled: CompiledScenario, conditions: Conditions, event: GuarantorChange
) -> tuple[Conditions, tuple[Effect, ...]]:
    if event.withdraw:
        effect = Effect("guarantor", event.guarantor, "available", "withdrawn")
        return conditions.with_changes(withdrawn=conditions.withdrawn | {event.guarantor}), (
            effect,
        )
    assert event.threshold is not None
    thresholds = dict(conditions.thresholds)
    before = thresholds.get(event.guarantor, float("inf"))
    thresholds[event.guarantor] = compiled.resolve(event.threshold)
    effect = Effect("guarantor_threshold", event.guarantor, before, thresholds[event.guarantor])
    return conditions.with_changes(thresholds=thresholds), (effect,)


def conditions_at(compiled: CompiledScenario, date: dt.date) -> Conditions:
    """Return the conditions after every event dated on or before `date`."""
    conditions = compiled.initial
    for item in timeline(compiled.scenario):
        if item.is_round or item.date is None or item.date > date:
            continue
        conditions, _ = apply_event(compiled, conditions, item.item)  # type: ignore[arg-type]
    return conditions


def situation_at(scenario: Scenario, at: dt.date | None = None) -> Situation:
    """Return the situation with every event dated on or before `at` applied (None: none)."""
    compiled = compile_scenario(scenario)
    conditions = compiled.initial if at is None else conditions_at(compiled, at)
    return situation(compiled, conditions, at)
