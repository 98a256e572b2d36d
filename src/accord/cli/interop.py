"""The `accord import` and `accord export` commands: Genius and GeniusWeb files."""

from __future__ import annotations

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
    """The formats accord imports from and exports to."""

    genius = "genius"
    geniusweb = "geniusweb"


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
    kind: Annotated[ForeignFormat, typer.Argument(metavar="FORMAT", help="genius or geniusweb.")],
    scenario: ScenarioArgument,
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="DIR", help="The folder to write into.")
    ],
    variant: VariantOption = None,
    json_output: JsonOption = False,
) -> None:
    """Export a scenario's outcome space and additive utilities as Genius or GeniusWeb files."""
    from accord import load_scenario
    from accord.interop import export_scenario

    loaded = load_scenario(scenario, variants=variant or ())
    result = export_scenario(loaded, kind.value, output)
    if result.notes:
        console = stderr_console()
        console.print(
            f"warning: {kind.value} cannot express everything in '{loaded.id}'; "
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
