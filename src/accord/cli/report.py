"""Commands that draw: report (one self-contained HTML file) and figures (PNG or SVG)."""

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
    seed_option,
    stderr_console,
)
from accord.cli.experiments import (
    DEFAULT_STORE,
    MIN_PREFIX,
    StoreOption,
    WorkersOption,
    attribution_of,
    interrupt_exits,
)
from accord.experiments._sizes import MAX_DRAWS

SweepOption = Annotated[
    str | None,
    typer.Option(
        "--sweep",
        metavar="SWEEP_ID",
        help=f"Add a stored sweep's results (its id, or {MIN_PREFIX}+ first characters of it): "
        "P(agreement) per variant, paired differences, attribution over its variants "
        "(read from the store, or run once and stored: 2^k × draws runs), sensitivity, "
        "agreed texts.",
    ),
]
AttributionDrawsOption = Annotated[
    int | None,
    typer.Option(
        min=0,
        metavar="N",
        max=MAX_DRAWS,
        help="Draws per combination for the attribution over the sweep's variants "
        "(default: the sweep's; 0: no attribution).",
    ),
]
SeedOption = Annotated[int, seed_option("Seed of the run shown.")]


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
    """Load the scenario, the stored sweep and the attribution over its variants.

    The attribution is read from the store when one with the same scenario file,
    factors, draws and seed is there; otherwise it is run (2^k × draws runs) and stored.
    """
    from accord import load_scenario
    from accord.experiments.attribution import plan_attribution
    from accord.report.html import stored_sweep
    from accord.scenario import scenario_digest

    loaded = load_scenario(scenario)
    if sweep_id is None:
        return loaded, None, None
    # A sweep from the CLI is keyed by the file's bytes, one from the workbench by its data.
    made_from = {scenario_digest(scenario), scenario_digest(loaded)}
    sweep = stored_sweep(store, sweep_id, scenario=loaded.id, made_from=made_from)
    factors = [name for name in sweep.variants if name != "baseline"]
    n_draws = sweep.n_draws if attribution_draws is None else attribution_draws
    if not factors or n_draws == 0:
        return loaded, sweep, None
    plan = plan_attribution(scenario, factors=factors, n_draws=n_draws, seed=sweep.seed)
    with interrupt_exits():
        attribution = attribution_of(
            plan, store=store, sweep_id=sweep.sweep_id, workers=workers, quiet=quiet
        )
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
    from accord.report._files import check_folder
    from accord.report.figures import build_figures, save_figures

    # Checked before the work, created when the figures are written: nothing is left
    # behind by a command that fails.
    check_folder(output)
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
