"""The `accord gmcr` command: graph model stability analysis."""

from typing import Annotated

import typer

from accord.cli._common import JsonOption, handles_errors, print_json, stdout_console


@handles_errors
def gmcr_command(
    conflict: Annotated[
        str,
        typer.Argument(
            metavar="CONFLICT",
            help="A conflict file, a scenario with a 'conflict' section, a gmcr-py "
            "save file (.gmcr JSON), or a shipped id.",
        ),
    ],
    status_quo: Annotated[
        str | None,
        typer.Option(
            metavar="STATE", help="Start the status quo analysis here (state id or Y/N vector)."
        ),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Graph model stability: Nash, GMR, SMR, SEQ per decision maker, and equilibria."""
    from accord import analyze_conflict

    result = analyze_conflict(conflict, status_quo=status_quo)
    if json_output:
        print_json(result.to_dict())
        return
    from accord.report.gmcr import render_conflict_analysis

    render_conflict_analysis(stdout_console(), result)
