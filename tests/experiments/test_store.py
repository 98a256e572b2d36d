import hashlib
import json

import duckdb
import numpy as np
import pytest

from accord.errors import AmbiguousIdError, StoreError, UnknownIdError
from accord.experiments.store import AttributionRecord, ResultsStore, RunRows, SweepManifest
from accord.experiments.sweep import sweep


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest(sweep_id: str, n_draws: int = 4) -> SweepManifest:
    return SweepManifest(sweep_id, "0", "case", "sha", "accord sweep case", 0, n_draws, (), {})


def rows(draws, variant: str = "baseline") -> RunRows:
    n = len(draws)
    return RunRows(
        variant,
        np.asarray(draws),
        ["breakdown"] * n,
        ["walkout"] * n,
        [None] * n,
        [None] * n,
        [None] * n,
        [None] * n,
        [[0.5, 0.5]] * n,
        ["r"] * n,
        np.zeros((n, 1)),
        [["aid"]] * n,
        [["borders"]] * n,
        [[]] * n,
    )


def stored_store(path, n_draws: int = 40):
    with ResultsStore(path) as store:
        result = sweep("ceasefire-teaching", n_draws=n_draws, seed=1, store=store)
    connection = duckdb.connect(str(path))
    connection.execute("CHECKPOINT")
    connection.close()
    return result


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


def test_a_damaged_header_is_an_error(tmp_path):
    path = tmp_path / "results.duckdb"
    with ResultsStore(path):
        pass
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match=r"results\.duckdb"):
        ResultsStore(path)


