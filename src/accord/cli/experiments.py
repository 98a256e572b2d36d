"""Commands over many runs: sweep, attribute, results."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from accord.cli._common import (
    SCHEMA_VERSION,
    JsonOption,
    QuietOption,
    ScenarioArgument,
    print_json,
    progress_bar,
    stderr_console,
    stdout_console,
)

if TYPE_CHECKING:
    from accord.experiments.store import ResultsStore

# `accord.experiments.store.DEFAULT_STORE`, repeated so that the command's help does not
# import DuckDB; a test keeps the two equal.
DEFAULT_STORE = "accord-results.duckdb"

ExecutorOption = Annotated[
    str,
    typer.Option(metavar="local|dask", help="Where runs execute: local (process pool) or dask."),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(metavar="N", help="Worker processes (default: every core)."),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(metavar="ADDRESS", help="dask scheduler address (default: a local cluster)."),
]
StoreOption = Annotated[Path, typer.Option(metavar="FILE", help="The DuckDB results store.")]
SeedOption = Annotated[int, typer.Option(metavar="SEED", help="Seed of the draws and the runs.")]


def sweep_command(
    scenario: ScenarioArgument,
    n_draws: Annotated[
        int, typer.Option("-n", "--n-draws", min=1, metavar="N", help="Number of draws.")
    ],
    variant: Annotated[
        list[str] | None,
        typer.Option(
            "--variant",
            "-v",
            metavar="VARIANT",
            help="A variant to compare with the baseline (repeatable).",
        ),
    ] = None,
    seed: SeedOption = 0,
    executor: ExecutorOption = "local",
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    store: StoreOption = Path(DEFAULT_STORE),
    chunk_size: Annotated[
        int | None, typer.Option(min=1, metavar="N", help="Draws per task.")
    ] = None,
    quiet: QuietOption = False,
    json_output: JsonOption = False,
) -> None:
    """Monte Carlo sweep: P(agreement) per variant on common random numbers, stored."""
    from accord import sweep
    from accord.experiments.executors import make_executor
    from accord.experiments.store import ResultsStore

    pool = make_executor(executor, workers=workers, scheduler=scheduler)
    try:
        with ResultsStore(store) as results, progress_bar("runs", quiet=quiet) as progress:
            stderr_console().print(f"results store: {results.path}")
            result = sweep(
                scenario,
                n_draws=n_draws,
                variants=variant or (),
                seed=seed,
                executor=pool,
                store=results,
                chunk_size=chunk_size,
                command=" ".join(["accord", *sys.argv[1:]]),
                on_progress=progress,
            )
    finally:
        pool.close()
    stderr_console().print(f"sweep {result.sweep_id} stored in {result.store}")
    if json_output:
        print_json(result.to_dict())
        return
    from accord.report.text import render_sweep

    render_sweep(stdout_console(), result.to_dict())


def attribute_command(
    scenario: ScenarioArgument,
    factors: Annotated[
        str,
        typer.Option(
            metavar="FACTORS", help="Comma-separated variant names or event ids (at most 12)."
        ),
    ],
    n_draws: Annotated[
        int,
        typer.Option("-n", "--n-draws", min=1, metavar="N", help="Draws per combination."),
    ] = 200,
    metric: Annotated[
        str,
        typer.Option(
            metavar="METRIC", help="p_agreement, or utility:PARTY (the party's mean value)."
        ),
    ] = "p_agreement",
    seed: SeedOption = 0,
    executor: ExecutorOption = "local",
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    quiet: QuietOption = False,
    json_output: JsonOption = False,
) -> None:
    """Exact Shapley values of a metric over events and assumptions."""
    from accord import attribute
    from accord.experiments.executors import make_executor

    names = [f.strip() for f in factors.split(",") if f.strip()]
    pool = make_executor(executor, workers=workers, scheduler=scheduler)
    try:
        with progress_bar("runs", quiet=quiet) as progress:
            result = attribute(
                scenario,
                factors=names,
                n_draws=n_draws,
                seed=seed,
                metric=metric,
                executor=pool,
                on_progress=progress,
            )
    finally:
        pool.close()
    if json_output:
        print_json(result.to_dict())
        return
    from accord.report.text import render_attribution

    render_attribution(stdout_console(), result.to_dict())


def results_command(
    sweep_id: Annotated[
        str | None, typer.Argument(metavar="SWEEP_ID", help="Show this sweep.")
    ] = None,
    store: StoreOption = Path(DEFAULT_STORE),
    json_output: JsonOption = False,
) -> None:
    """List the sweeps in a results store, or show one."""
    from accord.errors import StoreError
    from accord.experiments.store import ResultsStore

    if not store.exists():
        raise StoreError(
            f"{store}: no results store here (run `accord sweep` first, or give --store)"
        )
    with ResultsStore(store) as results:
        if sweep_id is None:
            rows = [_listing(results, m) for m in results.manifests()]
            document: dict[str, Any] = {
                "schema_version": SCHEMA_VERSION,
                "store": str(store),
                "sweeps": rows,
            }
        else:
            manifest = results.manifest(sweep_id)
            document = {
                "schema_version": SCHEMA_VERSION,
                "sweep_id": sweep_id,
                "scenario": manifest.scenario,
                "n_draws": manifest.n_draws,
                "seed": manifest.seed,
                "store": str(store),
                "finished": manifest.finished is not None,
                "runs": results.count_runs(sweep_id),
                "variants": results.aggregates(sweep_id),
            }
    if json_output:
        print_json(document)
        return
    from accord.report.text import render_results_list, render_sweep

    if sweep_id is None:
        render_results_list(stdout_console(), document["sweeps"])
    elif document["variants"]:
        render_sweep(stdout_console(), document)
    else:
        stdout_console().print(
            f"sweep {sweep_id} is unfinished: {document['runs']} runs stored; "
            "run the same `accord sweep` command again to resume it"
        )


def _listing(results: ResultsStore, manifest: Any) -> dict[str, Any]:
    return {
        "sweep_id": manifest.sweep_id,
        "scenario": manifest.scenario,
        "n_draws": manifest.n_draws,
        "seed": manifest.seed,
        "variants": list(manifest.variants),
        "started": str(manifest.started) if manifest.started else None,
        "finished": str(manifest.finished) if manifest.finished else None,
        "n_runs": sum(results.count_runs(manifest.sweep_id).values()),
        "command": manifest.command,
    }
