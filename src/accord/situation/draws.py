"""The values of a scenario's uncertain numbers in a block of draws.

A `Draws` holds one row per draw and one column per parameter of the scenario
(`accord.scenario.parameters`). A single run reads every number at its mean
(`mean_draws`); a sweep samples them (`sampled_draws`), and draw k of a sweep is row k of
`sample_parameters(..., n_draws=k + 1)`, so any draw can be replayed on its own. Each draw
also carries its number in the sweep, which keys its own random generator for the
engine: `SeedSequence(seed, spawn_key=(number,))`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, overload

import numpy as np

from accord.scenario.distributions import quantity_mean
from accord.scenario.parameters import (
    Parameter,
    StreamPosition,
    parameters_of,
    sample_from,
    stream_positions,
)
from accord.scenario.schema import Scenario

__all__ = ["DrawSeeds", "Draws", "mean_draws", "sampled_draws"]


@dataclass(frozen=True)
class Draws:
    """The values of the uncertain numbers in a block of draws.

    Attributes:
        parameters: the scenario's parameters, the columns of `values`.
        values: `(n_draws, n_parameters)`.
        numbers: `(n_draws,)` each draw's number in its sweep (0 for a single run).
    """

    parameters: tuple[Parameter, ...]
    values: np.ndarray
    numbers: np.ndarray
    columns: dict[int, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        columns = {id(p.distribution): j for j, p in enumerate(self.parameters)}
        object.__setattr__(self, "columns", columns)

    @property
    def n_draws(self) -> int:
        """Number of draws in the block."""
        return int(self.values.shape[0])

    def read(self, quantity: Any) -> np.ndarray:
        """Return `(n_draws,)` the value of a scenario number (plain or a distribution)."""
        if isinstance(quantity, int | float):
            return np.full(self.n_draws, float(quantity))
        column = self.columns.get(id(quantity))
        if column is None:
            return np.full(self.n_draws, quantity_mean(quantity))
        return np.asarray(self.values[:, column], dtype=float)

    def take(self, rows: np.ndarray) -> Draws:
        """Return the draws of the given rows."""
        return Draws(self.parameters, self.values[rows], self.numbers[rows])

    def seeds(self, seed: int) -> DrawSeeds:
        """Each draw's seed for the engine's randomness: `SeedSequence(seed, (number,))`."""
        return DrawSeeds(seed, self.numbers)


@dataclass(frozen=True)
class DrawSeeds(Sequence[np.random.SeedSequence]):
    """The draws' seeds, each made when asked for (most runs draw nothing at all)."""

    seed: int
    numbers: np.ndarray

    def __len__(self) -> int:
        return int(self.numbers.size)

    @overload
    def __getitem__(self, index: int) -> np.random.SeedSequence: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[np.random.SeedSequence]: ...

    def __getitem__(
        self, index: int | slice
    ) -> np.random.SeedSequence | Sequence[np.random.SeedSequence]:
        if isinstance(index, slice):
            return DrawSeeds(self.seed, self.numbers[index])
        return np.random.SeedSequence(self.seed, spawn_key=(int(self.numbers[index]),))


def mean_draws(scenario: Scenario) -> Draws:
    """One draw with every uncertain number at its mean."""
    parameters = parameters_of(scenario)
    values = np.array([[p.mean for p in parameters]], dtype=float).reshape(1, len(parameters))
    return Draws(parameters, values, np.zeros(1, dtype=np.int64))


def sampled_draws(
    scenario: Scenario,
    *,
    seed: int,
    start: int,
    stop: int,
    position: StreamPosition | None = None,
) -> Draws:
    """Draws `start..stop-1` of a sweep of `scenario` with `seed`.

    `position` (the parameters' streams before draw `start`, from `stream_positions`)
    saves walking the streams from draw 0.
    """
    parameters = parameters_of(scenario)
    if position is None:
        (position,) = stream_positions(parameters, seed=seed, starts=[start])
    values = sample_from(parameters, position, stop - start)
    return Draws(parameters, values, np.arange(start, stop, dtype=np.int64))
