"""Events as array updates: each kind changes what it says, in every draw, and says so."""

import copy
from pathlib import Path

import numpy as np
import pytest
import yaml

from accord.scenario import validate_data
from accord.situation import apply_event, compile_model, evaluate, mean_draws, sampled_draws

BASE = yaml.safe_load(
    (Path(__file__).parents[1] / "scenario" / "testdata" / "good-base.yaml").read_text()
)


def with_events(*events: dict, **extra) -> dict:
    data = copy.deepcopy(BASE)
    data["calendar"] = {"start": "2022-01-01", "end": "2022-12-31"}
    data["events"] = [{"date": "2022-02-01", **event} for event in events]
    data.update(extra)
    return data


def applied(data: dict, draws=None):
    scenario = validate_data(data)
    model = compile_model(scenario, draws(scenario) if draws else mean_draws(scenario))
    conditions = model.initial
    changes = []
    for event in scenario.events:
        conditions, made = apply_event(model, conditions, event)
        changes += made
    return model, conditions, changes


@pytest.mark.parametrize(("delta", "after"), [(0.9, 1.0), (-0.5, 0.0), (0.25, 0.55)])
def test_a_reservation_shift_moves_r_and_keeps_it_in_the_unit_interval(delta, after):
    _, conditions, changes = applied(
        with_events({"id": "e", "kind": "reservation_shift", "party": "A", "delta": delta})
    )
    assert conditions.reservation_values[0].tolist() == pytest.approx([after, 0.3])
    assert (changes[0].effect(0).before, changes[0].effect(0).after) == pytest.approx((0.3, after))


def test_an_audience_cost_never_goes_below_zero():
    _, conditions, _ = applied(
        with_events(
            {"id": "e", "kind": "audience_cost", "party": "B", "delta": 0.4},
            {"id": "f", "kind": "audience_cost", "party": "B", "delta": -0.9},
        )
    )
    assert conditions.audience_costs[0].tolist() == [0.0, 0.0]


def test_a_weight_change_replaces_raw_weights_and_utilities_renormalise():
    model, conditions, _ = applied(
        with_events({"id": "e", "kind": "weight_change", "party": "A", "weights": {"price": 1}})
    )
    utilities = evaluate(model, conditions).utilities[0]
    position = int(model.positions(model.space.code({"price": "mid", "delivery": "slow"})))
    # A's weights 2:1 become 1:1: 1/2·0.5 + 1/2·1.
    assert utilities[position, 0] == 0.75


def test_a_red_line_is_added_then_lifted():
    model, conditions, changes = applied(
        with_events(
            {
                "id": "add",
                "kind": "red_line",
                "party": "B",
                "action": "add",
                "pattern": {"price": "high"},
            },
            {
                "id": "lift",
                "date": "2022-03-01",
                "kind": "red_line",
                "party": "B",
                "action": "lift",
                "pattern": {"price": "high"},
            },
        )
    )
    assert [c.effect(0).after for c in changes] == ["1 red lines", "0 red lines"]
    assert evaluate(model, conditions).acceptable.all()


def test_a_withdrawn_guarantor_never_consents_again():
    data = with_events(
        {"id": "gone", "kind": "guarantor_change", "guarantor": "G", "withdraw": True},
        parties=[*BASE["parties"], {"id": "G", "name": "G", "role": "guarantor"}],
        guarantors={"G": {"threshold": 1.0}},
        commitment={"guarantees": {"price": {"high": {"exposure": 0.1, "guarantors": ["G"]}}}},
    )
    model, conditions, _ = applied(data)
    consent = evaluate(model, conditions).consent[0]
    assert not consent[model.digits[:, 0] == 2].any() and consent[model.digits[:, 0] != 2].all()


def test_every_draw_reads_its_own_sampled_delta():
    data = with_events(
        {"id": "e", "kind": "reservation_shift", "party": "A", "delta": {"uniform": [-0.2, 0.2]}}
    )
    model, conditions, changes = applied(data, lambda s: sampled_draws(s, seed=5, start=0, stop=6))
    deltas = model.draws.values[:, 0]
    assert np.allclose(conditions.reservation_values[:, 0], 0.3 + deltas)
    assert np.allclose(changes[0].after, 0.3 + deltas)


