"""Values of texts under trust, breach losses and guarantees, checked by hand."""

import copy
from pathlib import Path

import numpy as np
import pytest
import yaml

from accord import load_scenario
from accord.scenario import validate_data
from accord.scenario.process import Round
from accord.situation import apply_event, compile_model, evaluate, mean_draws, sampled_draws
from accord.situation import evaluation as evaluation_module
from accord.situation.draws import Draws
from accord.situation.readings import split_by_reading
from accord.situation.timeline import played_items

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


def three_parties() -> dict:
    data = copy.deepcopy(BASE)
    data["parties"].append({"id": "C", "name": "Gamma", "role": "party"})
    data["preferences"]["C"] = copy.deepcopy(data["preferences"]["B"])
    return data


def test_trust_is_the_belief_that_every_other_party_honours():
    data = three_parties()
    data["beliefs"] = {"A": {"B": 0.5, "C": 0.8}, "B": {"A": 0.9}}
    scenario = validate_data(data)
    model = compile_model(scenario, mean_draws(scenario))
    b = evaluate(model, model.initial).trust[0]
    # b_A = b_AB · b_AC; b_B = b_BA · b_BC (undeclared: 1); b_C = 1.
    assert b.tolist() == [0.5 * 0.8, 0.9, 1.0]


def test_audience_cost_makes_conceding_costly_at_home():
    data = copy.deepcopy(BASE)
    data["calendar"] = {"start": "2022-01-01", "end": "2022-01-31"}
    data["events"] = [
        {"id": "rally", "date": "2022-01-02", "kind": "audience_cost", "party": "A", "delta": 0.5}
    ]
    scenario = validate_data(data)
    model = compile_model(scenario, mean_draws(scenario))
    conditions, _ = apply_event(model, model.initial, scenario.events[0])
    values = evaluate(model, conditions).values[0]
    position = int(model.positions(model.space.code({"price": "mid", "delivery": "fast"})))
    # A: u = 2/3·0.5 + 1/3·0 = 1/3; u' = u − a·(1 − u) = 1/3 − 0.5·2/3 = 0.
    assert values[position, 0] == pytest.approx(0.0, abs=1e-15)
    assert values[position, 1] == pytest.approx(0.75)


def test_a_text_worth_exactly_the_reservation_value_is_in_the_zopa():
    data = copy.deepcopy(BASE)
    data["preferences"]["A"]["reservation_value"] = 0.5  # (mid, slow): 2/3·0.5 + 1/3·1 = 2/3
    data["preferences"]["A"]["weights"] = {"price": 1, "delivery": 1}
    data["preferences"]["B"]["reservation_value"] = 0.25  # (mid, slow): 1/2·0.5 + 0 = 0.25
    scenario = validate_data(data)
    model = compile_model(scenario, mean_draws(scenario))
    zopa = evaluate(model, model.initial).zopa()[0]
    codes = {tuple(model.space.outcome(int(c)).values()) for c in model.codes[zopa]}
    # A: 1/2·price + 1/2·slow >= 0.5 holds for (low|mid|high, slow) and (high, fast);
    # B: 1/2·(1 − price) + 1/2·fast >= 0.25 for all but (high, slow).
    assert codes == {("low", "slow"), ("mid", "slow"), ("high", "fast")}
    assert ("mid", "slow") in codes  # worth exactly r to both


def test_a_guarantor_refuses_while_its_expected_cost_exceeds_its_threshold():
    data = copy.deepcopy(BASE)
    data["parties"].append({"id": "G", "name": "Guarantor", "role": "guarantor"})
    data["guarantors"] = {"G": {"threshold": 0.2}}
    data["beliefs"] = {"G": {"A": 0.8, "B": 0.9}}
    data["commitment"] = {
        "guarantees": {
            "price": {
                "high": {"credibility": 0.5, "exposure": 0.7, "guarantors": ["G"]},
                "mid": {"credibility": 0.2, "exposure": 0.5, "guarantors": ["G"]},
            }
        }
    }
    scenario = validate_data(data)
    model = compile_model(scenario, mean_draws(scenario))
    consent = evaluate(model, model.initial).consent[0]
    # b_G = 0.8 · 0.9 = 0.72: risk (1 − 0.72)·0.7 = 0.196 <= 0.2 (high), 0.14 (mid).
    assert consent.all()
    data["beliefs"] = {"G": {"A": 0.9, "B": 0.7}}
    scenario = validate_data(data)
    model = compile_model(scenario, mean_draws(scenario))
    consent = evaluate(model, model.initial).consent[0]
    # b_G = 0.9 · 0.7 = 0.63: high 0.259 > 0.2 refused; mid 0.185 consented. (Trusting A
    # alone, 0.9, it would consent to both: its doubt about B is what refuses.)
    price = model.digits[:, 0]
    assert not consent[price == 2].any() and consent[price != 2].all()


