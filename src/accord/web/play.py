"""Teaching mode: people play delegations of a case; the engine plays the other seats.

A game is its case, its seed, the seats people took and each seat's moves so far. Its
position is found by running the one engine (`accord.engine.run.run_block`) from the
start with the people's recorded moves (`accord.engine.person`) until it ends or someone
must decide: runs are deterministic, so a game needs no other state. A run of the
reference case costs a few tens of milliseconds.

What a player sees (`player_view`) is their own brief and the public record: the texts
tabled, who accepted or asked to amend what, and the news. The other delegations'
preferences, red lines, reservation values and margins never appear in it. After the
end, `debrief` shows the bargaining space with the player's moves drawn on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.analysis.bargaining import SOLUTIONS
from accord.analysis.pareto import pareto_frontier
from accord.analysis.summary import analyze
from accord.engine.person import Move, MoveNeeded, Person
from accord.engine.recorder import TranscriptRecorder
from accord.engine.run import run_block
from accord.engine.transcript import Outcome, StepRecord, Transcript
from accord.errors import AccordError
from accord.scenario.distributions import quantity_mean
from accord.scenario.schema import Scenario
from accord.situation import Situation
from accord.situation.draws import mean_draws
from accord.situation.model import compile_model
from accord.situation.timeline import protocol_of
from accord.web.workbench import text_points

__all__ = [
    "Game",
    "GameError",
    "Position",
    "UnknownGameError",
    "debrief",
    "play",
    "player_view",
    "replay",
    "turn_number",
]

DIGITS = 6


class GameError(AccordError):
    """A move that is not allowed now: not the player's turn, or not a valid move."""


class UnknownGameError(GameError):
    """No game has this code (or no seat this name)."""


@dataclass(frozen=True)
class Game:
    """A game: its code, case, seed, the seats people play and their moves so far."""

    code: str
    case: str
    seed: int
    seats: tuple[str, ...]
    moves: Mapping[str, tuple[Move, ...]] = field(default_factory=dict)
    title: str = ""

    def with_move(self, party: str, move: Move) -> Game:
        """Return the game with `move` added to `party`'s moves."""
        moves = dict(self.moves)
        moves[party] = (*moves.get(party, ()), move)
        return Game(self.code, self.case, self.seed, self.seats, moves, self.title)


@dataclass(frozen=True)
class Position:
    """Where a game stands: the course so far, and the decision awaited (None: it ended)."""

    transcript: Transcript
    needed: MoveNeeded | None

    @property
    def finished(self) -> bool:
        """The talks ended (agreement, breakdown or walk-out)."""
        return self.needed is None

    def waits_for(self, party: str) -> bool:
        """`party`'s person must decide now."""
        return self.needed is not None and party in self.needed.parties


def replay(scenario: Scenario, game: Game) -> Position:
    """Run the game from the start with its moves; stop at the next decision or the end."""
    model = compile_model(scenario, mean_draws(scenario))
    recorder = TranscriptRecorder(model)
    people = [Person(party, game.moves.get(party, ())) for party in game.seats]
    protocol = protocol_of(scenario).kind
    try:
        (outcome,) = run_block(model, seeds=[game.seed], recorder=recorder, people=people)
    except MoveNeeded as needed:
        date = recorder.rounds[-1][1] if recorder.rounds else None
        waiting = Outcome("ongoing", date, None, None, None, None, str(needed), "ongoing")
        return Position(
            recorder.transcript(waiting, seed=game.seed, protocol=protocol, draw=None), needed
        )
    return Position(
        recorder.transcript(outcome, seed=game.seed, protocol=protocol, draw=None), None
    )


def play(scenario: Scenario, game: Game, party: str, move: Move, turn: int | None = None) -> Game:
    """Check `move` for `party` in the game's position; return the game with it added.

    `turn`, where given, is the number of the turn the player answers (`turn_number`):
    a move made for a turn already answered, in another window say, is refused.
    """
    made = turn_number(game, party)
    if turn is not None and turn != made:
        raise GameError(
            f"game {game.code}: this move answers {party}'s turn {turn}, "
            f"but turn {made} is the one open now"
        )
    position = replay(scenario, game)
    if not position.waits_for(party):
        raise GameError(f"game {game.code}: it is not {party}'s move now")
    assert position.needed is not None
    _check_move(scenario, position.needed, party, move)
    return game.with_move(party, move)


