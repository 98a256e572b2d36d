"""Shared pieces of the `accord` command: consoles, JSON output, errors, options, progress."""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from accord.errors import AccordError
from accord.experiments._sizes import MAX_SEED

SCHEMA_VERSION = 1
F = TypeVar("F", bound=Callable[..., Any])

ScenarioArgument = Annotated[
    str,
    typer.Argument(
        metavar="SCENARIO", help="A scenario file (YAML/JSON) or a shipped scenario id."
    ),
]
VariantOption = Annotated[
    list[str] | None,
    typer.Option(
        "--variant",
        "-v",
        metavar="VARIANT",
        help="Apply a named variant (repeatable, in order).",
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print one JSON document instead of tables.")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]


PIPED_WIDTH = 2000
"""Width of results written to a file or a pipe: wide enough that no line wraps."""


def seed_option(help: str) -> Any:
    """A `--seed` option taking exactly the seeds accord runs and stores: 0 to 2^63 − 1."""
    return typer.Option(min=0, max=MAX_SEED, metavar="SEED", help=help)


def stdout_console() -> Console:
    """The console for results (stdout): the terminal's width, or `PIPED_WIDTH` if piped."""
    # Results quote the user's files: no emoji codes (":100:" stays as written).
    console = Console(highlight=False, soft_wrap=False, emoji=False)
    if not console.is_terminal:
        # A file or a pipe is read by programs and editors: a line wrapped at 80
        # columns would split ids and texts in the middle.
        console.width = PIPED_WIDTH
    return console


def stderr_console() -> Console:
    """The console for progress, notices and errors (stderr)."""
    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


def print_json(document: Any) -> None:
    """Print one JSON document on stdout."""
    # Written piece by piece: an indented dumps() of a large document (a graph model
    # of a million states) would hold every piece and the whole text in memory at once.
    json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def handles_errors(command: F) -> F:
    """Turn `AccordError` into one message per line on stderr and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except AccordError as error:
            console = stderr_console()
            for line in error.lines():
                # A message quotes the user's file: no markup, no emoji codes (":100:").
                message = Text.assemble(("error:", "red"), " ", line)
                console.print(message, soft_wrap=True, markup=False, emoji=False)
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


# Piped runs report progress on stderr at most this often (seconds).
PIPED_PROGRESS_INTERVAL = 10.0


@contextmanager
def progress_bar(description: str, *, quiet: bool) -> Iterator[Callable[[int, int], None]]:
    """Yield a progress callback `(done, total)` reporting on stderr.

    In a terminal it draws a bar; otherwise (piped, in a log) it prints a line such as
    ``runs: 1,200/8,000 (15%), 12 s`` at most every `PIPED_PROGRESS_INTERVAL` seconds and
    once at the end, so that a long piped run shows it is alive. `quiet` silences both.
    """
    console = stderr_console()
    if quiet:
        yield lambda done, total: None
    elif console.is_terminal:
        from accord.cli._bar import terminal_bar

        with terminal_bar(console, description) as update:
            yield update
    else:
        yield from _piped_lines(console, description)


class _PipedProgress:
    """Progress as plain lines on stderr, at most one per `PIPED_PROGRESS_INTERVAL`."""

    def __init__(self, console: Console, description: str) -> None:
        self.console = console
        self.description = description
        self.started = self.last_line_at = time.monotonic()
        self.done = self.total = 0
        self.printed: tuple[int, int] | None = None

    def update(self, done: int, total: int) -> None:
        """Record progress; print it if the last line is old enough."""
        self.done, self.total = done, total
        if time.monotonic() - self.last_line_at >= PIPED_PROGRESS_INTERVAL:
            self.emit()

    def finish(self) -> None:
        """A run long enough to have printed progress also says where it finished."""
        if self.printed is not None and self.printed != (self.done, self.total):
            self.emit()

    def emit(self) -> None:
        """Print the current progress as one line."""
        self.last_line_at = time.monotonic()
        self.printed = (self.done, self.total)
        share = f" ({self.done / self.total:.0%})" if self.total else ""
        elapsed = self.last_line_at - self.started
        text = f"{self.description}: {self.done:,}/{self.total:,}{share}, {elapsed:.0f} s"
        self.console.print(text, markup=False, highlight=False)


def _piped_lines(console: Console, description: str) -> Iterator[Callable[[int, int], None]]:
    progress = _PipedProgress(console, description)
    yield progress.update
    progress.finish()