def test_each_text_is_consented_by_the_rule_applied_to_its_own_options():
    data = copy.deepcopy(BASE)
    data["issues"].append({"id": "venue", "name": "Venue", "options": ["here", "there"]})
    for party in ("A", "B"):
        data["preferences"][party]["weights"]["venue"] = 1
        data["preferences"][party]["values"]["venue"] = {"here": 0.5, "there": 0.5}
    data["parties"] += [
        {"id": "G", "name": "G", "role": "guarantor"},
        {"id": "H", "name": "H", "role": "guarantor"},
    ]
    data["guarantors"] = {"G": {"threshold": 0.1}, "H": {"threshold": 0.015}}
    data["beliefs"] = {"G": {"A": 0.9, "B": 0.8}, "H": {"A": 0.9, "B": 0.9}}
    data["constraints"] = [{"forbid": {"price": "low", "venue": "there"}}]
    data["commitment"] = {
        "guarantees": {
            "price": {
                "high": {"credibility": 0.5, "exposure": 0.25, "guarantors": ["G"]},
                "mid": {"credibility": 0.5, "exposure": 0.1, "guarantors": ["H"]},
            },
            "venue": {"there": {"credibility": 0.5, "exposure": 0.3, "guarantors": ["G", "H"]}},
        }
    }
    scenario = validate_data(data)
    model = compile_model(scenario, mean_draws(scenario))
    consent = evaluate(model, model.initial).consent[0]
    # Trust b_G = 0.9 · 0.8 = 0.72, b_H = 0.81; the exposure sums the text's options'.
    exposures = {"price": {"high": 0.25, "mid": 0.1}, "venue": {"there": 0.3}}
    names = {"price": {"high": {"G"}, "mid": {"H"}}, "venue": {"there": {"G", "H"}}}
    limits = {"G": (1 - 0.72, 0.1), "H": (1 - 0.81, 0.015)}
    assert model.n_texts == 10  # 3 · 2 · 2 less the two texts of low price there
    for position, digits in enumerate(model.digits.tolist()):
        text = {
            issue: model.space.options[k][j]
            for k, (issue, j) in enumerate(zip(model.space.issues, digits, strict=True))
        }
        exposure = sum(exposures.get(i, {}).get(o, 0.0) for i, o in text.items())
        named = set().union(*(names.get(i, {}).get(o, set()) for i, o in text.items()))
        refused = any(limits[g][0] * exposure > limits[g][1] for g in named)
        assert consent[position] == (not refused), text


@pytest.mark.parametrize("case", ["istanbul-2022", "dayton-1995", "rambouillet-1999"])
@pytest.mark.parametrize("few_admissible", [1, 10**12], ids=["pairs", "every-text"])
def test_an_evaluation_derived_from_the_last_one_equals_a_fresh_one(
    case, few_admissible, monkeypatch
):
    """Derived evaluations equal fresh ones; the ZOPA's sizes, counted at the admissible
    pairs alone or over every text, equal the fresh ZOPA's.

    A derived evaluation's values, read at pairs before its tables are made and made
    whole only after every third event (so that events follow each other unread, as
    between rounds), have the fresh evaluation's bits; so do each party's values at its
    allowed texts, which a derived evaluation may keep from the last one.
    """
    monkeypatch.setattr(evaluation_module, "FEW_PAIRS", few_admissible)
    scenario = load_scenario(case)
    draws = sampled_draws(scenario, seed=3, start=0, stop=6)
    for pinned, group, _ in split_by_reading(scenario, draws):
        model = compile_model(pinned, group)
        conditions = model.initial
        derived = evaluate(model, conditions)
        sizes = derived.zopa_sizes()
        every_pair = np.arange(model.n_draws * model.n_texts)
        events = [item.item for item in played_items(pinned) if not isinstance(item.item, Round)]
        for k, event in enumerate(events):
            conditions, _ = apply_event(model, conditions, event)
            derived = evaluate(model, conditions, derived)
            fresh = evaluate(model, conditions)
            sizes = derived.zopa_sizes(sizes)
            for i in range(len(model.parties)):
                at_pairs = derived.values_at(i, every_pair).reshape(model.n_draws, -1)
                assert at_pairs.tobytes() == fresh.party_value(i).tobytes(), event.id
                kept, made = derived.allowed_pairs(i), fresh.allowed_pairs(i)
                assert (kept is None) == (made is None), event.id
                if kept is not None and made is not None:
                    assert np.array_equal(kept[0], made[0]), event.id
                    assert kept[1].tobytes() == made[1].tobytes(), event.id
            if k % 3 == 2 or k == len(events) - 1:
                assert derived.values.tobytes() == fresh.values.tobytes(), event.id
            assert np.array_equal(derived.refused, fresh.refused), event.id
            assert np.array_equal(derived.consent, fresh.consent), event.id
            assert np.array_equal(sizes, fresh.zopa().sum(axis=1)), event.id
            assert np.array_equal(derived.admissible, fresh.admissible), event.id
            for i in range(len(model.parties)):
                assert np.array_equal(derived.allowed(i), fresh.allowed(i)), event.id