def turn_number(game: Game, party: str) -> int:
    """Return the number of `party`'s open turn: the moves its player has made so far."""
    return len(game.moves.get(party, ()))


def _check_move(scenario: Scenario, needed: MoveNeeded, party: str, move: Move) -> None:
    """Raise `GameError` for a move the protocol cannot take in this decision."""
    space = needed.evaluation.model.space
    for issue, option in {**move.amendments, **(move.offer or {})}.items():
        if issue not in space.issues:
            raise GameError(f"unknown issue '{issue}'")
        if option not in space.options[space.issues.index(issue)]:
            raise GameError(f"issue '{issue}' has no option '{option}'")
    if needed.kind == "reply":
        if move.offer is not None:
            raise GameError("the mediator drafts the text: accept it or ask for amendments")
        if move.accept and _crosses_red_line(needed, party):
            raise GameError("this text crosses one of your red lines: you cannot accept it")
        return
    if move.accept:
        if needed.position < 0:
            raise GameError("there is no offer on the table to accept: make one")
        return
    if move.offer is None or len(move.offer) != space.n_issues:
        raise GameError("an offer names one option for every issue")
    model = needed.evaluation.model
    code = space.code(move.offer)
    if int(model.positions(np.array([code]))[0]) < 0:
        raise GameError("this text breaks one of the case's constraints; it cannot be offered")


def _crosses_red_line(needed: MoveNeeded, party: str) -> bool:
    model = needed.evaluation.model
    i = model.parties.index(party)
    return not bool(needed.evaluation.allowed(i)[0, needed.position])


# What a player sees ---------------------------------------------------------------


def _r(value: float) -> float:
    return round(float(value), DIGITS) + 0.0


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def brief(scenario: Scenario, party: str) -> dict[str, Any]:
    """Return `party`'s own brief: background, preferences, red lines, reservation value."""
    declared = next(p for p in scenario.parties if p.id == party)
    preferences = scenario.preferences[party]
    return {
        "party": party,
        "name": declared.name,
        "description": declared.description,
        "case": {"id": scenario.id, "title": scenario.title, "description": scenario.description},
        # An uncertain weight or value is briefed at its mean, the number games play with.
        "weights": {k: _r(quantity_mean(v)) for k, v in preferences.weights.items()},
        "values": {
            issue: {option: _r(quantity_mean(v)) for option, v in options.items()}
            for issue, options in preferences.values.items()
        },
        "red_lines": preferences.model_dump(mode="json").get("red_lines") or [],
        "sources": [
            s.model_dump(mode="json") for s in scenario.sources if s.id in set(declared.sources)
        ],
    }


def player_view(scenario: Scenario, game: Game, party: str, position: Position) -> dict[str, Any]:
    """Return what `party`'s player may see now: brief, record, news, the decision awaited."""
    transcript = position.transcript
    model = transcript.model
    i = model.parties.index(party)
    view: dict[str, Any] = {
        "game": game.code,
        "party": party,
        "protocol": transcript.protocol,
        "brief": brief(scenario, party),
        "issues": [
            {
                "id": issue.id,
                "name": issue.name,
                "options": [{"id": o.id, "name": o.name} for o in issue.options],
            }
            for issue in scenario.issues
        ],
        "news": _news(scenario, transcript, party),
        "record": _record(transcript, party),
        "finished": position.finished,
        "turn": None,
        "waiting_for": [],
    }
    needed = position.needed
    if needed is not None:
        view["waiting_for"] = [p for p in needed.parties if p != party]
        evaluation = needed.evaluation
        view["reservation_value"] = _r(evaluation.reservation_values[0, i])
        if party in needed.parties:
            view["turn"] = _turn(needed, i) | {"number": turn_number(game, party)}
    else:
        view["outcome"] = _outcome(transcript.outcome, party)
    return view


def _turn(needed: MoveNeeded, i: int) -> dict[str, Any]:
    evaluation = needed.evaluation
    model = evaluation.model
    turn: dict[str, Any] = {"kind": needed.kind, "step": needed.step, "text": None}
    if needed.position >= 0:
        position = needed.position
        turn["text"] = model.space.outcome(int(model.codes[position]))
        turn["value"] = _r(evaluation.values[0, position, i])
        turn["utility"] = _r(evaluation.utilities[0, position, i])
        turn["crosses_red_line"] = not bool(evaluation.allowed(i)[0, position])
    return turn


