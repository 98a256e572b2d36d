"""The batched engine gives every draw exactly the one-at-a-time engine's outcome."""

from hypothesis import given
from hypothesis import strategies as st

from accord.engine.batch import batch_applies
from accord.engine.batch.offers import offers_batch_applies
from accord.experiments.sweep import Chunk, run_chunk
from accord.scenario import load_scenario, validate_data
from tests.strategies import linear_scenarios

FIELDS = ("status", "cause", "date", "round", "step", "text", "utilities", "reason")


def uncertain(value: float, draw: st.DrawFn) -> object:
    spread = draw(st.sampled_from([0.0, 0.05, 0.2]))
    if spread == 0.0 or not 0.0 < value < 1.0:
        return value
    return {"uniform": [max(0.0, value - spread), min(1.0, value + spread)]}


@given(data=st.data())
def test_batched_outcomes_equal_one_at_a_time_outcomes(data):
    scenario_data = data.draw(linear_scenarios(max_issues=3, max_options=5))
    for prefs in scenario_data["preferences"].values():
        prefs["reservation_value"] = uncertain(prefs["reservation_value"], data.draw)
        for table in prefs["values"].values():
            for option, value in table.items():
                table[option] = uncertain(value, data.draw)
    issue = scenario_data["issues"][0]
    if len(issue["options"]) >= 3:
        scenario_data["preferences"]["p0"]["red_lines"] = [{issue["id"]: issue["options"][0]}]
        scenario_data["constraints"] = [{"forbid": {issue["id"]: issue["options"][-1]}}]
    curves = st.sampled_from(["boulware", "linear", "conceder"])
    scenario_data["strategies"] = {
        p: {"kind": "time_based", "curve": data.draw(curves)} for p in ("p0", "p1")
    }
    scenario_data["protocol"] = {
        "kind": "alternating_offers",
        "n_steps": 30,
        "order": data.draw(st.sampled_from([["p0", "p1"], ["p1", "p0"]])),
    }
    if data.draw(st.booleans()):
        scenario_data["calendar"] = {"start": "2022-01-01", "end": "2022-12-31"}
        scenario_data["rounds"] = [
            {"id": "r1", "date": "2022-02-01", "n_steps": 7},
            {"id": "r2", "date": "2022-05-01", "n_steps": 20},
        ]
    scenario = validate_data(scenario_data)
    assert batch_applies(scenario)
    chunk = Chunk("baseline", scenario, seed=data.draw(st.integers(0, 99)), start=3, stop=23)
    batched, single = run_chunk(chunk), run_chunk(chunk, batched=False)
    for field in FIELDS:
        assert getattr(batched, field) == getattr(single, field), field


def test_batched_engine_declines_scenarios_it_cannot_run():
    assert not offers_batch_applies(load_scenario("ceasefire-teaching"))
