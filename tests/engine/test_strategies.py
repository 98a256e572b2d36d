"""Strategies: Rubinstein's closed form, and one contract every strategy passes."""

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord import load_scenario, simulate
from accord.engine import _ranking as ranking_module
from accord.engine._ranking import Ranking
from accord.engine.offers import stances
from accord.scenario import validate_data
from accord.scenario.process import Round
from accord.situation import apply_event, compile_model, evaluate, mean_draws
from accord.situation import evaluation as evaluation_module
from accord.situation.timeline import played_items
from accord.utility import acceptable_mask
from tests.blocks import first_reading_block
from tests.strategies import linear_scenarios


def rubinstein(n_options: int, n_steps: int, delta_a: float, delta_b: float) -> dict:
    options = [f"s{i:05d}" for i in range(n_options)]
    share = {o: i / (n_options - 1) for i, o in enumerate(options)}
    return {
        "accord": 1,
        "id": "rubinstein",
        "title": "Rubinstein (1982)",
        "parties": [
            {"id": "A", "name": "A", "role": "party"},
            {"id": "B", "name": "B", "role": "party"},
        ],
        "issues": [{"id": "share", "name": "Share to A", "options": options}],
        "preferences": {
            "A": {"weights": {"share": 1}, "values": {"share": share}, "reservation_value": 0},
            "B": {
                "weights": {"share": 1},
                "values": {"share": {o: 1 - v for o, v in share.items()}},
                "reservation_value": 0,
            },
        },
        "protocol": {"kind": "alternating_offers", "n_steps": n_steps, "order": ["A", "B"]},
        "strategies": {
            "A": {"kind": "subgame_perfect", "discount": delta_a},
            "B": {"kind": "subgame_perfect", "discount": delta_b},
        },
    }


def rubinstein_share(delta_a: float, delta_b: float) -> float:
    """Closed form: the proposer's share x solves x = 1 - delta_b * y, y = delta_a * x.

    The responder B accepts A's offer 1 - x iff it is worth what B gets by proposing next
    period, discounted: 1 - x = delta_b * (1 - y); symmetrically A accepts y = delta_a * x.
    Substituting, x = (1 - delta_b) / (1 - delta_a * delta_b).
    """
    return (1 - delta_b) / (1 - delta_a * delta_b)


def test_subgame_perfect_matches_rubinstein_closed_form():
    expected = rubinstein_share(0.9, 0.8)
    assert expected == pytest.approx(0.7142857, abs=1e-7)
    outcome = simulate(validate_data(rubinstein(2001, 200, 0.9, 0.8))).to_dict()["outcome"]
    assert outcome["status"] == "agreement" and outcome["step"] == 0
    assert abs(outcome["utilities"]["A"] - expected) < 1e-3


def test_coarse_grid_stays_within_the_discretisation_bound():
    # On a grid of step g the discrete equilibrium lies within g / (1 - delta_a delta_b)
    # of the continuous one: each backward step can round by g, shrinking by delta_a delta_b.
    outcome = simulate(validate_data(rubinstein(1001, 200, 0.9, 0.8))).to_dict()["outcome"]
    bound = 0.001 / (1 - 0.9 * 0.8)
    assert outcome["step"] == 0
    assert abs(outcome["utilities"]["A"] - rubinstein_share(0.9, 0.8)) <= bound


STRATEGIES = [
    {"kind": "time_based", "curve": "boulware"},
    {"kind": "time_based", "curve": "linear"},
    {"kind": "time_based", "curve": "conceder"},
    {"kind": "time_based", "exponent": 2.5},
    {"kind": "tit_for_tat"},
    {"kind": "hardliner"},
    {"kind": "subgame_perfect", "discount": 0.95},
]


def with_rules(data: dict, draw: st.DrawFn) -> dict:
    """Add a red line for each party and a constraint, when the space allows."""
    issue = data["issues"][0]
    if len(issue["options"]) >= 3:
        for p, party in enumerate(data["preferences"]):
            party_prefs = data["preferences"][party]
            party_prefs["red_lines"] = [{issue["id"]: issue["options"][p]}]
        data["constraints"] = [{"forbid": {issue["id"]: issue["options"][-1]}}]
    return data


