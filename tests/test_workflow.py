"""The top-level workflow: every step takes a loaded object, a file or a shipped id alike."""

import datetime as dt
import json
import re

import pytest

import accord
from accord.scenario import resolve_scenario_path

CASE = "ceasefire-teaching"
VARIANT = "no-violation"


def _bytes(result) -> str:
    return json.dumps(result.to_dict(), sort_keys=True)


def test_simulate_gives_the_same_run_from_an_object_a_file_or_an_id():
    loaded = accord.load_scenario(CASE)
    runs = [
        accord.simulate(source, seed=4)
        for source in (loaded, CASE, resolve_scenario_path(CASE), str(resolve_scenario_path(CASE)))
    ]
    assert len({_bytes(run) for run in runs}) == 1


def test_variants_apply_to_an_object_as_to_a_file():
    loaded = accord.load_scenario(CASE)
    from_file = accord.load_scenario(CASE, variants=[VARIANT])
    assert accord.load_scenario(loaded, variants=[VARIANT]) == from_file
    assert _bytes(accord.simulate(loaded, variants=[VARIANT])) == _bytes(accord.simulate(from_file))
    date = dt.date(2022, 5, 10)
    assert _bytes(accord.analyze(CASE, at=date, variants=[VARIANT])) == _bytes(
        accord.analyze(from_file, at=date)
    )
    with pytest.raises(accord.UnknownIdError, match="unknown variant 'nope'"):
        accord.simulate(loaded, variants=["nope"])


def test_sweep_of_an_object_summarises_like_the_sweep_of_its_file(tmp_path):
    loaded = accord.load_scenario(CASE)
    of_object = accord.sweep(loaded, n_draws=5, variants=[VARIANT], seed=2)
    of_file = accord.sweep(CASE, n_draws=5, variants=[VARIANT], seed=2)
    assert of_object.variants == of_file.variants
    again = accord.sweep(accord.load_scenario(CASE), n_draws=5, variants=[VARIANT], seed=2)
    assert again.sweep_id == of_object.sweep_id != of_file.sweep_id


def test_sweep_opens_a_store_given_by_path_and_load_sweep_reads_it_back(tmp_path):
    store = tmp_path / "results.duckdb"
    result = accord.sweep(CASE, n_draws=4, variants=[VARIANT], store=store)
    assert result.store == str(store)
    stored = accord.load_sweep(result.sweep_id, store=store)
    assert stored.variants == result.variants
    assert stored.counterfactuals == (VARIANT,)
    # Like the commands, the API takes a unique prefix of the id.
    assert accord.load_sweep(result.sweep_id[:6], store=store).sweep_id == result.sweep_id
    with pytest.raises(accord.UnknownIdError, match="unknown sweep of scenario 'other'"):
        accord.load_sweep(result.sweep_id, store=store, scenario="other")


def test_attribution_of_a_sweep_takes_its_variants_draws_and_seed():
    result = accord.sweep(CASE, n_draws=4, variants=[VARIANT, "brave-guardian"], seed=3)
    of_sweep = accord.attribute(CASE, sweep=result)
    explicit = accord.attribute(CASE, factors=[VARIANT, "brave-guardian"], n_draws=4, seed=3)
    assert _bytes(of_sweep) == _bytes(explicit)
    assert accord.attribute(CASE, sweep=result, n_draws=2).n_draws == 2
    with pytest.raises(TypeError, match="needs factors and n_draws"):
        accord.attribute(CASE, factors=[VARIANT])


def test_build_report_takes_an_id_and_write_report_writes_it(tmp_path):
    html = accord.build_report(CASE, variants=[VARIANT])
    assert "variants applied: no-violation" in html
    path = accord.write_report(html, tmp_path / "report.html")
    assert path.read_text(encoding="utf-8") == html


def test_analyze_conflict_takes_an_id_or_a_loaded_conflict():
    conflict = accord.load_conflict("istanbul-2022-conflict")
    assert isinstance(conflict, accord.ConflictFile)
    assert accord.load_conflict(conflict) is conflict
    assert _bytes(accord.analyze_conflict(conflict)) == _bytes(
        accord.analyze_conflict("istanbul-2022-conflict")
    )


NOISE = re.compile(r"\d\.\d{5,}")


def test_results_print_as_one_readable_line_without_float_noise():
    loaded = accord.load_scenario(CASE)
    transcript = accord.simulate(loaded, seed=0)
    result = accord.sweep(loaded, n_draws=3, variants=[VARIANT])
    shown = {
        "scenario": repr(loaded),
        "analysis": repr(accord.analyze(loaded)),
        "transcript": repr(transcript),
        "sweep": repr(result),
        "attribution": repr(accord.attribute(loaded, sweep=result)),
        "conflict": repr(accord.analyze_conflict("istanbul-2022-conflict")),
    }
    for text in shown.values():
        assert "\n" not in text and len(text) < 400 and not NOISE.search(text), text
    assert (
        shown["scenario"]
        == str(loaded)
        == ("<Scenario ceasefire-teaching: 4 participants, 4 issues, 2 events, 2 variants>")
    )
    outcome = transcript.outcome
    assert shown["transcript"] == (
        f"<Transcript ceasefire-teaching (seed=0): {outcome.status} on {outcome.date} "
        f"({outcome.cause}), 2 events>"
    )
    baseline = result.variants["baseline"]
    assert f"baseline {baseline['p_agreement']:.3f}" in shown["sweep"]
    assert "Shapley no-violation" in shown["attribution"]
