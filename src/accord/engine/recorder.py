"""The transcript recorder: what the engine writes while it runs one draw.

The engine runs a block of draws; when it is asked for a transcript (`simulate`), it
hands this recorder draw 0's events, proposals, replies and ZOPA sizes as they happen.
Rounds of alternating offers resolved in one block of steps are kept as arrays and
expanded into step records only when the transcript's rounds are read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from accord.engine.transcript import (
    BeliefChange,
    EventRecord,
    Moment,
    Outcome,
    Reply,
    RoundRecord,
    StepRecord,
    Transcript,
    ZopaPoint,
)
from accord.scenario.process import Event, Round
from accord.situation.conditions import Conditions
from accord.situation.evaluation import Evaluation
from accord.situation.events import Change
from accord.situation.model import Model
from accord.situation.snapshot import belief_summary

__all__ = ["OffersBlock", "TranscriptRecorder"]

DRAW = 0


@dataclass(slots=True)
class _Proposal:
    """A proposal being recorded: its replies arrive after it."""

    step: int
    proposer: str
    position: int
    evaluation: Evaluation | None
    replies: list[Reply] = field(default_factory=list)
    note: str | None = None
    inducements: tuple[str, ...] = ()
    shown_to: tuple[str, ...] | None = None

    def record(self) -> StepRecord:
        """The immutable record of this proposal and its replies."""
        evaluation = self.evaluation if self.position >= 0 else None
        return StepRecord(
            self.step,
            self.proposer,
            self.position,
            evaluation,
            tuple(self.replies),
            self.note,
            self.inducements,
            self.shown_to,
        )


@dataclass(frozen=True)
class OffersBlock:
    """Bilateral alternating offers over consecutive steps, resolved at once, for one draw.

    `offers[0][j]` and `offers[1][j]` are the first and second mover's offers at step
    `first_step + j`; `moves` alternates the first and second mover's acceptance of the
    standing offer; the block stops at move `stop` (an acceptance) or runs to its end.
    """

    evaluation: Evaluation
    first_step: int
    standing: int
    order: tuple[int, int]
    offers: tuple[np.ndarray, np.ndarray]
    moves: np.ndarray
    stop: int

    def expand(self, model: Model, steps: list[_Proposal | StepRecord]) -> None:
        """Append the block's offers and replies to `steps` (after the earlier ones).

        Each offer but the block's last is answered inside the block by the other party,
        so it is recorded at once; the last waits for its reply as a `_Proposal`.
        """
        n_moves = min(self.stop + 1, self.moves.size)
        made = np.empty(self.moves.size, dtype=np.int64)
        made[0::2], made[1::2] = self.offers
        facing = np.concatenate(([self.standing], made[: n_moves - 1]))
        movers = np.resize(np.array(self.order), n_moves)
        margins = self.evaluation.margins(DRAW, np.maximum(facing, 0), movers).tolist()
        names = [model.parties[i] for i in self.order]
        # Replies are immutable: a party answering the same text the same way says the same.
        said: dict[tuple[int, int, bool], Reply] = {}
        for move, standing, accepted in zip(
            range(n_moves), facing.tolist(), self.moves[:n_moves].tolist(), strict=True
        ):
            if standing < 0:
                continue
            by_second = move % 2
            key = (by_second, standing, accepted)
            if key not in said:
                said[key] = Reply(
                    names[by_second], "accept" if accepted else "reject", margins[move]
                )
            if move == 0:
                earlier = steps[-1]
                assert isinstance(earlier, _Proposal)
                earlier.replies.append(said[key])
            else:
                step = self.first_step + (move - 1) // 2
                proposer = names[1 - by_second]
                steps.append(StepRecord(step, proposer, standing, self.evaluation, (said[key],)))
            if accepted:
                return
        last = int(made[n_moves - 1])
        if last >= 0:
            step = self.first_step + (n_moves - 1) // 2
            steps.append(_Proposal(step, names[(n_moves - 1) % 2], last, self.evaluation))


class TranscriptRecorder:
    """Collects draw 0's course while the engine runs, then builds its `Transcript`."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.events: list[EventRecord] = []
        self.beliefs: list[BeliefChange] = []
        self.zopa: list[ZopaPoint] = []
        self.moments: list[Moment] = []
        self.rounds: list[tuple[Round, dt.date | None, list[_Proposal | OffersBlock]]] = []
        self.last: _Proposal | None = None

    def start(self, conditions: Conditions, n_open: int) -> None:
        """Record the first day: beliefs and the ZOPA before any event."""
        self.moments.append(Moment("start", None, conditions))
        for belief in belief_summary(self.model, conditions, DRAW):
            self.beliefs.append(
                BeliefChange(None, belief["holder"], belief["about"], belief["value"], None)
            )
        self.zopa.append(ZopaPoint(None, "start", n_open))

    def event(
        self, event: Event, changes: tuple[Change, ...], conditions: Conditions, n_open: int
    ) -> None:
        """Record an applied event, its effects, the beliefs it moved and the ZOPA after it."""
        effects = tuple(change.effect(DRAW) for change in changes)
        self.events.append(
            EventRecord(
                event.id,
                event.date,
                event.kind,
                event.name,
                effects,
                tuple(event.sources),
                event.contested,
            )
        )
        self.beliefs += [
            BeliefChange(
                event.date, e.party, e.about or "", float(e.after), event.id, float(e.before)
            )
            for e in effects
            if e.quantity == "belief"
        ]
        self.moments.append(Moment(event.id, event.date, conditions))
        self.zopa.append(ZopaPoint(event.date, event.id, n_open))

    def round_started(self, round_: Round, date: dt.date | None) -> None:
        """Open the record of a round."""
        self.rounds.append((round_, date, []))

    def round_ended(self, round_: Round, date: dt.date | None, n_open: int) -> None:
        """Record the ZOPA after a round."""
        self.zopa.append(ZopaPoint(date, round_.id, n_open))

    def proposal(
        self,
        step: int,
        proposer: str,
        position: int,
        evaluation: Evaluation,
        inducements: tuple[str, ...] = (),
        shown_to: tuple[str, ...] | None = None,
    ) -> None:
        """Record a proposal (its replies follow), its inducements and who was shown it.

        `shown_to` names the parties shown a private draft, in the order shown (None: the
        draft was shown to every party jointly).
        """
        self.last = _Proposal(
            step, proposer, position, evaluation, inducements=inducements, shown_to=shown_to
        )
        self.rounds[-1][2].append(self.last)

    def blocked(self, step: int, proposer: str, note: str) -> None:
        """Record a step in which nothing could be proposed, and why."""
        self.rounds[-1][2].append(_Proposal(step, proposer, -1, None, note=note))

    def note(self, note: str) -> None:
        """Add a note to the last proposal (why nobody answered it, say)."""
        assert self.last is not None
        self.last.note = note

    def reply(self, reply: Reply) -> None:
        """Record a reply to the last proposal (possibly one of an earlier round)."""
        # A run resolves its offers either step by step or in blocks, never both.
        assert self.last is not None
        self.last.replies.append(reply)

    def block(self, block: OffersBlock) -> None:
        """Record a block of alternating offers resolved at once."""
        self.rounds[-1][2].append(block)

    def transcript(
        self, outcome: Outcome, *, seed: int | str, protocol: str, draw: int | None
    ) -> Transcript:
        """The transcript of the recorded run."""
        model = self.model
        rounds = self.rounds
        return Transcript(
            model.scenario.id,
            seed,
            protocol,
            model.parties,
            tuple(self.events),
            tuple(self.beliefs),
            tuple(self.zopa),
            outcome,
            lambda: _round_records(model, rounds),
            model,
            tuple(self.moments),
            draw,
        )


def _round_records(
    model: Model, rounds: list[tuple[Round, dt.date | None, list[_Proposal | OffersBlock]]]
) -> tuple[RoundRecord, ...]:
    # Expand every round first: a reply in one round may answer the last offer of the one
    # before, and belongs to that offer.
    proposals: list[_Proposal | StepRecord] = []
    spans = []
    for _, _, entries in rounds:
        first = len(proposals)
        for entry in entries:
            if isinstance(entry, OffersBlock):
                entry.expand(model, proposals)
            else:
                proposals.append(entry)
        spans.append((first, len(proposals)))
    return tuple(
        RoundRecord(
            round_.id, date, round_.name, tuple([_record(p) for p in proposals[start:stop]])
        )
        for (round_, date, _), (start, stop) in zip(rounds, spans, strict=True)
    )


def _record(proposal: _Proposal | StepRecord) -> StepRecord:
    return proposal.record() if isinstance(proposal, _Proposal) else proposal
