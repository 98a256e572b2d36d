"""Stacked alternating offers: NegMAS SAO equivalence on golden traces."""

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord import simulate
from accord.engine import offers as offers_module
from accord.engine import strategies
from accord.engine.simulation import simulate_draws, simulate_variants
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


def schedule_offer_rounds(data: dict, n_steps: int, steps: list[int], months_apart: int) -> None:
    """Alternating offers of `n_steps` in all, in rounds of `steps` on the 1st of every
    `months_apart`-th month of 2022 from January."""
    data["protocol"] = {"kind": "alternating_offers", "n_steps": n_steps}
    data["calendar"] = {"start": "2022-01-01", "end": "2022-12-31"}
    data["rounds"] = [
        {"id": f"r{i}", "date": f"2022-{months_apart * i + 1:02d}-01", "n_steps": n}
        for i, n in enumerate(steps)
    ]


@given(data=st.data())
def test_skipping_to_the_first_acceptance_plays_every_turn_as_the_rule_does(data):
    """Two clock-driven parties: the round skipped to its first acceptance, turn by turn."""
    scenario_data = data.draw(linear_scenarios(max_issues=3, max_options=5))
    curves = st.sampled_from(["boulware", "linear", "conceder"])
    scenario_data["strategies"] = {
        p: {"kind": "time_based", "curve": data.draw(curves)} for p in ("p0", "p1")
    }
    n_rounds = data.draw(st.integers(1, 3))
    steps = [data.draw(st.integers(1, 40)) for _ in range(n_rounds)]
    schedule_offer_rounds(scenario_data, 60, steps, months_apart=1)
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


def one_issue(values: dict[str, list[float]], reservation: dict[str, float]) -> dict:
    """Bilateral offers over one issue of five options; a offers first, b second."""
    options = [f"o{j}" for j in range(5)]
    return {
        "accord": 1,
        "id": "one-issue",
        "title": "One issue",
        "parties": [{"id": p, "name": p, "role": "party"} for p in ("a", "b")],
        "issues": [{"id": "x", "name": "x", "options": options}],
        "preferences": {
            party: {
                "weights": {"x": 1},
                "values": {"x": dict(zip(options, values[party], strict=True))},
                "reservation_value": reservation[party],
            }
            for party in ("a", "b")
        },
        "protocol": {"kind": "alternating_offers", "n_steps": 4, "order": ["a", "b"]},
    }


def two_offer_rounds(shift_b: float) -> dict:
    """Two rounds of 2 steps (t = 1/5 … 4/5); r_a falls from 0.8 to 0.2 in between.

    a (e = 0.01) values o_j at j/4, b (linear) at (4 − j)/4, r_b = 0.3. In round 1 no
    text is worth r to both. b's band edge at step 1 is 0.3 + 0.7·(1 − 2/5) − 1e-4 ≈
    0.72, so its last offer, left standing, is o1 (0.75 to b, 0.25 to a). After the shift
    a's edge at step 2 is 0.2 + 0.8·(1 − 0.6^0.01) − 1e-4 ≈ 0.204: it accepts o1 at
    once, and the talks agree on o1 at step 2, the round's first. With `shift_b`, b's
    reservation value rises too (to 0.9: only o0, worth 0 to a, is then worth it to b):
    the standing offer still counts as b's, and a's acceptance agrees it.
    """
    data = one_issue(
        {"a": [0, 0.25, 0.5, 0.75, 1], "b": [1, 0.75, 0.5, 0.25, 0]}, {"a": 0.8, "b": 0.3}
    )
    data["strategies"] = {
        "a": {"kind": "time_based", "exponent": 0.01},
        "b": {"kind": "time_based", "curve": "linear"},
    }
    data["calendar"] = {"start": "2022-01-01", "end": "2022-01-31"}
    data["rounds"] = [
        {"id": "r1", "date": "2022-01-05", "n_steps": 2},
        {"id": "r2", "date": "2022-01-20", "n_steps": 2},
    ]
    shifts = [("a", -0.6)] + ([("b", shift_b)] if shift_b else [])
    data["events"] = [
        {"id": f"shift-{party}", "date": "2022-01-10", "kind": "reservation_shift"}
        | {"party": party, "delta": delta}
        for party, delta in shifts
    ]
    return data


def agreements(data: dict, n_draws: int = 4) -> tuple[list, list]:
    """(text, step) of draws 0..n−1 run together (rounds skip the draws that cannot
    agree), and of each replayed alone with its transcript (which plays every offer)."""
    scenario = validate_data(data)
    outcomes = simulate_draws(
        scenario, sampled_draws(scenario, seed=2, start=0, stop=n_draws), seed=2
    )
    together = list(zip(outcomes.per_draw(lambda o: o.text), outcomes.step_list(), strict=True))
    alone = [simulate(scenario, seed=2, draw=k).outcome for k in range(n_draws)]
    return together, [(o.text, o.step) for o in alone]


