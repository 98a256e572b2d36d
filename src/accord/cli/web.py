"""`accord serve`: the local web workbench."""

from pathlib import Path
from typing import Annotated

import typer

from accord.cli._common import stderr_console

__all__ = ["serve_command"]

# Repeated from `accord.web.server` and `accord.experiments.store`, so that `accord --help`
# imports neither.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_STORE = "accord-results.duckdb"
DEFAULT_GAMES = "accord-games.sqlite"


def serve_command(
    host: Annotated[
        str, typer.Option(help="Address to bind (127.0.0.1: this computer only).")
    ] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = DEFAULT_PORT,
    store: Annotated[
        Path, typer.Option(metavar="FILE", help="The DuckDB results store sweeps are kept in.")
    ] = Path(DEFAULT_STORE),
    games: Annotated[
        Path, typer.Option(metavar="FILE", help="The SQLite file games and uploads are kept in.")
    ] = Path(DEFAULT_GAMES),
    teaching: Annotated[
        bool,
        typer.Option(
            "--teaching",
            help="A class is playing: pages showing every delegation's numbers need the "
            "instructor key.",
        ),
    ] = False,
) -> None:
    """Start the local web workbench and print its address."""
    from accord.web.server import serve

    def announce(address: str, instructor: str) -> None:
        typer.echo(f"accord workbench: {address}")
        typer.echo(f"instructor page: {instructor}")
        stderr_console().print("Press Ctrl-C to stop.")

    serve(host=host, port=port, store=store, games=games, teaching=teaching, announce=announce)
