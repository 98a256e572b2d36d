"""Sweeps: common random numbers, determinism across executors, kill and resume."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from accord.errors import LimitError
from accord.experiments.executors import DaskExecutor, LocalExecutor
from accord.experiments.store import ResultsStore
from accord.experiments.sweep import (
    Chunk,
    _chunks,
    _cuts,
    _tasks,
    iterate_runs,
    run_chunk,
    run_variants,
    sweep,
)
from accord.scenario import load_scenario
from accord.scenario.load import apply_variants
from accord.situation import sampled_draws
from accord.situation.readings import reading_combinations

CASE = "ceasefire-teaching"


def aggregates(result) -> str:
    document = result.to_dict()
    document.pop("store")
    return json.dumps(document, sort_keys=True)


def test_summary_has_the_documented_keys():
    result = sweep(CASE, n_draws=30, variants=["no-violation"], seed=2).to_dict()
    assert {"schema_version", "sweep_id", "scenario", "n_draws", "seed", "variants"} <= set(result)
    baseline, variant = result["variants"]["baseline"], result["variants"]["no-violation"]
    for summary in (baseline, variant):
        assert {
            "p_agreement",
            "ci",
            "n_agreements",
            "difference",
            "agreement_dates",
            "top_texts",
            "mean_utilities",
            "breakdown_causes",
            "sensitivity",
        } <= set(summary)
        low, high = summary["ci"]
        assert low <= summary["p_agreement"] <= high
    assert baseline["difference"] is None
    assert {"estimate", "ci", "n_gained", "n_lost"} <= set(variant["difference"])


def test_a_variant_that_changes_nothing_differs_from_no_draw(tmp_path):
    scenario = tmp_path / "same.yaml"
    text = Path(__file__).parents[2].joinpath("scenarios", f"{CASE}.yaml").read_text()
    scenario.write_text(
        text.replace(
            "variants:\n",
            "variants:\n  same: [{set: preferences.south.reservation_value, value: 0.4}]\n",
            1,
        )
    )
    difference = sweep(scenario, n_draws=40, variants=["same"], seed=5).to_dict()["variants"][
        "same"
    ]["difference"]
    assert (difference["estimate"], difference["n_gained"], difference["n_lost"]) == (0, 0, 0)


def test_results_do_not_depend_on_workers_chunks_or_executor():
    def swept(executor, chunk_size: int):
        return sweep(
            CASE,
            n_draws=24,
            variants=["brave-guardian", "no-violation"],
            seed=11,
            executor=executor,
            chunk_size=chunk_size,
        )

    serial = swept(LocalExecutor(1), 24)
    pool = LocalExecutor(2)
    try:
        parallel = swept(pool, 5)
    finally:
        pool.close()
    cluster = DaskExecutor(workers=2)
    try:
        distributed = swept(cluster, 7)
    finally:
        cluster.close()
    assert aggregates(serial) == aggregates(parallel) == aggregates(distributed)


def sweep_command(store: Path, n_draws: int) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from accord.cli import main; main()",
        "sweep",
        CASE,
        "-n",
        str(n_draws),
        "--variant",
        "brave-guardian",
        "--seed",
        "3",
        "--workers",
        "1",
        "--chunk-size",
        "10",
        "--store",
        str(store),
        "--json",
        "--quiet",
    ]


def test_killed_sweep_resumes_to_the_same_result(tmp_path):
    n_draws = 300
    store = tmp_path / "killed.duckdb"
    process = subprocess.Popen(
        sweep_command(store, n_draws), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wal = Path(f"{store}.wal")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (wal.exists() and wal.stat().st_size > 20_000):
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with ResultsStore(store) as results:
        (sweep_id,) = results.sweep_ids()
        partial = sum(results.count_runs(sweep_id).values())
    assert 0 < partial < 2 * n_draws, "the kill must land mid-sweep"

    resumed = subprocess.run(
        sweep_command(store, n_draws), capture_output=True, text=True, check=True
    )
    clean = subprocess.run(
        sweep_command(tmp_path / "clean.duckdb", n_draws),
        capture_output=True,
        text=True,
        check=True,
    )
    resumed_doc, clean_doc = json.loads(resumed.stdout), json.loads(clean.stdout)
    resumed_doc.pop("store"), clean_doc.pop("store")
    assert resumed_doc == clean_doc
    with ResultsStore(store) as results:
        assert results.count_runs(sweep_id) == {"baseline": n_draws, "brave-guardian": n_draws}
        rows = results.connection.execute(
            "SELECT count(*), count(DISTINCT (variant, draw)) FROM runs"
        ).fetchone()
        assert rows == (2 * n_draws, 2 * n_draws)


def test_unknown_variant_is_refused():
    from accord.errors import UnknownIdError

    with pytest.raises(UnknownIdError, match="unknown variant 'nope'"):
        sweep(CASE, n_draws=2, variants=["nope"])


def test_numbers_sharing_a_judgement_are_ranked_as_one(tmp_path):
    base = Path(__file__).parents[1] / "scenario" / "testdata" / "good-base.yaml"
    path = tmp_path / "shared.yaml"
    path.write_text(
        base.read_text().replace(
            "reservation_value: 0.3", "reservation_value: {uniform: [0.2, 0.7], shared: walk-away}"
        )
    )
    summary = sweep(path, n_draws=60, seed=1).to_dict()["variants"]["baseline"]
    assert 0 < summary["n_agreements"] < 60
    assert [s["parameter"] for s in summary["sensitivity"]] == ["shared:walk-away"]
    assert summary["sensitivity"][0]["prcc"] < 0


class StopSweepError(Exception):
    pass


def stop_after(n_runs: int):
    def on_progress(done: int, total: int) -> None:
        if done >= n_runs:
            raise StopSweepError

    return on_progress


@pytest.fixture(scope="module")
def uninterrupted():
    return aggregates(sweep(CASE, n_draws=60, variants=["brave-guardian"], seed=3))


@pytest.mark.parametrize("resumed_chunk_size", [7, None])
def test_a_stopped_sweep_resumes_with_any_chunk_size(tmp_path, resumed_chunk_size, uninterrupted):
    path = tmp_path / "r.duckdb"
    with ResultsStore(path) as store:
        with pytest.raises(StopSweepError):
            sweep(
                CASE,
                n_draws=60,
                variants=["brave-guardian"],
                seed=3,
                store=store,
                chunk_size=10,
                on_progress=stop_after(30),
            )
        (sweep_id,) = store.sweep_ids()
        assert sum(store.count_runs(sweep_id).values()) == 30
        resumed = sweep(
            CASE,
            n_draws=60,
            variants=["brave-guardian"],
            seed=3,
            store=store,
            chunk_size=resumed_chunk_size,
        )
        counts = store.connection.execute(
            "SELECT variant, count(*), count(DISTINCT draw), min(draw), max(draw) FROM runs "
            "GROUP BY variant ORDER BY variant"
        ).fetchall()
    assert aggregates(resumed) == uninterrupted
    assert counts == [("baseline", 60, 60, 0, 59), ("brave-guardian", 60, 60, 0, 59)]


def test_only_the_draws_not_stored_run_in_chunks_of_at_most_the_chunk_size():
    scenario = load_scenario(CASE)
    stored = {"baseline": np.array([0, 1, 2, 5, 6, 11, 12, 13, 19])}
    chunks = list(
        iterate_runs({"baseline": scenario}, n_draws=20, seed=1, chunk_size=3, stored=stored)
    )
    draws = sorted(int(d) for rows in chunks for d in rows.draws)
    assert draws == [3, 4, 7, 8, 9, 10, 14, 15, 16, 17, 18]
    assert all(0 < len(rows.draws) <= 3 for rows in chunks)
    for rows in chunks:  # each chunk is a run of consecutive draws
        assert rows.draws.tolist() == list(range(rows.draws[0], rows.draws[-1] + 1))
    assert (
        list(
            iterate_runs(
                {"baseline": scenario}, n_draws=3, seed=1, stored={"baseline": np.arange(3)}
            )
        )
        == []
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"n_draws": 10**9}, "n_draws = 1000000000: input should be less than or equal to 1000000"),
        ({"n_draws": 5, "seed": -1}, "seed = -1: input should be greater than or equal to 0"),
        ({"n_draws": 5, "seed": 2**63}, "seed = 9223372036854775808"),
        ({"n_draws": 5, "chunk_size": 0}, "chunk_size = 0"),
    ],
)
def test_out_of_bounds_sweeps_are_refused_before_anything_is_stored(tmp_path, options, message):
    with ResultsStore(tmp_path / "r.duckdb") as store:
        with pytest.raises(LimitError, match=re.escape(message)):
            sweep(CASE, store=store, **options)
        assert store.sweep_ids() == []


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def pool_sweep(store: Path) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from accord.cli import main; main()",
        "sweep",
        CASE,
        "-n",
        "2000",
        "--seed",
        "9",
        "--workers",
        "2",
        "--chunk-size",
        "25",
        "--store",
        str(store),
    ]


def wait_for_runs(store: Path, process: subprocess.Popen, timeout: float = 90) -> None:
    wal = Path(f"{store}.wal")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > 5_000:
            return
        time.sleep(0.05)
    raise AssertionError("the sweep stored nothing in time")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_killing_the_sweep_process_ends_its_workers(tmp_path):
    store = tmp_path / "k.duckdb"
    process = subprocess.Popen(
        pool_sweep(store), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wait_for_runs(store, process)
    workers = children_of(process.pid)  # the pool workers and multiprocessing's tracker
    assert len(workers) >= 2
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(map(is_running, workers)):
        time.sleep(0.1)
    assert [pid for pid in workers if is_running(pid)] == []


def test_ctrl_c_stops_the_sweep_cleanly_and_the_same_command_resumes_it(tmp_path):
    store = tmp_path / "c.duckdb"
    process = subprocess.Popen(
        pool_sweep(store),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    wait_for_runs(store, process)
    os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C sends: the whole group
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and stdout == ""
    (line,) = [line for line in stderr.splitlines() if line.startswith("interrupted")]
    n_stored = int(re.search(r"interrupted; ([\d,]+) of 2,000 runs", line)[1].replace(",", ""))
    assert "run the same command to resume" in line
    with ResultsStore(store, writable=False) as results:
        (sweep_id,) = results.sweep_ids()
        stored = results.connection.execute(
            "SELECT count(*), count(DISTINCT draw) FROM runs"
        ).fetchone()
        assert stored == (n_stored, n_stored) and 0 < n_stored < 2000
        assert results.aggregates(sweep_id) == {}
    resumed = subprocess.run(
        [*pool_sweep(store), "--json", "-q"], capture_output=True, text=True, check=True
    )
    assert json.loads(resumed.stdout)["variants"]["baseline"]["n_draws"] == 2000


def test_sweeps_store_and_count_what_each_agreement_deferred_or_was_made_without(tmp_path):
    from accord.scenario import validate_data
    from tests.engine.test_run import three_parties
    from tests.situation.test_deferral import deferrable

    # Worked out by hand beside the two scenarios: every draw agrees on {mid, later},
    # deferring delivery; and A and B agree on y once C has left.
    cases = {"deferrable": deferrable(partial=True), "three": three_parties()}
    expected = {"deferrable": ("deferred", "delivery"), "three": ("without", "C")}
    for name, data in cases.items():
        with ResultsStore(tmp_path / f"{name}.duckdb") as store:
            result = sweep(validate_data(data | {"id": name}), n_draws=5, seed=0, store=store)
            stored = store.runs(result.sweep_id, "baseline")
        column, value = expected[name]
        assert stored["status"] == ["agreement"] * 5
        assert stored[column] == [[value]] * 5
        counts = result.to_dict()["variants"]["baseline"]["agreements_with"]
        assert counts == {"inducements": {}, "deferred": {}, "without": {}} | {column: {value: 5}}


def test_a_sweep_stores_the_inducements_each_replayed_draw_carried(tmp_path):
    from accord import simulate

    scenario = load_scenario("patron-teaching")
    with ResultsStore(tmp_path / "patron.duckdb") as store:
        result = sweep(scenario, n_draws=12, seed=3, store=store)
        stored = store.runs(result.sweep_id, "baseline")
    replayed = [list(simulate(scenario, seed=3, draw=k).outcome.inducements) for k in range(12)]
    assert stored["inducements"] == replayed
    assert any(replayed)


def test_draws_that_drew_the_same_readings_run_together_and_end_as_they_would_alone():
    scenario = load_scenario("rambouillet-1999")  # 4 combinations of its readings drawn
    n_draws, size, seed = 120, 10, 5
    chunks = _chunks({"baseline": scenario}, seed, n_draws, size, {})
    assert sorted(int(c.start + r) for c in chunks for r in c.rows) == list(range(n_draws))
    assert all(0 < c.n_draws <= size for c in chunks)
    _, combination = reading_combinations(
        scenario, sampled_draws(scenario, seed=seed, start=0, stop=n_draws)
    )
    # Chunks cut between combinations split one only where it holds more draws than a
    # chunk; chunks of consecutive draws would mix them (40 pieces here instead of 15).
    pieces = sum(len(set(combination[c.start + c.rows].tolist())) for c in chunks)
    sizes = np.bincount(combination)
    assert pieces == int(np.sum(-(-sizes // size)))
    grouped = run_variants({"baseline": scenario}, n_draws=n_draws, seed=seed, chunk_size=size)
    alone = [run_chunk(Chunk("baseline", scenario, seed, d, d + 1)) for d in range(n_draws)]
    rows = grouped["baseline"]
    assert rows.draws.tolist() == list(range(n_draws))
    for name in ("status", "cause", "step", "text", "utilities", "reason", "without"):
        assert getattr(rows, name) == [getattr(one, name)[0] for one in alone], name
    assert np.array_equal(rows.parameters, np.concatenate([one.parameters for one in alone]))
    # Resumed with every third draw stored, only the others run, grouped the same way.
    stored = {"baseline": np.arange(0, n_draws, 3)}
    rest = list(
        iterate_runs(
            {"baseline": scenario}, n_draws=n_draws, seed=seed, chunk_size=size, stored=stored
        )
    )
    ran = {int(d): part.status[j] for part in rest for j, d in enumerate(part.draws)}
    assert sorted(ran) == [d for d in range(n_draws) if d % 3]
    assert all(ran[d] == alone[d].status[0] for d in ran)


def test_chunks_are_cut_between_groups_of_draws_unless_a_group_fills_one():
    """By hand: groups of 125, 130, 120 and 126 draws fill chunks of 500 as 375 + 126
    (the fourth would overflow the first chunk); with chunks of 200, a group of 300 fills
    one and leaves 100, joined by the next two (50 + 50); the group of 700 then starts a
    chunk, fills three and leaves 100, joined by the last group's 10."""
    assert _cuts([125, 130, 120, 126], 500) == [(0, 375), (375, 501)]
    assert _cuts([300, 50, 50, 700, 10], 200) == [
        (0, 200),
        (200, 400),
        (400, 600),
        (600, 800),
        (800, 1000),
        (1000, 1110),
    ]
    assert _cuts([], 5) == []
    assert _cuts([2, 3], 5) == [(0, 5)]
    rng = np.random.default_rng(4)
    for _ in range(200):
        sizes = rng.integers(1, 40, rng.integers(1, 12)).tolist()
        limit = int(rng.integers(1, 60))
        cuts = _cuts(sizes, limit)
        ends = np.cumsum(sizes).tolist()
        following = dict(zip(ends, [*sizes[1:], 0], strict=True))
        assert [first for first, _ in cuts] == [0] + [last for _, last in cuts[:-1]]
        assert cuts[-1][1] == sum(sizes)
        for first, last in cuts[:-1]:
            assert 0 < last - first <= limit
            # A chunk ends inside a group only when it is full, and between groups only
            # when the next one does not fit in what is left of it.
            assert last in following or last - first == limit
            assert last not in following or last - first + following[last] > limit
        assert 0 < cuts[-1][1] - cuts[-1][0] <= limit


