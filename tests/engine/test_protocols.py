"""Protocols: NegMAS SAO equivalence on golden traces, and the mediated single text."""

import pytest

from accord import simulate
from accord.scenario import validate_data
from tests.engine.negmas_golden import GOLDEN, load_golden, scenario_from_golden

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
