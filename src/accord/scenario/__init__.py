"""Scenarios: the file format, its validation, uncertain numbers and variants.

Entry point: `load_scenario(path_or_id, variants=...)` returns an immutable `Scenario`.

Modules:
    schema         the pydantic models of format version 1 (parties, issues, preferences)
    process        calendar, rounds, events, protocol, strategies, commitment
    distributions  uncertain numbers (`Quantity`) and their means and samples
    parameters     every uncertain number of a scenario as one indexed vector
    variants       counterfactual patches
    load           reading files or shipped ids, located errors, applying variants

The modules of models keep their annotations as objects (no ``from __future__ import
annotations``; names defined further down are quoted): pydantic reads every model's
annotations when its class is created, and annotations kept as text are compiled first.
"""

from accord.scenario.load import (
    ShippedScenario,
    apply_variants,
    load_scenario,
    resolve_scenario_path,
    scenario_digest,
    shipped_scenarios,
    validate_data,
)
from accord.scenario.schema import Scenario

__all__ = [
    "Scenario",
    "ShippedScenario",
    "apply_variants",
    "load_scenario",
    "resolve_scenario_path",
    "scenario_digest",
    "shipped_scenarios",
    "validate_data",
]
