"""The results store: every sweep, every run, every aggregate, in one DuckDB file.

Tables:

- ``accord_store``: one row marking the file as an accord results store (format 1);
- ``sweeps``: the manifest of each sweep (id, accord version, scenario id and SHA-256,
  command, seed, number of draws, variants, parameter paths, started, finished);
- ``runs``: one row per (sweep, variant, draw), unique on those three, with the sampled
  parameter values, the outcome (status, cause, date, round, step, text, utilities) and
  the reason;
- ``aggregates``: each variant's summary as a JSON document.

Runs are written one chunk per transaction, so a sweep killed at any moment leaves only
whole chunks; running the same sweep again skips the draws already stored. A file that is
not a DuckDB database, or a DuckDB database that is not an accord store, is refused with
a `StoreError` and never written to.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from accord.errors import StoreError, UnknownIdError

__all__ = ["DEFAULT_STORE", "ResultsStore", "RunRows", "SweepManifest"]

DEFAULT_STORE = "accord-results.duckdb"
FORMAT = "accord-results"
FORMAT_VERSION = 1

_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS accord_store (format VARCHAR, version INTEGER)""",
    """CREATE TABLE IF NOT EXISTS sweeps (
        sweep_id VARCHAR PRIMARY KEY, accord_version VARCHAR, scenario VARCHAR,
        scenario_sha256 VARCHAR, command VARCHAR, seed BIGINT, n_draws BIGINT,
        variants VARCHAR, parameters VARCHAR, started TIMESTAMP, finished TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS runs (
        sweep_id VARCHAR, variant VARCHAR, draw BIGINT, status VARCHAR, cause VARCHAR,
        date DATE, round VARCHAR, step BIGINT, text VARCHAR, utilities DOUBLE[],
        reason VARCHAR, parameters DOUBLE[], PRIMARY KEY (sweep_id, variant, draw))""",
    """CREATE TABLE IF NOT EXISTS aggregates (
        sweep_id VARCHAR, variant VARCHAR, document VARCHAR, PRIMARY KEY (sweep_id, variant))""",
]


@dataclass(frozen=True)
class SweepManifest:
    """What a sweep is: enough to recognise it when the same command runs again."""

    sweep_id: str
    accord_version: str
    scenario: str
    scenario_sha256: str
    command: str
    seed: int
    n_draws: int
    variants: tuple[str, ...]
    parameters: dict[str, list[str]]
    started: dt.datetime | None = None
    finished: dt.datetime | None = None


@dataclass(frozen=True)
class RunRows:
    """A chunk of runs of one variant, as columns (one entry per draw)."""

    variant: str
    draws: np.ndarray
    status: list[str]
    cause: list[str]
    date: list[dt.date | None]
    round: list[str | None]
    step: list[int | None]
    text: list[str | None]
    utilities: list[list[float] | None]
    reason: list[str]
    parameters: np.ndarray


