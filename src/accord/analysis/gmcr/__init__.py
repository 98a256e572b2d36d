"""Graph Model for Conflict Resolution (GMCR): stability and status quo analysis.

Entry points: `load_conflict(path)` reads a conflict (accord YAML/JSON, a scenario's
``conflict:`` section or a gmcr-py file); `analyze_conflict(conflict)` returns a
`ConflictAnalysis` with every decision maker's Nash, GMR, SMR and SEQ stability, the
equilibria and, given a status quo, the reachable states and paths.

Modules:
    model       `GraphModel`: states, sparse moves per decision maker, preference levels
    _stability  `stability`: Nash, GMR, SMR, SEQ for 2 and n decision makers (coalition
                sanctions); private so that `accord.analysis.gmcr.stability` is the function
    status_quo  states and equilibria reachable from a state, with shortest paths
    gmcrpy      import of gmcr-py (GMCR+) save files
    load        `load_conflict`: files, located errors
    summary     `analyze_conflict` and its JSON document
"""

from accord.analysis.gmcr._stability import CONCEPTS, StabilityTable, stability
from accord.analysis.gmcr.load import is_conflict_source, load_conflict, validate_conflict_data
from accord.analysis.gmcr.model import GraphModel, Moves, build_model
from accord.analysis.gmcr.status_quo import StatusQuo, status_quo_analysis
from accord.analysis.gmcr.summary import ConflictAnalysis, analyze_conflict

__all__ = [
    "CONCEPTS",
    "ConflictAnalysis",
    "GraphModel",
    "Moves",
    "StabilityTable",
    "StatusQuo",
    "analyze_conflict",
    "build_model",
    "is_conflict_source",
    "load_conflict",
    "stability",
    "status_quo_analysis",
    "validate_conflict_data",
]
