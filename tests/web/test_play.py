"""Teaching games: replayed through the engine, seen from one seat, debriefed at the end."""

import json

import numpy as np
import pytest

from accord import load_scenario, simulate
from accord.engine.person import Move
from accord.scenario import validate_data
from accord.web.play import Game, GameError, debrief, joint_gains_left, play, player_view, replay

CASE = "ceasefire-teaching"


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(CASE)


def finish(scenario, game, party, choose):
    """Play `party` with `choose(view)` until the talks end."""
    for _ in range(100):
        position = replay(scenario, game)
        if position.finished:
            return game, position
        view = player_view(scenario, game, party, position)
        game = play(scenario, game, party, choose(view))
    raise AssertionError("the game did not end")


def test_a_game_that_answers_as_the_strategy_would_ends_as_the_run_does(scenario):
    alone = simulate(scenario, seed=0)

    # South's strategy (reservation) accepts a draft worth its reservation value.
    def as_strategy(view):
        turn = view["turn"]
        if turn["value"] >= view["reservation_value"] - 1e-12 and not turn["crosses_red_line"]:
            return Move(accept=True)
        reply = next(
            r
            for record in alone.rounds
            for s in record.steps
            for r in s.replies
            if s.step == turn["step"] and r.party == "south"
        )
        return Move(amendments=reply.amendments)

    _, position = finish(scenario, Game("G1", CASE, 0, ("south",)), "south", as_strategy)
    assert position.transcript.to_dict()["outcome"] == alone.to_dict()["outcome"]


def test_the_player_sees_their_own_brief_and_no_private_number_of_the_other_side(scenario):
    game = Game("G2", CASE, 0, ("south",))
    game = play(scenario, game, "south", Move(amendments={"line": "prewar"}))
    view = player_view(scenario, game, "south", replay(scenario, game))
    assert view["brief"]["party"] == "south"
    weights = {"line": 4, "monitoring": 2, "disarmament": 2, "prisoners": 1}
    assert view["brief"]["weights"] == weights
    assert view["turn"]["kind"] == "reply"
    text = json.dumps(view)
    # North's reservation value (a judgement: its rationale and its mean) and its margins.
    assert "North expects to hold its gains" not in text
    alone = simulate(scenario, seed=0)
    north_margins = {
        round(r.margin, 6)
        for rec in alone.rounds
        for s in rec.steps
        for r in s.replies
        if r.party == "north"
    }
    record = view["record"][0]["steps"][0]
    north = next(r for r in record["replies"] if r["party"] == "north")
    assert "margin" not in north
    assert all(f"{m}" not in text for m in north_margins if abs(m) > 1e-3)
    assert set(view["brief"]) >= {"weights", "values", "red_lines"}
    assert "north" not in json.dumps(view["brief"])


def test_moves_out_of_turn_or_outside_the_case_are_refused(scenario):
    game = Game("G3", CASE, 0, ("south",))
    with pytest.raises(GameError, match="not north's move"):
        play(scenario, game, "north", Move(accept=True))
    with pytest.raises(GameError, match="unknown issue 'border'"):
        play(scenario, game, "south", Move(amendments={"border": "prewar"}))
    with pytest.raises(GameError, match="no option 'moon'"):
        play(scenario, game, "south", Move(amendments={"line": "moon"}))
    with pytest.raises(GameError, match="the mediator drafts"):
        play(scenario, game, "south", Move(offer={"line": "prewar"}))


def test_north_cannot_accept_a_text_across_its_red_line(scenario):
    data = scenario.model_dump(mode="json", by_alias=True, exclude_unset=True)
    # Every text crosses this red line: the mediator can only table texts North refuses.
    data["preferences"]["north"]["red_lines"] = [{"line": ["current", "midpoint", "prewar"]}]
    strict = validate_data(data)
    game = Game("G4", CASE, 0, ("north",))
    turn = player_view(strict, game, "north", replay(strict, game))["turn"]
    assert turn["crosses_red_line"]
    with pytest.raises(GameError, match="red lines"):
        play(strict, game, "north", Move(accept=True))


def test_the_debrief_draws_the_moves_and_measures_what_was_left(scenario):
    game, position = finish(
        scenario,
        Game("G5", CASE, 0, ("south",)),
        "south",
        lambda view: Move(accept=not view["turn"]["crosses_red_line"]),
    )
    report = debrief(scenario, game, "south", position)
    outcome = position.transcript.outcome
    assert outcome.status == "agreement"
    # Accepting the first draft: one move, the final text, drawn at its utilities.
    assert [m["move"] for m in report["moves"]] == ["accept"]
    assert report["final"]["text"] == outcome.text
    assert report["final"]["utilities"] == pytest.approx(
        [outcome.utilities["south"], outcome.utilities["north"]], abs=1e-6
    )
    assert report["outcome"]["your_utility"] == pytest.approx(outcome.utilities["south"], abs=1e-6)
    assert report["counterpart"] == "north"
    agreed = position.transcript.rounds[-1].steps[-1]
    assert agreed.proposal == outcome.text
    assert report["your_value"] == pytest.approx(agreed.values["south"], abs=1e-6)
    # Every Pareto point is undominated among the feasible points drawn.
    frontier = np.array(report["pareto"])
    for x, y in frontier:
        assert not any(
            (frontier[:, 0] >= x)
            & (frontier[:, 1] >= y)
            & ((frontier[:, 0] > x) | (frontier[:, 1] > y))
        )


