"""Checks across sections: red-line lifts in the engine's event order, run-size limits."""

import pytest

from accord.errors import ScenarioError
from accord.scenario import validate_data
from accord.scenario._coherence import MAX_STEPS, MAX_UTILITY_CELLS


def scenario(**extra) -> dict:
    data = {
        "accord": 1,
        "id": "c",
        "title": "C",
        "parties": [
            {"id": "A", "name": "A", "role": "party"},
            {"id": "B", "name": "B", "role": "party"},
        ],
        "issues": [{"id": "price", "name": "Price", "options": ["low", "mid", "high"]}],
        "preferences": {
            party: {
                "weights": {"price": 1},
                "values": {"price": {"low": 0, "mid": 0.5, "high": 1}},
                "red_lines": [{"price": "low"}] if party == "A" else [],
                "reservation_value": 0.2,
            }
            for party in ("A", "B")
        },
    }
    return {**data, **extra}


def red_line(event_id, date, action, pattern, party="A", **more) -> dict:
    return {
        "id": event_id,
        "date": date,
        "kind": "red_line",
        "party": party,
        "action": action,
        "pattern": pattern,
        **more,
    }


def lift_problems(events) -> list[str]:
    try:
        validate_data(scenario(events=events))
    except ScenarioError as error:
        return [p.location for p in error.problems]
    return []


def test_lifting_a_declared_red_line_is_valid_once():
    assert lift_problems([red_line("l1", "2022-01-02", "lift", {"price": "low"})]) == []
    assert lift_problems(
        [
            red_line("l1", "2022-01-02", "lift", {"price": "low"}),
            red_line("l2", "2022-01-03", "lift", {"price": "low"}),
        ]
    ) == ["events[1].pattern"]


def test_events_apply_by_date_not_by_file_order():
    # The lift is written first but dated after the add: valid.
    assert (
        lift_problems(
            [
                red_line("lift", "2022-02-01", "lift", {"price": "mid"}),
                red_line("add", "2022-01-01", "add", {"price": "mid"}),
            ]
        )
        == []
    )


def test_on_one_day_an_after_round_add_comes_after_a_lift():
    events = [
        red_line("add", "2022-01-01", "add", {"price": "mid"}, after_round=True),
        red_line("lift", "2022-01-01", "lift", {"price": "mid"}),
    ]
    assert lift_problems(events) == ["events[1].pattern"]
    events[0] = red_line("add", "2022-01-01", "add", {"price": "mid"})
    assert lift_problems(events) == []


def test_a_lift_must_match_exactly_as_the_engine_compares():
    assert lift_problems([red_line("l", "2022-01-02", "lift", {"price": ["low"]})]) == []
    assert lift_problems([red_line("l", "2022-01-02", "lift", {"price": ["low", "mid"]})]) == [
        "events[0].pattern"
    ]


def test_a_lift_is_judged_per_party():
    assert lift_problems([red_line("l", "2022-01-02", "lift", {"price": "low"}, party="B")]) == [
        "events[0].pattern"
    ]


def test_an_unreadable_red_line_event_suspends_the_check_for_its_party():
    events = [
        red_line("add", "someday", "add", {"price": "mid"}),
        red_line("lift", "2022-01-02", "lift", {"price": "mid"}),
    ]
    assert lift_problems(events) == ["events[0].date"]


def test_steps_at_the_limit_are_valid_and_one_more_is_refused():
    rounds = [
        {"id": "r1", "date": "2022-01-01", "n_steps": MAX_STEPS - 1},
        {"id": "r2", "date": "2022-01-02", "n_steps": 1},
    ]
    assert validate_data(scenario(rounds=rounds)).rounds[0].n_steps == MAX_STEPS - 1
    rounds[1]["n_steps"] = 2
    with pytest.raises(ScenarioError, match="the rounds add up to 100,001 steps"):
        validate_data(scenario(rounds=rounds))


def test_utilities_at_the_limit_are_valid_and_beyond_it_refused():
    options = [f"o{j}" for j in range(10)]
    issues = [{"id": f"i{k}", "name": f"I{k}", "options": options} for k in range(7)]
    weights = {f"i{k}": 1 if k == 0 else 0 for k in range(7)}
    values = {"i0": dict.fromkeys(options, 0.5)}
    preferences = {
        p: {"weights": weights, "values": values, "reservation_value": 0.2} for p in ("A", "B")
    }
    data = scenario(issues=issues, preferences=preferences)
    assert MAX_UTILITY_CELLS == 10**7 * 2
    assert len(validate_data(data).issues) == 7
    issues[6] = {**issues[6], "options": [*options, "o10"]}
    with pytest.raises(ScenarioError, match="11,000,000 outcomes for 2 parties make 22,000,000"):
        validate_data(scenario(issues=issues, preferences=preferences))


