"""How far two compiled models of the same draws run alike: a scenario and its variant.

A variant that removes or changes an event (or a round) leaves the run unchanged up to
that item: the same draws meet the same events and rounds in the same situations. Its
run can then start from the other's at that item instead of from the first day
(`accord.engine.run.run_blocks`). `shared_items` says how many of the timeline's first
items two models play alike, and is 0 unless everything outside the timeline is the
same:

- the draws (by number) and the values of every uncertain number outside the events;
- the scenario's parts other than its events and variants (parties, preferences,
  rounds, calendar, protocol, strategies, …), so also the strategies' clock, which
  counts every round's steps from the start;
- what compiling reads from the whole timeline: the model's arrays and first-day
  conditions (the guarantors that events name, the options introduced later).

Items then match one by one: the same date and place in the day, the same round or
event, and the same values of the event's uncertain numbers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from accord.situation.draws import Draws
from accord.situation.model import Model
from accord.situation.timeline import TimelineItem, played_items

__all__ = ["shared_items"]

# Path prefix of the uncertain numbers of the events (`accord.scenario.parameters`).
EVENTS = "events."
# Fields of a model compared apart (the scenario part by part, the draws by path) or
# not data (the text groups are cached from the compared arrays).
_COMPARED_APART = frozenset({"scenario", "draws"})


def shared_items(first: Model, other: Model) -> int:
    """The number of the timeline's first items `other` plays exactly as `first` does."""
    if not _same_outside_timeline(first, other):
        return 0
    ours, theirs = played_items(first.scenario), played_items(other.scenario)
    shared = 0
    for mine, yours in zip(ours, theirs, strict=False):
        if not _same_item(first.draws, other.draws, mine, yours):
            break
        shared += 1
    return shared


def _same_outside_timeline(first: Model, other: Model) -> bool:
    """Whether everything but the events is the same in the two models."""
    outside: dict[str, Any] = {"events": [], "variants": {}}
    return (
        np.array_equal(first.draws.numbers, other.draws.numbers)
        and first.scenario.model_copy(update=outside) == other.scenario.model_copy(update=outside)
        and _same_draws(first.draws, other.draws, lambda path: not path.startswith(EVENTS))
        and all(
            _equal(getattr(first, f.name), getattr(other, f.name))
            for f in dataclasses.fields(first)
            if f.name not in _COMPARED_APART
        )
    )


def _same_item(first: Draws, other: Draws, mine: TimelineItem, yours: TimelineItem) -> bool:
    """Whether two timeline items are the same, with the same draws of their numbers."""
    if (mine.date, mine.priority, mine.is_round) != (yours.date, yours.priority, yours.is_round):
        return False
    if mine.item != yours.item:
        return False
    if mine.is_round:
        return True
    prefix = f"{EVENTS}{mine.item.id}."
    return _same_draws(first, other, lambda path: path.startswith(prefix))


def _same_draws(first: Draws, other: Draws, wanted: Callable[[str], bool]) -> bool:
    """Whether the parameters whose path is `wanted` are the same, with the same values."""
    return _values_by_path(first, wanted) == _values_by_path(other, wanted)


def _values_by_path(draws: Draws, wanted: Callable[[str], bool]) -> dict[str, bytes]:
    """The draws' values of the parameters whose path is `wanted`, by path (as bytes)."""
    return {
        parameter.path: draws.values[:, j].tobytes()
        for j, parameter in enumerate(draws.parameters)
        if wanted(parameter.path)
    }


def _equal(a: Any, b: Any) -> bool:
    """Whether two compiled values are equal: arrays bit for bit, containers item by item."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.dtype == b.dtype
            and a.shape == b.shape
            and a.tobytes() == b.tobytes()
        )
    if isinstance(a, tuple | list):
        return (
            type(a) is type(b)
            and len(a) == len(b)
            and all(_equal(x, y) for x, y in zip(a, b, strict=True))
        )
    if isinstance(a, Mapping):
        return (
            isinstance(b, Mapping) and a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
        )
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return type(a) is type(b) and all(
            _equal(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a)
        )
    return bool(a == b)
