"""Figure data: what the figures show, pinned by a golden file and checked against the run.

The golden file is the teaching case's report data with seed 0, a sweep of 20 draws of
its two variants and the attribution over them. It is written by
``python scripts/make_golden.py`` (after an intended change to the engine, the teaching
case or the figure data; review the diff), never by this test.
"""

import json
from pathlib import Path

import numpy as np
import pytest

from accord import load_scenario, simulate
from accord.errors import UnknownIdError
from accord.report.figure_data import (
    attribution_data,
    belief_data,
    best_available,
    event_keys,
    judgement_data,
    most_varied,
    offer_data,
    report_data,
    reservation_data,
    run_report_data,
    timeline_data,
    zopa_data,
)
from accord.scenario import shipped_scenarios

GOLDEN = Path(__file__).parent / "testdata" / "ceasefire-teaching-seed0.json"
REFERENCE = "istanbul-2022"


def has_reference_case():
    return any(s.id == REFERENCE for s in shipped_scenarios())


def test_report_data_matches_the_golden_file(
    teaching, teaching_run, teaching_sweep, teaching_attribution
):
    data = report_data(
        teaching,
        teaching_run,
        sweep=teaching_sweep.to_dict(),
        attribution=teaching_attribution.to_dict(),
    )
    text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    assert json.loads(text) == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_report_data_is_plain_json_with_every_figure(
    teaching, teaching_run, teaching_sweep, teaching_attribution
):
    data = report_data(
        teaching,
        teaching_run,
        sweep=teaching_sweep.to_dict(),
        attribution=teaching_attribution.to_dict(),
    )
    assert json.loads(json.dumps(data)) == data
    figures = {"timeline", "beliefs", "reservations", "zopa", "offers", "transcript"}
    assert figures | {"case", "judgements", "agreement", "differences", "texts"} <= set(data)
    # Every draw of the teaching case agrees: no judgement can be ranked.
    assert "sensitivity" not in data


def test_sensitivity_ranks_parameters_in_the_order_the_sweep_gives():
    from accord.report.figure_data import sensitivity_data

    ranked = [{"parameter": "a.b", "prcc": -0.51234567891}, {"parameter": "c", "prcc": 0.2}]
    sweep = {
        "sweep_id": "x",
        "n_draws": 10,
        "seed": 0,
        "variants": {"baseline": {"sensitivity": ranked}},
    }
    assert sensitivity_data(sweep)["parameters"] == [
        {"parameter": "a.b", "prcc": -0.512346},
        {"parameter": "c", "prcc": 0.2},
    ]


def test_best_available_value_reaches_the_reservation_exactly_when_the_zopa_is_open(
    teaching, teaching_run
):
    data = reservation_data(teaching, teaching_run)
    after_events = {z.after: z.n_outcomes for z in teaching_run.zopa}
    for point in data["points"]:
        reaches = [
            best is not None and best >= point["reservation_values"][party] - 1e-9
            for party, best in point["best_values"].items()
        ]
        is_open = after_events[point["after"]] > 0
        assert all(reaches) == is_open
        assert any(reaches) == is_open


def test_failed_offensive_opens_the_space_in_the_teaching_case(teaching, teaching_run):
    data = reservation_data(teaching, teaching_run)
    last = data["points"][-1]
    assert last["after"] == "failed-offensive"
    assert last["reservation_values"]["north"] == pytest.approx(0.4)
    summary = zopa_data(teaching, teaching_run)["summary"]
    assert "opened on 2022-05-20 after 'North's spring offensive stalls'" in summary


def test_best_available_is_nan_when_no_text_is_acceptable_to_the_others(teaching):
    from accord.situation import situation_at

    current = situation_at(teaching)
    best = best_available(current)
    assert best.shape == (2,)
    assert np.all(np.isnan(best) | ((best >= 0) & (best <= 1)))


def test_timeline_items_follow_the_run_with_keys_and_contested_marks(teaching, teaching_run):
    data = timeline_data(teaching, teaching_run)
    keys = [item["key"] for item in data["items"]]
    assert keys == ["R1", "E1", "R2", "E2", "R3", "R4"][: len(keys)]
    violation = next(i for i in data["items"] if i["id"] == "truce-violation")
    assert violation["contested"] and len(violation["readings"]) == 2
    assert violation["effects"][0].startswith("belief of South about North: 0.700 → ")
    assert event_keys(teaching_run)["failed-offensive"] == "E2"