@pytest.mark.parametrize("writable", [True, False])
def test_a_truncated_store_is_refused_by_name_and_left_untouched(tmp_path, writable):
    path = tmp_path / "results.duckdb"
    stored_store(path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    before = digest(path)
    with pytest.raises(StoreError, match=f"{path}: the results store is damaged"):
        ResultsStore(path, writable=writable)
    assert digest(path) == before


@pytest.mark.parametrize("writable", [True, False])
def test_a_damaged_block_of_runs_is_found_before_anything_is_written(tmp_path, writable):
    # DuckDB reads a table's blocks only when a query needs them, and checks each one's
    # checksum then: damage in the runs must be found when the store is opened.
    path = tmp_path / "results.duckdb"
    stored_store(path)
    connection = duckdb.connect(str(path), read_only=True)
    block_size = connection.execute("SELECT block_size FROM pragma_database_size()").fetchone()[0]
    (block,) = connection.execute(
        "SELECT max(block_id) FROM pragma_storage_info('runs') WHERE block_id >= 0"
    ).fetchone()
    connection.close()
    data = bytearray(path.read_bytes())
    start = 3 * 4096 + block * block_size + 512  # three header pages, then the blocks
    data[start : start + 2048] = np.random.default_rng(0).bytes(2048)
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(StoreError, match="damaged"):
        ResultsStore(path, writable=writable)
    assert digest(path) == before


def test_a_missing_store_is_not_created_for_reading(tmp_path):
    with pytest.raises(StoreError, match="no results store here"):
        ResultsStore(tmp_path / "none.duckdb", writable=False)
    assert list(tmp_path.iterdir()) == []


def test_a_format_1_store_is_read_and_upgraded_when_written(tmp_path):
    # Format 1: the same tables with primary keys, no attributions table.
    path = tmp_path / "old.duckdb"
    connection = duckdb.connect(str(path))
    for statement in [
        "CREATE TABLE accord_store (format VARCHAR, version INTEGER)",
        "INSERT INTO accord_store VALUES ('accord-results', 1)",
        "CREATE TABLE sweeps (sweep_id VARCHAR PRIMARY KEY, accord_version VARCHAR, "
        "scenario VARCHAR, scenario_sha256 VARCHAR, command VARCHAR, seed BIGINT, "
        "n_draws BIGINT, variants VARCHAR, parameters VARCHAR, started TIMESTAMP, "
        "finished TIMESTAMP)",
        "CREATE TABLE runs (sweep_id VARCHAR, variant VARCHAR, draw BIGINT, status VARCHAR, "
        "cause VARCHAR, date DATE, round VARCHAR, step BIGINT, text VARCHAR, "
        "utilities DOUBLE[], reason VARCHAR, parameters DOUBLE[], "
        "PRIMARY KEY (sweep_id, variant, draw))",
        "CREATE TABLE aggregates (sweep_id VARCHAR, variant VARCHAR, document VARCHAR, "
        "PRIMARY KEY (sweep_id, variant))",
        "INSERT INTO sweeps VALUES ('0123456789abcdef', '0.1.0', 'case', 'sha', 'accord sweep',"
        " 7, 2, '[]', '{}', '2024-01-01 00:00:00', NULL)",
        "INSERT INTO runs VALUES ('0123456789abcdef', 'baseline', 0, 'breakdown', 'walkout', "
        "NULL, NULL, NULL, NULL, [0.1, 0.2], 'r', [0.5])",
    ]:
        connection.execute(statement)
    connection.close()
    with ResultsStore(path, writable=False) as store:
        assert store.count_runs("0123456789abcdef") == {"baseline": 1}
        assert store.attribution("sha", ["f"], 2, 7, "p_agreement") is None
        old_run = store.runs("0123456789abcdef", "baseline")
        assert (old_run["cause"], old_run["deferred"]) == (["walkout"], [[]])
    with ResultsStore(path) as store:
        version = store.connection.execute("SELECT version FROM accord_store").fetchone()[0]
        constraints = store.connection.execute(
            "SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
        ).fetchone()[0]
        assert (version, constraints) == (3, 0)
        assert store.manifest("0123456789abcdef").seed == 7
        store.write_runs("0123456789abcdef", rows([1]))
        assert store.stored_draws("0123456789abcdef", "baseline").tolist() == [0, 1]
        both = store.runs("0123456789abcdef", "baseline")
        assert both["utilities"] == [[0.1, 0.2], [0.5, 0.5]]
        assert (both["inducements"], both["deferred"]) == ([[], ["aid"]], [[], ["borders"]])


def test_a_chunk_holding_a_stored_draw_is_refused_whole(tmp_path):
    with ResultsStore(tmp_path / "r.duckdb") as store:
        store.start(manifest("abcdef0123456789"))
        store.write_runs("abcdef0123456789", rows([0, 1, 2]))
        with pytest.raises(StoreError, match=r"1 runs of sweep abcdef0123456789.*stored already"):
            store.write_runs("abcdef0123456789", rows([3, 2, 4]))
        assert store.stored_draws("abcdef0123456789", "baseline").tolist() == [0, 1, 2]
        store.write_runs("abcdef0123456789", rows([2], variant="other"))
        assert store.count_runs("abcdef0123456789") == {"baseline": 3, "other": 1}


def test_sweeps_are_listed_and_shown(tmp_path):
    with ResultsStore(tmp_path / "r.duckdb") as store:
        result = sweep("ceasefire-teaching", n_draws=8, seed=1, store=store)
        assert store.sweep_ids() == [result.sweep_id]
        assert store.count_runs(result.sweep_id) == {"baseline": 8}
        assert store.aggregates(result.sweep_id)["baseline"]["n_draws"] == 8
        assert store.manifest(result.sweep_id).finished is not None
        with pytest.raises(UnknownIdError, match="unknown sweep 'nope'"):
            store.manifest("nope")


def test_a_sweep_id_is_found_by_any_unique_prefix_of_four_characters_or_more(tmp_path):
    with ResultsStore(tmp_path / "r.duckdb") as store:
        for sweep_id in ("abcd1111aaaaaaaa", "abcd2222bbbbbbbb", "ffff0000cccccccc"):
            store.start(manifest(sweep_id))
        assert store.resolve_sweep_id("abcd1111aaaaaaaa") == "abcd1111aaaaaaaa"
        assert store.resolve_sweep_id("abcd1") == "abcd1111aaaaaaaa"
        assert store.resolve_sweep_id("ffff") == "ffff0000cccccccc"
        with pytest.raises(
            AmbiguousIdError,
            match=(
                "ambiguous sweep id prefix 'abcd': it begins 2 ids "
                r"\(abcd1111aaaaaaaa, abcd2222bbbbbbbb\)"
            ),
        ):
            store.resolve_sweep_id("abcd")
        with pytest.raises(UnknownIdError, match="a prefix needs at least 4 characters"):
            store.resolve_sweep_id("fff")
        with pytest.raises(UnknownIdError, match="unknown sweep 'abce'"):
            store.resolve_sweep_id("abce")


def test_an_attribution_is_stored_by_its_key_and_read_back_exactly(tmp_path):
    values = np.array([0.1, 1 / 3, 0.5, 2 / 3])
    record = AttributionRecord(
        "sha",
        ("a", "b"),
        50,
        2**63 - 1,
        "p_agreement",
        "case",
        "0.1",
        values,
        np.array([0.2, 0.4]),
        np.array([[0.1, 0.3], [0.35, 0.45]]),
    )
    with ResultsStore(tmp_path / "r.duckdb") as store:
        store.store_attribution(record)
        store.store_attribution(record)  # replaced, not duplicated
        found = store.attribution("sha", ["a", "b"], 50, 2**63 - 1, "p_agreement")
        count = store.connection.execute("SELECT count(*) FROM attributions").fetchone()[0]
        others = [
            store.attribution("sha", ["b", "a"], 50, 2**63 - 1, "p_agreement"),
            store.attribution("sha", ["a", "b"], 51, 2**63 - 1, "p_agreement"),
            store.attribution("sha", ["a", "b"], 50, 0, "p_agreement"),
            store.attribution("sha", ["a", "b"], 50, 2**63 - 1, "utility:A"),
            store.attribution("other", ["a", "b"], 50, 2**63 - 1, "p_agreement"),
        ]
    assert count == 1 and others == [None] * 5
    assert found is not None and found.created is not None
    assert found.values.tolist() == values.tolist()  # exact doubles, not rounded
    assert found.intervals.tolist() == [[0.1, 0.3], [0.35, 0.45]]
    assert (found.scenario, found.accord_version, found.factors) == ("case", "0.1", ("a", "b"))


def test_the_store_keeps_the_largest_seed(tmp_path):
    with ResultsStore(tmp_path / "r.duckdb") as store:
        result = sweep("ceasefire-teaching", n_draws=2, seed=2**63 - 1, store=store)
        assert store.manifest(result.sweep_id).seed == 2**63 - 1
        assert json.loads(json.dumps(result.to_dict()))["seed"] == 2**63 - 1


@pytest.mark.parametrize(
    "raised",
    [
        duckdb.InterruptException("INTERRUPT Error: Interrupted!"),
        duckdb.Error("KeyboardInterrupt: "),
        RuntimeError("Query interrupted"),
    ],
    ids=["query", "python-data", "runtime"],
)
def test_every_form_duckdb_gives_a_ctrl_c_becomes_a_keyboard_interrupt(raised):
    from accord.experiments.store import _interrupts_as_keyboard

    with pytest.raises(KeyboardInterrupt), _interrupts_as_keyboard():
        raise raised


class _CtrlCOnInsert:
    """A connection that reports a Ctrl-C, as DuckDB does while it reads Python data, on INSERT."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self.connection = connection

    def __getattr__(self, name: str):
        return getattr(self.connection, name)

    def execute(self, query: str, *parameters):
        if query.startswith("INSERT INTO runs"):
            raise duckdb.Error("KeyboardInterrupt: ")
        return self.connection.execute(query, *parameters)


def test_a_ctrl_c_while_runs_are_stored_interrupts_and_stores_none_of_them(tmp_path):
    with ResultsStore(tmp_path / "r.duckdb") as store:
        store.start(manifest("abcdef0123456789"))
        store.write_runs("abcdef0123456789", rows([0]))
        connection = store.connection
        store.connection = _CtrlCOnInsert(connection)
        with pytest.raises(KeyboardInterrupt):
            store.write_runs("abcdef0123456789", rows([1, 2]))
        store.connection = connection
        assert store.stored_draws("abcdef0123456789", "baseline").tolist() == [0]


def test_other_duckdb_errors_pass_through_unchanged():
    from accord.experiments.store import _interrupts_as_keyboard

    with pytest.raises(duckdb.Error, match="Catalog Error"), _interrupts_as_keyboard():
        raise duckdb.Error("Catalog Error: no table")
