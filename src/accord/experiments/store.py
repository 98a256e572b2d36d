"""The results store: every sweep, every run, every aggregate and attribution, in one DuckDB file.

Tables (store format 3):

- ``accord_store``: one row marking the file as an accord results store (format, version);
- ``sweeps``: the manifest of each sweep (id, accord version, scenario id and SHA-256,
  command, seed, number of draws, variants, parameter paths, started, finished);
- ``runs``: one row per (sweep, variant, draw), with the sampled parameter values, the
  outcome (status, cause, date, round, step, text, utilities, the mediator's inducements
  the agreement carried, the issues it deferred, the parties it was made without) and
  the reason;
- ``aggregates``: each variant's summary as a JSON document;
- ``attributions``: Shapley attributions, keyed by (scenario SHA-256, factors, draws,
  seed, metric), with the value of every combination, the Shapley values and their
  intervals, so that a report reuses them instead of running them again.

Runs are written one chunk per transaction, so a sweep killed at any moment leaves only
whole chunks; running the same sweep again skips the draws already stored, draw by draw.
Each run is stored once: a chunk holding a draw already stored is refused whole.

Opening a store reads it whole first (every table, every column, through DuckDB's block
checksums) with a read-only connection: a file that is not a DuckDB database, a DuckDB
database that is not an accord store, or a damaged one is refused with a `StoreError`
naming the file, before anything is written to it. The store keeps no index (since
format 2), so that every block in use is read by that check; an older store (format 1:
the same tables with primary keys; format 2: runs without inducements, deferred issues
and absent parties) is read as it is and rewritten in the current format the first time
it is written (`accord.experiments._store_file` opens, checks, creates and upgrades the file).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from accord.errors import AmbiguousIdError, StoreError, UnknownIdError
from accord.experiments._store_file import (
    ADDED_COLUMN_VALUE,
    damaged,
    open_store,
    table_names,
)

__all__ = [
    "DEFAULT_STORE",
    "MIN_PREFIX",
    "AttributionRecord",
    "ResultsStore",
    "RunRows",
    "SweepManifest",
]

DEFAULT_STORE = "accord-results.duckdb"
# The shortest prefix of a sweep id that commands accept for the whole id.
MIN_PREFIX = 4

_RUN_COLUMNS = [
    "draw",
    "status",
    "cause",
    "date",
    "text",
    "utilities",
    "reason",
    "parameters",
    "inducements",
    "deferred",
    "without",
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
    inducements: list[list[str]]
    deferred: list[list[str]]
    without: list[list[str]]


@dataclass(frozen=True)
class AttributionRecord:
    """A stored attribution: its key, where it came from, and its numbers.

    `values` holds the `(2^k,)` metric of every combination (bitmask order), `shapley`
    the `(k,)` Shapley values and `intervals` their `(k, 2)` 95% intervals.
    """

    scenario_sha256: str
    factors: tuple[str, ...]
    n_draws: int
    seed: int
    metric: str
    scenario: str
    accord_version: str
    values: np.ndarray
    shapley: np.ndarray
    intervals: np.ndarray
    created: dt.datetime | None = None


class ResultsStore:
    """A DuckDB results store, opened for reading and writing (or, `writable=False`, reading)."""

    def __init__(self, path: str | Path, *, writable: bool = True) -> None:
        self.path = Path(path)
        self.writable = writable
        self.connection = open_store(self.path, writable=writable)

    def close(self) -> None:
        """Close the database file."""
        self.connection.close()

    def __enter__(self) -> ResultsStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self, manifest: SweepManifest) -> None:
        """Record a new sweep (nothing to do when a sweep with this id is stored)."""
        if self.has_sweep(manifest.sweep_id):
            return
        self._execute(
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
                _now(),
            ],
        )

    def has_sweep(self, sweep_id: str) -> bool:
        """Whether a sweep with this id is stored."""
        row = self._first("SELECT count(*) FROM sweeps WHERE sweep_id = ?", [sweep_id])
        return bool(row and row[0])

    def stored_draws(self, sweep_id: str, variant: str) -> np.ndarray:
        """Draws of a variant already stored, `(n,)` int64, ascending."""
        rows = self._execute(
            "SELECT draw FROM runs WHERE sweep_id = ? AND variant = ? ORDER BY draw",
            [sweep_id, variant],
        ).fetchnumpy()
        return np.asarray(rows["draw"], dtype=np.int64)

    def write_runs(self, sweep_id: str, rows: RunRows) -> None:
        """Store a chunk of runs in one transaction; refuse it whole if a draw is stored."""
        n = len(rows.draws)
        if n == 0:
            return
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
            "inducements": _objects(rows.inducements),
            "deferred": _objects(rows.deferred),
            "without": _objects(rows.without),
        }
        with _interrupts_as_keyboard():
            self.connection.register("accord_chunk", columns)
            try:
                with self._transaction("could not store runs"):
                    self._refuse_stored(sweep_id, rows)
                    self.connection.execute(
                        "INSERT INTO runs SELECT sweep_id, variant, draw, status, cause, "
                        "CAST(date AS DATE), round, CAST(step AS BIGINT), text, "
                        "CAST(utilities AS DOUBLE[]), reason, CAST(parameters AS DOUBLE[]), "
                        "CAST(inducements AS VARCHAR[]), CAST(deferred AS VARCHAR[]), "
                        "CAST(without AS VARCHAR[]) FROM accord_chunk"
                    )
            finally:
                self.connection.unregister("accord_chunk")

    def _refuse_stored(self, sweep_id: str, rows: RunRows) -> None:
        draws = np.asarray(rows.draws, dtype=np.int64)
        row = self.connection.execute(
            "SELECT count(*) FROM runs JOIN accord_chunk USING (sweep_id, variant, draw) "
            "WHERE runs.sweep_id = ? AND runs.variant = ? AND runs.draw BETWEEN ? AND ?",
            [sweep_id, rows.variant, int(draws.min()), int(draws.max())],
        ).fetchall()[0]
        if row and row[0]:
            raise StoreError(
                f"{self.path}: {row[0]} runs of sweep {sweep_id}, variant '{rows.variant}', "
                "are stored already; each run is stored once"
            )

    def runs(self, sweep_id: str, variant: str) -> dict[str, Any]:
        """Return a variant's runs as columns ordered by draw."""
        present = {name for (name, *_) in self._execute("DESCRIBE runs").fetchall()}
        # A store of an older format opened for reading lacks the newer columns.
        selected = [c if c in present else f"{ADDED_COLUMN_VALUE} AS {c}" for c in _RUN_COLUMNS]
        query = (
            f"SELECT {', '.join(selected)} FROM runs "
            "WHERE sweep_id = ? AND variant = ? ORDER BY draw"
        )
        result = self._execute(query, [sweep_id, variant]).fetchall()
        return {name: [row[i] for row in result] for i, name in enumerate(_RUN_COLUMNS)}

    def finish(self, sweep_id: str, aggregates: dict[str, Any]) -> None:
        """Store the aggregates and mark the sweep finished, in one transaction."""
        with self._transaction("could not finish the sweep"):
            self.connection.execute("DELETE FROM aggregates WHERE sweep_id = ?", [sweep_id])
            for variant, document in aggregates.items():
                self.connection.execute(
                    "INSERT INTO aggregates VALUES (?, ?, ?)",
                    [sweep_id, variant, json.dumps(document, sort_keys=True)],
                )
            self.connection.execute(
                "UPDATE sweeps SET finished = ? WHERE sweep_id = ?", [_now(), sweep_id]
            )

    def manifest(self, sweep_id: str) -> SweepManifest:
        """Return a stored sweep's manifest."""
        row = self._first("SELECT * FROM sweeps WHERE sweep_id = ?", [sweep_id])
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
        rows = self._execute("SELECT sweep_id FROM sweeps ORDER BY started, sweep_id")
        return [sweep_id for (sweep_id,) in rows.fetchall()]

    def resolve_sweep_id(self, given: str) -> str:
        """Return the stored sweep id equal to `given`, or the only one it is a prefix of.

        A prefix needs at least `MIN_PREFIX` characters; one that begins several ids is
        an `AmbiguousIdError` listing them.
        """
        known = self.sweep_ids()
        if given in known:
            return given
        matches = [sweep_id for sweep_id in known if sweep_id.startswith(given)]
        if len(given) >= MIN_PREFIX and len(matches) == 1:
            return matches[0]
        if len(given) >= MIN_PREFIX and matches:
            raise AmbiguousIdError("sweep id prefix", given, matches)
        if matches:
            raise UnknownIdError(
                f"sweep (a prefix needs at least {MIN_PREFIX} characters)", given, known
            )
        raise UnknownIdError("sweep", given, known)

    def manifests(self) -> list[SweepManifest]:
        """Every stored sweep's manifest, oldest first."""
        return [self.manifest(sweep_id) for sweep_id in self.sweep_ids()]

    def aggregates(self, sweep_id: str) -> dict[str, Any]:
        """A stored sweep's aggregates by variant (empty if unfinished)."""
        rows = self._execute(
            "SELECT variant, document FROM aggregates WHERE sweep_id = ?", [sweep_id]
        )
        return {variant: json.loads(document) for variant, document in rows.fetchall()}

    def count_runs(self, sweep_id: str) -> dict[str, int]:
        """Number of stored runs per variant."""
        rows = self._execute(
            "SELECT variant, count(*) FROM runs WHERE sweep_id = ? GROUP BY variant "
            "ORDER BY variant",
            [sweep_id],
        )
        return {variant: int(count) for variant, count in rows.fetchall()}

    def attribution(
        self, scenario_sha256: str, factors: Sequence[str], n_draws: int, seed: int, metric: str
    ) -> AttributionRecord | None:
        """Return the stored attribution with this key, or None."""
        if "attributions" not in table_names(self.connection):
            return None  # a format-1 store opened for reading
        row = self._first(
            "SELECT scenario, accord_version, created, combination_values, shapley, "
            "interval_low, interval_high FROM attributions WHERE scenario_sha256 = ? "
            "AND factors = ? AND n_draws = ? AND seed = ? AND metric = ?",
            [scenario_sha256, json.dumps(list(factors)), n_draws, seed, metric],
        )
        if row is None:
            return None
        scenario, version, created, values, shapley, low, high = row
        return AttributionRecord(
            scenario_sha256,
            tuple(factors),
            n_draws,
            seed,
            metric,
            scenario,
            version,
            np.array(values, dtype=float),
            np.array(shapley, dtype=float),
            np.column_stack([np.array(low, dtype=float), np.array(high, dtype=float)]),
            created,
        )

    def store_attribution(self, record: AttributionRecord) -> None:
        """Store an attribution, replacing one with the same key, in one transaction."""
        key = [
            record.scenario_sha256,
            json.dumps(list(record.factors)),
            record.n_draws,
            record.seed,
            record.metric,
        ]
        with self._transaction("could not store the attribution"):
            self.connection.execute(
                "DELETE FROM attributions WHERE scenario_sha256 = ? AND factors = ? "
                "AND n_draws = ? AND seed = ? AND metric = ?",
                key,
            )
            self.connection.execute(
                "INSERT INTO attributions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    *key,
                    record.scenario,
                    record.accord_version,
                    _now(),
                    [float(v) for v in record.values],
                    [float(v) for v in record.shapley],
                    [float(v) for v in record.intervals[:, 0]],
                    [float(v) for v in record.intervals[:, 1]],
                ],
            )

    def _first(self, query: str, parameters: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        """Run a query and return its first row (None if it has none), reading it whole."""
        result = self._execute(query, parameters).fetchall()
        return tuple(result[0]) if result else None

    def _execute(self, query: str, parameters: Sequence[Any] = ()) -> duckdb.DuckDBPyConnection:
        """Run one statement; a DuckDB failure (a damaged block read late) is a StoreError."""
        try:
            with _interrupts_as_keyboard():
                return self.connection.execute(query, parameters)
        except duckdb.Error as error:
            raise StoreError(damaged(self.path, error)) from None

    @contextmanager
    def _transaction(self, failure: str) -> Iterator[None]:
        """Run a block in one transaction, rolled back on any failure or interruption."""
        self._execute("BEGIN TRANSACTION")
        try:
            # Whatever form DuckDB gives a Ctrl-C inside the block, it is an interruption,
            # not a failure to store.
            with _interrupts_as_keyboard():
                yield
            self._execute("COMMIT")
        except duckdb.Error as error:
            self._rollback()
            raise StoreError(f"{self.path}: {failure}: {error}") from None
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        # A commit that failed has ended the transaction already.
        with suppress(duckdb.Error):
            self.connection.execute("ROLLBACK")


@contextmanager
def _interrupts_as_keyboard() -> Iterator[None]:
    """Raise KeyboardInterrupt where DuckDB reports a Ctrl-C as an error of its own.

    DuckDB turns a Ctrl-C into `InterruptException` while a query runs, and into a plain
    `duckdb.Error` ("KeyboardInterrupt: ...") while it takes in Python data (`register`).
    """
    try:
        yield
    except duckdb.InterruptException:
        raise KeyboardInterrupt from None
    except duckdb.Error as error:
        if str(error).startswith("KeyboardInterrupt"):
            raise KeyboardInterrupt from None
        raise
    except RuntimeError as error:
        if "interrupted" in str(error).lower():
            raise KeyboardInterrupt from None
        raise


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _objects(values: Sequence[Any]) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = list(values)
    return array
