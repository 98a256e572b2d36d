"""The batched single text gives every draw exactly the one-at-a-time engine's outcome."""

import copy

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.engine.batch import batch_applies
from accord.engine.batch.single_text import text_batch_applies
from accord.experiments.sweep import Chunk, run_chunk
from accord.scenario import load_scenario, resolve_scenario_path, validate_data
from tests.strategies import linear_scenarios

FIELDS = ("status", "cause", "date", "round", "step", "text", "utilities", "reason")
CEASEFIRE = yaml.safe_load(resolve_scenario_path("ceasefire-teaching").read_text())


def assert_same_rows(scenario, seed: int, start: int, stop: int) -> None:
    chunk = Chunk("baseline", scenario, seed=seed, start=start, stop=stop)
    batched, single = run_chunk(chunk), run_chunk(chunk, batched=False)
    for field in FIELDS:
        assert getattr(batched, field) == getattr(single, field), field


def strategy_specs(draw: st.DrawFn) -> dict | None:
    kind = draw(st.sampled_from(["none", "boulware", "linear", "exponent", "hardliner", "tft"]))
    if kind == "none":
        return None
    if kind == "hardliner":
        return {"kind": "hardliner"}
    if kind == "tft":
        return {"kind": "tit_for_tat"}
    if kind == "exponent":
        return {"kind": "time_based", "exponent": {"uniform": [0.5, 5.0]}}
    return {"kind": "time_based", "curve": kind}


def protocol_spec(draw: st.DrawFn) -> dict:
    return {
        "kind": "single_text",
        "n_steps": draw(st.integers(1, 5)),
        "n_amendments": draw(st.integers(1, 4)),
        "walkout_after": draw(st.integers(1, 3)),
    }


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_mediated_cases_with_events_trust_and_guarantees_match(data):
    scenario_data = copy.deepcopy(CEASEFIRE)
    del scenario_data["variants"]
    draw = data.draw
    scenario_data["protocol"] = protocol_spec(draw)
    scenario_data["mediator"] = {
        "party": "envoy",
        "noise": draw(st.sampled_from([0.0, 0.05, {"uniform": [0, 0.3]}])),
        "learning_rate": {"uniform": [0.1, 0.9]},
    }
    strategies = {p: strategy_specs(draw) for p in ("north", "south")}
    scenario_data["strategies"] = {p: s for p, s in strategies.items() if s is not None}
    scenario_data["guarantors"]["guardian"]["threshold"] = {"uniform": [0.0, 0.5]}
    scenario_data["beliefs"]["south"]["north"] = {"uniform": [0.3, 1.0]}
    scenario_data["preferences"]["south"]["reservation_value"] = {"uniform": [0.2, 0.7]}
    if draw(st.booleans()):
        scenario_data["events"] = [e for e in scenario_data["events"] if draw(st.booleans())]
    if draw(st.booleans()):
        scenario_data["rounds"] = scenario_data["rounds"][: draw(st.integers(1, 4))]
    scenario = validate_data(scenario_data)
    assert batch_applies(scenario)
    assert_same_rows(scenario, draw(st.integers(0, 99)), 5, 35)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_random_mediated_scenarios_match(data):
    draw = data.draw
    scenario_data = draw(
        linear_scenarios(max_issues=4, max_options=4, n_parties=draw(st.integers(2, 3)))
    )
    scenario_data["parties"].append({"id": "m", "name": "M", "role": "mediator"})
    for prefs in scenario_data["preferences"].values():
        spread = draw(st.sampled_from([0.0, 0.1]))
        rv = prefs["reservation_value"]
        if spread:
            prefs["reservation_value"] = {"uniform": [max(0.0, rv - spread), rv + spread]}
    first = scenario_data["issues"][0]
    if len(first["options"]) >= 3 and draw(st.booleans()):
        scenario_data["preferences"]["p0"]["red_lines"] = [{first["id"]: first["options"][0]}]
        scenario_data["constraints"] = [{"forbid": {first["id"]: first["options"][-1]}}]
    scenario_data["protocol"] = protocol_spec(draw)
    scenario_data["mediator"] = {
        "party": "m",
        "noise": draw(st.sampled_from([0.0, 0.1])),
        "learning_rate": draw(st.sampled_from([0.2, 0.5, 0.9])),
    }
    specs = {p["id"]: strategy_specs(draw) for p in scenario_data["parties"][:-1]}
    scenario_data["strategies"] = {p: s for p, s in specs.items() if s is not None}
    if draw(st.booleans()):
        scenario_data["calendar"] = {"start": "2022-01-01", "end": "2022-12-31"}
        scenario_data["rounds"] = [
            {"id": f"r{j}", "date": f"2022-0{j + 1}-01", "n_steps": 2}
            for j in range(draw(st.integers(1, 4)))
        ]
        scenario_data["events"] = [
            {
                "id": "shift",
                "date": "2022-02-15",
                "kind": "reservation_shift",
                "party": "p1",
                "delta": {"uniform": [-0.3, 0.3]},
            }
        ]
    scenario = validate_data(scenario_data)
    assert text_batch_applies(scenario)
    assert_same_rows(scenario, draw(st.integers(0, 99)), 0, 25)


def test_reference_case_draws_match():
    assert_same_rows(load_scenario("istanbul-2022"), seed=11, start=40, stop=46)


def test_reference_variant_draws_match():
    from accord.scenario.load import apply_variants

    variant = apply_variants(load_scenario("istanbul-2022"), ["credible-guarantees"])
    assert_same_rows(variant, seed=5, start=0, stop=6)
