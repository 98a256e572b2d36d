"""Stacked alternating offers: NegMAS SAO equivalence on golden traces."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord import simulate
from accord.engine import offers as offers_module
from accord.engine import strategies
from accord.engine.simulation import simulate_draws
from accord.scenario import validate_data
from accord.situation import evaluation as evaluation_module
from accord.situation import sampled_draws
from tests.engine.negmas_golden import GOLDEN, load_golden, scenario_from_golden
from tests.strategies import linear_scenarios

CASES = sorted(path.stem for path in GOLDEN.glob("*.json"))


def test_golden_traces_cover_the_required_setups():
    assert {"boulware-boulware", "conceder-boulware", "linear-3party", "england-zimbabwe"} <= set(
        CASES
    )


@pytest.mark.parametrize("name", CASES)
def test_negmas_trace_is_reproduced_offer_for_offer(name):
    golden = load_golden(name)
    transcript = simulate(validate_data(scenario_from_golden(golden))).to_dict()
    offers = [
        (s["step"], s["proposer"], s["proposal"]) for r in transcript["rounds"] for s in r["steps"]
    ]
    expected = [(e["step"], e["proposer"], e["offer"]) for e in golden["trace"]]
    assert offers == expected
    outcome = transcript["outcome"]
    assert outcome["status"] == golden["outcome"]["status"]
    assert outcome["text"] == golden["outcome"]["agreement"]
    assert outcome["step"] == golden["outcome"]["step"]


@pytest.mark.parametrize("name", ["boulware-boulware", "linear-3party"])
def test_responses_match_negmas(name):
    golden = load_golden(name)
    transcript = simulate(validate_data(scenario_from_golden(golden))).to_dict()
    replies = [
        {r["party"]: r["response"] for r in s["replies"]}
        for round_ in transcript["rounds"]
        for s in round_["steps"]
    ]
    assert replies == [e["responses"] for e in golden["trace"]]


@given(data=st.data())
def test_skipping_to_the_first_acceptance_plays_every_turn_as_the_rule_does(data):
    """Two clock-driven parties: the round skipped to its first acceptance, turn by turn."""
    scenario_data = data.draw(linear_scenarios(max_issues=3, max_options=5))
    curves = st.sampled_from(["boulware", "linear", "conceder"])
    scenario_data["strategies"] = {
        p: {"kind": "time_based", "curve": data.draw(curves)} for p in ("p0", "p1")
    }
    n_rounds = data.draw(st.integers(1, 3))
    scenario_data["protocol"] = {"kind": "alternating_offers", "n_steps": 60}
    scenario_data["calendar"] = {"start": "2022-01-01", "end": "2022-12-31"}
    scenario_data["rounds"] = [
        {"id": f"r{i}", "date": f"2022-0{i + 1}-01", "n_steps": data.draw(st.integers(1, 40))}
        for i in range(n_rounds)
    ]
    scenario = validate_data(scenario_data)
    skipped = json.dumps(simulate(scenario).to_dict())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(strategies.TimeBased, "clock_driven", property(lambda self: False))
        turn_by_turn = json.dumps(simulate(scenario).to_dict())
    assert skipped == turn_by_turn


@pytest.mark.parametrize("protocol", ["alternating_offers", "single_text"])
def test_a_party_whose_red_lines_cover_every_text_passes_and_the_talks_break_down(protocol):
    data = {
        "accord": 1,
        "id": "walled",
        "title": "Walled",
        "parties": [
            {"id": "a", "name": "A", "role": "party"},
            {"id": "b", "name": "B", "role": "party"},
            {"id": "m", "name": "M", "role": "mediator"},
        ],
        "issues": [{"id": "x", "name": "X", "options": ["o1", "o2"]}],
        "preferences": {
            "a": {
                "weights": {"x": 1},
                "values": {"x": {"o1": 1, "o2": 0}},
                "red_lines": [{"x": "o1"}, {"x": "o2"}],
                "reservation_value": 0,
            },
            "b": {"weights": {"x": 1}, "values": {"x": {"o1": 0, "o2": 1}}, "reservation_value": 0},
        },
        "protocol": {"kind": protocol, "n_steps": 5},
    }
    document = simulate(validate_data(data)).to_dict()
    assert document["outcome"]["cause"] == "never-open"
    offers = [s for r in document["rounds"] for s in r["steps"] if s["proposal"]]
    assert all(s["proposer"] != "a" for s in offers)  # a never offers a text it rules out


def sliced_scenario() -> dict:
    """Bilateral Boulware offers over 5 × 5 texts, uncertain values, red lines for `a`."""
    options = [f"v{j}" for j in range(5)]
    unit = {"uniform": [0.0, 1.0]}
    preferences = {
        party: {
            "weights": {issue: unit for issue in ("i0", "i1")},
            "values": {issue: {o: unit for o in options} for issue in ("i0", "i1")},
            "reservation_value": 0.1,
        }
        for party in ("a", "b")
    }
    preferences["a"]["red_lines"] = [{"i0": "v1"}, {"i1": ["v2", "v3"]}]
    return {
        "accord": 1,
        "id": "sliced",
        "title": "sliced",
        "parties": [{"id": p, "name": p, "role": "party"} for p in ("a", "b")],
        "issues": [{"id": i, "name": i, "options": options} for i in ("i0", "i1")],
        "preferences": preferences,
        "protocol": {"kind": "alternating_offers", "n_steps": 30, "order": ["a", "b"]},
        "strategies": {p: {"kind": "time_based", "curve": "boulware"} for p in ("a", "b")},
    }


def test_a_draws_outcome_depends_neither_on_the_draws_planned_with_it_nor_on_how_values_are_read(
    monkeypatch,
):
    """A round plans its draws a few at a time (`PLAN_DRAWS`), and a party's values are
    read at its allowed texts alone or over its whole table (`FEW_PAIRS`): 60 draws end
    alike in slices of 7 draws or all at once, either way, and as each draw run alone."""
    scenario = validate_data(sliced_scenario())
    draws = sampled_draws(scenario, seed=4, start=0, stop=60)
    endings = {}
    for plan in (7, 10**6):
        for few in (1, 10**12):
            monkeypatch.setattr(offers_module, "PLAN_DRAWS", plan)
            monkeypatch.setattr(evaluation_module, "FEW_PAIRS", few)
            outcomes = simulate_draws(scenario, draws, seed=4)
            ended = outcomes.per_draw(lambda o: (o.status, o.cause, o.text))
            endings[plan, few] = [(*e, s) for e, s in zip(ended, outcomes.step_list(), strict=True)]
    first = endings[10**6, 10**12]
    assert all(ending == first for ending in endings.values())
    assert len({ending[0] for ending in first}) > 1  # some agree, some do not
    alone = [simulate(scenario, seed=4, draw=k).outcome for k in (0, 13, 59)]
    assert [(o.status, o.cause, o.text, o.step) for o in alone] == [first[k] for k in (0, 13, 59)]