def test_an_introduced_option_is_off_the_table_until_its_event():
    data = with_events(
        {
            "id": "mid-proposed",
            "kind": "option",
            "action": "introduce",
            "issue": "price",
            "option": "mid",
        }
    )
    scenario = validate_data(data)
    model = compile_model(scenario, mean_draws(scenario))
    mid = model.space.column(0, model.codes) == 1
    before = evaluate(model, model.initial)
    assert model.initial.unavailable == frozenset({(0, 1)})
    assert not before.feasible[mid].any() and before.feasible[~mid].all()
    assert not before.zopa()[:, mid].any()
    after, (change,) = apply_event(model, model.initial, scenario.events[0])
    assert evaluate(model, after).feasible.all()
    assert (change.quantity, change.about, change.before, change.after) == (
        "option",
        "mid",
        "off the table",
        "on the table",
    )


def test_a_withdrawn_option_is_on_the_table_before_and_off_after():
    model, conditions, _ = applied(
        with_events(
            {
                "id": "fast-dropped",
                "kind": "option",
                "action": "withdraw",
                "issue": "delivery",
                "option": "fast",
            }
        )
    )
    fast = model.space.column(1, model.codes) == 1
    assert model.initial.unavailable == frozenset()
    assert evaluate(model, conditions).feasible.tolist() == (~fast).tolist()


def test_a_value_change_replaces_the_listed_option_values_of_one_party():
    model, conditions, changes = applied(
        with_events(
            {
                "id": "e",
                "kind": "value_change",
                "party": "B",
                "issue": "price",
                "values": {"high": 0.8},
            }
        )
    )
    utilities = evaluate(model, conditions).utilities[0]
    position = int(model.positions(model.space.code({"price": "high", "delivery": "slow"})))
    # B weighs price and delivery 1:1: high now worth 0.8 (was 0), slow 0.
    assert utilities[position].tolist() == pytest.approx([(2 * 1 + 1) / 3, 0.4])
    assert [(c.party, c.about, c.effect(0).before, c.effect(0).after) for c in changes] == [
        ("B", "price=high", 0.0, 0.8)
    ]
    assert model.initial.option_values[0][0, 1, 2] == 0.0  # the first day is untouched


def test_a_walkout_threat_is_a_signal_about_the_party_and_changes_nothing_else():
    threat = {
        "id": "t",
        "kind": "walkout",
        "party": "A",
        "threat": True,
        "observers": ["B"],
        "likelihood": {"honours": 0.3, "breaches": 0.6},
    }
    model, conditions, changes = applied(with_events(threat, beliefs={"B": {"A": 0.5}}))
    assert [(c.quantity, c.effect(0).after) for c in changes] == [
        ("talks", "threatens to walk out"),
        ("belief", pytest.approx(0.3 / 0.9)),
    ]
    assert conditions.reservation_values is model.initial.reservation_values


def test_a_party_that_leaves_no_longer_bounds_the_zone_with_its_values_or_red_lines():
    data = with_events({"id": "w", "kind": "walkout", "party": "A", "effect": "party_leaves"})
    data["preferences"]["A"]["red_lines"] = [{"price": "low"}]
    model, conditions, changes = applied(data)
    assert conditions.absent == {0}
    assert [(c.quantity, c.party, c.effect(0).after) for c in changes] == [("talks", "A", "left")]
    before, after = evaluate(model, model.initial), evaluate(model, conditions)
    zone = [
        {"price": "mid", "delivery": "fast"},  # A 1/3, B 3/4
        {"price": "high", "delivery": "fast"},  # A 2/3, B 1/2
    ]
    # B alone (value (price + delivery) / 2 >= 0.3) also takes low-slow (1/2), which A's
    # red line excluded, and low-fast (1), worth 0 to A.
    alone = [{"price": "low", "delivery": "slow"}, {"price": "low", "delivery": "fast"}, *zone]
    assert inside(model, before) == sorted(model.space.code(t) for t in zone)
    assert inside(model, after) == sorted(model.space.code(t) for t in alone)
    assert after.acceptable[:, 0].all() and not before.acceptable[:, 0].all()
    assert after.present.tolist() == [False, True]


def inside(model, evaluation) -> list[int]:
    return sorted(model.codes[evaluation.zopa()[0]].tolist())
