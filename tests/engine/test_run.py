"""The run: rounds with their own drafter and protocol; a walk-out is not a shorter calendar."""

import copy
from pathlib import Path

import pytest
import yaml

from accord import load_scenario, simulate
from accord.engine import simulate_draws
from accord.errors import ConstraintError, ScenarioError
from accord.scenario import validate_data
from accord.situation import sampled_draws

BASE = yaml.safe_load(
    (Path(__file__).parents[1] / "scenario" / "testdata" / "good-base.yaml").read_text()
)
QUIT = {
    "id": "quit",
    "date": "2022-01-15",
    "after_round": True,
    "kind": "walkout",
    "party": "A",
    "name": "A leaves the table",
}


def five_rounds(end: str = "2022-01-31", events=()) -> dict:
    """Two Boulware parties, five rounds of five offers each, one every five days."""
    data = copy.deepcopy(BASE)
    data["calendar"] = {"start": "2022-01-01", "end": end}
    data["rounds"] = [
        {"id": f"r{i}", "date": f"2022-01-{5 * i:02d}", "n_steps": 5} for i in range(1, 6)
    ]
    data["protocol"] = {"kind": "alternating_offers"}
    boulware = {"kind": "time_based", "curve": "boulware", "offer": "best_for_others"}
    data["strategies"] = {"A": boulware, "B": boulware}
    data["events"] = list(events)
    return data


def offers(transcript) -> list:
    return [(s.proposer, s.position) for r in transcript.rounds for s in r.steps]


def test_a_shorter_calendar_is_foreseen_and_brings_agreement_earlier():
    full = simulate(validate_data(five_rounds())).outcome
    short = simulate(validate_data(five_rounds(end="2022-01-15"))).outcome
    assert (full.status, full.round) == ("agreement", "r5")
    assert (short.status, short.round) == ("agreement", "r3")


def test_a_walkout_ends_talks_that_ran_towards_the_scheduled_end():
    full = simulate(validate_data(five_rounds()))
    walked = simulate(validate_data(five_rounds(events=[QUIT])))
    outcome = walked.outcome
    assert (outcome.status, outcome.cause, outcome.date.isoformat()) == (
        "breakdown",
        "walkout:A",
        "2022-01-15",
    )
    assert outcome.reason == (
        "A walked out on 2022-01-15 ('A leaves the table', quit), before the scheduled end "
        "on 2022-01-31; the zone of possible agreement is still open"
    )
    # Nobody saw it coming: the first three rounds are those of the full calendar.
    assert [r.id for r in walked.rounds] == ["r1", "r2", "r3"]
    assert offers(walked) == offers(full)[: len(offers(walked))]
    effects = next(e.effects for e in walked.events if e.id == "quit")
    assert [(e.quantity, e.party, e.before, e.after) for e in effects] == [
        ("talks", "A", "talking", "walked out")
    ]


def test_a_walkout_on_the_calendars_last_day_says_so():
    data = five_rounds(end="2022-01-13", events=[QUIT | {"date": "2022-01-13"}])
    data["rounds"] = data["rounds"][:2]
    outcome = simulate(validate_data(data)).outcome
    assert (outcome.cause, outcome.date.isoformat()) == ("walkout:A", "2022-01-13")
    assert outcome.reason.startswith(
        "A walked out on 2022-01-13 ('A leaves the table', quit), on the last scheduled day;"
    )


def test_a_walkout_after_the_zopa_closed_keeps_what_closed_it_as_the_cause():
    data = five_rounds(events=[QUIT])
    for party in ("A", "B"):
        data["preferences"][party]["reservation_value"] = 0.99  # above every text
    outcome = simulate(validate_data(data)).outcome
    assert (outcome.cause, outcome.date.isoformat()) == ("never-open", "2022-01-15")
    assert outcome.reason == (
        "A walked out on 2022-01-15 ('A leaves the table', quit), before the scheduled end "
        "on 2022-01-31; there was never a zone of possible agreement"
    )


def test_a_threat_of_walking_out_leaves_the_talks_going():
    threat = {**QUIT, "threat": True}
    assert simulate(validate_data(five_rounds(events=[threat]))).outcome.round == "r5"


@pytest.mark.parametrize("after_round", [False, True])
def test_a_walkout_ends_every_draw_of_a_sweep_the_same_day(after_round):
    data = five_rounds(events=[{**QUIT, "after_round": after_round}])
    data["preferences"]["A"]["reservation_value"] = {"uniform": [0.1, 0.3]}
    scenario = validate_data(data)
    outcomes = simulate_draws(scenario, sampled_draws(scenario, seed=1, start=0, stop=6), seed=1)
    assert {(o.cause, o.date.isoformat()) for o in outcomes} == {("walkout:A", "2022-01-15")}
    assert outcomes[2] == simulate(scenario, seed=1, draw=2).outcome


