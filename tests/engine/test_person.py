"""A person in a seat: moves from a list in draw 0, the run stops when the list runs out."""

import pytest

from accord import load_scenario, simulate
from accord.engine.person import Move, MoveNeeded, Person
from accord.engine.recorder import TranscriptRecorder
from accord.engine.run import run_block
from accord.situation.draws import mean_draws
from accord.situation.model import compile_model


def run_with(scenario, people, seed=0):
    model = compile_model(scenario, mean_draws(scenario))
    recorder = TranscriptRecorder(model)
    (outcome,) = run_block(model, seeds=[seed], recorder=recorder, people=people)
    return recorder.transcript(outcome, seed=seed, protocol=scenario.protocol.kind, draw=None)


def replies_of(transcript, party):
    """The party's replies to the mediator's drafts, as the moves a person would make."""
    return [
        Move(accept=True) if r.response == "accept" else Move(amendments=dict(r.amendments))
        for record in transcript.rounds
        for step in record.steps
        for r in step.replies
        if r.party == party
    ]


def turns_of(transcript, party):
    """The party's offers and acceptances under alternating offers, in order."""
    moves = []
    for record in transcript.rounds:
        for step in record.steps:
            if step.proposer == party:
                moves.append(Move(offer=step.proposal))
            moves += [
                Move(accept=True)
                for r in step.replies
                if r.party == party and r.response == "accept"
            ]
    return moves


@pytest.mark.parametrize("party", ["north", "south"])
def test_a_person_who_answers_as_the_strategy_does_gives_the_same_run(party):
    scenario = load_scenario("ceasefire-teaching")
    alone = simulate(scenario, seed=0)
    played = run_with(scenario, [Person(party, replies_of(alone, party))])
    assert played.to_dict() == alone.to_dict()


def test_two_people_who_answer_as_the_strategies_do_give_the_same_run():
    scenario = load_scenario("ceasefire-teaching")
    alone = simulate(scenario, seed=3)
    people = [Person(p, replies_of(alone, p)) for p in ("north", "south")]
    assert run_with(scenario, people, seed=3).to_dict() == alone.to_dict()


def test_a_person_who_offers_as_the_strategy_does_gives_the_same_offers_run():
    scenario = load_scenario("nash-1950-bill-jack")
    alone = simulate(scenario, seed=0)
    played = run_with(scenario, [Person("bill", turns_of(alone, "bill"))])
    assert played.to_dict() == alone.to_dict()


def test_the_run_stops_at_the_first_draft_the_person_has_not_answered():
    scenario = load_scenario("ceasefire-teaching")
    alone = simulate(scenario, seed=0)
    first = alone.rounds[0].steps[0]
    with pytest.raises(MoveNeeded) as stop:
        run_with(scenario, [Person("south", [])])
    needed = stop.value
    assert (needed.parties, needed.kind, needed.step) == (("south",), "reply", first.step)
    model = needed.evaluation.model
    assert model.space.outcome(int(model.codes[needed.position])) == first.proposal


def test_both_people_are_named_when_neither_answered_the_draft():
    scenario = load_scenario("ceasefire-teaching")
    with pytest.raises(MoveNeeded) as stop:
        run_with(scenario, [Person("north", []), Person("south", [])])
    assert stop.value.parties == ("north", "south")


def test_a_person_who_accepts_the_first_offer_agrees_on_it():
    scenario = load_scenario("nash-1950-bill-jack")
    # Bill moves first and must offer (any text); then he accepts Jack's counter-offer.
    with pytest.raises(MoveNeeded) as stop:
        run_with(scenario, [Person("bill", [])])
    assert (stop.value.kind, stop.value.position) == ("turn", -1)
    model = stop.value.evaluation.model
    opening = model.space.outcome(int(model.codes[0]))
    with pytest.raises(MoveNeeded) as second:
        run_with(scenario, [Person("bill", [Move(offer=opening)])])
    answered = second.value.position
    assert answered >= 0
    counter = model.space.outcome(int(model.codes[answered]))
    done = run_with(scenario, [Person("bill", [Move(offer=opening), Move(accept=True)])])
    assert done.outcome.status == "agreement"
    assert done.outcome.text == counter
    assert done.rounds[0].steps[0].proposer == "bill"
    assert done.rounds[0].steps[0].proposal == opening


def test_a_text_across_the_persons_red_line_is_not_accepted():
    scenario = load_scenario("ceasefire-teaching")
    # North's red line: the pre-war line with no disarmament. Both accept every draft.
    everything = [Move(accept=True)] * 50
    transcript = run_with(scenario, [Person("north", everything), Person("south", everything)])
    for record in transcript.rounds:
        for step in record.steps:
            text = step.proposal
            north = next(r for r in step.replies if r.party == "north")
            crosses = text["line"] == "prewar" and text["disarmament"] == "none"
            assert (north.response == "accept") == (not crosses)
    assert transcript.outcome.status == "agreement"
    assert transcript.outcome.step == 0