class ResultsStore:
    """A DuckDB results store, opened for reading and writing."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.connection = _open(self.path)

    def close(self) -> None:
        """Close the database file."""
        self.connection.close()

    def __enter__(self) -> ResultsStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self, manifest: SweepManifest) -> None:
        """Record a new sweep, or check that a stored one with this id matches."""
        existing = self.manifest(manifest.sweep_id) if self.has_sweep(manifest.sweep_id) else None
        if existing is not None:
            return
        self.connection.execute(
            "INSERT INTO sweeps VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
            [
                manifest.sweep_id,
                manifest.accord_version,
                manifest.scenario,
                manifest.scenario_sha256,
                manifest.command,
                manifest.seed,
                manifest.n_draws,
                json.dumps(list(manifest.variants)),
                json.dumps(manifest.parameters),
                dt.datetime.now(dt.UTC).replace(tzinfo=None),
            ],
        )

    def has_sweep(self, sweep_id: str) -> bool:
        """Whether a sweep with this id is stored."""
        row = self.connection.execute(
            "SELECT count(*) FROM sweeps WHERE sweep_id = ?", [sweep_id]
        ).fetchone()
        return bool(row and row[0])

    def done_draws(self, sweep_id: str, variant: str) -> set[int]:
        """Draws of a variant already stored."""
        rows = self.connection.execute(
            "SELECT draw FROM runs WHERE sweep_id = ? AND variant = ?", [sweep_id, variant]
        )
        return {int(draw) for (draw,) in rows.fetchall()}

    def write_runs(self, sweep_id: str, rows: RunRows) -> None:
        """Store a chunk of runs in one transaction."""
        n = len(rows.draws)
        columns = {
            "sweep_id": np.array([sweep_id] * n, dtype=object),
            "variant": np.array([rows.variant] * n, dtype=object),
            "draw": np.asarray(rows.draws, dtype=np.int64),
            "status": np.array(rows.status, dtype=object),
            "cause": np.array(rows.cause, dtype=object),
            "date": _objects(rows.date),
            "round": _objects(rows.round),
            "step": _objects(rows.step),
            "text": _objects(rows.text),
            "utilities": _objects(rows.utilities),
            "reason": np.array(rows.reason, dtype=object),
            "parameters": _objects([list(map(float, row)) for row in rows.parameters]),
        }
        connection = self.connection
        connection.register("accord_chunk", columns)
        try:
            connection.execute("BEGIN TRANSACTION")
            connection.execute(
                "INSERT INTO runs SELECT sweep_id, variant, draw, status, cause, "
                "CAST(date AS DATE), round, CAST(step AS BIGINT), text, "
                "CAST(utilities AS DOUBLE[]), reason, CAST(parameters AS DOUBLE[]) "
                "FROM accord_chunk"
            )
            connection.execute("COMMIT")
        except duckdb.Error as error:
            connection.execute("ROLLBACK")
            raise StoreError(f"{self.path}: could not store runs: {error}") from None
        finally:
            connection.unregister("accord_chunk")

    def runs(self, sweep_id: str, variant: str) -> dict[str, Any]:
        """Return a variant's runs as columns ordered by draw."""
        query = (
            "SELECT draw, status, cause, date, text, utilities, reason, parameters "
            "FROM runs WHERE sweep_id = ? AND variant = ? ORDER BY draw"
        )
        result = self.connection.execute(query, [sweep_id, variant]).fetchall()
        names = ["draw", "status", "cause", "date", "text", "utilities", "reason", "parameters"]
        return {name: [row[i] for row in result] for i, name in enumerate(names)}

    def finish(self, sweep_id: str, aggregates: dict[str, Any]) -> None:
        """Store the aggregates and mark the sweep finished, in one transaction."""
        connection = self.connection
        connection.execute("BEGIN TRANSACTION")
        connection.execute("DELETE FROM aggregates WHERE sweep_id = ?", [sweep_id])
        for variant, document in aggregates.items():
            connection.execute(
                "INSERT INTO aggregates VALUES (?, ?, ?)",
                [sweep_id, variant, json.dumps(document, sort_keys=True)],
            )
        connection.execute(
            "UPDATE sweeps SET finished = ? WHERE sweep_id = ?",
            [dt.datetime.now(dt.UTC).replace(tzinfo=None), sweep_id],
        )
        connection.execute("COMMIT")

    def manifest(self, sweep_id: str) -> SweepManifest:
        """Return a stored sweep's manifest."""
        row = self.connection.execute(
            "SELECT * FROM sweeps WHERE sweep_id = ?", [sweep_id]
        ).fetchone()
        if row is None:
            raise UnknownIdError("sweep", sweep_id, self.sweep_ids())
        return SweepManifest(
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            int(row[5]),
            int(row[6]),
            tuple(json.loads(row[7])),
            json.loads(row[8]),
            row[9],
            row[10],
        )

    def sweep_ids(self) -> list[str]:
        """Ids of the stored sweeps, oldest first."""
        rows = self.connection.execute("SELECT sweep_id FROM sweeps ORDER BY started")
        return [sweep_id for (sweep_id,) in rows.fetchall()]

    def manifests(self) -> list[SweepManifest]:
        """Every stored sweep's manifest, oldest first."""
        return [self.manifest(sweep_id) for sweep_id in self.sweep_ids()]

    def aggregates(self, sweep_id: str) -> dict[str, Any]:
        """A stored sweep's aggregates by variant (empty if unfinished)."""
        rows = self.connection.execute(
            "SELECT variant, document FROM aggregates WHERE sweep_id = ?", [sweep_id]
        )
        return {variant: json.loads(document) for variant, document in rows.fetchall()}

    def count_runs(self, sweep_id: str) -> dict[str, int]:
        """Number of stored runs per variant."""
        rows = self.connection.execute(
            "SELECT variant, count(*) FROM runs WHERE sweep_id = ? GROUP BY variant", [sweep_id]
        )
        return {variant: int(count) for variant, count in rows.fetchall()}


def _objects(values: Sequence[Any]) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = list(values)
    return array


def _open(path: Path) -> duckdb.DuckDBPyConnection:
    """Open (or create) a store; refuse corrupt or foreign files."""
    existed = path.exists()
    if existed and path.is_dir():
        raise StoreError(f"{path}: is a folder, expected a results store file")
    if existed and path.stat().st_size > 0 and not _looks_like_duckdb(path):
        raise StoreError(
            f"{path}: not an accord results store (not a DuckDB database); "
            "it was left untouched — choose another --store path"
        )
    try:
        connection = duckdb.connect(str(path))
    except duckdb.Error as error:
        raise StoreError(f"{path}: cannot open the results store: {error}") from None
    try:
        tables = {name for (name,) in connection.execute("SHOW TABLES").fetchall()}
        if existed and tables and "accord_store" not in tables:
            raise StoreError(
                f"{path}: a DuckDB database that is not an accord results store "
                f"(tables: {', '.join(sorted(tables))}); it was left untouched"
            )
        if "accord_store" in tables:
            _check_format(connection, path)
        else:
            for statement in _SCHEMA:
                connection.execute(statement)
            connection.execute("INSERT INTO accord_store VALUES (?, ?)", [FORMAT, FORMAT_VERSION])
    except StoreError:
        connection.close()
        raise
    except duckdb.Error as error:
        connection.close()
        raise StoreError(f"{path}: the results store is damaged: {error}") from None
    return connection


def _check_format(connection: duckdb.DuckDBPyConnection, path: Path) -> None:
    row = connection.execute("SELECT format, version FROM accord_store").fetchone()
    if row is None or row[0] != FORMAT:
        raise StoreError(f"{path}: not an accord results store (missing format marker)")
    if int(row[1]) != FORMAT_VERSION:
        raise StoreError(
            f"{path}: results store format {row[1]}, this accord reads format {FORMAT_VERSION}"
        )


def _looks_like_duckdb(path: Path) -> bool:
    # A DuckDB file carries the magic bytes "DUCK" at offset 8 of its first block.
    with path.open("rb") as handle:
        header = handle.read(16)
    return len(header) >= 12 and header[8:12] == b"DUCK"