@pytest.mark.parametrize("strategy", STRATEGIES, ids=lambda s: s.get("curve", s["kind"]))
@given(data=st.data())
def test_strategy_contract(strategy, data):
    scenario_data = with_rules(data.draw(linear_scenarios(max_issues=3, max_options=4)), data.draw)
    opponent = (
        strategy
        if strategy["kind"] == "subgame_perfect"
        else {"kind": "time_based", "curve": "linear"}
    )
    scenario_data["protocol"] = {"kind": "alternating_offers", "n_steps": 20}
    scenario_data["strategies"] = {"p0": strategy, "p1": opponent}
    scenario = validate_data(scenario_data)
    first = simulate(scenario, seed=3).to_dict()
    again = simulate(scenario, seed=3).to_dict()
    assert json.dumps(first) == json.dumps(again)

    model = compile_model(scenario, mean_draws(scenario), texts="all")
    space, feasible = model.space, model.is_feasible
    acceptable = acceptable_mask(model.digits, model.initial.red_lines)
    parties = list(scenario.party_ids)
    for round_ in first["rounds"]:
        for step in round_["steps"]:
            code = space.code(step["proposal"])
            assert feasible[code], "offers are feasible"
            assert acceptable[code, parties.index(step["proposer"])], "own red lines never offered"
            for reply in step["replies"]:
                if reply["response"] == "accept":
                    assert acceptable[code, parties.index(reply["party"])]
    if first["outcome"]["status"] == "agreement":
        code = space.code(first["outcome"]["text"])
        assert feasible[code] and acceptable[code].all()


def test_hardliner_never_concedes():
    data = rubinstein(11, 30, 0.9, 0.9)
    data["strategies"] = {
        "A": {"kind": "hardliner"},
        "B": {"kind": "time_based", "curve": "boulware"},
    }
    transcript = simulate(validate_data(data)).to_dict()
    offers_by_a = {
        s["proposal"]["share"]
        for r in transcript["rounds"]
        for s in r["steps"]
        if s["proposer"] == "A"
    }
    assert offers_by_a == {"s00010"}


def test_tit_for_tat_mirrors_a_concession():
    data = rubinstein(101, 40, 0.9, 0.9)
    data["strategies"] = {
        "A": {"kind": "tit_for_tat"},
        "B": {"kind": "time_based", "curve": "linear"},
    }
    transcript = simulate(validate_data(data)).to_dict()
    steps = [s for r in transcript["rounds"] for s in r["steps"]]
    a_offers = [s["values"]["A"] for s in steps if s["proposer"] == "A"]
    b_offers = [s["values"]["A"] for s in steps if s["proposer"] == "B"]
    # After B's k-th offer improved A's value by d, A's next offer gives up d.
    for k in range(1, min(len(b_offers), len(a_offers) - 1)):
        gain = max(0.0, b_offers[k] - b_offers[k - 1])
        assert a_offers[k + 1] == pytest.approx(max(0.0, a_offers[k] - gain), abs=0.011)
    assert np.all(np.diff(a_offers) <= 1e-12)


def test_texts_of_equal_value_rank_in_code_order():
    """A party's ranking keeps ties in code order, however many texts tie."""
    rng = np.random.default_rng(3)
    values = rng.integers(0, 5, size=(4, 300)) / 4
    reservation = np.array([0.0, 0.3, 0.6, 2.0])
    ranking = Ranking.of(values, np.ones(values.shape, dtype=bool), reservation)
    for d in range(values.shape[0]):
        keys = [v if v >= reservation[d] else np.inf for v in values[d].tolist()]
        expected = sorted(range(values.shape[1]), key=lambda i: (keys[i], i))
        ranked = int(ranking.n_rational[d])
        assert ranked == sum(np.isfinite(keys))
        assert ranking.positions[d, :ranked].tolist() == expected[:ranked]


def negmas_offer(values: list[float], allowed: list[bool], reservation: float, low: float) -> int:
    """NegMAS's time-based offer for the band edge `low`, text by text (the rule as written)."""
    rational = sorted(
        (v, i)
        for i, (v, a) in enumerate(zip(values, allowed, strict=True))
        if a and v >= reservation
    )
    at_or_above = [k for k, (v, _) in enumerate(rational) if v >= low]
    first = at_or_above[0] if at_or_above else len(rational) - 1
    chosen, distance = rational[first][1], abs(rational[first][0] - low)
    if first > 0:
        below = rational[first - 1][0]
        if low - 1e-6 <= below < low and low - below < distance:
            chosen = next(i for v, i in rational if v == below)
            distance = low - below
    tail = [
        (abs(v - low), i)
        for i, (v, a) in enumerate(zip(values, allowed, strict=True))
        if a and v < reservation and v >= low - 1e-6
    ]
    if tail and min(tail)[0] < distance:
        chosen = min(tail)[1]
    return chosen