@pytest.mark.parametrize("shift_b", [0.0, 0.6])
def test_an_offer_left_standing_by_a_round_that_could_not_agree_is_accepted_in_the_next(shift_b):
    together, alone = agreements(two_offer_rounds(shift_b))
    assert together == alone == [({"x": "o1"}, 2)] * 4


def test_a_party_with_nothing_worth_its_reservation_value_offers_its_best_text_which_may_agree():
    """a values o4 at 0.8 at most, under r_a = 0.9: no text is worth r to both, yet a
    offers its best text, o4, which b values at 1 and accepts at once (step 0)."""
    data = one_issue({"a": [0, 0.2, 0.4, 0.6, 0.8], "b": [0, 0, 0, 0, 1]}, {"a": 0.9, "b": 0.5})
    data["strategies"] = {p: {"kind": "time_based", "curve": "boulware"} for p in ("a", "b")}
    together, alone = agreements(data)
    assert together == alone == [({"x": "o4"}, 0)] * 4


def test_a_text_a_millionth_under_the_reservation_value_may_be_offered_and_agreed():
    """With e = 1e-4, a's edge at step 0 is max(0.5, 0.5 + 0.5·(1 − 0.2^1e-4) − 1e-4) =
    0.5 = r_a (0.5·1.6e-4 < 1e-4). o1, worth 0.5 − 5e-7 to a, lies within 1e-6 under the
    edge and closer to it than o2 (0.6): NegMAS's rule offers o1, which b (r_b = 0.5)
    values at 1. No text is worth r to both (o1 misses r_a by 5e-7): the round still
    agrees, on o1 at step 0."""
    data = one_issue(
        {"a": [0, 0.4999995, 0.6, 0.8, 1], "b": [0.2, 1, 0.1, 0, 0]}, {"a": 0.5, "b": 0.5}
    )
    data["strategies"] = {
        "a": {"kind": "time_based", "exponent": 1e-4},
        "b": {"kind": "time_based", "curve": "boulware"},
    }
    together, alone = agreements(data)
    assert together == alone == [({"x": "o1"}, 0)] * 4


def test_a_variant_going_on_from_a_round_that_could_not_agree_gets_its_standing_offer():
    """Without the shift no draw agrees; the variant with it goes on from that run after
    round 1 (`accord.situation.shared.forks`), and a accepts the offer b left standing."""
    variant = validate_data(two_offer_rounds(0.0))
    base = validate_data(two_offer_rounds(0.0) | {"events": []})
    runs = [(each, sampled_draws(each, seed=2, start=0, stop=4)) for each in (base, variant)]
    together = simulate_variants(runs, seed=2)
    assert together == [simulate_draws(each, draws, seed=2) for each, draws in runs]
    assert {o.status for o in together[0]} == {"breakdown"}
    assert together[1].per_draw(lambda o: o.text) == [{"x": "o1"}] * 4
    assert together[1].step_list() == [2] * 4


@given(data=st.data())
def test_rounds_that_skip_draws_which_cannot_agree_end_every_draw_as_playing_them_does(data):
    """Random bilateral offers over two or three rounds, uncertain reservation values,
    a party's reservation value moved between rounds: every draw ends alike whether the
    rounds skip the draws where no offer can be accepted or play them all."""
    scenario_data = data.draw(linear_scenarios(max_issues=3, max_options=4))
    kinds = st.sampled_from(
        [{"kind": "time_based", "curve": c} for c in ("boulware", "linear", "conceder")]
        + [{"kind": "time_based", "exponent": 1e-4}]
    )
    scenario_data["strategies"] = {p: data.draw(kinds) for p in ("p0", "p1")}
    for preferences in scenario_data["preferences"].values():
        low = preferences["reservation_value"]
        preferences["reservation_value"] = {"uniform": [low, low + 0.4]}
    n_rounds = data.draw(st.integers(2, 3))
    steps = [data.draw(st.integers(1, 4)) for _ in range(n_rounds)]
    schedule_offer_rounds(scenario_data, 12, steps, months_apart=2)
    scenario_data["events"] = [
        {"id": "shift", "date": "2022-02-01", "kind": "reservation_shift"}
        | {"party": data.draw(st.sampled_from(["p0", "p1"])), "delta": {"uniform": [-0.4, 0.1]}}
    ]
    scenario = validate_data(scenario_data)
    draws = sampled_draws(scenario, seed=5, start=0, stop=24)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(evaluation_module, "FEW_PAIRS", 1)  # read at the admissible pairs
        skipping = simulate_draws(scenario, draws, seed=5)
        patch.setattr(
            offers_module.AlternatingOffers,
            "_cannot_agree",
            lambda self, evaluation, views, strategies, standing: np.zeros(standing.size, bool),
        )
        playing = simulate_draws(scenario, draws, seed=5)
    assert skipping == playing