def test_a_value_change_opens_the_zone_the_run_keeps():
    data = copy.deepcopy(BASE)
    data["calendar"] = {"start": "2022-01-01", "end": "2022-01-31"}
    data["preferences"]["A"]["reservation_value"] = 0.7
    data["preferences"]["B"]["reservation_value"] = 0.45
    data["rounds"] = [{"id": "r1", "date": "2022-01-05"}, {"id": "r2", "date": "2022-01-20"}]
    data["events"] = [
        {
            "id": "v",
            "date": "2022-01-10",
            "kind": "value_change",
            "party": "B",
            "issue": "price",
            "values": {"high": 0.9},
        }
    ]
    zopa = simulate(validate_data(data)).zopa
    # Only {high, slow} can give A 0.7: A gets 1, B 0 before and (0.9 + 0)/2 = 0.45 after.
    assert [(point.after, point.n_outcomes) for point in zopa] == [
        ("start", 0),
        ("r1", 0),
        ("v", 1),
        ("r2", 1),
    ]


def teaching_with(**rounds) -> dict:
    data = load_scenario("ceasefire-teaching").model_dump(
        mode="json", by_alias=True, exclude_none=True
    )
    for item in data["rounds"]:
        item.update(rounds.get(item["id"], {}))
    return data


def proposers(data: dict) -> dict[str, set[str]]:
    document = simulate(validate_data(data), seed=0).to_dict()
    return {r["id"]: {s["proposer"] for s in r["steps"]} for r in document["rounds"]}


def test_by_default_the_mediator_drafts_every_round():
    assert proposers(teaching_with())["r1"] == {"envoy"}


def test_direct_talks_are_offers_between_the_delegations():
    found = proposers(teaching_with(r1={"mediator": "none"}))
    assert found["r1"] == {"north", "south"}
    assert found["r2"] == {"envoy"}


def test_a_delegation_can_draft_the_single_text_of_a_round():
    found = proposers(teaching_with(r2={"mediator": "south", "host": "guardian"}))
    assert found["r2"] == {"south"}
    assert found["r1"] == {"envoy"}


def test_a_round_protocol_overrides_the_scenario_protocol():
    found = proposers(teaching_with(r1={"protocol": {"kind": "alternating_offers"}}))
    assert found["r1"] == {"north", "south"}


def test_a_round_drafter_must_be_a_declared_party():
    with pytest.raises(ScenarioError, match="unknown party 'nobody'"):
        validate_data(teaching_with(r1={"mediator": "nobody"}))


def test_sessions_need_a_round_the_mediator_drafts():
    data = teaching_with(r1={"mediator": "none", "sessions": "proximity"})
    with pytest.raises(ScenarioError) as refused:
        validate_data(data)
    [problem] = refused.value.problems
    assert problem.location == "rounds[0].sessions"
    assert problem.message.startswith("proximity sessions are the mediator's ways of showing")
    # The same sessions in a round of alternating offers, and the subgame-perfect strategy
    # under the mediator's single text: each is refused where it is written.
    offers = teaching_with(r1={"protocol": {"kind": "alternating_offers"}, "sessions": "proximity"})
    with pytest.raises(ScenarioError, match=r"rounds\[0\]\.sessions: proximity sessions"):
        validate_data(offers)
    solved = teaching_with()
    solved["strategies"] = {
        p: {"kind": "subgame_perfect", "discount": 0.9} for p in ("north", "south")
    }
    with pytest.raises(
        ScenarioError, match=r"strategies\.north: the subgame_perfect strategy needs"
    ):
        validate_data(solved)


def three_parties(leaves: str = "C", effect: str = "party_leaves", protocol="single_text"):
    """A, B and C on one border; C's red line blocks the only text A and B both want."""
    values = {
        "A": {"x": 1, "y": 0.6, "z": 0},
        "B": {"x": 0.3, "y": 0.8, "z": 1},
        "C": {"x": 0, "y": 0.2, "z": 1},
    }
    return {
        "accord": 1,
        "id": "three",
        "title": "Three",
        "calendar": {"start": "2022-01-01", "end": "2022-01-31"},
        "parties": [{"id": p, "name": p, "role": "party"} for p in values],
        "issues": [{"id": "border", "name": "Border", "options": ["x", "y", "z"]}],
        "preferences": {
            p: {
                "weights": {"border": 1},
                "values": {"border": v},
                "red_lines": [{"border": "y"}] if p == "C" else [],
                "reservation_value": 0.5,
            }
            for p, v in values.items()
        },
        "protocol": {"kind": protocol},
        "rounds": [
            {"id": "r1", "date": "2022-01-05", "n_steps": 3},
            {"id": "r2", "date": "2022-01-20", "n_steps": 3},
        ],
        "events": [
            {
                "id": "leave",
                "date": "2022-01-10",
                "kind": "walkout",
                "party": leaves,
                "effect": effect,
                "name": f"{leaves} leaves",
            }
        ],
    }


