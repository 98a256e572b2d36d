"""Commands on a single scenario: analyze, run, validate, scenarios, schema."""

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from accord.cli._common import (
    SCHEMA_VERSION,
    JsonOption,
    ScenarioArgument,
    VariantOption,
    handles_errors,
    parse_date,
    print_json,
    seed_option,
    stdout_console,
)
from accord.experiments._sizes import MAX_DRAWS

if TYPE_CHECKING:
    from accord.scenario import Scenario

ProfileOption = Annotated[
    list[str] | None,
    typer.Option(
        "--profile",
        "-p",
        metavar="FILE",
        help="Read SCENARIO as a Genius domain (.xml) or a GeniusWeb profile (.json) with "
        "this profile (repeatable, one per party; see docs/interop.md).",
    ),
]
IgnoreDiscountOption = Annotated[
    bool,
    typer.Option(
        "--ignore-discount", help="With --profile: take discounted Genius profiles undiscounted."
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option(metavar="DATE", help="Apply every event up to this ISO date first."),
]


@handles_errors
def analyze_command(
    scenario: ScenarioArgument,
    variant: VariantOption = None,
    at: DateOption = None,
    profile: ProfileOption = None,
    ignore_discount: IgnoreDiscountOption = False,
    json_output: JsonOption = False,
) -> None:
    """Show the bargaining space: Pareto frontier, ZOPA and bargaining solutions."""
    from accord import analyze

    loaded = _load(scenario, variant or [], profile or [], ignore_discount=ignore_discount)
    result = analyze(loaded, at=parse_date(at))
    if json_output:
        print_json(result.to_dict())
        return
    from accord.report.text import render_analysis

    render_analysis(stdout_console(), result)


@handles_errors
def run_command(
    scenario: ScenarioArgument,
    variant: VariantOption = None,
    seed: Annotated[int, seed_option("Seed of the run's random generator.")] = 0,
    draw: Annotated[
        int | None,
        typer.Option(
            min=0,
            max=MAX_DRAWS - 1,
            metavar="K",
            help="Replay draw K of the sweep with --seed: its sampled numbers and its "
            "randomness (without it, every uncertain number is at its mean).",
        ),
    ] = None,
    until: Annotated[
        str | None, typer.Option(metavar="DATE", help="Stop after this ISO date.")
    ] = None,
    full: Annotated[bool, typer.Option(help="Show every proposal, not a summary.")] = False,
    profile: ProfileOption = None,
    ignore_discount: IgnoreDiscountOption = False,
    json_output: JsonOption = False,
) -> None:
    """Run the negotiation: dated transcript, events, beliefs, ZOPA and the ending."""
    from accord import simulate

    date = parse_date(until)
    loaded = _load(scenario, variant or [], profile or [], ignore_discount=ignore_discount)
    transcript = simulate(loaded, seed=seed, draw=draw, until=date)
    document = transcript.to_dict()
    if loaded.texts:
        document["texts"] = _texts_at_end(loaded, document["outcome"]["date"])
    if json_output:
        print_json(document)
        return
    from accord.report.text import render_transcript

    title = loaded.title + (f" — variant {' + '.join(variant)}" if variant else "")
    if draw is not None:
        title += f" — draw {draw} of the sweep with seed {seed}"
    render_transcript(stdout_console(), title, document, full=full)
    if loaded.texts:
        from accord.report._texts import texts_sheet

        end = document["outcome"]["date"] or "the first day"
        stdout_console().print(texts_sheet(document["texts"], loaded.party_ids, end))


def _texts_at_end(scenario: "Scenario", date: str | None) -> list[dict[str, Any]]:
    """The historical texts scored on the run's last day, every number at its mean."""
    from accord.analysis.summary import analyze

    at = None if date is None else dt.date.fromisoformat(date)
    return [score.to_dict() for score in analyze(scenario, at=at).texts]


def _load(
    scenario: str, variants: list[str], profiles: list[str], *, ignore_discount: bool
) -> "Scenario":
    """Load a scenario, or with profiles read a Genius or GeniusWeb domain on the fly."""
    if ignore_discount and (not profiles or scenario.lower().endswith(".json")):
        raise typer.BadParameter(
            "it reads Genius profiles (.xml) given with --profile", param_hint="--ignore-discount"
        )
    if not profiles:
        from accord import load_scenario

        return load_scenario(scenario, variants=variants)
    from accord.interop import imported_scenario

    if variants:
        raise typer.BadParameter(
            "a Genius or GeniusWeb domain has no variants", param_hint="--variant"
        )
    if scenario.lower().endswith(".json"):
        return imported_scenario("geniusweb", [scenario, *profiles])
    return imported_scenario("genius", [scenario, *profiles], ignore_discount=ignore_discount)


@handles_errors
def validate_command(
    scenario: Annotated[
        str,
        typer.Argument(
            metavar="SCENARIO",
            help="A scenario or conflict file (YAML/JSON, or a gmcr-py save file), or a "
            "shipped id.",
        ),
    ],
    json_output: JsonOption = False,
) -> None:
    """Check a scenario or conflict file; list every problem with its line and column."""
    from accord.analysis.gmcr import is_conflict_source
    from accord.scenario import load_scenario, resolve_scenario_path
    from accord.space import OutcomeSpace

    path = resolve_scenario_path(scenario)
    if is_conflict_source(path):
        _validate_conflict(path, json_output=json_output)
        return
    loaded = load_scenario(path)
    space = OutcomeSpace.from_scenario(loaded)
    if json_output:
        print_json(
            {
                "schema_version": SCHEMA_VERSION,
                "valid": True,
                "path": str(path),
                "kind": "scenario",
                "scenario": loaded.id,
                "n_outcomes": space.n_outcomes,
                "variants": list(loaded.variants),
            }
        )
        return
    from accord.report.text import render_validation

    render_validation(stdout_console(), str(path), loaded, space.n_outcomes)


def _validate_conflict(path: Path, *, json_output: bool) -> None:
    """Validate a conflict file and build its graph model (which enumerates the states)."""
    from accord.analysis.gmcr import build_model, load_conflict

    conflict = load_conflict(path)
    model = build_model(conflict.conflict)
    if json_output:
        print_json(
            {
                "schema_version": SCHEMA_VERSION,
                "valid": True,
                "path": str(path),
                "kind": "conflict",
                "conflict": conflict.id,
                "n_decision_makers": model.n_decision_makers,
                "n_options": len(model.options),
                "n_states": model.n_states,
            }
        )
        return
    from accord.report.gmcr import render_conflict_validation

    render_conflict_validation(stdout_console(), str(path), conflict, model)


@handles_errors
def scenarios_command(json_output: JsonOption = False) -> None:
    """List the scenarios and conflicts shipped with accord."""
    from accord.scenario import shipped_scenarios

    found = shipped_scenarios(include_conflicts=True)
    if json_output:
        print_json(
            {
                "schema_version": SCHEMA_VERSION,
                "scenarios": [
                    {"id": s.id, "kind": s.kind, "title": s.title, "path": str(s.path)}
                    for s in found
                ],
            }
        )
        return
    from accord.report.text import render_scenario_list

    render_scenario_list(stdout_console(), found)


def schema_command() -> None:
    """Print the JSON Schema of the scenario format (for editor completion)."""
    from accord.scenario.schema import Scenario

    print_json(Scenario.model_json_schema(by_alias=True))
