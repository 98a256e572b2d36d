"""The timeline: rounds and events, totally ordered.

Items are ordered by (date, priority, sequence). A round has priority 0; an event has
priority −1 (before the day's round) or +1 (`after_round: true`); the sequence is the
position in the file. Ties never fall to chance.

A scenario without `rounds` has one round, on its calendar's first day (or undated), of
`protocol.n_steps` steps. Items after the calendar's end never happen (`played_items`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accord.scenario.process import Event, Round
from accord.scenario.schema import Scenario, protocol_of, round_protocol

__all__ = [
    "TimelineItem",
    "end_date",
    "is_dated",
    "played_items",
    "protocol_of",
    "round_protocol",
    "rounds_of",
    "timeline",
]

ROUND_PRIORITY = 0


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """A round or an event at its place in time."""

    date: dt.date | None
    priority: int
    sequence: int
    item: Round | Event

    @property
    def is_round(self) -> bool:
        """Whether the item is a round (else an event)."""
        return isinstance(self.item, Round)


def rounds_of(scenario: Scenario) -> tuple[Round, ...]:
    """Return the scenario's rounds, or its single implicit round."""
    if scenario.rounds:
        return tuple(sorted(scenario.rounds, key=lambda r: r.date))
    n_steps = protocol_of(scenario).n_steps
    start = scenario.calendar.start if scenario.calendar else dt.date(1970, 1, 1)
    return (Round(id="round-1", date=start, n_steps=n_steps),)


def timeline(scenario: Scenario) -> tuple[TimelineItem, ...]:
    """Return rounds and events in their total order."""
    items = [TimelineItem(r.date, ROUND_PRIORITY, i, r) for i, r in enumerate(rounds_of(scenario))]
    items += [
        TimelineItem(event.date, 1 if event.after_round else -1, i, event)
        for i, event in enumerate(scenario.events)
    ]
    return tuple(sorted(items, key=lambda t: (t.date or dt.date.min, t.priority, t.sequence)))


def played_items(scenario: Scenario) -> tuple[TimelineItem, ...]:
    """The rounds and events of the timeline up to the calendar's end."""
    end = scenario.calendar.end if scenario.calendar else None
    return tuple(i for i in timeline(scenario) if end is None or i.date is None or i.date <= end)


def is_dated(scenario: Scenario) -> bool:
    """Whether the scenario's rounds have real dates (else one implicit, undated round)."""
    return scenario.calendar is not None or bool(scenario.rounds)


def end_date(scenario: Scenario) -> dt.date | None:
    """The last day of the talks: the calendar's end, or the last played round's date."""
    if scenario.calendar is not None:
        return scenario.calendar.end
    rounds = [i.item for i in played_items(scenario) if isinstance(i.item, Round)]
    return rounds[-1].date if rounds and scenario.rounds else None
