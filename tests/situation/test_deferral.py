"""Partial and linked agreements: deferring issues, documents accepted together."""

import copy
from pathlib import Path

import yaml

from accord import analyze, simulate
from accord.scenario import validate_data
from accord.situation import compile_model, mean_draws

BASE = yaml.safe_load(
    (Path(__file__).parents[1] / "scenario" / "testdata" / "good-base.yaml").read_text()
)


def deferrable(*, partial: bool, documents=()) -> dict:
    """Delivery may be left open ('later'), which A values 0.9 and B 0.8; r = 0.6 each.

    Complete texts: {high, fast} A 2/3, B 1/2; {mid, slow} A 2/3, B 1/4; {mid, fast} A 1/3:
    none is worth both. {mid, later}: A (1 + 0.9)/3 = 0.633, B (0.5 + 0.8)/2 = 0.65.
    """
    data = copy.deepcopy(BASE)
    data["issues"][1]["options"] = ["slow", "fast", {"id": "later", "defers": True}]
    data["preferences"]["A"]["values"]["delivery"]["later"] = 0.9
    data["preferences"]["B"]["values"]["delivery"]["later"] = 0.8
    for party in ("A", "B"):
        data["preferences"][party]["reservation_value"] = 0.6
    data["parties"].append({"id": "M", "name": "M", "role": "mediator"})
    data["protocol"] = {"kind": "single_text", "n_steps": 3, "partial": partial}
    data["documents"] = list(documents)
    return data


def test_without_partial_agreements_no_text_defers_an_issue():
    scenario = validate_data(deferrable(partial=False))
    model = compile_model(scenario, mean_draws(scenario))
    assert model.n_texts == 6 and not (model.digits[:, 1] == 2).any()
    assert simulate(scenario).outcome.cause == "never-open"


def test_a_partial_agreement_settles_some_issues_and_records_the_deferred_ones():
    scenario = validate_data(deferrable(partial=True))
    outcome = simulate(scenario).outcome
    assert outcome.text == {"price": "mid", "delivery": "later"}
    assert outcome.deferred == ("delivery",)
    assert outcome.reason.endswith(", deferring delivery")
    assert simulate(scenario).to_dict()["outcome"]["deferred"] == ["delivery"]
    assert analyze(scenario).to_dict()["zopa"] == {"n_outcomes": 1, "n_partial": 1}


def test_linked_documents_are_accepted_together_or_not_at_all():
    documents = [
        {"id": "treaty", "name": "Treaty", "issues": ["price"], "linked_to": ["letter"]},
        {"id": "letter", "name": "Side letter", "issues": ["delivery"]},
    ]
    scenario = validate_data(deferrable(partial=True, documents=documents))
    # {mid, later} accepts the treaty and not the letter: it is no longer a text.
    assert analyze(scenario).to_dict()["zopa"] == {"n_outcomes": 0, "n_partial": 0}
    assert simulate(scenario).outcome.status == "breakdown"
