"""accord: model, simulate and analyse mediated multi-party negotiations.

The whole workflow from Python, each step accepting a loaded object or a file path or a
shipped id::

    import accord

    scenario = accord.load_scenario("istanbul-2022")
    accord.analyze(scenario, at=datetime.date(2022, 3, 29))     # bargaining space
    accord.simulate(scenario, seed=0)                           # one run: a Transcript
    result = accord.sweep(scenario, n_draws=200, variants=["no-bucha"])
    attribution = accord.attribute(scenario, sweep=result)      # Shapley values
    accord.write_report(accord.build_report(scenario, sweep=result), "report.html")
    accord.analyze_conflict("istanbul-2022-conflict")           # graph model stability

Results convert to pandas tables with `to_frame()`. The errors are `AccordError` and its
subclasses (see `accord.errors`).

The names below are imported on first use (PEP 562), so that ``import accord`` and the
``accord`` command start quickly; `__all__` lists them all.
"""

import importlib as _importlib
import typing as _typing

from accord.errors import (
    AccordError,
    ConstraintError,
    LimitError,
    OutputError,
    ScenarioError,
    StoreError,
    UnknownIdError,
)

if _typing.TYPE_CHECKING:
    from accord._workflow import (
        analyze,
        analyze_conflict,
        attribute,
        build_report,
        load_sweep,
        simulate,
        sweep,
    )
    from accord.analysis.gmcr.load import load_conflict
    from accord.analysis.gmcr.summary import ConflictAnalysis
    from accord.analysis.pareto import pareto_frontier
    from accord.analysis.summary import BargainingAnalysis
    from accord.engine.transcript import Transcript
    from accord.experiments.attribution import AttributionResult
    from accord.experiments.sweep import SweepResult
    from accord.report.html import write_report
    from accord.scenario.conflict import ConflictFile
    from accord.scenario.load import load_scenario, shipped_scenarios
    from accord.scenario.schema import Scenario
    from accord.space import OutcomeSpace

__version__ = "0.1.0"

__all__ = [
    "AccordError",
    "AttributionResult",
    "BargainingAnalysis",
    "ConflictAnalysis",
    "ConflictFile",
    "ConstraintError",
    "LimitError",
    "OutcomeSpace",
    "OutputError",
    "Scenario",
    "ScenarioError",
    "StoreError",
    "SweepResult",
    "Transcript",
    "UnknownIdError",
    "__version__",
    "analyze",
    "analyze_conflict",
    "attribute",
    "build_report",
    "load_conflict",
    "load_scenario",
    "load_sweep",
    "pareto_frontier",
    "shipped_scenarios",
    "simulate",
    "sweep",
    "write_report",
]

_HOMES = {
    "AttributionResult": "accord.experiments.attribution",
    "BargainingAnalysis": "accord.analysis.summary",
    "ConflictAnalysis": "accord.analysis.gmcr.summary",
    "ConflictFile": "accord.scenario.conflict",
    "OutcomeSpace": "accord.space",
    "Scenario": "accord.scenario.schema",
    "SweepResult": "accord.experiments.sweep",
    "Transcript": "accord.engine.transcript",
    "analyze": "accord._workflow",
    "analyze_conflict": "accord._workflow",
    "attribute": "accord._workflow",
    "build_report": "accord._workflow",
    "load_conflict": "accord.analysis.gmcr.load",
    "load_scenario": "accord.scenario.load",
    "load_sweep": "accord._workflow",
    "pareto_frontier": "accord.analysis.pareto",
    "shipped_scenarios": "accord.scenario.load",
    "simulate": "accord._workflow",
    "sweep": "accord._workflow",
    "write_report": "accord.report.html",
}
"""Where each lazily imported name lives (the imports under `TYPE_CHECKING`, for tools)."""


def __getattr__(name: str) -> _typing.Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'accord' has no attribute '{name}'")
    return getattr(_importlib.import_module(_HOMES[name]), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
