"""The whole workflow from Python: the top-level functions of `accord`.

Each function accepts a loaded object as well as a file path or a shipped id, and calls
the function that does the work in its subpackage; `accord`'s commands call the same
functions, so the command line and Python give the same results.

>>> import accord
>>> transcript = accord.simulate("ceasefire-teaching", seed=0)
>>> transcript.outcome.status
'agreement'

Heavy dependencies (the results store's DuckDB, plotly) and the graph model analysis
are imported by the functions that need them, not by this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.analysis.summary import BargainingAnalysis
from accord.analysis.summary import analyze as analyze_scenario
from accord.engine.simulation import simulate as simulate_scenario
from accord.engine.transcript import Transcript
from accord.scenario import load_scenario
from accord.scenario.schema import Scenario

if TYPE_CHECKING:
    from accord.analysis.gmcr import ConflictAnalysis
    from accord.experiments.attribution import AttributionResult
    from accord.experiments.executors import Executor
    from accord.experiments.store import ResultsStore
    from accord.experiments.sweep import Progress, SweepResult
    from accord.scenario.conflict import ConflictFile

__all__ = [
    "analyze",
    "analyze_conflict",
    "attribute",
    "build_report",
    "load_sweep",
    "simulate",
    "sweep",
]

ScenarioSource = Scenario | str | Path
"""A loaded scenario, a scenario file, or a shipped scenario's id."""


def simulate(
    scenario: ScenarioSource,
    *,
    seed: int = 0,
    draw: int | None = None,
    until: dt.date | None = None,
    variants: Sequence[str] = (),
) -> Transcript:
    """Run the negotiation of `scenario` with `variants` applied; return its transcript.

    Args:
        scenario: a `Scenario`, a scenario file or a shipped scenario's id.
        seed: seeds the run's randomness; with `draw`, also the sweep's samples.
        draw: replay draw `draw` of a sweep with `seed` (its sampled numbers and its
            randomness); without it, every uncertain number is at its mean.
        until: stop after this date (the outcome is then 'ongoing').
        variants: names of the scenario's variants to apply first, in order.
    """
    loaded = load_scenario(scenario, variants=variants)
    return simulate_scenario(loaded, seed=seed, draw=draw, until=until)


def analyze(
    scenario: ScenarioSource, *, at: dt.date | None = None, variants: Sequence[str] = ()
) -> BargainingAnalysis:
    """Analyse the bargaining space of `scenario` with the events up to `at` applied."""
    return analyze_scenario(load_scenario(scenario, variants=variants), at=at)


def sweep(
    scenario: ScenarioSource,
    *,
    n_draws: int,
    variants: Sequence[str] = (),
    seed: int = 0,
    executor: Executor | None = None,
    store: ResultsStore | str | Path | None = None,
    chunk_size: int | None = None,
    command: str = "",
    on_progress: Progress | None = None,
) -> SweepResult:
    """Monte Carlo sweep: P(agreement) of the baseline and each variant on the same draws.

    Args:
        scenario: a `Scenario`, a scenario file or a shipped scenario's id.
        n_draws: how many draws of the uncertain numbers.
        variants: the scenario's variants to compare with the baseline.
        seed: seeds the draws and every run.
        executor: where the runs execute (default: one at a time, in this process).
        store: a results store (open, or the path of its DuckDB file) to keep every run
            in; a sweep stopped half-way resumes from it.
        chunk_size: draws per task given to the executor.
        command: the command line recorded with the sweep in the store.
        on_progress: called with (runs done, runs planned) as chunks complete.
    """
    from accord.experiments.store import ResultsStore
    from accord.experiments.sweep import sweep as run_sweep

    def run(opened: ResultsStore | None) -> SweepResult:
        return run_sweep(
            scenario,
            n_draws=n_draws,
            variants=variants,
            seed=seed,
            executor=executor,
            store=opened,
            chunk_size=chunk_size,
            command=command,
            on_progress=on_progress,
        )

    if store is None or isinstance(store, ResultsStore):
        return run(store)
    with ResultsStore(Path(store)) as opened:
        return run(opened)


