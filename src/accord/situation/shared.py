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
event, and the same values of the event's uncertain numbers. `forks` plans the runs of
several models (a scenario, its variants, their combinations): each goes on from the
earlier one it shares the most items with.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.situation.draws import Draws
from accord.situation.model import Model
from accord.situation.timeline import TimelineItem, played_items

__all__ = ["forks", "shared_items"]

# Path prefix of the uncertain numbers of the events (`accord.scenario.parameters`).
EVENTS = "events."
# Fields of a model compared apart: the scenario part by part, the draws by path.
_COMPARED_APART = frozenset({"scenario", "draws"})
# Draws of uncertain numbers by event id (None: numbers outside the events), each by its
# path, as bytes.
Numbers = dict[str | None, dict[str, bytes]]


def shared_items(first: Model, other: Model) -> int:
    """The number of the timeline's first items `other` plays exactly as `first` does."""
    return _shared(_Played.of(first), _Played.of(other))


def forks(models: Sequence[Model]) -> list[tuple[int, int]]:
    """For each model, the earlier model its run goes on from and at which item.

    `(-1, 0)`: its run starts on the first day. Each goes on from the earlier model it
    shares the most items with (the first of them on ties). That model's own run passes
    the item: had it started past it, the model it went on from, earlier still, would
    share as many items and have been chosen.
    """
    played = [_Played.of(model) for model in models]
    # Each model's class: the first model the same as it outside the timeline. Being the
    # same is an equivalence, so a model is compared outside the timeline once per class.
    classes: list[int] = []
    plan: list[tuple[int, int]] = []
    for mine in played:
        alike = next(
            (c for c in dict.fromkeys(classes) if _same_outside_timeline(played[c], mine)), None
        )
        classes.append(len(classes) if alike is None else alike)
        best = (-1, 0)
        for i, earlier in enumerate(played[: len(plan)]):
            if classes[i] == classes[-1]:
                n_shared = _items_shared(earlier, mine)
                if n_shared > best[1]:
                    best = (i, n_shared)
        plan.append(best)
    return plan


@dataclass(frozen=True)
class _Played:
    """A model with its played timeline and the draws of its numbers by event."""

    model: Model
    items: tuple[TimelineItem, ...]
    numbers: Numbers

    @classmethod
    def of(cls, model: Model) -> _Played:
        """The model's timeline and numbers, read once."""
        return cls(model, played_items(model.scenario), _numbers_by_event(model.draws))


def _shared(first: _Played, other: _Played) -> int:
    """The number of the first items of the timeline `other` plays as `first` does."""
    return _items_shared(first, other) if _same_outside_timeline(first, other) else 0


def _items_shared(first: _Played, other: _Played) -> int:
    """The number of the timeline's first items that are the same, with the same draws."""
    shared = 0
    for mine, yours in zip(first.items, other.items, strict=False):
        if not _same_item(mine, yours, first.numbers, other.numbers):
            break
        shared += 1
    return shared


def _numbers_by_event(draws: Draws) -> Numbers:
    """The draws of every uncertain number, by event (None: outside the events) and path."""
    numbers: Numbers = {}
    for j, parameter in enumerate(draws.parameters):
        path = parameter.path
        event = path[len(EVENTS) :].split(".", 1)[0] if path.startswith(EVENTS) else None
        numbers.setdefault(event, {})[path] = draws.values[:, j].tobytes()
    return numbers


def _same_outside_timeline(mine: _Played, yours: _Played) -> bool:
    """Whether everything but the events is the same in the two models."""
    first, other = mine.model, yours.model
    outside: dict[str, Any] = {"events": [], "variants": {}}
    return (
        np.array_equal(first.draws.numbers, other.draws.numbers)
        and first.scenario.model_copy(update=outside) == other.scenario.model_copy(update=outside)
        and mine.numbers.get(None) == yours.numbers.get(None)
        and all(
            _equal(getattr(first, f.name), getattr(other, f.name))
            for f in dataclasses.fields(first)
            if f.name not in _COMPARED_APART
        )
    )


def _same_item(mine: TimelineItem, yours: TimelineItem, ours: Numbers, theirs: Numbers) -> bool:
    """Whether two timeline items are the same, with the same draws of their numbers."""
    if (mine.date, mine.priority, mine.is_round) != (yours.date, yours.priority, yours.is_round):
        return False
    if mine.item != yours.item:
        return False
    if mine.is_round:
        return True
    return ours.get(mine.item.id) == theirs.get(yours.item.id)


def _bits(array: np.ndarray) -> np.ndarray:
    """The array's numbers as compared bit for bit (floats as bytes: NaN equals NaN)."""
    if array.dtype.kind in "fc":
        return np.ascontiguousarray(array).reshape(-1).view(np.uint8)
    return array


def _equal(a: Any, b: Any) -> bool:
    """Whether two compiled values are equal: arrays bit for bit, containers item by item."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.dtype == b.dtype
            and a.shape == b.shape
            and np.array_equal(_bits(a), _bits(b))
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