def test_variants_swept_together_store_the_rows_each_stores_alone():
    """A sweep runs a window's chunks of every variant as one task, variants going on from
    the baseline past the events they share; each variant's rows are those it gets alone."""
    scenario = load_scenario("dayton-1995")
    every = {"baseline": scenario}
    every |= {name: apply_variants(scenario, [name]) for name in ("no-erdut", "un-force")}
    chunks = _chunks(every, 3, 12, 5, {})
    assert len(_tasks(chunks)) == len(chunks) // 3
    assert all({c.variant for c in task} == set(every) for task in _tasks(chunks))
    # Largest first (12 draws in chunks of 5: the last one holds 2), so no worker waits
    # long on another at the end; stable among equals.
    assert [task[0].start for task in _tasks(chunks)] == [0, 5, 10]
    assert [task[0].n_draws for task in _tasks(chunks[::-1])] == [5, 5, 2]
    together = run_variants(every, n_draws=12, seed=3, chunk_size=5)
    for name, variant in every.items():
        alone = run_variants({name: variant}, n_draws=12, seed=3, chunk_size=5)[name]
        for column in ("draws", "status", "cause", "step", "text", "utilities", "reason"):
            assert np.array_equal(getattr(together[name], column), getattr(alone, column))
        assert np.array_equal(together[name].parameters, alone.parameters)
