"""Analysis of a scenario's structure, beside the engine.

Entry point: `accord.analysis.summary.analyze(scenario, at=...)` returns a
`BargainingAnalysis` (also exported as `accord.analyze`). It is not imported here because
it builds on the engine, which itself uses `pareto` and `bargaining`.

Modules:
    pareto      the Pareto frontier (sweep for 2 parties, staircase for 3, blocks beyond)
    bargaining  ZOPA and the Nash, Kalai–Smorodinsky, utilitarian, egalitarian solutions
    summary     `analyze`: all of the above for a scenario at a date
"""

from accord.analysis.bargaining import (
    egalitarian_solution,
    kalai_smorodinsky_solution,
    nash_solution,
    utilitarian_solution,
    zopa_mask,
)
from accord.analysis.pareto import is_pareto_optimal, pareto_frontier

__all__ = [
    "egalitarian_solution",
    "is_pareto_optimal",
    "kalai_smorodinsky_solution",
    "nash_solution",
    "pareto_frontier",
    "utilitarian_solution",
    "zopa_mask",
]
