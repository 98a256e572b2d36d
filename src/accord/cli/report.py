"""Commands that draw: report (one self-contained HTML file) and figures (PNG or SVG)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from accord.cli._common import (
    SCHEMA_VERSION,
    JsonOption,
    QuietOption,
    ScenarioArgument,
    VariantOption,
    print_json,
    progress_bar,
    stderr_console,
)
from accord.cli.experiments import DEFAULT_STORE, StoreOption, WorkersOption

SweepOption = Annotated[
    str | None,
    typer.Option(
        "--sweep",
        metavar="SWEEP_ID",
        help="Add a stored sweep's results: P(agreement) per variant, paired differences, "
        "attribution over its variants, sensitivity, agreed texts.",
    ),
]
AttributionDrawsOption = Annotated[
    int | None,
    typer.Option(
        min=0,
        metavar="N",
        help="Draws per combination for the attribution over the sweep's variants "
        "(default: the sweep's; 0: no attribution).",
    ),
]
SeedOption = Annotated[int, typer.Option(metavar="SEED", help="Seed of the run shown.")]


class FigureFormat(StrEnum):
    """File formats of `accord figures`."""

    png = "png"
    svg = "svg"


def _results(
    scenario: str,
    sweep_id: str | None,
    store: Path,
    attribution_draws: int | None,
    workers: int | None,
    quiet: bool,
) -> tuple[Any, Any, Any]:
    """Load the scenario, the stored sweep and (computed now) the attribution over it."""
    from accord import load_scenario, load_sweep

    loaded = load_scenario(scenario)
    if sweep_id is None:
        return loaded, None, None
    sweep = load_sweep(sweep_id, store=store, scenario=loaded.id)
    if not sweep.counterfactuals or attribution_draws == 0:
        return loaded, sweep, None
    from accord import attribute
    from accord.experiments.executors import make_executor

    n_draws = sweep.n_draws if attribution_draws is None else attribution_draws
    stderr_console().print(
        f"attribution over {', '.join(sweep.counterfactuals)}: "
        f"{2 ** len(sweep.counterfactuals)} combinations × {n_draws:,} draws"
    )
    pool = make_executor("local", workers=workers, scheduler=None)
    try:
        with progress_bar("attribution runs", quiet=quiet) as progress:
            attribution = attribute(
                loaded,
                sweep=sweep,
                n_draws=n_draws,
                executor=pool,
                on_progress=progress,
            )
    finally:
        pool.close()
    return loaded, sweep, attribution


def report_command(
    scenario: ScenarioArgument,
    output: Annotated[
        Path, typer.Option("-o", "--output", metavar="FILE", help="The HTML file to write.")
    ],
    variant: VariantOption = None,
    sweep: SweepOption = None,
    store: StoreOption = Path(DEFAULT_STORE),
    attribution_draws: AttributionDrawsOption = None,
    seed: SeedOption = 0,
    workers: WorkersOption = None,
    quiet: QuietOption = False,
    json_output: JsonOption = False,
) -> None:
    """Write one self-contained HTML report: the case, the run, figures, judgements."""
    from accord import build_report, write_report
    from accord.report._files import check_target

    check_target(output)
    loaded, result, attribution = _results(
        scenario, sweep, store, attribution_draws, workers, quiet
    )
    html = build_report(
        loaded, variants=variant or (), sweep=result, attribution=attribution, seed=seed
    )
    path = write_report(html, output)
    stderr_console().print(f"report written to {path}")
    if json_output:
        print_json({"schema_version": SCHEMA_VERSION, "report": str(path)})


def figures_command(
    scenario: ScenarioArgument,
    output: Annotated[
        Path,
        typer.Option(
            "-o", "--output", metavar="FOLDER", help="The folder to write the figures in."
        ),
    ],
    figure_format: Annotated[
        FigureFormat,
        typer.Option("--format", metavar="png|svg", help="png (300 dpi) or svg."),
    ] = FigureFormat.png,
    variant: VariantOption = None,
    sweep: SweepOption = None,
    store: StoreOption = Path(DEFAULT_STORE),
    attribution_draws: AttributionDrawsOption = None,
    seed: SeedOption = 0,
    workers: WorkersOption = None,
    quiet: QuietOption = False,
    json_output: JsonOption = False,
) -> None:
    """Write every figure as a file for print (one journal column wide)."""
    from accord.report._files import prepare_folder
    from accord.report.figures import build_figures, save_figures

    prepare_folder(output)
    loaded, result, attribution = _results(
        scenario, sweep, store, attribution_draws, workers, quiet
    )
    figures = build_figures(
        loaded, variants=variant or (), sweep=result, attribution=attribution, seed=seed
    )
    console = stderr_console()
    paths = save_figures(figures, output, format=figure_format.value)
    for path in paths:
        console.print(f"figure written to {path}")
    if json_output:
        print_json({"schema_version": SCHEMA_VERSION, "figures": {p.stem: str(p) for p in paths}})
