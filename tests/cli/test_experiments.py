"""sweep, attribute and results on the command line: bounds, damaged stores, prefixes."""

import hashlib
import json

import duckdb
import pytest
from typer.testing import CliRunner

from accord.cli import app

runner = CliRunner()
CASE = "ceasefire-teaching"
MAX_SEED = 2**63 - 1


def swept(store, *options: str) -> str:
    result = runner.invoke(
        app,
        [
            "sweep",
            CASE,
            "-n",
            "4",
            "--workers",
            "1",
            "--store",
            str(store),
            "--json",
            "-q",
            *options,
        ],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["sweep_id"]


@pytest.mark.parametrize("seed", ["-1", str(MAX_SEED + 1)])
@pytest.mark.parametrize(
    "command",
    [
        ["run", CASE],
        ["sweep", CASE, "-n", "2", "--workers", "1"],
        ["attribute", CASE, "--factors", "truce-violation", "-n", "2", "--workers", "1"],
        ["report", CASE, "-o", "{tmp}/r.html"],
        ["figures", CASE, "-o", "{tmp}/figures"],
    ],
)
def test_every_command_refuses_a_seed_out_of_range(tmp_path, command, seed):
    arguments = [a.replace("{tmp}", str(tmp_path)) for a in command]
    result = runner.invoke(
        app,
        [*arguments, "--store", str(tmp_path / "r.duckdb"), "--seed", seed]
        if command[0] == "sweep"
        else [*arguments, "--seed", seed],
    )
    assert result.exit_code == 2
    assert "Invalid value for '--seed'" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_largest_seed_runs_and_is_stored(tmp_path):
    store = tmp_path / "r.duckdb"
    sweep_id = swept(store, "--seed", str(MAX_SEED))
    shown = runner.invoke(app, ["results", sweep_id, "--store", str(store), "--json"])
    assert json.loads(shown.stdout)["seed"] == MAX_SEED


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["-n", "1000000000"], "Invalid value for '-n' / '--n-draws'"),
        (["-n", "4", "--workers", "-5"], "Invalid value for '--workers'"),
        (["-n", "4", "--workers", "0", "--executor", "dask"], "Invalid value for '--workers'"),
        (
            ["-n", "4", "--executor", "dask", "--scheduler", "not a url"],
            "cannot reach the dask scheduler at 'not a url'",
        ),
    ],
)
def test_sweeps_out_of_bounds_are_refused_up_front_and_write_nothing(tmp_path, options, message):
    result = runner.invoke(app, ["sweep", CASE, *options, "--store", str(tmp_path / "r.duckdb")])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def damaged_copy(store, tmp_path):
    connection = duckdb.connect(str(store))
    connection.execute("CHECKPOINT")
    connection.close()
    damaged = tmp_path / "damaged.duckdb"
    data = store.read_bytes()
    damaged.write_bytes(data[: len(data) // 2])  # cut short, as by a full disk or a bad copy
    return damaged


@pytest.mark.parametrize(
    "command",
    [
        ["results"],
        ["results", "{sweep}"],
        ["sweep", CASE, "-n", "4", "--workers", "1"],
        ["report", CASE, "--sweep", "{sweep}", "-o", "{tmp}/r.html"],
        ["attribute", CASE, "--factors", "truce-violation", "-n", "2", "--workers", "1"],
    ],
)
def test_a_damaged_store_is_refused_by_name_and_left_untouched(tmp_path, command):
    store = tmp_path / "r.duckdb"
    sweep_id = swept(store)
    damaged = damaged_copy(store, tmp_path)
    before = hashlib.sha256(damaged.read_bytes()).hexdigest()
    arguments = [a.replace("{sweep}", sweep_id).replace("{tmp}", str(tmp_path)) for a in command]
    result = runner.invoke(app, [*arguments, "--store", str(damaged)])
    assert result.exit_code == 2, result.output
    assert f"error: {damaged}: the results store is damaged" in result.stderr
    assert "Traceback" not in result.stderr
    assert hashlib.sha256(damaged.read_bytes()).hexdigest() == before
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["results"],
        ["sweep", CASE, "-n", "4", "--workers", "1"],
        ["attribute", CASE, "--factors", "truce-violation", "-n", "2", "--workers", "1"],
    ],
)
def test_an_empty_store_file_is_said_alike_by_every_command_and_left_alone(tmp_path, command):
    empty = tmp_path / "r.duckdb"
    empty.write_bytes(b"")
    result = runner.invoke(app, [*command, "--store", str(empty)])
    assert result.exit_code == 2, result.output
    assert f"error: {empty}: an empty file, not a results store" in result.stderr
    assert empty.read_bytes() == b""


def test_results_accepts_a_unique_prefix_of_a_sweep_id(tmp_path):
    store = tmp_path / "r.duckdb"
    first, second = swept(store), swept(store, "--seed", "1")
    assert first[:4] != second[:4]  # sweep ids are hashes: these two differ early
    for given, expected in ((first[:4], first), (second[:7], second), (first, first)):
        shown = runner.invoke(app, ["results", given, "--store", str(store), "--json"])
        assert shown.exit_code == 0, shown.output
        assert json.loads(shown.stdout)["sweep_id"] == expected
    short = runner.invoke(app, ["results", first[:3], "--store", str(store)])
    assert short.exit_code == 2 and "a prefix needs at least 4 characters" in short.stderr


