"""Events: dated, typed changes to the conditions, applied to every draw at once.

Each event returns new `Conditions` and the `Change`s it made, so that every change in a
transcript names its cause. A change holds the quantity's value before and after in
every draw; `Change.effect(d)` is draw d's record of it.

- signal: every observer i updates b_i,actor by Bayes' rule (`accord.situation.beliefs`);
- reservation_shift: r_party += delta, kept in [0, 1];
- audience_cost: a_party += delta, kept >= 0;
- weight_change: the listed raw weights are replaced (utilities renormalise);
- value_change: the listed option values of one issue are replaced;
- red_line: the pattern is added to, or lifted from, the party's red lines;
- guarantor_change: a new consent threshold, or withdrawal;
- option: an option is put on the table (introduce) or taken off it (withdraw);
- walkout: a party walks out (the run ends the talks: `accord.engine.run`), or only
  leaves them (`effect: party_leaves`: it joins the absent parties), or threatens to;
  with observers, each updates its belief about the party as for a signal.

An event about a party that does not negotiate (a mediator's reservation value, say)
changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.scenario.process import (
    AudienceCost,
    Event,
    GuarantorChange,
    Likelihood,
    OptionChange,
    RedLineChange,
    ReservationShift,
    Signal,
    ValueChange,
    Walkout,
    WeightChange,
)
from accord.situation.beliefs import bayes_update
from accord.situation.conditions import Conditions
from accord.situation.model import Model

__all__ = ["Change", "Effect", "apply_event"]


@dataclass(frozen=True, slots=True)
class Effect:
    """One change an event made in one draw: `quantity` of `party` went before → after."""

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


@dataclass(frozen=True, slots=True)
class Change:
    """One change an event made, in every draw: `(n_draws,)` values before and after."""

    quantity: str
    party: str
    before: np.ndarray | str
    after: np.ndarray | str
    about: str | None = None

    def effect(self, draw: int) -> Effect:
        """Draw `draw`'s record of the change."""
        return Effect(
            self.quantity, self.party, _at(self.before, draw), _at(self.after, draw), self.about
        )


def _at(value: np.ndarray | str, draw: int) -> float | str:
    return value if isinstance(value, str) else float(value[draw])


def apply_event(
    model: Model, conditions: Conditions, event: Event
) -> tuple[Conditions, tuple[Change, ...]]:
    """Apply one event to every draw; return the new conditions and what changed."""
    if isinstance(event, Signal):
        return _signal(model, conditions, event)
    if isinstance(event, Walkout):
        return _walkout(model, conditions, event)
    if isinstance(event, ValueChange):
        return _values(model, conditions, event)
    if isinstance(event, ReservationShift | AudienceCost):
        return _shift(model, conditions, event)
    if isinstance(event, WeightChange):
        return _weights(model, conditions, event)
    if isinstance(event, RedLineChange):
        return _red_line(model, conditions, event)
    if isinstance(event, OptionChange):
        return _option(model, conditions, event)
    return _guarantor(model, conditions, event)


def _signal(
    model: Model, conditions: Conditions, event: Signal
) -> tuple[Conditions, tuple[Change, ...]]:
    return _observed(model, conditions, event.actor, event.observers, event.likelihood)


def _observed(
    model: Model,
    conditions: Conditions,
    actor: str,
    observers: tuple[str, ...],
    likelihood: Likelihood,
) -> tuple[Conditions, tuple[Change, ...]]:
    """Each observer updates its belief about `actor` by Bayes' rule."""
    beliefs = conditions.beliefs.copy()
    about = model.everyone.index(actor)
    honours = model.draws.read(likelihood.honours)
    breaches = model.draws.read(likelihood.breaches)
    changes = []
    for observer in observers:
        holder = model.everyone.index(observer)
        before = beliefs[:, holder, about].copy()
        beliefs[:, holder, about] = bayes_update(before, honours=honours, breaches=breaches)
        changes.append(Change("belief", observer, before, beliefs[:, holder, about].copy(), actor))
    return conditions.with_changes(beliefs=beliefs), tuple(changes)


def _walkout(
    model: Model, conditions: Conditions, event: Walkout
) -> tuple[Conditions, tuple[Change, ...]]:
    leaves = event.effect == "party_leaves" and not event.threat
    if event.threat:
        act = Change("talks", event.party, "talking", "threatens to walk out")
    else:
        act = Change("talks", event.party, "talking", "left" if leaves else "walked out")
    if leaves:
        absent = conditions.absent | {model.parties.index(event.party)}
        conditions = conditions.with_changes(absent=absent)
    if event.likelihood is None:
        return conditions, (act,)
    observed, changes = _observed(model, conditions, event.party, event.observers, event.likelihood)
    return observed, (act, *changes)


