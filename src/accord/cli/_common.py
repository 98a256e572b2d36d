"""Shared pieces of the `accord` command: consoles, JSON output, errors, options, progress."""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from accord.errors import AccordError

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
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]


def stdout_console() -> Console:
    """The console for results (stdout)."""
    return Console(highlight=False, soft_wrap=False)


def stderr_console() -> Console:
    """The console for progress, notices and errors (stderr)."""
    return Console(stderr=True, highlight=False, soft_wrap=True)


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
            console = stderr_console()
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


@contextmanager
def progress_bar(description: str, *, quiet: bool) -> Iterator[Callable[[int, int], None]]:
    """Yield a progress callback drawing a bar on stderr (hidden if quiet or not a TTY)."""
    console = stderr_console()
    if quiet or not console.is_terminal:
        yield lambda done, total: None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