def role_problems(parties, **extra) -> list[tuple[str, str]]:
    base = scenario()
    try:
        validate_data({**base, "parties": [*base["parties"], *parties], **extra})
    except ScenarioError as error:
        return [(p.location, p.message) for p in error.problems]
    return []


def test_a_mediator_that_is_also_a_guarantor_declares_both_roles():
    turkey = {"id": "T", "name": "T", "role": "mediator"}
    uses = {"mediator": {"party": "T"}, "guarantors": {"T": {"threshold": 0.2}}}
    problems = role_problems([turkey], **uses)
    assert [location for location, _ in problems] == ["guarantors.T"]
    assert "acts as guarantor here but its roles are: mediator" in problems[0][1]
    declared = {**turkey, "additional_roles": ["guarantor"]}
    assert role_problems([declared], **uses) == []


def test_a_guarantor_that_also_mediates_must_declare_it():
    guarantor = {"id": "G", "name": "G", "role": "guarantor"}
    assert [p for p, _ in role_problems([guarantor], mediator={"party": "G"})] == ["mediator.party"]
    mediating = {**guarantor, "additional_roles": ["mediator"]}
    assert role_problems([mediating], mediator={"party": "G"}) == []


def test_a_guarantor_change_names_a_party_that_plays_guarantor():
    event = {
        "id": "e",
        "date": "2022-01-02",
        "kind": "guarantor_change",
        "guarantor": "B",
        "withdraw": True,
    }
    assert [p for p, _ in role_problems([], events=[event])] == ["events[0].guarantor"]


def test_roles_that_repeat_or_contradict_are_refused_where_written():
    parties = [
        {"id": "M", "name": "M", "role": "mediator", "additional_roles": ["mediator"]},
        {"id": "O", "name": "O", "role": "observer", "additional_roles": ["guarantor"]},
    ]
    problems = dict(role_problems(parties))
    assert problems == {
        "parties[2].additional_roles[0]": "role 'mediator' is already declared",
        "parties[3].additional_roles": "an observer plays no other role; give it the role it plays",
    }
    mediating_party = {**scenario()["parties"][0], "additional_roles": ["mediator"]}
    try:
        validate_data({**scenario(), "parties": [mediating_party, scenario()["parties"][1]]})
    except ScenarioError as error:
        assert [(p.location, p.message) for p in error.problems] == [
            (
                "parties[0].additional_roles[0]",
                "a negotiating party cannot also mediate its own talks",
            )
        ]
    else:
        raise AssertionError("a mediating negotiating party was accepted")


def test_an_observer_cannot_be_named_as_a_guarantor():
    observer = {"id": "O", "name": "O", "role": "observer"}
    guarantee = {"price": {"mid": {"guarantors": ["O"], "credibility": 0.5}}}
    problems = role_problems([observer], commitment={"guarantees": guarantee})
    assert [p for p, _ in problems] == ["commitment.guarantees.price.mid.guarantors[0]"]


def test_a_mediator_or_negotiating_party_named_as_guarantor_must_declare_the_role():
    mediator = {"id": "M", "name": "M", "role": "mediator"}
    guarantee = {"price": {"mid": {"guarantors": ["M", "A"], "credibility": 0.5}}}
    uses = {"mediator": {"party": "M"}, "commitment": {"guarantees": guarantee}}
    problems = role_problems([mediator], **uses)
    at = "commitment.guarantees.price.mid.guarantors"
    assert [p for p, _ in problems] == [f"{at}[0]", f"{at}[1]"]
    assert "party 'M' acts as guarantor here but its roles are: mediator" in problems[0][1]
    assert "party 'A' acts as guarantor here but its roles are: party" in problems[1][1]
    guarantor = {"additional_roles": ["guarantor"]}
    declared = [{**mediator, **guarantor}]
    base = scenario()
    a_party = {**base["parties"][0], **guarantor}
    valid = {**base, "parties": [a_party, *base["parties"][1:], *declared], **uses}
    validate_data(valid)
