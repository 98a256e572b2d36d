"""The `accord` command: a thin shell over the Python API.

Each command parses its options, calls one public function and renders the result, as
rich tables on stdout or, with ``--json``, as exactly one JSON document. Errors caused
by input print one line each to stderr (``error: ...``) and exit with code 2; with
``--json`` the same error is also printed as a JSON document on stdout.

The command modules import only typer and `_common`; each command imports what it runs
when it runs, so that ``accord --help`` (and shell completion) starts without loading
numpy, pydantic, DuckDB, plotly or matplotlib. They keep their annotations as objects
(no ``from __future__ import annotations``): typer reads every command's annotations
several times at each start, and annotations kept as text would be compiled each time.

Modules:
    scenario_commands  analyze, run, validate, scenarios, schema
    experiments        sweep, attribute, results
    gmcr               gmcr
    interop            import, export (Genius, GeniusWeb, gmcr-py)
    report             report, figures
    web                serve (the local web workbench)
    _common            consoles, JSON output, error handling, options, progress bars
    _bar               the progress bar drawn in a terminal
"""

import gc
import os
from collections.abc import Callable
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

from accord import __version__
from accord.cli._common import handles_errors
from accord.cli.experiments import attribute_command, results_command, sweep_command
from accord.cli.gmcr import gmcr_command
from accord.cli.interop import export_command, import_command
from accord.cli.report import figures_command, report_command
from accord.cli.scenario_commands import (
    analyze_command,
    run_command,
    scenarios_command,
    schema_command,
    validate_command,
)
from accord.cli.web import serve_command

__all__ = ["app", "main"]


def _plain_metavars(params: list[Any]) -> list[Any]:
    """Show metavars such as ``FILE`` or ``N`` in help, never a Python type.

    typer writes ``<bool>`` after a flag and ``<str>`` after an argument's name; flags
    get an empty metavar and arguments a class that shows their metavar alone.
    """
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
        elif type(param) is TyperArgument:
            param.__class__ = _PlainArgument
    return params


class _PlainArgument(TyperArgument):
    def display_type_rich(self, ctx: Any) -> str | None:
        return None


class _Group(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_metavars(super().get_params(ctx))


class _Command(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_metavars(super().get_params(ctx))


app = typer.Typer(
    name="accord",
    cls=_Group,
    help="Model, simulate and analyse mediated multi-party negotiations.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"accord {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_print_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Model, simulate and analyse mediated multi-party negotiations."""


_COMMANDS: dict[str, Callable[..., None]] = {
    "run": run_command,
    "analyze": analyze_command,
    "sweep": handles_errors(sweep_command),
    "attribute": handles_errors(attribute_command),
    "results": handles_errors(results_command),
    "gmcr": gmcr_command,
    "validate": validate_command,
    "scenarios": scenarios_command,
    "schema": schema_command,
    "report": handles_errors(report_command),
    "figures": handles_errors(figures_command),
    "serve": handles_errors(serve_command),
    "import": import_command,
    "export": export_command,
}
for _name, _function in _COMMANDS.items():
    app.command(_name, cls=_Command)(_function)


# Objects allocated between two collections of the youngest generation. A command
# allocates hundreds of thousands of long-lived objects while it imports and reads a
# scenario; with Python's default (700) the collector rescans them again and again.
YOUNG_GENERATION_THRESHOLD = 10_000


# Thread-count variables of the BLAS libraries numpy may be built with. A command's
# arrays are element-wise work or matrices of a few dozen rows; starting a thread per
# core when numpy is imported costs more CPU (about 65 ms) than BLAS threads could save,
# and sweeps run one process per core already.
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS")


def main() -> None:
    """Run the `accord` command."""
    _one_blas_thread()
    _collect_less_often()
    app(prog_name="accord")


def _one_blas_thread() -> None:
    """Let numpy's BLAS start one thread in this process, unless the user chose a number."""
    for variable in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(variable, "1")


def _collect_less_often() -> None:
    """Spare the garbage collector the start-up's long-lived objects (set for this process)."""
    # What is imported by now lives until the process ends: never scan it again.
    gc.freeze()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD)