def test_each_belief_change_names_its_event(teaching, teaching_run):
    data = belief_data(teaching, teaching_run)
    south = next(s for s in data["series"] if s["holders"] == ["south"])
    assert [p["event"] for p in south["points"]] == [None, "truce-violation"]
    assert south["points"][1]["value"] < south["points"][0]["value"]
    assert data["events"] == [
        {
            "date": "2022-05-10",
            "key": "E1",
            "id": "truce-violation",
            "name": "North shells a village during a local truce",
            "contested": True,
        }
    ]


def test_no_offer_dominates_a_point_of_the_pareto_frontier(teaching, teaching_run):
    data = offer_data(teaching, teaching_run)
    frontier = np.array(data["pareto"])
    for offer in data["offers"]:
        x, y = offer["utilities"]
        assert not np.any((x > frontier[:, 0] + 1e-9) & (y > frontier[:, 1] + 1e-9))
    assert data["solutions"]["nash"] is not None
    assert len(data["offers"]) == sum(len(r.steps) for r in teaching_run.rounds)


def test_judgements_carry_value_range_rationale_and_sources(teaching):
    rows = {row["path"]: row for row in judgement_data(teaching)}
    north = rows["preferences.north.reservation_value"]
    assert north["distribution"] == "triangular(0.65, 0.75, 0.85)"
    assert north["mean"] == pytest.approx(0.75)
    assert north["range"] == [0.65, 0.85]
    assert north["rationale"] == "North expects to hold its gains."


def test_attribution_waterfall_runs_from_none_to_all(teaching_attribution):
    data = attribution_data(teaching_attribution.to_dict())
    assert data["factors"][0]["start"] == data["v_none"]
    assert data["factors"][-1]["end"] == pytest.approx(data["v_all"], abs=1e-6)
    for before, after in zip(data["factors"], data["factors"][1:], strict=False):
        assert after["start"] == before["end"]


def test_sensitivity_is_read_in_the_variant_whose_outcome_varies_most():
    sweep = {
        "variants": {
            "baseline": {"p_agreement": 1.0},
            "a": {"p_agreement": 0.4},
            "b": {"p_agreement": 0.6},
        }
    }
    assert most_varied(sweep) == "a"


def test_run_report_data_refuses_an_unknown_variant_and_a_sweep_of_another_case(
    teaching, teaching_sweep
):
    with pytest.raises(UnknownIdError, match="unknown variant 'nope'"):
        run_report_data(teaching, variants=["nope"])
    other = load_scenario("nash-1950-bill-jack")
    with pytest.raises(UnknownIdError, match="sweep of scenario 'nash-1950-bill-jack'"):
        run_report_data(other, sweep=teaching_sweep)


def test_an_undated_scenario_still_gives_every_figure_its_data():
    scenario = load_scenario("nash-1950-bill-jack")
    data = report_data(scenario, simulate(scenario, seed=0))
    assert data["timeline"]["start"] is None
    assert data["offers"]["offers"]
    assert data["zopa"]["points"][0]["n_outcomes"] > 0


@pytest.mark.skipif(not has_reference_case(), reason="istanbul-2022 is not shipped yet")
def test_reference_case_merges_identical_guarantor_beliefs_and_names_the_last_open_moment():
    scenario = load_scenario(REFERENCE)
    run = simulate(scenario, seed=0)
    beliefs = belief_data(scenario, run)
    holders = [len(s["holders"]) for s in beliefs["series"]]
    assert sum(holders) > len(holders)  # the Western guarantors move together
    offers = offer_data(scenario, run)
    if run.zopa[-1].n_outcomes == 0 and any(z.n_outcomes for z in run.zopa):
        assert "the last time it was open" in offers["note"]
        assert offers["zopa"]


def test_what_agreements_carried_reaches_the_report_and_the_sweep_table():
    import io

    from rich.console import Console

    from accord.report._sweep_data import text_data
    from accord.report.text import render_sweep

    summary = {
        "p_agreement": 0.5,
        "ci": [0.2, 0.8],
        "n_agreements": 2,
        "n_draws": 4,
        "difference": None,
        "top_texts": [],
        "breakdown_causes": {"never-open": 2},
        "sensitivity": [],
        "agreements_with": {"inducements": {}, "deferred": {"crimea": 2}, "without": {}},
    }
    sweep = {"sweep_id": "abcd", "scenario": "case", "n_draws": 4, "seed": 0}
    sweep["variants"] = {"baseline": summary}
    assert text_data(sweep)["variants"][0]["agreements_with"] == {"deferred": {"crimea": 2}}
    out = io.StringIO()
    render_sweep(Console(file=out, width=120), sweep)
    assert "issues left open" in out.getvalue() and "crimea 2" in out.getvalue()
