"""Every uncertain number of a scenario, as a named parameter that sweeps can sample.

A parameter is a distribution found in the scenario, named by its dotted path (list items
by id: ``preferences.ukraine.reservation_value``, ``events.bucha.likelihood.honours``).
Sampling is keyed by path: the draws of a parameter come from a random stream of its own,
``SeedSequence(seed, spawn_key=(crc32(path),))``, so a counterfactual variant that adds,
removes or changes one parameter leaves every other parameter's draws untouched (common
random numbers), and the draws do not depend on how a sweep is split among workers.

`accord.situation.draws.Draws` reads a block of draws' values of any scenario number;
numbers that are not distributions read as themselves.
"""

from __future__ import annotations

import datetime as dt
import functools
import typing
import weakref
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from pydantic import BaseModel

from accord.scenario.distributions import Distribution, Normal, quantity_mean
from accord.scenario.schema import Scenario

__all__ = [
    "Parameter",
    "StreamPosition",
    "parameters_of",
    "sample_from",
    "sample_parameters",
    "stream_positions",
]

_DISTRIBUTIONS = typing.get_args(Distribution)
# Plain values hold no distribution: most of a scenario's fields.
_PLAIN = (str, int, float, type(None))
# Field types that never hold a distribution (bool and enums are int and str).
_SCALARS = (str, int, float, type(None), dt.date)
# Draws thrown away at a time when a stream is moved to a chunk's first draw.
_SKIP_BLOCK = 1 << 16


@dataclass(frozen=True)
class Parameter:
    """An uncertain number: where it is, its distribution, and the bounds of its field."""

    path: str
    distribution: Any
    low: float
    high: float

    @property
    def mean(self) -> float:
        """The value a single run uses."""
        return quantity_mean(self.distribution)


# parameters_of per scenario object, dropped with it. Scenarios are frozen, so a
# scenario's parameters never change; keyed by id because scenarios are not hashable.
_FOUND: dict[int, tuple[Parameter, ...]] = {}


def parameters_of(scenario: Scenario) -> tuple[Parameter, ...]:
    """Return every distribution in the scenario, in file order.

    Each structural reading adds one, the draw of its alternative (its position), at
    the path ``readings.<id>``.
    """
    key = id(scenario)
    found = _FOUND.get(key)
    if found is None:
        found = _FOUND[key] = _find_parameters(scenario)
        weakref.finalize(scenario, _FOUND.pop, key, None)
    return found


def _find_parameters(scenario: Scenario) -> tuple[Parameter, ...]:
    readings = tuple(
        Parameter(f"readings.{name}", reading.choice, 0.0, float(len(reading.alternatives) - 1))
        for name, reading in scenario.readings.items()
    )
    found: list[Parameter] = []
    _walk(scenario, (), found)
    return (*found, *readings)


def _walk(node: Any, path: tuple[str, ...], found: list[Parameter]) -> None:
    # Cheapest tests first: plain values and containers are most of a scenario's nodes.
    if isinstance(node, _PLAIN):
        return
    if isinstance(node, dict):
        for key, value in node.items():
            _walk(value, (*path, str(key)), found)
    elif isinstance(node, list | tuple):
        for index, item in enumerate(node):
            label = getattr(item, "id", None)
            _walk(item, (*path, str(label if isinstance(label, str) else index)), found)
    elif isinstance(node, _DISTRIBUTIONS):
        low, high = _bounds(node)
        found.append(Parameter(".".join(path), node, low, high))
    elif isinstance(node, BaseModel):
        values = node.__dict__
        for name, label in _labels(type(node)):
            _walk(values[name], (*path, label), found)