def _news(scenario: Scenario, transcript: Transcript, party: str) -> list[dict[str, Any]]:
    """The events so far: what happened and what it did to `party` (not to the others)."""
    described = {e.id: e.description for e in scenario.events}
    return [
        {
            "id": record.id,
            "date": _iso(record.date),
            "name": record.name or record.id,
            "description": described.get(record.id),
            "sources": list(record.sources),
            "effects_on_you": [e.to_dict() for e in record.effects if e.party == party],
        }
        for record in transcript.events
    ]


def _record(transcript: Transcript, party: str) -> list[dict[str, Any]]:
    """The rounds so far: texts tabled and the replies, with `party`'s own values only."""
    rounds = []
    for record in transcript.rounds:
        steps = []
        for step in record.steps:
            if step.shown_to is not None and party not in step.shown_to:
                steps.append(_unseen_step(step))
                continue
            # In a private session each delegation sees its own reply only.
            seen = [r for r in step.replies if step.shown_to is None or r.party == party]
            replies = [
                {"party": r.party, "response": r.response, "amendments": dict(r.amendments)}
                | ({"margin": _r(r.margin)} if r.party == party else {})
                for r in seen
            ]
            row: dict[str, Any] = {
                "step": step.step,
                "proposer": step.proposer,
                "text": step.proposal,
                "note": step.note,
                "replies": replies,
            }
            if step.proposal is not None:
                row["your_value"] = _r(step.values[party])
            steps.append(row)
        rounds.append(
            {
                "id": record.id,
                "name": record.name or record.id,
                "date": _iso(record.date),
                "steps": steps,
            }
        )
    return rounds


def _unseen_step(step: StepRecord) -> dict[str, Any]:
    """A private session the player was not in: that it took place, not what was said."""
    assert step.shown_to is not None
    return {
        "step": step.step,
        "proposer": step.proposer,
        "text": None,
        "note": f"met {', '.join(step.shown_to)} in private",
        "replies": [],
    }


def _outcome(outcome: Outcome, party: str) -> dict[str, Any]:
    return {
        "status": outcome.status,
        "reason": outcome.reason,
        "date": _iso(outcome.date),
        "text": outcome.text,
        "your_utility": None if outcome.utilities is None else _r(outcome.utilities[party]),
        "your_reservation_value": _r(outcome.reservation_values.get(party, 0.0)),
    }


# Debrief --------------------------------------------------------------------------


def debrief(scenario: Scenario, game: Game, party: str, position: Position) -> dict[str, Any]:
    """Return the debrief of a finished game for `party`: the space, their moves, the gaps.

    The bargaining space is the one at the end of the talks (after the last event): the
    feasible texts, their Pareto frontier and the ZOPA in the utilities of `party` (x)
    and its counterpart (y), the Nash text, the texts `party` tabled or answered and
    the final text; their utility and trust-adjusted value of it against their
    reservation value; the joint gains
    left on the table; the moments where beliefs or the ZOPA changed; and the case's
    historical texts, scored on the last day of the talks (`accord.analysis.analyze`).
    """
    if not position.finished:
        raise GameError(f"game {game.code}: the talks are not over yet")
    transcript = position.transcript
    situation = transcript.situation(transcript.moments[-1].after)
    i = situation.parties.index(party)
    j = next(k for k, p in enumerate(situation.parties) if p != party)
    pair = [i, j]
    utilities = situation.utilities
    feasible = np.flatnonzero(situation.feasible)
    frontier = feasible[pareto_frontier(utilities[feasible][:, pair])]
    frontier = frontier[np.argsort(utilities[frontier, i], kind="stable")]
    zopa = situation.zopa()
    nash = SOLUTIONS["nash"](situation.values, situation.reservation_values, np.flatnonzero(zopa))
    outcome = transcript.outcome
    return {
        "game": game.code,
        "party": party,
        "counterpart": situation.parties[j],
        "outcome": _outcome(outcome, party),
        "outcomes": _cloud(utilities[feasible][:, pair]),
        "pareto": [[_r(x), _r(y)] for x, y in utilities[frontier][:, pair]],
        "zopa": _cloud(utilities[zopa][:, pair]),
        "reservation_values": [_r(situation.reservation_values[k]) for k in pair],
        "nash": None if nash is None else _point(situation, nash, pair),
        "moves": _moves(transcript, party, pair),
        "final": None if outcome.text is None else _final(situation, outcome, pair),
        "your_value": _agreed_value(transcript, party),
        "joint_gains_left": _r(joint_gains_left(situation, outcome)),
        "moments": _moments(transcript),
        "texts": _historical_texts(scenario, transcript, [party, situation.parties[j]]),
    }


