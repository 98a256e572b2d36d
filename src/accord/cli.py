"""The `accord` command: a thin shell over the Python API.

Each command parses its options, calls one public function and renders the result, as
rich tables on stdout or, with ``--json``, as exactly one JSON document. Errors caused
by input print one line each to stderr (``error: ...``) and exit with code 2; with
``--json`` the same error is also printed as a JSON document on stdout.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from accord.analysis.summary import analyze
from accord.engine.simulate import simulate
from accord.errors import AccordError
from accord.scenario import load_scenario, resolve_scenario_path, shipped_scenarios
from accord.scenario.schema import Scenario
from accord.space import OutcomeSpace

app = typer.Typer(
    name="accord",
    help="Model, simulate and analyse mediated multi-party negotiations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

SCHEMA_VERSION = 1
F = TypeVar("F", bound=Callable[..., Any])

ScenarioArgument = Annotated[
    str, typer.Argument(help="A scenario file (YAML/JSON) or a shipped scenario id.")
]
VariantOption = Annotated[
    list[str] | None,
    typer.Option("--variant", "-v", help="Apply a named variant (repeatable, in order)."),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print one JSON document instead of tables.")
]


def _stdout() -> Console:
    return Console(highlight=False, soft_wrap=False)


def _stderr() -> Console:
    return Console(stderr=True, highlight=False)


def print_json(document: Any) -> None:
    """Print one JSON document on stdout."""
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def handles_errors(command: F) -> F:
    """Turn `AccordError` into one message per line on stderr and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except AccordError as error:
            console = _stderr()
            for line in error.lines():
                console.print(f"[red]error:[/red] {escape(line)}", soft_wrap=True)
            if kwargs.get("json_output"):
                print_json({"schema_version": SCHEMA_VERSION, **error.to_dict()})
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def parse_date(value: str | None) -> dt.date | None:
    """Parse an ISO date option."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"expected an ISO date like 2022-03-29, got {value!r}") from None


@app.command("analyze")
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

    render_analysis(_stdout(), result)


@app.command("run")
@handles_errors
def run_command(
    scenario: ScenarioArgument,
    variant: VariantOption = None,
    seed: Annotated[int, typer.Option(help="Seed of the run's random generator.")] = 0,
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
    render_transcript(_stdout(), title, document, full=full)


@app.command("validate")
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

    render_validation(_stdout(), str(path), loaded, space.n_outcomes)


@app.command("scenarios")
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

    render_scenario_list(_stdout(), found)


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the scenario format (for editor completion)."""
    print_json(Scenario.model_json_schema(by_alias=True))


@app.command("gmcr")
@handles_errors
def gmcr_command(
    conflict: Annotated[
        str,
        typer.Argument(
            help="A conflict file, a scenario with a 'conflict' section, a gmcr-py "
            "save file (.gmcr JSON), or a shipped id."
        ),
    ],
    status_quo: Annotated[
        str | None,
        typer.Option(help="Start the status quo analysis here (state id or Y/N vector)."),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Graph model stability: Nash, GMR, SMR, SEQ per decision maker, and equilibria."""
    from accord.analysis.gmcr import analyze_conflict, load_conflict

    result = analyze_conflict(load_conflict(conflict), status_quo=status_quo)
    if json_output:
        print_json(result.to_dict())
        return
    from accord.report.gmcr import render_conflict_analysis

    render_conflict_analysis(_stdout(), result)


def main() -> None:
    """Run the `accord` command."""
    app()
