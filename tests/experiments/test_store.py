import duckdb
import pytest

from accord.errors import StoreError, UnknownIdError
from accord.experiments.store import ResultsStore
from accord.experiments.sweep import sweep


def test_a_foreign_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_bytes(b"these are my notes, not a database")
    with pytest.raises(StoreError, match="not an accord results store"):
        ResultsStore(path)
    assert path.read_bytes() == b"these are my notes, not a database"


def test_a_foreign_duckdb_database_is_refused(tmp_path):
    path = tmp_path / "other.duckdb"
    connection = duckdb.connect(str(path))
    connection.execute("CREATE TABLE prices (item VARCHAR, price DOUBLE)")
    connection.close()
    with pytest.raises(StoreError, match="not an accord results store"):
        ResultsStore(path)
    connection = duckdb.connect(str(path))
    assert connection.execute("SHOW TABLES").fetchall() == [("prices",)]
    connection.close()


def test_a_damaged_store_is_an_error(tmp_path):
    path = tmp_path / "results.duckdb"
    with ResultsStore(path):
        pass
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError):
        ResultsStore(path)


def test_sweeps_are_listed_and_shown(tmp_path):
    with ResultsStore(tmp_path / "r.duckdb") as store:
        result = sweep("ceasefire-teaching", n_draws=8, seed=1, store=store)
        assert store.sweep_ids() == [result.sweep_id]
        assert store.count_runs(result.sweep_id) == {"baseline": 8}
        assert store.aggregates(result.sweep_id)["baseline"]["n_draws"] == 8
        assert store.manifest(result.sweep_id).finished is not None
        with pytest.raises(UnknownIdError, match="unknown sweep 'nope'"):
            store.manifest("nope")
