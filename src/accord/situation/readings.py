"""Structural readings in a block of draws: each draw runs the file its readings say.

A structural reading (`accord.scenario.schema.StructuralReading`) is drawn like any
uncertain number: its parameter, at the path ``readings.<id>``, holds the position of
the alternative drawn. `split_by_reading` groups a block's draws by the alternatives
they drew and pins each group's scenario to them (``{pin: id, to: alternative}``), so
that each group runs the one engine on the file patched as its readings say. Numbers
keep their draws across groups (they are matched by path); a number that only a
reading's patches add is read at its mean.

A sweep runs each chunk of draws apart by reading, and every chunk of a variant pins the
same few combinations; the pinned files are kept per process (validating one costs about
2 ms on the reference case, finding it again about 1 ms per chunk).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np

from accord.scenario.load import scenario_data, validate_patched
from accord.scenario.parameters import parameters_of
from accord.scenario.schema import Pin, Scenario
from accord.scenario.variants import apply_patches
from accord.situation.draws import Draws

__all__ = ["pin_readings", "reading_combinations", "split_by_reading"]


def pin_readings(scenario: Scenario, chosen: dict[str, str]) -> Scenario:
    """Return `scenario` with each reading of `chosen` fixed at its alternative.

    The result is a file to run, not to patch further: its variants are dropped (one that
    pins a reading fixed here would no longer apply).
    """
    data = _unvaried(scenario)
    return _pinned(data, _digest(data), chosen)


# Pinned files kept at most; the reference case has 32 combinations of readings per
# variant. When full, the kept files are dropped all at once.
KEPT_PINNED_FILES = 256
_kept: dict[tuple[bytes, tuple[tuple[str, str], ...]], Scenario] = {}


def _unvaried(scenario: Scenario) -> dict[str, Any]:
    """The scenario's data without its variants."""
    data = scenario_data(scenario)
    data.pop("variants", None)
    return data


def _digest(data: dict[str, Any]) -> bytes:
    """A digest of the file `data`, its mappings' order included."""
    return hashlib.sha256(json.dumps(data).encode()).digest()


def _pinned(data: dict[str, Any], digest: bytes, chosen: dict[str, str]) -> Scenario:
    """The file `data` (of `digest`) with `chosen` readings pinned, validated once per process."""
    key = (digest, tuple(chosen.items()))
    found = _kept.get(key)
    if found is None:
        if len(_kept) >= KEPT_PINNED_FILES:
            _kept.clear()
        pins = [Pin(pin=reading, to=alternative) for reading, alternative in chosen.items()]
        label = ", ".join(f"{reading}={alternative}" for reading, alternative in chosen.items())
        found = _kept[key] = validate_patched(apply_patches(data, pins), f"readings {label}")
    return found


def reading_combinations(scenario: Scenario, draws: Draws) -> tuple[np.ndarray, np.ndarray]:
    """The combinations of alternatives the draws drew, and each draw's combination.

    Returns `(n_combinations, n_readings)` the alternatives' positions, in the order of
    `scenario.readings` (ascending), and `(n_draws,)` the index of each draw's row.
    """
    picks = np.column_stack(
        [draws.read(reading.choice) for reading in scenario.readings.values()]
    ).astype(np.int64)
    combinations, inverse = np.unique(picks, axis=0, return_inverse=True)
    return combinations, inverse.reshape(-1)


def split_by_reading(scenario: Scenario, draws: Draws) -> list[tuple[Scenario, Draws, np.ndarray]]:
    """Group the draws by the alternatives they drew: (pinned scenario, its draws, rows)."""
    if not scenario.readings:
        return [(scenario, draws, np.arange(draws.n_draws))]
    names = list(scenario.readings)
    combinations, inverse = reading_combinations(scenario, draws)
    data = _unvaried(scenario)
    digest = _digest(data)
    groups = []
    for g, combination in enumerate(combinations.tolist()):
        rows = np.flatnonzero(inverse == g)
        chosen = {
            name: list(scenario.readings[name].alternatives)[position]
            for name, position in zip(names, combination, strict=True)
        }
        pinned = _pinned(data, digest, chosen)
        groups.append((pinned, _as_parameters_of(pinned, draws.take(rows)), rows))
    return groups


def _as_parameters_of(scenario: Scenario, draws: Draws) -> Draws:
    """The same draws, as the parameters of `scenario` (matched by path)."""
    parameters = parameters_of(scenario)
    columns = {parameter.path: j for j, parameter in enumerate(draws.parameters)}
    values = np.empty((draws.n_draws, len(parameters)))
    for j, parameter in enumerate(parameters):
        column = columns.get(parameter.path)
        values[:, j] = parameter.mean if column is None else draws.values[:, column]
    return Draws(parameters, values, draws.numbers)