@functools.cache
def _labels(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """The fields of a model class that may hold a distribution, by name and name in the file."""
    return tuple(
        (name, field.alias or name)
        for name, field in model.model_fields.items()
        if _may_hold(field.annotation, frozenset())
    )


def _may_hold(annotation: Any, enclosing: frozenset[type]) -> bool:
    """Whether a value of this type may hold a distribution (True when unsure)."""
    if typing.get_origin(annotation) is typing.Literal:
        return False
    if typing.get_origin(annotation) is typing.Annotated:
        return _may_hold(typing.get_args(annotation)[0], enclosing)
    if isinstance(annotation, type) and not typing.get_args(annotation):
        # A distribution, or a class some distribution derives from.
        if any(issubclass(d, annotation) for d in _DISTRIBUTIONS):
            return True
        if issubclass(annotation, BaseModel):
            # A model already on the way here is being looked into through another path.
            inner = enclosing | {annotation}
            return annotation not in enclosing and any(
                _may_hold(field.annotation, inner) for field in annotation.model_fields.values()
            )
        return not issubclass(annotation, _SCALARS)
    arguments = typing.get_args(annotation)
    if not arguments:
        return True
    return any(_may_hold(a, enclosing) for a in arguments if a is not Ellipsis)


def _bounds(distribution: Any) -> tuple[float, float]:
    low, high = distribution.support()
    return float(low), float(high)


def _stream(seed: int, path: str) -> np.random.Generator:
    sequence = np.random.SeedSequence(seed, spawn_key=(zlib.crc32(path.encode()),))
    return np.random.Generator(np.random.PCG64(sequence))


def _key(parameter: Parameter) -> str:
    shared = getattr(parameter.distribution, "shared", None)
    return f"shared:{shared}" if shared else parameter.path


def sample_parameters(parameters: Sequence[Parameter], *, seed: int, n_draws: int) -> np.ndarray:
    """Return `(n_draws, n_parameters)` draws, each parameter from its own stream.

    A parameter whose distribution is `shared` under a name draws from the stream of that
    name instead of its path, so all numbers sharing the name take the same values.
    """
    return sample_from(parameters, stream_positions(parameters, seed=seed, starts=[0])[0], n_draws)


@dataclass(frozen=True)
class StreamPosition:
    """Every parameter's stream just before draw `start`: generator states, in order."""

    start: int
    states: tuple[Mapping[str, Any], ...]


def stream_positions(
    parameters: Sequence[Parameter], *, seed: int, starts: Sequence[int]
) -> list[StreamPosition]:
    """The streams' positions before each draw of `starts`, walking each stream once.

    Draws k..k+n of a stream are the same whether drawn in one call or after k draws
    thrown away (numpy's generators draw variate by variate), so a chunk of a sweep can
    start sampling at its first draw instead of at draw 0.
    """
    streams = [_stream(seed, _key(p)) for p in parameters]
    positions = []
    at = 0
    for start in sorted(set(starts)):
        while at < start:
            step = min(start - at, _SKIP_BLOCK)
            for parameter, stream in zip(parameters, streams, strict=True):
                parameter.distribution.sample(stream, step)
            at += step
        positions.append(StreamPosition(start, tuple(s.bit_generator.state for s in streams)))
    by_start = {p.start: p for p in positions}
    return [by_start[start] for start in starts]


def sample_from(
    parameters: Sequence[Parameter], position: StreamPosition, n_draws: int
) -> np.ndarray:
    """Return `(n_draws, n_parameters)` draws from `position` on."""
    draws = np.empty((n_draws, len(parameters)))
    for j, (parameter, state) in enumerate(zip(parameters, position.states, strict=True)):
        stream = np.random.Generator(np.random.PCG64())
        stream.bit_generator.state = state
        draws[:, j] = _clip(parameter.distribution.sample(stream, n_draws), parameter)
    return draws


def _clip(values: np.ndarray, parameter: Parameter) -> np.ndarray:
    # A normal distribution on a bounded field was accepted because mean ± 3 sd lies
    # inside the field's bounds; the rare draws beyond those 3 sd are clipped to them.
    if isinstance(parameter.distribution, Normal):
        return np.asarray(np.clip(values, parameter.low, parameter.high))
    return values
