"""Opening a results store file: refuse what is not one, read it whole, create or upgrade it.

`open_store(path, writable=...)` is what `accord.experiments.store.ResultsStore` opens a
file with. An existing file is first read whole (every column of every table, so that
DuckDB verifies each block's checksum) through a read-only connection, and opened for
writing only after that. A new file gets the tables of the current format; a format-1
file (tables with primary keys) is copied into them the first time it is written.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from accord.errors import StoreError

__all__ = [
    "ADDED_COLUMN_VALUE",
    "FORMAT",
    "FORMAT_VERSION",
    "TABLES",
    "damaged",
    "open_store",
    "table_names",
]

FORMAT = "accord-results"
FORMAT_VERSION = 3

# What an older store's runs hold in a column added since: every such column is a list
# of ids (the format-3 inducements, deferred issues and absent parties), empty there.
ADDED_COLUMN_VALUE = "[]::VARCHAR[]"

TABLES = {
    "accord_store": "format VARCHAR, version INTEGER",
    "sweeps": "sweep_id VARCHAR, accord_version VARCHAR, scenario VARCHAR, "
    "scenario_sha256 VARCHAR, command VARCHAR, seed BIGINT, n_draws BIGINT, "
    "variants VARCHAR, parameters VARCHAR, started TIMESTAMP, finished TIMESTAMP",
    "runs": "sweep_id VARCHAR, variant VARCHAR, draw BIGINT, status VARCHAR, cause VARCHAR, "
    "date DATE, round VARCHAR, step BIGINT, text VARCHAR, utilities DOUBLE[], "
    "reason VARCHAR, parameters DOUBLE[], inducements VARCHAR[], deferred VARCHAR[], "
    "without VARCHAR[]",
    "aggregates": "sweep_id VARCHAR, variant VARCHAR, document VARCHAR",
    "attributions": "scenario_sha256 VARCHAR, factors VARCHAR, n_draws BIGINT, seed BIGINT, "
    "metric VARCHAR, scenario VARCHAR, accord_version VARCHAR, created TIMESTAMP, "
    "combination_values DOUBLE[], shapley DOUBLE[], interval_low DOUBLE[], "
    "interval_high DOUBLE[]",
}


def table_names(connection: duckdb.DuckDBPyConnection) -> set[str]:
    return {name for (name,) in connection.execute("SHOW TABLES").fetchall()}


def open_store(path: Path, *, writable: bool) -> duckdb.DuckDBPyConnection:
    """Open a store (a writable one is created if missing); refuse corrupt or foreign files."""
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, expected a results store file")
    if path.is_file() and path.stat().st_size == 0:
        raise StoreError(
            f"{path}: an empty file, not a results store; it was left untouched "
            "(remove it, or choose another --store)"
        )
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not writable:
        raise StoreError(
            f"{path}: no results store here (run `accord sweep` first, or give --store)"
        )
    if exists:
        checked = _connect(path, read_only=True)
        try:
            _check(checked, path)
        except BaseException:
            checked.close()
            raise
        if not writable:
            return checked
        checked.close()
    connection = _connect(path, read_only=False)
    try:
        _prepare(connection, path)
    except BaseException:
        connection.close()
        raise
    return connection


def _connect(path: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    if path.exists() and path.stat().st_size > 0 and not _looks_like_duckdb(path):
        raise StoreError(
            f"{path}: not an accord results store (not a DuckDB database); "
            "it was left untouched — choose another --store path"
        )
    existed = path.exists()
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as error:
        if not existed:
            raise StoreError(
                f"{path}: cannot create a results store there ({str(error).splitlines()[0]})"
            ) from None
        raise StoreError(damaged(path, error)) from None


def _check(connection: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a foreign, newer or damaged store; read every table whole to find damage."""
    try:
        tables = table_names(connection)
        if "accord_store" not in tables:
            listing = ", ".join(sorted(tables)) or "none"
            raise StoreError(
                f"{path}: a DuckDB database that is not an accord results store "
                f"(tables: {listing}); it was left untouched"
            )
        row = next(
            iter(connection.execute("SELECT format, version FROM accord_store").fetchall()), None
        )
        if row is None or row[0] != FORMAT:
            raise StoreError(f"{path}: not an accord results store (missing format marker)")
        if int(row[1]) > FORMAT_VERSION:
            raise StoreError(
                f"{path}: results store format {row[1]}, this accord reads formats up to "
                f"{FORMAT_VERSION}; upgrade accord to read it"
            )
        for table in sorted(tables & set(TABLES)):
            # Reading every column of every row makes DuckDB verify each block's checksum.
            connection.execute(f"SELECT count(*), max(hash(COLUMNS(*))) FROM {table}").fetchall()
    except duckdb.Error as error:
        raise StoreError(damaged(path, error)) from None


def _prepare(connection: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Create the tables of a new store, or bring an older store to the current format."""
    try:
        tables = table_names(connection)
        if not tables:
            connection.execute("BEGIN TRANSACTION")
            for table, columns in TABLES.items():
                connection.execute(f"CREATE TABLE {table} ({columns})")
            connection.execute("INSERT INTO accord_store VALUES (?, ?)", [FORMAT, FORMAT_VERSION])
            connection.execute("COMMIT")
            return
        row = next(iter(connection.execute("SELECT version FROM accord_store").fetchall()), None)
        if row is not None and int(row[0]) < FORMAT_VERSION:
            _upgrade(connection, tables)
    except duckdb.Error as error:
        raise StoreError(damaged(path, error)) from None


def _upgrade(connection: duckdb.DuckDBPyConnection, tables: set[str]) -> None:
    # Format 1 had primary keys; their index blocks are read lazily, so damage there
    # would surface only midway through a write. Copy the rows into tables without one.
    # Columns added since (format 3) get ADDED_COLUMN_VALUE in the older rows.
    connection.execute("BEGIN TRANSACTION")
    for table, columns in TABLES.items():
        if table == "accord_store":
            continue
        if table in tables:
            old = [name for (name, *_) in connection.execute(f"DESCRIBE {table}").fetchall()]
            added = [c.split()[0] for c in columns.split(", ") if c.split()[0] not in old]
            selected = ", ".join(old + [ADDED_COLUMN_VALUE] * len(added))
            connection.execute(f"CREATE TABLE accord_upgraded ({columns})")
            connection.execute(
                f"INSERT INTO accord_upgraded ({', '.join(old + added)}) "
                f"SELECT {selected} FROM {table}"
            )
            connection.execute(f"DROP TABLE {table}")
            connection.execute(f"ALTER TABLE accord_upgraded RENAME TO {table}")
        else:
            connection.execute(f"CREATE TABLE {table} ({columns})")
    connection.execute("UPDATE accord_store SET version = ?", [FORMAT_VERSION])
    connection.execute("COMMIT")


def damaged(path: Path, error: duckdb.Error) -> str:
    detail = str(error).splitlines()[0] if str(error) else type(error).__name__
    if "could not set lock" in detail.lower():
        return (
            f"{path}: the results store is in use by another process (a sweep still "
            f"running?): {detail}"
        )
    return (
        f"{path}: the results store is damaged or unreadable ({detail}); it was left "
        "untouched — restore it from a copy, or give another --store"
    )


def _looks_like_duckdb(path: Path) -> bool:
    # A DuckDB file carries the magic bytes "DUCK" at offset 8 of its first block.
    with path.open("rb") as handle:
        header = handle.read(16)
    return len(header) >= 12 and header[8:12] == b"DUCK"
