"""Commands on a single scenario: analyze, run, validate, scenarios, schema."""

from __future__ import annotations

from typing import Annotated

import typer

from accord.analysis.summary import analyze
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
from accord.engine.simulate import simulate
from accord.scenario import load_scenario, resolve_scenario_path, shipped_scenarios
from accord.scenario.schema import Scenario
from accord.space import OutcomeSpace


@handles_errors
def analyze_command(
    scenario: ScenarioArgument,
    variant: VariantOption = None,
    at: Annotated[
        str | None, typer.Option(help="Apply every event up to this ISO date first.")
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Show the bargaining space: Pareto frontier, ZOPA and bargaining solutions."""
    date = parse_date(at)
    loaded = load_scenario(scenario, variants=variant or ())
    result = analyze(loaded, at=date)
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
    until: Annotated[str | None, typer.Option(help="Stop after this ISO date.")] = None,
    full: Annotated[bool, typer.Option(help="Show every proposal, not a summary.")] = False,
    json_output: JsonOption = False,
) -> None:
    """Run the negotiation: dated transcript, events, beliefs, ZOPA and the ending."""
    date = parse_date(until)
    loaded = load_scenario(scenario, variants=variant or ())
    transcript = simulate(loaded, seed=seed, until=date)
    document = transcript.to_dict()
    if json_output:
        print_json(document)
        return
    from accord.report.text import render_transcript

    title = loaded.title + (f" — variant {' + '.join(variant)}" if variant else "")
    render_transcript(stdout_console(), title, document, full=full)


@handles_errors
def validate_command(
    scenario: ScenarioArgument,
    json_output: JsonOption = False,
) -> None:
    """Check a scenario file; list every problem with its line and column."""
    path = resolve_scenario_path(scenario)
    loaded = load_scenario(path)
    space = OutcomeSpace.from_scenario(loaded)
    if json_output:
        print_json(
            {
                "schema_version": SCHEMA_VERSION,
                "valid": True,
                "path": str(path),
                "scenario": loaded.id,
                "n_outcomes": space.n_outcomes,
                "variants": list(loaded.variants),
            }
        )
        return
    from accord.report.text import render_validation

    render_validation(stdout_console(), str(path), loaded, space.n_outcomes)


@handles_errors
def scenarios_command(json_output: JsonOption = False) -> None:
    """List the scenarios shipped with accord."""
    found = shipped_scenarios()
    if json_output:
        print_json(
            {
                "schema_version": SCHEMA_VERSION,
                "scenarios": [{"id": s.id, "title": s.title, "path": str(s.path)} for s in found],
            }
        )
        return
    from accord.report.text import render_scenario_list

    render_scenario_list(stdout_console(), found)


def schema_command() -> None:
    """Print the JSON Schema of the scenario format (for editor completion)."""
    print_json(Scenario.model_json_schema(by_alias=True))
