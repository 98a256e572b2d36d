"""A person in one delegation's seat: moves taken from a recorded list, in draw 0.

Teaching mode lets people play some parties while the engine plays the others and the
mediator with the case's strategies. The engine stays the one engine: at each decision of
a played party in draw 0 (the draw a transcript records) the protocols take the person's
move instead of the strategy's. The moves come from lists made in advance; when a list
runs out, the protocol raises `MoveNeeded` naming who has to decide what, and the run
stops there. Replaying the same scenario, seed and moves from the start reaches
the same decision again (runs are deterministic), so a game is stored as its moves alone.

Moves:
- mediated single text: accept the draft (`Move(accept=True)`), or ask to amend issues,
  naming the option wanted on each (`Move(amendments={"line": "midpoint"})`); a text
  that crosses the party's red line cannot be accepted (the party's own rule).
- alternating offers: accept the standing offer (`Move(accept=True)`), or make an offer
  (`Move(offer={issue: option, ...})`), which rejects the standing one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from accord.situation.evaluation import Evaluation

__all__ = ["Move", "MoveNeeded", "Person", "next_moves"]


@dataclass(frozen=True, slots=True)
class Move:
    """One decision of the person: accept, ask for amendments, or make an offer."""

    accept: bool = False
    amendments: Mapping[str, str] = field(default_factory=dict)
    offer: Mapping[str, str] | None = None


class MoveNeeded(Exception):  # noqa: N818 - a signal that stops the run, not an error
    """A decision of people in draw 0 is not among their recorded moves.

    Attributes:
        parties: the parties whose people must decide.
        kind: 'reply' (a mediator's draft to answer) or 'turn' (an offers turn).
        step: the step of the talks (counted over all rounds).
        position: the text to answer (−1: none, e.g. the first turn of offers).
        evaluation: the situation the decision is taken in.
    """

    def __init__(
        self,
        parties: tuple[str, ...],
        kind: Literal["reply", "turn"],
        step: int,
        position: int,
        evaluation: Evaluation,
    ) -> None:
        super().__init__(f"{kind} of {', '.join(parties)} at step {step} is needed")
        self.parties = parties
        self.kind = kind
        self.step = step
        self.position = position
        self.evaluation = evaluation


@dataclass
class Person:
    """A person's seat: the party they play and the moves they have made so far.

    Attributes:
        party: the party's id.
        moves: the moves, in the order of the person's decisions.
        n_used: moves handed to the engine so far in this run.
    """

    party: str
    moves: Sequence[Move]
    n_used: int = 0


def next_moves(
    people: Sequence[Person],
    kind: Literal["reply", "turn"],
    step: int,
    position: int,
    evaluation: Evaluation,
) -> dict[str, Move]:
    """Return each person's next move by party; raise `MoveNeeded` if someone has none."""
    missing = tuple(p.party for p in people if p.n_used >= len(p.moves))
    if missing:
        raise MoveNeeded(missing, kind, step, position, evaluation)
    moves = {}
    for person in people:
        moves[person.party] = person.moves[person.n_used]
        person.n_used += 1
    return moves