@pytest.mark.parametrize("n_texts", [4, 3000])
def test_a_text_under_the_reservation_value_wins_within_1e_6_of_the_edge(n_texts: int):
    """An edge 2e-7 above r reaches a text 4e-7 under r, which is nearer than any above it.

    By hand: the edge 0.5000002 less 1e-6 is 0.4999992, at or under the text worth
    0.4999996 (|0.4999996 − 0.5000002| = 6e-7), while the least text at or above the edge
    is worth 0.5000009 (7e-7 away): NegMAS offers the text under r. An edge of 0.8 does
    not reach it. Draw 1, whose every edge lies well above r, offers as usual.
    """
    values = np.full((2, n_texts), 0.1)  # padding: allowed, far under every edge
    values[:, :4] = [0.4999996, 0.5000009, 0.7, 0.9]
    allowed = np.ones(values.shape, dtype=bool)
    reservation = np.array([0.5, 0.5])
    lows = np.array([[0.5000002, 0.8], [0.69, 0.8]])
    ranking = Ranking.of(values, allowed, reservation, lows, values.max(axis=1))
    offers = ranking.least_at_or_above(lows)
    assert offers.tolist() == [[0, 3], [2, 3]]
    for d in range(2):
        for j in range(2):
            assert offers[d, j] == negmas_offer(
                values[d].tolist(), allowed[d].tolist(), reservation[d], lows[d, j]
            )


@pytest.mark.parametrize("n_texts", [300, 3000])
@pytest.mark.parametrize("narrow", [True, False])
@pytest.mark.parametrize("few_allowed", [1, 10**12], ids=["among-allowed", "every-text"])
def test_offers_follow_negmas_rule_text_by_text(
    n_texts: int, narrow: bool, few_allowed: int, monkeypatch
):
    """The ranked offer rule equals the rule applied text by text, ties and near misses included.

    With 3,000 texts only the texts in reach are ranked: read by group where edges near
    the top leave few in reach, else off the table; found among the allowed texts alone
    or by marking every text.
    """
    monkeypatch.setattr(evaluation_module, "FEW_PAIRS", few_allowed)
    rng = np.random.default_rng(n_texts + narrow)
    n_draws = 5
    values = np.round(rng.random((n_draws, n_texts)) * 400) / 400  # many exact ties
    values[:, ::7] += rng.choice([0.0, 4e-7, -4e-7, 2e-6], size=values[:, ::7].shape)
    allowed = rng.random((n_draws, n_texts)) < 0.9
    reservation = np.array([0.0, 0.2, 0.5, 0.3, 0.05])
    best = np.where(allowed, values, -np.inf).max(axis=1)
    # Edges at, just above, just below and between texts' values, and above every value.
    span = 0.03 if narrow else 0.9
    lows = best[:, None] - span * rng.random((n_draws, 6))
    lows[:, 0] = best - 0.01
    picks = rng.integers(0, n_texts, n_draws)
    lows[:, 1] = np.maximum(values[np.arange(n_draws), picks], best - span) + 5e-7
    lows[:, 2] = best + 1.0
    lows[4] = best[4] + rng.random(6)  # every edge above every text: the best is offered
    ranking = Ranking.of(values, allowed, reservation, lows, best)
    assert (ranking.values.shape[1] < n_texts) == (n_texts == 3000)
    offers = ranking.least_at_or_above(lows)
    for d in range(n_draws):
        for j in range(lows.shape[1]):
            expected = negmas_offer(
                values[d].tolist(), allowed[d].tolist(), reservation[d], lows[d, j]
            )
            assert offers[d, j] == expected, (d, j)


