"""Stored games: every teaching game in one SQLite file, so a restart loses none.

A game is kept as its case, seed, seats and moves (`accord.web.play.Game`); its position
is found again by replaying them. Each write is one transaction: a move is stored whole
or not at all. Uploaded cases are kept here too, as the text the user sent, and so is the
instructor key, so that the instructor's address still opens after a restart.
"""

from __future__ import annotations

import hmac
import json
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from accord.engine.person import Move
from accord.errors import StoreError
from accord.web.play import Game, GameError, UnknownGameError

__all__ = ["GameStore"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS games (
    code TEXT PRIMARY KEY, case_id TEXT NOT NULL, seed INTEGER NOT NULL,
    seats TEXT NOT NULL, moves TEXT NOT NULL, title TEXT NOT NULL,
    created REAL NOT NULL DEFAULT (julianday('now')));
CREATE TABLE IF NOT EXISTS seats (
    code TEXT NOT NULL, party TEXT NOT NULL, token TEXT NOT NULL, PRIMARY KEY (code, party));
CREATE TABLE IF NOT EXISTS cases (id TEXT PRIMARY KEY, name TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def _move_data(move: Move) -> dict[str, Any]:
    return {
        "accept": move.accept,
        "amendments": dict(move.amendments),
        "offer": None if move.offer is None else dict(move.offer),
    }


def _moves_data(game: Game) -> str:
    return json.dumps(
        {party: [_move_data(m) for m in moves] for party, moves in game.moves.items()}
    )


def _move(data: dict[str, Any]) -> Move:
    return Move(bool(data["accept"]), dict(data["amendments"]), data["offer"])


class GameStore:
    """The games and uploaded cases of one workbench, in the SQLite file at `path`."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            with self._connection() as connection:
                connection.executescript(_SCHEMA)
        except sqlite3.Error as error:
            raise StoreError(f"{self.path}: cannot open the games file: {error}") from None

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=10)) as connection, connection:
            yield connection

    def add(self, game: Game) -> bool:
        """Store a new game; return False, storing nothing, where its code is taken."""
        try:
            with self._connection() as connection:
                connection.execute(
                    "INSERT INTO games (code, case_id, seed, seats, moves, title) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        game.code,
                        game.case,
                        game.seed,
                        json.dumps(list(game.seats)),
                        _moves_data(game),
                        game.title,
                    ),
                )
        except sqlite3.IntegrityError:
            return False
        return True

    def save(self, game: Game) -> None:
        """Store the moves of `game`, a game added before."""
        with self._connection() as connection:
            stored = connection.execute(
                "UPDATE games SET moves = ? WHERE code = ?", (_moves_data(game), game.code)
            )
        if stored.rowcount != 1:
            raise UnknownGameError(f"no game with code '{game.code}'")

    def load(self, code: str) -> Game:
        """Return the game `code`."""
        with self._connection() as connection:
            row = connection.execute(
                "SELECT code, case_id, seed, seats, moves, title FROM games WHERE code = ?",
                (code,),
            ).fetchone()
        if row is None:
            raise UnknownGameError(f"no game with code '{code}'")
        return _game(row)

    def games(self) -> list[Game]:
        """Return every game, oldest first."""
        with self._connection() as connection:
            rows = connection.execute(
                "SELECT code, case_id, seed, seats, moves, title FROM games ORDER BY created, code"
            ).fetchall()
        return [_game(row) for row in rows]

    def take_seat(self, game: Game, party: str) -> str:
        """Give `party`'s seat of `game` to a person; return the token that opens it."""
        if party not in game.seats:
            raise GameError(
                f"game {game.code}: '{party}' is not a seat for a person "
                f"(seats: {', '.join(game.seats)})"
            )
        token = secrets.token_urlsafe(16)
        try:
            with self._connection() as connection:
                connection.execute(
                    "INSERT INTO seats (code, party, token) VALUES (?, ?, ?)",
                    (game.code, party, token),
                )
        except sqlite3.IntegrityError:
            raise GameError(f"game {game.code}: the seat of '{party}' is taken") from None
        return token

    def holds_seat(self, game: Game, party: str, token: str) -> bool:
        """Whether `token` opens `party`'s seat of `game`."""
        with self._connection() as connection:
            row = connection.execute(
                "SELECT token FROM seats WHERE code = ? AND party = ?", (game.code, party)
            ).fetchone()
        return row is not None and hmac.compare_digest(row[0].encode(), token.encode())

    def taken(self, game: Game) -> list[str]:
        """The seats of `game` a person has taken."""
        with self._connection() as connection:
            rows = connection.execute(
                "SELECT party FROM seats WHERE code = ? ORDER BY party", (game.code,)
            ).fetchall()
        return [row[0] for row in rows]

    def instructor_key(self) -> str:
        """The instructor key of this games file: made on first use, kept across restarts."""
        with self._connection() as connection:
            connection.execute(
                "INSERT INTO settings (name, value) VALUES ('instructor_key', ?) "
                "ON CONFLICT(name) DO NOTHING",
                (secrets.token_urlsafe(16),),
            )
            (key,) = connection.execute(
                "SELECT value FROM settings WHERE name = 'instructor_key'"
            ).fetchone()
        return str(key)

    def save_case(self, case_id: str, name: str, text: str) -> None:
        """Keep an uploaded case's text under its id."""
        with self._connection() as connection:
            connection.execute(
                "INSERT INTO cases (id, name, text) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE "
                "SET name = excluded.name, text = excluded.text",
                (case_id, name, text),
            )

    def cases(self) -> dict[str, tuple[str, str]]:
        """Return the uploaded cases: id → (file name, text)."""
        with self._connection() as connection:
            rows = connection.execute("SELECT id, name, text FROM cases ORDER BY id").fetchall()
        return {row[0]: (row[1], row[2]) for row in rows}


def _game(row: tuple[Any, ...]) -> Game:
    code, case, seed, seats, moves, title = row
    decoded = {party: tuple(_move(m) for m in items) for party, items in json.loads(moves).items()}
    return Game(code, case, int(seed), tuple(json.loads(seats)), decoded, title)