def _values(
    model: Model, conditions: Conditions, event: ValueChange
) -> tuple[Conditions, tuple[Change, ...]]:
    i = model.parties.index(event.party)
    k = model.space.issues.index(event.issue)
    table = conditions.option_values[k].copy()
    changes = []
    for option, value in event.values.items():
        j = model.space.options[k].index(option)
        before = table[:, i, j].copy()
        table[:, i, j] = model.draws.read(value)
        label = f"{event.issue}={option}"
        changes.append(Change("value", event.party, before, table[:, i, j].copy(), label))
    tables = (*conditions.option_values[:k], table, *conditions.option_values[k + 1 :])
    return conditions.with_changes(option_values=tables), tuple(changes)


def _shift(
    model: Model, conditions: Conditions, event: ReservationShift | AudienceCost
) -> tuple[Conditions, tuple[Change, ...]]:
    if event.party not in model.parties:
        return conditions, ()
    i = model.parties.index(event.party)
    delta = model.draws.read(event.delta)
    if isinstance(event, ReservationShift):
        name, field, high = "reservation_value", "reservation_values", 1.0
        array = conditions.reservation_values.copy()
    else:
        name, field, high = "audience_cost", "audience_costs", np.inf
        array = conditions.audience_costs.copy()
    before = array[:, i].copy()
    array[:, i] = np.minimum(high, np.maximum(0.0, before + delta))
    change = Change(name, event.party, before, array[:, i].copy())
    return conditions.with_changes(**{field: array}), (change,)


def _weights(
    model: Model, conditions: Conditions, event: WeightChange
) -> tuple[Conditions, tuple[Change, ...]]:
    weights = conditions.raw_weights.copy()
    i = model.parties.index(event.party)
    changes = []
    for issue, value in event.weights.items():
        k = model.space.issues.index(issue)
        before = weights[:, i, k].copy()
        weights[:, i, k] = model.draws.read(value)
        changes.append(Change("weight", event.party, before, weights[:, i, k].copy(), issue))
    return conditions.with_changes(raw_weights=weights), tuple(changes)


def _red_line(
    model: Model, conditions: Conditions, event: RedLineChange
) -> tuple[Conditions, tuple[Change, ...]]:
    i = model.parties.index(event.party)
    pattern = model.space.pattern_index(event.pattern)
    lines = list(conditions.red_lines[i])
    if event.action == "add":
        lines.append(pattern)
    else:
        lines = [line for line in lines if dict(line) != pattern]
    described = ", ".join(
        f"{issue}={'|'.join(options)}" for issue, options in event.pattern.items()
    )
    red_lines = (*conditions.red_lines[:i], tuple(lines), *conditions.red_lines[i + 1 :])
    change = Change(
        "red_line",
        event.party,
        f"{len(conditions.red_lines[i])} red lines",
        f"{len(lines)} red lines",
        f"{event.action} {described}",
    )
    return conditions.with_changes(red_lines=red_lines), (change,)


def _guarantor(
    model: Model, conditions: Conditions, event: GuarantorChange
) -> tuple[Conditions, tuple[Change, ...]]:
    g = model.guarantors.index(event.guarantor)
    if event.withdraw:
        withdrawn = conditions.withdrawn.copy()
        withdrawn[g] = True
        change = Change("guarantor", event.guarantor, "available", "withdrawn")
        return conditions.with_changes(withdrawn=withdrawn), (change,)
    assert event.threshold is not None
    thresholds = conditions.thresholds.copy()
    before = thresholds[:, g].copy()
    thresholds[:, g] = model.draws.read(event.threshold)
    change = Change("guarantor_threshold", event.guarantor, before, thresholds[:, g].copy())
    return conditions.with_changes(thresholds=thresholds), (change,)


def _option(
    model: Model, conditions: Conditions, event: OptionChange
) -> tuple[Conditions, tuple[Change, ...]]:
    k = model.space.issues.index(event.issue)
    option = (k, model.space.options[k].index(event.option))
    was_on = option not in conditions.unavailable
    unavailable = (
        conditions.unavailable - {option}
        if event.action == "introduce"
        else conditions.unavailable | {option}
    )
    states = {True: "on the table", False: "off the table"}
    change = Change(
        "option", event.issue, states[was_on], states[option not in unavailable], event.option
    )
    return conditions.with_changes(unavailable=frozenset(unavailable)), (change,)
