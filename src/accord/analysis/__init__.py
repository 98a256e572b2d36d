"""Analysis of a scenario's structure, beside the engine.

Entry point: `accord.analysis.summary.analyze(scenario, at=...)` returns a
`BargainingAnalysis` (also exported as `accord.analyze`). It is not imported here because
it builds on the engine, which itself uses `pareto` and `bargaining`.

Modules:
    pareto      the Pareto frontier (sweep for 2 parties, staircase for 3, blocks beyond)
    bargaining  ZOPA and the Nash, Kalai–Smorodinsky, utilitarian, egalitarian solutions
    summary     `analyze`: all of the above for a scenario at a date
    gmcr/       Graph Model for Conflict Resolution: `load_conflict`, `analyze_conflict`
                (Nash, GMR, SMR, SEQ stability and equilibria), `status_quo_analysis`
"""

from accord.analysis.bargaining import (
    egalitarian_solution,
    kalai_smorodinsky_solution,
    nash_solution,
    utilitarian_solution,
    zopa_mask,
)
from accord.analysis.gmcr import analyze_conflict, load_conflict, stability, status_quo_analysis
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
