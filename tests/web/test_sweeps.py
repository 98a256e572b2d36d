"""Sweeps from the workbench: in the background, stored, reported, within limits."""

import time

import pytest

from accord import load_scenario, load_sweep, sweep
from accord.errors import LimitError, UnknownIdError
from accord.web.sweeps import MAX_WEB_DRAWS, StoreBusyError, SweepJobs


def test_a_launched_sweep_finishes_with_the_result_of_accord_sweep(tmp_path):
    jobs = SweepJobs(tmp_path / "results.duckdb")
    scenario = load_scenario("ceasefire-teaching")
    job = jobs.launch(scenario, n_draws=6, variants=["no-violation"], seed=4)
    deadline = time.monotonic() + 60
    while job.state in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert job.state == "finished" and job.done == job.planned == 12
    stored = load_sweep(job.sweep_id, store=tmp_path / "results.duckdb")
    direct = sweep(scenario, n_draws=6, variants=["no-violation"], seed=4)
    assert stored.to_dict()["variants"] == direct.to_dict()["variants"]
    [row] = jobs.stored()
    assert (row["sweep_id"], row["n_draws"], row["finished"]) == (job.sweep_id, 6, True)
    html = jobs.report(job.sweep_id, load_scenario)
    assert html.startswith("<!DOCTYPE html>") and "no-violation" in html


def test_a_sweep_from_the_workbench_is_small_and_names_known_variants(tmp_path):
    jobs = SweepJobs(tmp_path / "results.duckdb")
    scenario = load_scenario("ceasefire-teaching")
    with pytest.raises(LimitError, match="accord sweep"):
        jobs.launch(scenario, n_draws=MAX_WEB_DRAWS + 1, variants=[])
    with pytest.raises(UnknownIdError, match="unknown variant 'peace'"):
        jobs.launch(scenario, n_draws=2, variants=["peace"])
    assert jobs.jobs == {} and jobs.stored() == []


def finished(job):
    deadline = time.monotonic() + 60
    while job.state in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return job


def test_while_a_sweep_writes_the_list_and_reports_answer_at_once(tmp_path):
    jobs = SweepJobs(tmp_path / "results.duckdb")
    scenario = load_scenario("ceasefire-teaching")
    first = finished(jobs.launch(scenario, n_draws=3, variants=[], seed=1))
    listed = jobs.stored()
    # A sweep holds the store's one writer (held here, so that it lasts for the test).
    with jobs._writer:
        queued = jobs.launch(scenario, n_draws=3, variants=[], seed=2)
        time.sleep(0.2)
        assert queued.state == "queued"
        assert jobs.stored() == listed
        with pytest.raises(StoreBusyError, match="reports open again when it ends"):
            jobs.report(first.sweep_id, load_scenario)
    assert finished(queued).state == "finished"
    assert [row["sweep_id"] for row in jobs.stored()] == [queued.sweep_id, first.sweep_id]
    assert "<!DOCTYPE html>" in jobs.report(first.sweep_id, load_scenario)


def test_a_sweep_asked_again_finishes_with_every_run_counted(tmp_path):
    jobs = SweepJobs(tmp_path / "results.duckdb")
    scenario = load_scenario("ceasefire-teaching")
    first = finished(jobs.launch(scenario, n_draws=4, variants=["no-violation"], seed=3))
    again = finished(jobs.launch(scenario, n_draws=4, variants=["no-violation"], seed=3))
    assert again.sweep_id == first.sweep_id
    assert (again.state, again.done, again.planned) == ("finished", 8, 8)