def test_values_moved_in_different_draws_by_unread_events_are_all_made_again():
    """Two events move a party's reservation value in different draws, and nobody reads
    the values in between: the table made afterwards has both moves, by hand.

    A's value of a text is b·u + (1 − b)·(r − loss) with b = 0.5, so raising r by 0.1
    raises every value by 0.05 where r moved (draws 1 and 4 of 8), and nowhere else.
    """
    scenario = validate_data(guaranteed(None))
    means = mean_draws(scenario)
    n_draws = 8
    values = np.repeat(means.values, n_draws, axis=0)
    draws = Draws(means.parameters, values, np.arange(n_draws))
    model = compile_model(scenario, draws)
    first = evaluate(model, model.initial)
    before = first.party_value(0).copy()
    conditions = model.initial
    for draw in (1, 4):
        reservation = conditions.reservation_values.copy()
        reservation[draw, 0] += 0.1
        conditions = conditions.with_changes(reservation_values=reservation)
        first = evaluate(model, conditions, first)
    moved = np.zeros(n_draws, dtype=bool)
    moved[[1, 4]] = True
    made = first.party_value(0)
    assert np.allclose(made[moved], before[moved] + 0.05, rtol=0, atol=1e-12)
    assert made[~moved].tobytes() == before[~moved].tobytes()
    assert made.tobytes() == evaluate(model, conditions).party_value(0).tobytes()


def test_an_evaluation_made_ahead_is_given_what_its_previous_one_made_since(monkeypatch):
    """A look-ahead evaluates the conditions after two events before the walk reads
    anything; the walk then reads the first day's values and hulls, and takes up the
    evaluation after the first event (a shift of A's r in draw 1). It is given B's table
    and both hulls (nothing of theirs moved), and A's table is made again in draw 1
    alone; every value has the bits of a fresh evaluation."""
    scenario = validate_data(guaranteed(None))
    means = mean_draws(scenario)
    n_draws = 8
    draws = Draws(means.parameters, np.repeat(means.values, n_draws, axis=0), np.arange(n_draws))
    model = compile_model(scenario, draws)
    first = evaluate(model, model.initial)
    reservation = model.initial.reservation_values.copy()
    reservation[1, 0] += 0.1
    shifted = model.initial.with_changes(reservation_values=reservation)
    ahead = evaluate(model, shifted, first)
    tables = [first.party_value(i) for i in range(2)]
    hulls = [first.hull(i) for i in range(2)]
    made_in = []
    making = evaluation_module._party_values

    def recording(evaluation, party, rows):
        made_in.append((party, np.arange(n_draws)[rows].tolist()))
        return making(evaluation, party, rows)

    monkeypatch.setattr(evaluation_module, "_party_values", recording)
    taken = evaluation_module.taken_up(ahead, first)
    assert taken.value_tables[1] is tables[1]
    assert all(taken.hull(i) is hulls[i] for i in range(2))
    fresh = evaluate(model, shifted)
    for i in range(2):
        assert taken.party_value(i).tobytes() == fresh.party_value(i).tobytes()
    assert made_in[0] == (0, [1])