def test_results_of_an_unfinished_sweep_counts_the_runs_of_each_variant(tmp_path):
    store = tmp_path / "r.duckdb"
    sweep_id = swept(store, "-v", "no-violation")
    # As a sweep stopped before no-violation's last two draws and its summaries.
    with duckdb.connect(str(store)) as connection:
        connection.execute("DELETE FROM aggregates WHERE sweep_id = ?", [sweep_id])
        connection.execute("UPDATE sweeps SET finished = NULL WHERE sweep_id = ?", [sweep_id])
        connection.execute(
            "DELETE FROM runs WHERE sweep_id = ? AND variant = 'no-violation' AND draw >= 2",
            [sweep_id],
        )
    shown = runner.invoke(app, ["results", sweep_id, "--store", str(store)])
    assert shown.exit_code == 0
    said = " ".join(shown.stdout.split())
    assert (
        f"sweep {sweep_id} is unfinished, runs stored: baseline 4 of 4, no-violation 2 of 4" in said
    )
    document = json.loads(
        runner.invoke(app, ["results", sweep_id, "--store", str(store), "--json"]).stdout
    )
    assert document["runs"] == {"baseline": 4, "no-violation": 2}
    assert document["finished"] is False


def test_an_ambiguous_prefix_lists_the_sweeps_it_begins(tmp_path):
    store = tmp_path / "r.duckdb"
    swept(store)
    with duckdb.connect(str(store)) as connection:
        for sweep_id in ("beef0001aaaaaaaa", "beef0002bbbbbbbb"):
            connection.execute(
                "INSERT INTO sweeps (sweep_id, scenario, seed, n_draws, variants,"
                " parameters) VALUES (?, 'x', 0, 1, '[]', '{}')",
                [sweep_id],
            )
    result = runner.invoke(app, ["results", "beef", "--store", str(store)])
    assert result.exit_code == 2
    assert (
        "ambiguous sweep id prefix 'beef': it begins 2 ids (beef0001aaaaaaaa, "
        "beef0002bbbbbbbb); give more characters"
    ) in result.stderr.replace("\n", "")


def test_attribute_with_a_store_keeps_its_result_and_reads_it_back(tmp_path):
    store = tmp_path / "r.duckdb"
    command = [
        "attribute",
        CASE,
        "--factors",
        "truce-violation,brave-guardian",
        "-n",
        "6",
        "--workers",
        "1",
        "--store",
        str(store),
        "--json",
    ]
    first = runner.invoke(app, command)
    assert first.exit_code == 0, first.output
    assert "4 combinations × 6 draws = 24 runs" in first.stderr
    assert f"attribution stored in {store}" in first.stderr
    second = runner.invoke(app, command)
    assert "read from" in second.stderr and "runs" not in second.stderr
    assert second.stdout == first.stdout


def test_a_variant_or_factor_given_twice_or_no_factor_is_refused(tmp_path):
    store = tmp_path / "r.duckdb"
    twice = ["-v", "no-violation", "-v", "no-violation"]
    swept_twice = runner.invoke(app, ["sweep", CASE, "-n", "4", *twice, "--store", str(store)])
    assert swept_twice.exit_code == 2
    assert "variant 'no-violation' is given twice" in swept_twice.output
    assert not store.exists()
    for factors, said in (
        ("no-violation,no-violation", "factor 'no-violation' is given twice"),
        ("", "no factor to attribute"),
        (" , ", "no factor to attribute"),
    ):
        attributed = runner.invoke(app, ["attribute", CASE, "--factors", factors, "-n", "4"])
        assert attributed.exit_code == 2, factors
        assert said in attributed.output


def test_attribute_says_its_store_cannot_be_written_before_running(tmp_path, monkeypatch):
    import accord.experiments.attribution as attribution

    ran = []
    monkeypatch.setattr(attribution, "run_attribution", lambda *a, **k: ran.append(1))
    store = tmp_path / "missing" / "a.duckdb"
    refused = runner.invoke(
        app, ["attribute", CASE, "--factors", "no-violation", "-n", "4", "--store", str(store)]
    )
    assert refused.exit_code == 2
    assert "cannot create a results store there" in " ".join(refused.output.split())
    assert ran == [] and not (tmp_path / "missing").exists()


def test_a_scheduler_without_the_dask_executor_is_refused(tmp_path):
    store = tmp_path / "r.duckdb"
    refused = runner.invoke(
        app, ["sweep", CASE, "-n", "4", "--scheduler", "tcp://10.0.0.1:8786", "--store", str(store)]
    )
    assert refused.exit_code == 2
    assert "--scheduler names a dask scheduler: give --executor dask too" in refused.output
    assert not store.exists()
