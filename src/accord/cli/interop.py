"""The `accord import` and `accord export` commands: Genius and GeniusWeb files."""

from enum import StrEnum
from typing import Annotated

import typer

from accord.cli._common import (
    SCHEMA_VERSION,
    JsonOption,
    ScenarioArgument,
    VariantOption,
    handles_errors,
    print_json,
    stderr_console,
    stdout_console,
)


class ForeignFormat(StrEnum):
    """The formats accord imports from."""

    genius = "genius"
    geniusweb = "geniusweb"


class ExportFormat(StrEnum):
    """The formats accord exports to."""

    genius = "genius"
    geniusweb = "geniusweb"
    gmcr = "gmcr"


IgnoreDiscountOption = Annotated[
    bool,
    typer.Option(
        "--ignore-discount",
        help="Take Genius profiles with a discount factor below 1 undiscounted.",
    ),
]


@handles_errors
def import_command(
    kind: Annotated[ForeignFormat, typer.Argument(metavar="FORMAT", help="genius or geniusweb.")],
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE...",
            help="genius: the domain XML, then one profile XML per party; geniusweb: one "
            "profile JSON per party.",
        ),
    ],
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="FILE", help="The scenario YAML to write.")
    ],
    ignore_discount: IgnoreDiscountOption = False,
    json_output: JsonOption = False,
) -> None:
    """Import a Genius domain with its profiles, or GeniusWeb profiles, as a scenario."""
    from accord.interop import import_scenario
    from accord.space import OutcomeSpace

    scenario = import_scenario(kind.value, files, output, ignore_discount=ignore_discount)
    n_outcomes = OutcomeSpace.from_scenario(scenario).n_outcomes
    if json_output:
        print_json(
            {
                "schema_version": SCHEMA_VERSION,
                "path": output,
                "scenario": scenario.id,
                "parties": list(scenario.party_ids),
                "issues": list(scenario.issue_ids),
                "n_outcomes": n_outcomes,
            }
        )
        return
    stdout_console().print(
        f"{output}: scenario '{scenario.id}', {len(scenario.party_ids)} parties, "
        f"{len(scenario.issues)} issues, {n_outcomes:,} outcomes",
        markup=False,
    )


@handles_errors
def export_command(
    kind: Annotated[
        ExportFormat,
        typer.Argument(
            metavar="FORMAT",
            help="genius or geniusweb (a scenario), or gmcr (a graph model, as a gmcr-py file).",
        ),
    ],
    scenario: ScenarioArgument,
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="DIR", help="The folder to write into.")
    ],
    variant: VariantOption = None,
    json_output: JsonOption = False,
) -> None:
    """Export a scenario as Genius or GeniusWeb files, or a graph model as a gmcr-py file."""
    from accord import load_scenario
    from accord.interop import Format, export_conflict, export_scenario

    if kind is ExportFormat.gmcr:
        result = export_conflict(scenario, output)
    else:
        loaded = load_scenario(scenario, variants=variant or ())
        format_: Format = "genius" if kind is ExportFormat.genius else "geniusweb"
        result = export_scenario(loaded, format_, output)
    if result.notes:
        console = stderr_console()
        console.print(
            f"warning: {kind.value} cannot express everything in '{scenario}'; "
            f"left out (listed in {result.files[-1]}):",
            markup=False,
        )
        for note in result.notes:
            console.print(f"  - {note}", markup=False)
    if json_output:
        print_json(
            {
                "schema_version": SCHEMA_VERSION,
                "files": [str(path) for path in result.files],
                "not_expressed": list(result.notes),
            }
        )
        return
    console = stdout_console()
    for path in result.files:
        console.print(f"wrote {path}", markup=False)
