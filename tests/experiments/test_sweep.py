"""Sweeps: common random numbers, determinism across executors, kill and resume."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from accord.experiments.executors import DaskExecutor, LocalExecutor
from accord.experiments.store import ResultsStore
from accord.experiments.sweep import sweep

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
        assert {"p_agreement", "ci", "n_agreements", "difference", "agreement_dates",
                "top_texts", "mean_utilities", "breakdown_causes", "sensitivity"} <= set(summary)
        low, high = summary["ci"]
        assert low <= summary["p_agreement"] <= high
    assert baseline["difference"] is None
    assert {"estimate", "ci", "n_gained", "n_lost"} <= set(variant["difference"])


def test_a_variant_that_changes_nothing_differs_from_no_draw(tmp_path):
    scenario = tmp_path / "same.yaml"
    text = Path(__file__).parents[2].joinpath("scenarios", f"{CASE}.yaml").read_text()
    scenario.write_text(text.replace(
        "variants:\n", "variants:\n  same: [{set: preferences.south.reservation_value, "
        "value: 0.4}]\n", 1))
    difference = sweep(scenario, n_draws=40, variants=["same"], seed=5).to_dict()[
        "variants"]["same"]["difference"]
    assert (difference["estimate"], difference["n_gained"], difference["n_lost"]) == (0, 0, 0)


def test_results_do_not_depend_on_workers_chunks_or_executor():
    serial = sweep(CASE, n_draws=24, variants=["brave-guardian"], seed=11,
                   executor=LocalExecutor(1), chunk_size=24)
    pool = LocalExecutor(2)
    try:
        parallel = sweep(CASE, n_draws=24, variants=["brave-guardian"], seed=11,
                         executor=pool, chunk_size=5)
    finally:
        pool.close()
    cluster = DaskExecutor(workers=2)
    try:
        distributed = sweep(CASE, n_draws=24, variants=["brave-guardian"], seed=11,
                            executor=cluster, chunk_size=7)
    finally:
        cluster.close()
    assert aggregates(serial) == aggregates(parallel) == aggregates(distributed)


def sweep_command(store: Path, n_draws: int) -> list[str]:
    return [sys.executable, "-c", "from accord.cli import main; main()", "sweep", CASE,
            "-n", str(n_draws), "--variant", "brave-guardian", "--seed", "3",
            "--workers", "1", "--chunk-size", "10", "--store", str(store), "--json", "--quiet"]


def test_killed_sweep_resumes_to_the_same_result(tmp_path):
    n_draws = 300
    store = tmp_path / "killed.duckdb"
    process = subprocess.Popen(sweep_command(store, n_draws), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
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

    resumed = subprocess.run(sweep_command(store, n_draws), capture_output=True, text=True,
                             check=True)
    clean = subprocess.run(sweep_command(tmp_path / "clean.duckdb", n_draws),
                           capture_output=True, text=True, check=True)
    resumed_doc, clean_doc = json.loads(resumed.stdout), json.loads(clean.stdout)
    resumed_doc.pop("store"), clean_doc.pop("store")
    assert resumed_doc == clean_doc
    with ResultsStore(store) as results:
        assert results.count_runs(sweep_id) == {"baseline": n_draws, "brave-guardian": n_draws}
        rows = results.connection.execute(
            "SELECT count(*), count(DISTINCT (variant, draw)) FROM runs").fetchone()
        assert rows == (2 * n_draws, 2 * n_draws)


def test_unknown_variant_is_refused():
    from accord.errors import UnknownIdError

    with pytest.raises(UnknownIdError, match="unknown variant 'nope'"):
        sweep(CASE, n_draws=2, variants=["nope"])


def test_numbers_sharing_a_judgement_are_ranked_as_one(tmp_path):
    base = Path(__file__).parents[1] / "scenario" / "testdata" / "good-base.yaml"
    path = tmp_path / "shared.yaml"
    path.write_text(base.read_text().replace(
        "reservation_value: 0.3", "reservation_value: {uniform: [0.2, 0.7], shared: walk-away}"))
    summary = sweep(path, n_draws=60, seed=1).to_dict()["variants"]["baseline"]
    assert 0 < summary["n_agreements"] < 60
    assert [s["parameter"] for s in summary["sensitivity"]] == ["shared:walk-away"]
    assert summary["sensitivity"][0]["prcc"] < 0
