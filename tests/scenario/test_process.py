"""Process entries validated with located errors: walk-outs and value changes."""

import copy
from pathlib import Path

import yaml

from accord.errors import ScenarioError
from accord.scenario import validate_data

BASE = yaml.safe_load((Path(__file__).parent / "testdata" / "good-base.yaml").read_text())


def problems(*events: dict, **extra) -> list[tuple[str, str]]:
    data = copy.deepcopy(BASE)
    data["events"] = [{"date": "2022-02-01", **event} for event in events]
    data.update(extra)
    try:
        validate_data(data)
    except ScenarioError as error:
        return [(p.location, p.message) for p in error.problems]
    return []


def test_a_walkout_read_as_a_signal_needs_observers_and_likelihood_together():
    assert problems({"id": "w", "kind": "walkout", "party": "A"}) == []
    assert problems({"id": "w", "kind": "walkout", "party": "A", "observers": ["B"]}) == [
        ("events[0]", "expected 'observers' and 'likelihood' together, or neither")
    ]


def test_only_a_negotiating_party_leaves_and_a_threat_leaves_nobody():
    mediator = {"id": "M", "name": "M", "role": "mediator"}
    leaving = {"id": "w", "kind": "walkout", "effect": "party_leaves"}
    assert problems({**leaving, "party": "A"}) == []
    assert problems({**leaving, "party": "M"}, parties=[*BASE["parties"], mediator]) == [
        ("events[0].party", "expected a negotiating party (role party), got 'M' with role mediator")
    ]
    assert problems({**leaving, "party": "A", "threat": True}) == [
        ("events[0].effect", "expected no 'effect: party_leaves' on a threat (nobody leaves)")
    ]
    assert problems({**leaving, "party": "A", "effect": "stays"})[0][0] == "events[0].effect"


def test_a_value_change_names_options_of_its_issue_and_a_negotiating_party():
    observer = {"id": "O", "name": "O", "role": "observer"}
    found = problems(
        {
            "id": "v",
            "kind": "value_change",
            "party": "O",
            "issue": "price",
            "values": {"cheap": 0.5, "mid": 1.5},
        },
        parties=[*BASE["parties"], observer],
    )
    assert found == [
        (
            "events[0].values.cheap",
            "unknown option 'cheap' for issue 'price'; known options: low, mid, high",
        ),
        (
            "events[0].party",
            "expected a negotiating party (role party), got 'O' with role observer",
        ),
        ("events[0].values.mid", "expected a number in [0, 1], got 1.5"),
    ]


def test_a_session_order_lists_every_negotiating_party_once():
    rounds = [
        {"id": "r1", "date": "2022-01-05", "sessions": "proximity"},
        {"id": "r2", "date": "2022-01-06", "sessions": {"kind": "sequential", "order": ["B"]}},
        {"id": "r3", "date": "2022-01-07", "sessions": {"kind": "huddle"}},
    ]
    found = [location for location, _ in problems(rounds=rounds)]
    assert found == ["rounds[1].sessions.order", "rounds[2].sessions.kind"]


def test_weights_and_red_lines_change_for_negotiating_parties_only():
    mediator = {"id": "M", "name": "M", "role": "mediator"}
    parties = [*BASE["parties"], mediator]
    weights = {"id": "w", "kind": "weight_change", "weights": {"price": 1}}
    red_line = {"id": "r", "kind": "red_line", "action": "add", "pattern": {"price": "low"}}
    assert problems({**weights, "party": "A"}, {**red_line, "party": "B"}) == []
    expected = "expected a negotiating party (role party), got 'M' with role mediator"
    assert problems({**weights, "party": "M"}, {**red_line, "party": "M"}, parties=parties) == [
        ("events[0].party", expected),
        ("events[1].party", expected),
    ]


def test_an_alternating_offers_order_gives_every_negotiating_party_a_turn_once():
    def order(*parties):
        protocol = {"kind": "alternating_offers", "order": list(parties)}
        return [message for _, message in problems(protocol=protocol)]

    assert order("B", "A") == []
    assert order("A") == ["expected every negotiating party once (A, B), got A"]
    assert order("A", "B", "A") == ["expected every negotiating party once (A, B), got A, B, A"]


def test_an_empty_list_of_options_is_refused_where_it_would_match_no_text():
    red_lines = {"red_lines": [{"price": []}]}
    data = copy.deepcopy(BASE)
    data["preferences"]["A"].update(red_lines)
    try:
        validate_data(data)
    except ScenarioError as error:
        found = [(p.location, p.message) for p in error.problems]
    assert found == [
        (
            "preferences.A.red_lines[0].price",
            "expected at least one option (an empty list matches no text)",
        )
    ]


def test_weight_changes_leave_a_positive_weight_and_weigh_only_valued_issues():
    base_weights = dict.fromkeys(BASE["preferences"]["A"]["weights"], 0)
    change = {"id": "w", "kind": "weight_change", "party": "A"}
    assert problems({**change, "weights": {"price": 0.5}}) == []
    assert problems({**change, "weights": base_weights}) == [
        (
            "events[0].weights",
            "leaves party 'A' no positive weight from 2022-02-01: it would care for no issue",
        )
    ]
    without_delivery = copy.deepcopy(BASE["preferences"])
    without_delivery["A"]["weights"]["delivery"] = 0
    del without_delivery["A"]["values"]["delivery"]
    found = problems({**change, "weights": {"delivery": 1}}, preferences=without_delivery)
    assert found == [
        (
            "events[0].weights.delivery",
            "gives issue 'delivery' a weight, but party 'A' has no values for its options",
        )
    ]
