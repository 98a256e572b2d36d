"""accord: model, simulate and analyse mediated multi-party negotiations."""

from accord.analysis.pareto import pareto_frontier
from accord.analysis.summary import BargainingAnalysis, analyze
from accord.engine.simulation import simulate
from accord.engine.transcript import Transcript
from accord.errors import (
    AccordError,
    ConstraintError,
    LimitError,
    ScenarioError,
    StoreError,
    UnknownIdError,
)
from accord.scenario import Scenario, load_scenario, shipped_scenarios
from accord.space import OutcomeSpace

__version__ = "0.1.0"

__all__ = [
    "AccordError",
    "BargainingAnalysis",
    "ConstraintError",
    "LimitError",
    "OutcomeSpace",
    "Scenario",
    "ScenarioError",
    "StoreError",
    "Transcript",
    "UnknownIdError",
    "__version__",
    "analyze",
    "load_scenario",
    "pareto_frontier",
    "shipped_scenarios",
    "simulate",
]