def test_joint_gains_left_after_an_agreement_match_a_search_over_every_text(scenario):
    game, position = finish(
        scenario,
        Game("G6", CASE, 0, ("south",)),
        "south",
        lambda view: Move(accept=not view["turn"]["crosses_red_line"]),
    )
    transcript = position.transcript
    situation = transcript.situation(transcript.moments[-1].after)
    agreed = situation.utilities[situation.space.code(transcript.outcome.text)]
    best = 0.0
    for code in range(situation.space.n_outcomes):
        row = situation.utilities[code]
        if situation.admissible[code] and all(row[i] >= agreed[i] - 1e-12 for i in range(2)):
            best = max(best, float(row[0] + row[1] - agreed[0] - agreed[1]))
    assert joint_gains_left(situation, transcript.outcome) == pytest.approx(best)
    assert debrief(scenario, game, "south", position)["joint_gains_left"] == pytest.approx(
        best, abs=1e-6
    )


def test_a_game_under_way_has_no_debrief(scenario):
    game = Game("G7", CASE, 0, ("south",))
    with pytest.raises(GameError, match="not over"):
        debrief(scenario, game, "south", replay(scenario, game))


def test_alternating_offers_the_player_offers_and_answers():
    scenario = load_scenario("nash-1950-bill-jack")
    game = Game("G8", scenario.id, 0, ("jack",))
    view = player_view(scenario, game, "jack", replay(scenario, game))
    turn = view["turn"]
    assert turn["kind"] == "turn" and turn["text"] is not None  # Bill offered first
    with pytest.raises(GameError, match="one option for every issue"):
        play(scenario, game, "jack", Move(offer={"book": "bill"}))
    game = play(scenario, game, "jack", Move(accept=True))
    position = replay(scenario, game)
    assert position.finished
    assert position.transcript.outcome.text == turn["text"]


def test_the_debrief_draws_the_historical_texts_at_the_end_of_the_talks():
    dayton = load_scenario("dayton-1995")
    game, position = finish(
        dayton,
        Game("G9", "dayton-1995", 0, ("bosnia",)),
        "bosnia",
        lambda view: Move(accept=not view["turn"]["crosses_red_line"]),
    )
    report = debrief(dayton, game, "bosnia", position)
    assert [t["id"] for t in report["texts"]] == [t.id for t in dayton.texts]
    # Each text at its utilities in the debrief's own space, the last day's situation.
    situation = position.transcript.situation(position.transcript.moments[-1].after)
    pair = [situation.parties.index("bosnia"), situation.parties.index(report["counterpart"])]
    for text in report["texts"]:
        code = situation.space.code(text["best"]["text"])
        assert text["best"]["utilities"] == pytest.approx(
            situation.utilities[code, pair].tolist(), abs=1e-6
        )
        assert text["best"]["in_zopa"] == bool(situation.zopa()[code])
    teaching_report = debrief(*finish_first_draft())
    assert teaching_report["texts"] == []


def finish_first_draft():
    teaching = load_scenario(CASE)
    game, position = finish(
        teaching,
        Game("G10", CASE, 0, ("south",)),
        "south",
        lambda view: Move(accept=not view["turn"]["crosses_red_line"]),
    )
    return teaching, game, "south", position


def test_an_uncertain_weight_is_briefed_at_its_mean():
    dayton = load_scenario("dayton-1995")
    game = Game("G11", "dayton-1995", 0, ("bosnia",))
    view = player_view(dayton, game, "bosnia", replay(dayton, game))
    # territory: triangular [2, 3, 4], whose mean is (2 + 3 + 4) / 3.
    assert view["brief"]["weights"]["territory"] == pytest.approx(3.0)
    assert view["brief"]["weights"]["eastern_slavonia"] == 0.0
    assert json.dumps(view)


def test_a_private_session_is_seen_only_by_the_delegation_it_was_held_with():
    scenario = load_scenario("patron-teaching")
    game = Game("G9", "patron-teaching", 0, ("east",))
    # East asks for nothing until the proximity sessions (step 0 with West, step 1 with
    # East) are behind it.
    for _ in range(10):
        position = replay(scenario, game)
        rounds = position.transcript.rounds
        if rounds and len(rounds[0].steps) > 2:
            break
        game = play(scenario, game, "east", Move())
    held = position.transcript.rounds[0].steps
    assert [s.shown_to for s in held[:2]] == [("west",), ("east",)]
    steps = player_view(scenario, game, "east", position)["record"][0]["steps"]
    # West's session: that the mediator met West, not the draft nor West's answer.
    assert steps[0] == {
        "step": 0,
        "proposer": "patron",
        "text": None,
        "note": "met west in private",
        "replies": [],
    }
    # East's own session: its draft and its own reply only.
    assert steps[1]["text"] == held[1].proposal
    assert [r["party"] for r in steps[1]["replies"]] == ["east"]
    # The joint step after them: every reply is seen.
    assert [r["party"] for r in steps[2]["replies"]] == ["east", "west"]
