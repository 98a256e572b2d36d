"""Values of texts under trust, breach losses and guarantees, checked by hand."""

import copy
from pathlib import Path

import pytest
import yaml

from accord.scenario import validate_data
from accord.situation import apply_event, compile_model, evaluate, mean_draws
from accord.situation.draws import Draws

BASE = yaml.safe_load(
    (Path(__file__).parents[1] / "scenario" / "testdata" / "good-base.yaml").read_text()
)


def guaranteed(protects: list[str] | None) -> dict:
    data = copy.deepcopy(BASE)
    data["beliefs"] = {"A": {"B": 0.5}, "B": {"A": 0.8}}
    guarantee = {"credibility": 0.6, "exposure": 0.5, "guarantors": []}
    if protects is not None:
        guarantee["protects"] = protects
    data["commitment"] = {
        "vulnerability": {
            "A": {"delivery": {"slow": 0.4, "fast": 0.0}},
            "B": {"delivery": {"slow": 0.2, "fast": 0.0}},
        },
        "guarantees": {"price": {"high": guarantee}},
    }
    return data


@pytest.mark.parametrize(("protects", "credibility_for_b"), [(None, 0.6), (["A"], 0.0)])
def test_value_is_trust_weighted_with_the_protected_breach_loss(protects, credibility_for_b):
    scenario = validate_data(guaranteed(protects))
    model = compile_model(scenario, mean_draws(scenario))
    current = evaluate(model, model.initial)
    code = model.space.code({"price": "high", "delivery": "slow"})
    position = int(model.positions(code))
    # A: u = 2/3*1 + 1/3*1 = 1, r = 0.3, b = 0.5, loss = 0.4 * (1 - 0.6) = 0.16.
    assert current.values[0, position, 0] == pytest.approx(0.5 * 1.0 + 0.5 * (0.3 - 0.16))
    # B: u = 1/2*0 + 1/2*0 = 0, r = 0.3, b = 0.8, loss = 0.2 * (1 - credibility for B).
    loss_b = 0.2 * (1 - credibility_for_b)
    assert current.values[0, position, 1] == pytest.approx(0.8 * 0.0 + 0.2 * (0.3 - loss_b))


def test_guarantor_threshold_change_reads_its_number_from_the_draws():
    data = copy.deepcopy(BASE)
    data["parties"].append({"id": "G", "name": "Guarantor", "role": "guarantor"})
    data["guarantors"] = {"G": {"threshold": 0.2}}
    data["events"] = [
        {
            "id": "e",
            "date": "2022-03-01",
            "kind": "guarantor_change",
            "guarantor": "G",
            "threshold": {"uniform": [0.1, 0.5]},
        }
    ]
    scenario = validate_data(data)
    means = mean_draws(scenario)
    draws = Draws(means.parameters, means.values.copy(), means.numbers)
    draws.values[0, [p.path for p in draws.parameters].index("events.e.threshold")] = 0.42
    model = compile_model(scenario, draws)
    conditions, changes = apply_event(model, model.initial, scenario.events[0])
    assert conditions.thresholds[0, model.guarantors.index("G")] == 0.42
    assert changes[0].effect(0).after == 0.42
