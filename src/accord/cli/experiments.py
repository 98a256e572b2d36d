"""Commands over many runs: sweep, attribute, results."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
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
    seed_option,
    stderr_console,
    stdout_console,
)
from accord.experiments._sizes import MAX_DRAWS

if TYPE_CHECKING:
    from accord.experiments.attribution import AttributionPlan, AttributionResult
    from accord.experiments.executors import Executor
    from accord.experiments.store import ResultsStore, RunRows

# `accord.experiments.store.DEFAULT_STORE` and `MIN_PREFIX`, repeated so that the
# command's help does not import DuckDB; a test keeps them equal.
DEFAULT_STORE = "accord-results.duckdb"
MIN_PREFIX = 4

ExecutorOption = Annotated[
    str,
    typer.Option(metavar="local|dask", help="Where runs execute: local (process pool) or dask."),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(min=1, metavar="N", help="Worker processes (default: every core)."),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(metavar="ADDRESS", help="dask scheduler address (default: a local cluster)."),
]
StoreOption = Annotated[Path, typer.Option(metavar="FILE", help="The DuckDB results store.")]
SeedOption = Annotated[int, seed_option("Seed of the draws and the runs.")]
SweepIdArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="SWEEP_ID",
        help=f"Show this sweep (its id, or {MIN_PREFIX}+ first characters of it).",
    ),
]
# Exit code of a command stopped by Ctrl-C (128 + SIGINT), as shells report it.
EXIT_INTERRUPTED = 130


def sweep_command(
    scenario: ScenarioArgument,
    n_draws: Annotated[
        int,
        typer.Option("-n", "--n-draws", min=1, max=MAX_DRAWS, metavar="N", help="Number of draws."),
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
        int | None,
        typer.Option(
            min=1, metavar="N", help="Draws per task (default: an eighth of -n, at most 500)."
        ),
    ] = None,
    quiet: QuietOption = False,
    json_output: JsonOption = False,
) -> None:
    """Monte Carlo sweep: P(agreement) per variant on common random numbers, stored."""
    from accord.experiments.store import ResultsStore
    from accord.experiments.sweep import SweepInterrupted, plan_sweep, run_sweep

    plan = plan_sweep(
        scenario, n_draws=n_draws, variants=variant or (), seed=seed, chunk_size=chunk_size
    )
    console = stderr_console()
    with (
        interrupt_exits(),
        _executor(executor, workers, scheduler) as pool,
        ResultsStore(store) as results,
    ):
        console.print(f"results store: {results.path}")
        try:
            with progress_bar("runs", quiet=quiet) as progress:
                result = run_sweep(
                    plan,
                    executor=pool,
                    store=results,
                    chunk_size=chunk_size,
                    command=" ".join(["accord", *sys.argv[1:]]),
                    on_progress=progress,
                )
        except SweepInterrupted as stopped:
            console.print(
                f"interrupted; {stopped.n_stored:,} of {plan.n_runs:,} runs of sweep "
                f"{stopped.sweep_id} stored in {results.path}; run the same command to resume"
            )
            raise typer.Exit(EXIT_INTERRUPTED) from None
        console.print(f"sweep {result.sweep_id} stored in {result.store}")
        if json_output:
            print_json(result.to_dict())
            return
        from accord.report.text import render_sweep

        render_sweep(stdout_console(), result.to_dict())


@contextmanager
def _executor(kind: str, workers: int | None, scheduler: str | None) -> Iterator["Executor"]:
    from accord.experiments.executors import make_executor

    pool = make_executor(kind, workers=workers, scheduler=scheduler)
    try:
        yield pool
    finally:
        pool.close()


@contextmanager
def interrupt_exits() -> Iterator[None]:
    """Turn Ctrl-C into one line on stderr and exit code 130, without a traceback."""
    try:
        yield
    except KeyboardInterrupt:
        stderr_console().print("interrupted")
        raise typer.Exit(EXIT_INTERRUPTED) from None


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
        typer.Option(
            "-n", "--n-draws", min=1, max=MAX_DRAWS, metavar="N", help="Draws per combination."
        ),
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
    store: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="A results store: reuse the attribution stored there with the same "
            "scenario file, factors, draws, seed and metric, or store this one.",
        ),
    ] = None,
    quiet: QuietOption = False,
    json_output: JsonOption = False,
) -> None:
    """Exact Shapley values of a metric over events and assumptions (2^k × N runs)."""
    from accord.experiments.attribution import plan_attribution

    names = [f.strip() for f in factors.split(",") if f.strip()]
    plan = plan_attribution(scenario, factors=names, n_draws=n_draws, seed=seed, metric=metric)
    with interrupt_exits():
        result = attribution_of(
            plan,
            store=store,
            executor=executor,
            workers=workers,
            scheduler=scheduler,
            quiet=quiet,
        )
    if json_output:
        print_json(result.to_dict())
        return
    from accord.report.text import render_attribution

    render_attribution(stdout_console(), result.to_dict())


def attribution_of(
    plan: "AttributionPlan",
    *,
    store: Path | None,
    sweep_id: str | None = None,
    executor: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    quiet: bool = False,
) -> "AttributionResult":
    """Read a planned attribution from `store`, or run it (saying what it costs) and store it.

    The runs that the stored sweep `sweep_id` did already (its baseline and its variants
    among the factors) are read instead of run. The store is read before the runs and
    written after them, so that it is not held (and locked) while they run.
    """
    from accord.experiments.attribution import run_attribution, save_attribution
    from accord.experiments.store import ResultsStore

    console = stderr_console()
    found, known = _stored_parts(plan, store, sweep_id)
    if found is not None:
        console.print(f"attribution over {', '.join(plan.factors)} read from {store}")
        return found
    if store is not None:
        # Opened once before the runs, so that a store that cannot be written (a missing
        # or read-only folder) is said before them, not after.
        ResultsStore(store).close()
    to_run = (len(plan.combinations) - len(known)) * plan.n_draws
    cost = f", {len(known)} of them run by the sweep already: " if known else " = "
    console.print(
        f"attribution over {', '.join(plan.factors)}: {len(plan.combinations)} combinations "
        f"× {plan.n_draws:,} draws{cost}{to_run:,} runs"
    )
    with (
        _executor(executor, workers, scheduler) as pool,
        progress_bar("attribution runs", quiet=quiet) as progress,
    ):
        result = run_attribution(plan, executor=pool, known=known, on_progress=progress)
    if store is not None:
        with ResultsStore(store) as results:
            save_attribution(results, plan, result)
        console.print(f"attribution stored in {store}")
    return result


def _stored_parts(
    plan: "AttributionPlan", store: Path | None, sweep_id: str | None
) -> "tuple[AttributionResult | None, dict[str, RunRows]]":
    """The stored attribution of `plan`, or else the runs of its combinations stored."""
    from accord.experiments.attribution import stored_attribution, sweep_runs
    from accord.experiments.store import ResultsStore

    if store is None or not store.exists():
        return None, {}
    with ResultsStore(store, writable=False) as results:
        found = stored_attribution(results, plan)
        if found is not None or sweep_id is None:
            return found, {}
        return None, sweep_runs(results, sweep_id, plan)


def results_command(
    sweep_id: SweepIdArgument = None,
    store: StoreOption = Path(DEFAULT_STORE),
    json_output: JsonOption = False,
) -> None:
    """List the sweeps in a results store, or show one."""
    from accord.experiments.store import ResultsStore

    with ResultsStore(store, writable=False) as results:
        if sweep_id is None:
            rows = [_listing(results, m) for m in results.manifests()]
            document: dict[str, Any] = {
                "schema_version": SCHEMA_VERSION,
                "store": str(store),
                "sweeps": rows,
            }
        else:
            sweep_id = results.resolve_sweep_id(sweep_id)
            manifest = results.manifest(sweep_id)
            stored = results.count_runs(sweep_id)
            document = {
                "schema_version": SCHEMA_VERSION,
                "sweep_id": sweep_id,
                "scenario": manifest.scenario,
                "n_draws": manifest.n_draws,
                "seed": manifest.seed,
                "store": str(store),
                "finished": manifest.finished is not None,
                "runs": {name: stored.get(name, 0) for name in ("baseline", *manifest.variants)},
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
        per_variant = ", ".join(
            f"{name} {count:,} of {document['n_draws']:,}"
            for name, count in document["runs"].items()
        )
        stdout_console().print(
            f"sweep {sweep_id} is unfinished, runs stored: {per_variant}; "
            "run the same `accord sweep` command again to resume it"
        )


def _listing(results: "ResultsStore", manifest: Any) -> dict[str, Any]:
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
