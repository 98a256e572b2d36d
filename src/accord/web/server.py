"""Serving the workbench: `serve` runs the application with uvicorn on one address.

The workbench binds 127.0.0.1 unless asked otherwise: it has no accounts, so anyone who
can reach its address can use it. The instructor's page is opened with a key made at
start (or given), which `accord serve` prints with the address.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path

from accord.errors import AccordError

__all__ = ["DEFAULT_GAMES", "DEFAULT_HOST", "DEFAULT_PORT", "WebUnavailableError", "serve"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_GAMES = "accord-games.sqlite"


class WebUnavailableError(AccordError):
    """The web extra (FastAPI, uvicorn) is not installed."""


def serve(
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    store: Path,
    games: Path,
    instructor_key: str | None = None,
    teaching: bool = False,
    announce: Callable[[str, str], None] = lambda address, instructor: None,
) -> None:
    """Run the workbench until interrupted; `announce` gets its address and instructor page."""
    try:
        import uvicorn

        from accord.web.app import create_app
    except ImportError as error:
        raise WebUnavailableError(
            f"the workbench needs the web extra ({error.name} is missing): pip install -e '.[web]'"
        ) from None
    key = instructor_key or secrets.token_urlsafe(16)
    app = create_app(
        store=store, games=games, instructor_key=key, teaching=teaching, hosts=_hosts(host)
    )
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{port}"
    announce(address, f"{address}/instructor?key={key}")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _hosts(host: str) -> list[str]:
    """The host names to answer to: this computer's, and the address bound if another."""
    from accord.web.app import LOCAL_HOSTS

    if host in ("0.0.0.0", "::", ""):
        return ["*"]  # every address of this computer: its names are not known here
    return [*LOCAL_HOSTS, host, f"[{host}]"]