def load_sweep(
    sweep_id: str, *, store: str | Path | None = None, scenario: str | None = None
) -> SweepResult:
    """Read a finished sweep from a results store (default: the one `accord sweep` writes).

    Args:
        sweep_id: the id `sweep` returned (see `accord results`).
        store: the DuckDB file of the results store.
        scenario: if given, the id of the scenario the sweep must be of.
    """
    from accord.experiments.store import DEFAULT_STORE
    from accord.report.html import stored_sweep

    return stored_sweep(store or DEFAULT_STORE, sweep_id, scenario=scenario)


def attribute(
    scenario: ScenarioSource,
    *,
    factors: Sequence[str] | None = None,
    n_draws: int | None = None,
    seed: int | None = None,
    sweep: SweepResult | None = None,
    metric: str = "p_agreement",
    executor: Executor | None = None,
    on_progress: Progress | None = None,
) -> AttributionResult:
    """Exact Shapley values of `metric` over factors: variant names or event ids.

    Given a `sweep` of the scenario, the factors default to the sweep's variants, and the
    number of draws and the seed to the sweep's: the attribution then splits the sweep's
    differences among its variants.

    Args:
        scenario: a `Scenario`, a scenario file or a shipped scenario's id.
        factors: at most 12 variant names or event ids (an event factor removes it).
        n_draws: draws per combination of factors.
        seed: seeds the draws, the runs and the bootstrap intervals (default 0).
        sweep: a sweep whose variants, draws and seed are the defaults.
        metric: ``p_agreement``, or ``utility:PARTY`` (the party's mean value).
        executor: where the runs execute (default: one at a time, in this process).
        on_progress: called with (runs done, runs planned) as chunks complete.
    """
    from accord.experiments.attribution import attribute as run_attribution

    if sweep is not None:
        factors = sweep.counterfactuals if factors is None else factors
        n_draws = sweep.n_draws if n_draws is None else n_draws
        seed = sweep.seed if seed is None else seed
    if factors is None or n_draws is None:
        raise TypeError("attribute() needs factors and n_draws, or a sweep to take them from")
    return run_attribution(
        scenario,
        factors=factors,
        n_draws=n_draws,
        seed=0 if seed is None else seed,
        metric=metric,
        executor=executor,
        on_progress=on_progress,
    )


def build_report(
    scenario: ScenarioSource,
    *,
    variants: Sequence[str] = (),
    sweep: SweepResult | Mapping[str, Any] | None = None,
    attribution: AttributionResult | Mapping[str, Any] | None = None,
    seed: int = 0,
) -> str:
    """Run `scenario` (with `variants` applied) and return its self-contained HTML report.

    Args:
        scenario: a `Scenario`, a scenario file or a shipped scenario's id.
        variants: names of its variants to apply to the run shown, in order.
        sweep: a sweep of the same scenario, for the section on counterfactuals.
        attribution: an attribution of the same scenario, for the waterfall.
        seed: seed of the run shown.
    """
    from accord.report.html import build_report as build_html

    return build_html(
        load_scenario(scenario), variants=variants, sweep=sweep, attribution=attribution, seed=seed
    )


def analyze_conflict(
    conflict: ConflictFile | str | Path, *, status_quo: str | None = None
) -> ConflictAnalysis:
    """Graph model stability of a conflict (object, file or shipped id), and its status quo.

    Args:
        conflict: a loaded `ConflictFile`, a conflict file, a scenario with a ``conflict``
            section, a gmcr-py save file, or a shipped id.
        status_quo: a state id or Y/N vector to start the status quo analysis from;
            defaults to the conflict's own `status_quo`, if any.
    """
    from accord.analysis.gmcr import analyze_conflict as analyze_loaded_conflict
    from accord.analysis.gmcr import load_conflict

    return analyze_loaded_conflict(load_conflict(conflict), status_quo=status_quo)
