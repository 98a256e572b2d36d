"""Rounds with their own drafter and protocol, in the one engine."""

import pytest

from accord import load_scenario, simulate
from accord.errors import ScenarioError
from accord.scenario import validate_data


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