def _historical_texts(
    scenario: Scenario, transcript: Transcript, pair: list[str]
) -> list[dict[str, Any]]:
    """What the real delegations signed or drafted, scored at the end of the talks."""
    if not scenario.texts:
        return []
    analysis = analyze(scenario, at=transcript.moments[-1].date)
    return [text_points(score.to_dict(), pair) for score in analysis.texts]


def joint_gains_left(situation: Situation, outcome: Outcome) -> float:
    """Return the joint utility the parties left on the table.

    After an agreement: the largest gain in total utility of an admissible text that
    leaves no party worse off than the agreement. After no agreement: the total surplus
    over the reservation values of the best text of the ZOPA at the end (0 when it was
    closed).
    """
    utilities = situation.utilities
    admissible = situation.admissible
    if outcome.text is not None:
        agreed = utilities[situation.space.code(outcome.text)]
        better = admissible & (utilities >= agreed - 1e-12).all(axis=1)
        if not better.any():
            return 0.0
        return max(0.0, float((utilities[better].sum(axis=1) - agreed.sum()).max()))
    zopa = situation.zopa()
    if not zopa.any():
        return 0.0
    surplus = utilities[zopa] - situation.reservation_values[None, :]
    return float(surplus.sum(axis=1).max())


def _cloud(points: np.ndarray) -> list[list[float]]:
    if not len(points):
        return []
    snapped = np.unique(np.round(points, 2), axis=0)
    return [[_r(x), _r(y)] for x, y in snapped]


def _point(situation: Situation, code: int, pair: list[int]) -> dict[str, Any]:
    return {
        "text": situation.space.outcome(code),
        "utilities": [_r(situation.utilities[code, k]) for k in pair],
    }


def _final(situation: Situation, outcome: Outcome, pair: list[int]) -> dict[str, Any]:
    assert outcome.text is not None
    return _point(situation, situation.space.code(outcome.text), pair)


def _agreed_value(transcript: Transcript, party: str) -> float | None:
    """`party`'s trust-adjusted value of the agreed text when it was agreed (None: no deal)."""
    outcome = transcript.outcome
    if outcome.text is None:
        return None
    agreed = [s for r in transcript.rounds for s in r.steps if s.proposal == outcome.text]
    return _r(agreed[-1].values[party])


def _moves(transcript: Transcript, party: str, pair: list[int]) -> list[dict[str, Any]]:
    """The texts `party` offered, or the drafts it answered, with its answer."""
    names = [transcript.parties[k] for k in pair]
    moves = []
    for record in transcript.rounds:
        for step in record.steps:
            if step.proposal is None:
                continue
            answer = next((r for r in step.replies if r.party == party), None)
            if step.proposer != party and answer is None:
                continue
            moves.append(
                {
                    "round": record.id,
                    "step": step.step,
                    "text": step.proposal,
                    "utilities": [_r(step.utilities[p]) for p in names],
                    "move": "offer"
                    if step.proposer == party
                    else answer.response
                    if answer
                    else "",
                    "amendments": dict(answer.amendments) if answer else {},
                }
            )
    return moves


def _moments(transcript: Transcript) -> list[dict[str, Any]]:
    """Where the ZOPA's size changed, and every belief an event moved."""
    moments: list[dict[str, Any]] = []
    previous = None
    for point in transcript.zopa:
        if previous is not None and point.n_outcomes != previous:
            moments.append(
                {
                    "date": _iso(point.date),
                    "after": point.after,
                    "kind": "zopa",
                    "before": previous,
                    "now": point.n_outcomes,
                }
            )
        previous = point.n_outcomes
    for belief in transcript.beliefs:
        if belief.event is not None and belief.before is not None:
            moments.append(
                {
                    "date": _iso(belief.date),
                    "after": belief.event,
                    "kind": "belief",
                    "holder": belief.holder,
                    "about": belief.about,
                    "before": _r(belief.before),
                    "now": _r(belief.value),
                }
            )
    return moments


def parties_of(scenario: Scenario) -> Sequence[str]:
    """The negotiating parties a person may play."""
    return scenario.party_ids
