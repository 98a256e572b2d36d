"""The `accord` command: a thin shell over the Python API.

Each command parses its options, calls one public function and renders the result, as
rich tables on stdout or, with ``--json``, as exactly one JSON document. Errors caused
by input print one line each to stderr (``error: ...``) and exit with code 2; with
``--json`` the same error is also printed as a JSON document on stdout.

Modules:
    scenario_commands  analyze, run, validate, scenarios, schema
    experiments        sweep, attribute, results
    gmcr               gmcr
    report             report, figures
    _common            consoles, JSON output, error handling, options, progress bars
"""

import typer

from accord.cli._common import handles_errors
from accord.cli.experiments import attribute_command, results_command, sweep_command
from accord.cli.gmcr import gmcr_command
from accord.cli.report import figures_command, report_command
from accord.cli.scenario_commands import (
    analyze_command,
    run_command,
    scenarios_command,
    schema_command,
    validate_command,
)

__all__ = ["app", "main"]

app = typer.Typer(
    name="accord",
    help="Model, simulate and analyse mediated multi-party negotiations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("run")(run_command)
app.command("analyze")(analyze_command)
app.command("sweep")(handles_errors(sweep_command))
app.command("attribute")(handles_errors(attribute_command))
app.command("results")(handles_errors(results_command))
app.command("gmcr")(gmcr_command)
app.command("validate")(validate_command)
app.command("scenarios")(scenarios_command)
app.command("schema")(schema_command)
app.command("report")(handles_errors(report_command))
app.command("figures")(handles_errors(figures_command))


def main() -> None:
    """Run the `accord` command."""
    app()
