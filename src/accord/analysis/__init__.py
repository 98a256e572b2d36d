"""Analysis of a scenario's structure, beside the engine.

Entry point: `accord.analysis.summary.analyze(scenario, at=...)` returns a
`BargainingAnalysis` (also `accord.analyze`, which accepts a file or a shipped id too).
It is not imported here because it builds on the engine, which itself uses `pareto` and
`bargaining`.

Modules:
    pareto      the Pareto frontier (sweep for 2 parties, staircase for 3, blocks beyond)
    bargaining  ZOPA and the Nash, Kalai–Smorodinsky, utilitarian, egalitarian solutions
    attribution exact Shapley values over a handful of factors
    summary     `analyze`: all of the above for a scenario at a date
    gmcr/       Graph Model for Conflict Resolution: `load_conflict`, `analyze_conflict`
                (Nash, GMR, SMR, SEQ stability and equilibria), `status_quo_analysis`

The names below are imported on first use, so that the engine's import of `pareto` does
not load the graph model and its file formats.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accord.analysis.bargaining import (
        egalitarian_solution,
        kalai_smorodinsky_solution,
        nash_solution,
        utilitarian_solution,
        zopa_mask,
    )
    from accord.analysis.gmcr import (
        analyze_conflict,
        load_conflict,
        stability,
        status_quo_analysis,
    )
    from accord.analysis.pareto import is_pareto_optimal, pareto_frontier

__all__ = [
    "analyze_conflict",
    "egalitarian_solution",
    "is_pareto_optimal",
    "kalai_smorodinsky_solution",
    "load_conflict",
    "nash_solution",
    "pareto_frontier",
    "stability",
    "status_quo_analysis",
    "utilitarian_solution",
    "zopa_mask",
]

_HOMES = {
    "analyze_conflict": "gmcr",
    "egalitarian_solution": "bargaining",
    "is_pareto_optimal": "pareto",
    "kalai_smorodinsky_solution": "bargaining",
    "load_conflict": "gmcr",
    "nash_solution": "bargaining",
    "pareto_frontier": "pareto",
    "stability": "gmcr",
    "status_quo_analysis": "gmcr",
    "utilitarian_solution": "bargaining",
    "zopa_mask": "bargaining",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'accord.analysis' has no attribute '{name}'")
    return getattr(importlib.import_module(f"accord.analysis.{_HOMES[name]}"), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
