"""Every uncertain number of a scenario, as a named parameter that sweeps can sample.

A parameter is a distribution found in the scenario, named by its dotted path (list items
by id: ``preferences.ukraine.reservation_value``, ``events.bucha.likelihood.honours``).
Sampling is keyed by path: the draws of a parameter come from a random stream of its own,
``SeedSequence(seed, spawn_key=(crc32(path),))``, so a counterfactual variant that adds,
removes or changes one parameter leaves every other parameter's draws untouched (common
random numbers), and the draws do not depend on how a sweep is split among workers.

`resolver(values)` turns one draw's values into the `resolve` function the engine uses
to read numbers; numbers that are not distributions read as themselves.
"""

from __future__ import annotations

import typing
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from pydantic import BaseModel

from accord.scenario.distributions import Distribution, Normal, quantity_mean
from accord.scenario.schema import Scenario

__all__ = ["Parameter", "parameters_of", "resolver", "sample_parameters"]

_DISTRIBUTIONS = typing.get_args(Distribution)


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


def parameters_of(scenario: Scenario) -> tuple[Parameter, ...]:
    """Return every distribution in the scenario, in file order."""
    return tuple(_walk(scenario, ()))


def _walk(node: Any, path: tuple[str, ...]) -> Iterator[Parameter]:
    if isinstance(node, _DISTRIBUTIONS):
        low, high = _bounds(node)
        yield Parameter(".".join(path), node, low, high)
    elif isinstance(node, BaseModel):
        fields = type(node).model_fields
        for name, field in fields.items():
            yield from _walk(getattr(node, name), (*path, field.alias or name))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, str(key)))
    elif isinstance(node, list | tuple):
        for index, item in enumerate(node):
            label = getattr(item, "id", None)
            yield from _walk(item, (*path, str(label if isinstance(label, str) else index)))


def _bounds(distribution: Any) -> tuple[float, float]:
    low, high = distribution.support()
    return float(low), float(high)


def _stream(seed: int, path: str) -> np.random.Generator:
    sequence = np.random.SeedSequence(seed, spawn_key=(zlib.crc32(path.encode()),))
    return np.random.Generator(np.random.PCG64(sequence))


def sample_parameters(parameters: Sequence[Parameter], *, seed: int, n_draws: int) -> np.ndarray:
    """Return `(n_draws, n_parameters)` draws, each parameter from its own stream.

    A parameter whose distribution is `shared` under a name draws from the stream of that
    name instead of its path, so all numbers sharing the name take the same values.
    """
    draws = np.empty((n_draws, len(parameters)))
    for j, parameter in enumerate(parameters):
        shared = getattr(parameter.distribution, "shared", None)
        key = f"shared:{shared}" if shared else parameter.path
        values = parameter.distribution.sample(_stream(seed, key), n_draws)
        draws[:, j] = _clip(values, parameter)
    return draws


def _clip(values: np.ndarray, parameter: Parameter) -> np.ndarray:
    # A normal distribution on a bounded field was accepted because mean ± 3 sd lies
    # inside the field's bounds; the rare draws beyond those 3 sd are clipped to them.
    if isinstance(parameter.distribution, Normal):
        return np.asarray(np.clip(values, parameter.low, parameter.high))
    return values


def resolver(parameters: Sequence[Parameter], values: np.ndarray) -> Any:
    """Return the `resolve` function reading one draw's `values` `(n_parameters,)`."""
    by_identity = {id(p.distribution): float(v) for p, v in zip(parameters, values, strict=True)}

    def resolve(quantity: Any) -> float:
        if isinstance(quantity, int | float):
            return float(quantity)
        return by_identity.get(id(quantity), quantity_mean(quantity))

    return resolve