def test_the_reference_cases_offers_follow_negmas_rule_read_by_commitment_cell():
    """A party's ranking for band edges near its best reads only the commitment cells whose
    highest value reaches the lowest edge (23,328 texts in 108 cells); its offers are those
    of the rule applied text by text, on the reference case's first day and after its
    guarantor, red-line and option events (consent and allowed texts move)."""
    pinned, group = first_reading_block(load_scenario("istanbul-2022"), seed=11, n_draws=3)
    model = compile_model(pinned, group)
    conditions = model.initial
    evaluation = evaluate(model, conditions)
    moments = [evaluation]
    for item in played_items(pinned):
        if isinstance(item.item, Round):
            continue
        conditions, _ = apply_event(model, conditions, item.item)
        evaluation = evaluate(model, conditions, evaluation)
        if item.item.kind in ("guarantor_change", "red_line", "option"):
            moments.append(evaluation)
    cut = compared = 0
    for evaluation in moments:
        for stance in stances(evaluation):
            # Edges from the best value down: the nearest ones reach a few cells only.
            lows = stance.best[:, None] - np.array([[1e-9, 0.004, 0.02]])
            ranking = stance.ranking(lows)
            cut += ranking.values.shape[1] < model.n_texts
            offers = ranking.least_at_or_above(lows)
            table = evaluation.party_value(stance.party)
            for d in np.flatnonzero(np.isfinite(stance.best)):
                r = float(stance.reservation_values[d])
                if stance.best[d] < r:
                    continue  # no rational text: the strategy offers its best text instead
                for j in range(lows.shape[1]):
                    expected = negmas_offer(
                        table[d].tolist(), stance.allowed[d].tolist(), r, lows[d, j]
                    )
                    assert offers[d, j] == expected, (stance.party, d, j)
                    compared += 1
    assert cut >= 16 and compared >= 45, (cut, compared)


def test_a_ranking_read_by_cell_keeps_ties_in_code_order(monkeypatch):
    """Texts of equal value in different commitment cells rank in code order, not cell order.

    Issues share (s0, s1, s2) then guarantee (g0 … g9), whose options are the cells; A's
    weights are 1/2 each, its values s0 0.2, s1 0.6, g0 0.2, g1 0.6 (others 0), trust 1.
    By hand: (s0, g1), code 0·10 + 1 = 1, in cell g1, and (s1, g0), code 10, in cell g0,
    are both worth 0.1 + 0.3 = 0.4; for the edge 0.39 NegMAS offers the first in code
    order, text 1, although cell g0 comes first. Only cells g0 and g1 reach 0.39 (the
    others' best is 0.3), so the ranking reads 6 of the 30 texts; with a second edge of
    0.5 it keeps those under 0.5 (the two worth 0.4) and the least worth 0.5 or more:
    (s1, g1), text 11, worth 0.3 + 0.3 = 0.6, offered for 0.5. With 0.39 the only edge,
    it keeps the first of the two least worth 0.39 or more: text 1."""
    monkeypatch.setattr(ranking_module, "CUT_FROM_TEXTS", 1)
    data = rubinstein(3, 4, 0.9, 0.9)
    data["issues"].append(
        {"id": "guarantee", "name": "Guarantee", "options": [f"g{k}" for k in range(10)]}
    )
    zero = {f"g{k}": 0.0 for k in range(10)}
    data["preferences"]["A"] = {
        "weights": {"share": 1, "guarantee": 1},
        "values": {
            "share": {"s00000": 0.2, "s00001": 0.6, "s00002": 0.0},
            "guarantee": {**zero, "g0": 0.2, "g1": 0.6},
        },
        "reservation_value": 0.0,
    }
    data["preferences"]["B"]["weights"]["guarantee"] = 0
    data["preferences"]["B"]["values"]["guarantee"] = zero
    data["beliefs"] = {"A": {"B": 1.0}, "B": {"A": 1.0}}
    data["commitment"] = {
        "guarantees": {"guarantee": {"g1": {"credibility": 0.5, "exposure": 0.1, "guarantors": []}}}
    }
    data["strategies"] = {p: {"kind": "time_based", "curve": "boulware"} for p in ("A", "B")}
    scenario = validate_data(data)
    model = compile_model(scenario, mean_draws(scenario))
    a = stances(evaluate(model, model.initial))[0]
    lows = np.array([[0.39, 0.5]])
    ranking = a.ranking(lows)
    assert ranking.values.shape[1] == 3  # 0.4, 0.4 and 0.6 of the 6 texts read
    assert ranking.least_at_or_above(lows).tolist() == [[1, 11]]
    alone = a.ranking(lows[:, :1])
    assert alone.values.shape[1] == 1
    assert alone.least_at_or_above(lows[:, :1]).tolist() == [[1]]
    table = evaluate(model, model.initial).party_value(0)[0]
    assert negmas_offer(table.tolist(), [True] * 30, 0.0, 0.39) == 1
    assert negmas_offer(table.tolist(), [True] * 30, 0.0, 0.5) == 11