def test_when_one_party_leaves_the_others_agree_without_it():
    run = simulate(validate_data(three_parties()))
    # With C: x leaves B at 0.3, z leaves A at 0, y crosses C's red line, so nothing is
    # worth every reservation value of 0.5. Without C, y gives A 0.6 and B 0.8.
    assert [(p.after, p.n_outcomes) for p in run.zopa] == [
        ("start", 0),
        ("r1", 0),
        ("leave", 1),
        ("r2", 1),
    ]
    outcome = run.outcome
    assert (outcome.status, outcome.round, outcome.text) == ("agreement", "r2", {"border": "y"})
    assert outcome.utilities == {"A": 0.6, "B": 0.8, "C": 0.2}
    assert outcome.without == ("C",)
    assert outcome.to_dict()["without"] == ["C"]
    assert outcome.reason == (
        "every party still talking accepted the text in round 'r2'; "
        "an agreement without C, who left the talks"
    )
    # C replied to every draft of r1 and to none after it left.
    repliers = {r.id: {x.party for s in r.steps for x in s.replies} for r in run.rounds}
    assert repliers == {"r1": {"A", "B", "C"}, "r2": {"A", "B"}}
    effects = next(e.effects for e in run.events if e.id == "leave")
    assert [(e.quantity, e.party, e.before, e.after) for e in effects] == [
        ("talks", "C", "talking", "left")
    ]


def test_a_walkout_that_ends_the_talks_stops_them_for_everyone():
    outcome = simulate(validate_data(three_parties(effect="end_talks"))).outcome
    # With C, no text was ever worth 0.5 to all three: the cause is that, not the walk-out.
    assert (outcome.status, outcome.cause, outcome.without) == ("breakdown", "never-open", ())
    assert outcome.reason.startswith("C walked out on ")


def test_when_a_leaving_party_leaves_one_party_the_talks_end():
    data = three_parties()
    data["events"].append({**data["events"][0], "id": "leave2", "party": "B"})
    outcome = simulate(validate_data(data)).outcome
    assert (outcome.status, outcome.cause) == ("breakdown", "walkout:B")


def test_a_party_can_leave_only_talks_on_a_single_text():
    scenario = validate_data(three_parties(protocol="alternating_offers"))
    with pytest.raises(ConstraintError, match="round 'r2' goes on after a party left"):
        simulate(scenario)


def test_a_sweep_agrees_without_the_party_that_left_in_the_draws_that_can():
    data = three_parties()
    data["preferences"]["A"]["reservation_value"] = {"uniform": [0.4, 0.8]}
    scenario = validate_data(data)
    outcomes = simulate_draws(scenario, sampled_draws(scenario, seed=3, start=0, stop=8), seed=3)
    # y is worth 0.6 to A: the draws whose A asks for more find nothing without C either.
    assert {o.status for o in outcomes} == {"agreement", "breakdown"}
    for k, outcome in enumerate(outcomes):
        assert outcome == simulate(scenario, seed=3, draw=k).outcome
        agrees = outcome.reservation_values["A"] <= 0.6
        assert (outcome.status == "agreement") == agrees
        assert outcome.without == (("C",) if agrees else ())


def test_a_breakdown_with_one_text_left_in_the_zopa_says_one_text():
    """A's red line rules out price low and (low, fast) is forbidden; with r_A = 0.35 and
    r_B = 0.3, by hand: (mid, slow) gives B 0.25, (high, slow) B 0, (mid, fast) A 1/3, so
    only (high, fast), worth 2/3 to A and 1/2 to B, is in the ZOPA. Each side's last
    offers tie (A: (mid, slow) and (high, fast) at 2/3; B: (low, slow) and (high, fast)
    at 1/2) and the NegMAS order picks the other text, so the talks break down."""
    data = copy.deepcopy(BASE)
    data["constraints"] = [{"forbid": {"price": "low", "delivery": "fast"}}]
    data["preferences"]["A"]["red_lines"] = [{"price": "low"}]
    data["preferences"]["A"]["reservation_value"] = 0.35
    transcript = simulate(validate_data(data))
    assert transcript.zopa[-1].n_outcomes == 1
    assert transcript.outcome.reason == (
        "the last round ended without a text every party accepted, although 1 text was "
        "still in the zone of possible agreement"
    )


def test_a_strategy_is_given_to_a_negotiating_party_only():
    data = teaching_with()
    data["strategies"] = {"guardian": {"kind": "hardliner"}}
    with pytest.raises(ScenarioError) as refused:
        validate_data(data)
    [problem] = refused.value.problems
    assert (problem.location, problem.message) == (
        "strategies.guardian",
        "expected a negotiating party (role party), got 'guardian' with role guarantor",
    )