@pytest.mark.parametrize("few_allowed", [1, 10**12], ids=["among-allowed", "every-text"])
def test_a_stance_reads_its_best_and_worst_values_and_best_text_as_written(
    few_allowed: int, monkeypatch
):
    """A party's best value, floor and best text, read at its allowed texts alone or over
    its whole table, are those of the definition applied draw by draw to its allowed texts.

    Over the reference case's events, so that some draws have no allowed text and red
    lines, consent and trust move: the best is the largest allowed value (−inf: none),
    the floor max(smallest allowed value, r), the best text the first allowed text of
    the best value (−1: none).
    """
    monkeypatch.setattr(evaluation_module, "FEW_PAIRS", few_allowed)
    pinned, group = first_reading_block(load_scenario("istanbul-2022"), seed=5, n_draws=4)
    model = compile_model(pinned, group)
    conditions = model.initial
    evaluation = evaluate(model, conditions)
    seen_empty = seen_some = False
    for item in [None, *played_items(pinned)]:
        if item is not None and isinstance(item.item, Round):
            continue
        if item is not None:
            conditions, _ = apply_event(model, conditions, item.item)
            evaluation = evaluate(model, conditions, evaluation)
        for i, stance in enumerate(stances(evaluation)):
            # Read before the whole table is made, as in a round.
            best, floor, best_text = stance.best, stance.floor, stance.best_text
            table = evaluation.party_value(i)
            for d in range(model.n_draws):
                allowed = np.flatnonzero(stance.allowed[d])
                mine = table[d, allowed]
                r = float(conditions.reservation_values[d, i])
                seen_empty |= not mine.size
                seen_some |= bool(mine.size)
                if not mine.size:
                    assert (best[d], floor[d], best_text[d]) == (-np.inf, max(np.inf, r), -1)
                    continue
                assert best[d] == mine.max()
                assert floor[d] == max(mine.min(), r)
                assert best_text[d] == allowed[mine == mine.max()][0]
    assert seen_empty and seen_some


@pytest.mark.parametrize("few_allowed", [1, 10**12], ids=["among-allowed", "every-text"])
def test_a_stance_gives_ties_for_its_best_text_to_the_lowest_code(few_allowed: int, monkeypatch):
    """A does not care about the venue, so each of its values is tied three ways, and its
    red line bars the share "all": by hand, its best value is 0.5 (half, any venue), its
    best text the first of those in code order, (half, v0) at position 1·3 + 0 = 3, and
    its floor max(0, r = 0.2) = 0.2. B's best text is (none, v0) at position 0."""
    monkeypatch.setattr(evaluation_module, "FEW_PAIRS", few_allowed)
    data = rubinstein(3, 4, 0.9, 0.9)
    data["issues"][0]["options"] = ["none", "half", "all"]
    data["issues"].append({"id": "venue", "name": "Venue", "options": ["v0", "v1", "v2"]})
    share = {"none": 0.0, "half": 0.5, "all": 1.0}
    for party, values in (("A", share), ("B", {o: 1 - v for o, v in share.items()})):
        data["preferences"][party] = {
            "weights": {"share": 1, "venue": 0},
            "values": {"share": values, "venue": {"v0": 0, "v1": 0, "v2": 0}},
            "reservation_value": 0.2,
        }
    data["preferences"]["A"]["red_lines"] = [{"share": "all"}]
    scenario = validate_data(data)
    model = compile_model(scenario, mean_draws(scenario))
    a, b = stances(evaluate(model, model.initial))
    assert (a.best[0], a.floor[0], a.best_text[0]) == (0.5, 0.2, 3)
    assert (b.best[0], b.floor[0], b.best_text[0]) == (1.0, 0.2, 0)
