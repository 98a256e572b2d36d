"""The record of a run: proposals and replies, events, belief changes, ZOPA, outcome.

Every value is an immutable record; `Transcript.to_dict` gives the stable JSON document
of `accord run --json` (floats rounded to 12 digits so that the bytes do not depend on
the last bit of platform arithmetic). The transcript also keeps the conditions at the
start and after every event, so that the situation at any of those moments can be
evaluated again (`Transcript.situation`) without replaying the run.

`TranscriptRecorder` is what the engine writes to while it runs one draw.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, overload

import numpy as np

from accord.situation.conditions import Conditions
from accord.situation.evaluation import Evaluation, evaluate, guarantor_consent
from accord.situation.events import Effect
from accord.situation.model import Model, compile_model
from accord.situation.snapshot import Situation, snapshot

if TYPE_CHECKING:
    import pandas

    from accord._frames import TranscriptTable

__all__ = [
    "SCHEMA_VERSION",
    "BeliefChange",
    "EventRecord",
    "Moment",
    "Outcome",
    "Outcomes",
    "Reply",
    "RoundRecord",
    "StepRecord",
    "Transcript",
    "ZopaPoint",
]

SCHEMA_VERSION = 1
Status = Literal["agreement", "breakdown", "ongoing"]


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _round(values: dict[str, float]) -> dict[str, float]:
    return {key: round(float(value), 12) for key, value in values.items()}


@dataclass(frozen=True, slots=True)
class Reply:
    """A party's answer to a proposal: accept, reject, or ask for amendments.

    `red_lines` lists the party's red lines the text crosses (as `issue=option`), when
    it crosses any: the reason the party refuses it whatever else it offers.
    """

    party: str
    response: Literal["accept", "reject", "amend"]
    margin: float
    amendments: dict[str, str] = field(default_factory=dict)
    red_lines: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        data: dict[str, Any] = {
            "party": self.party,
            "response": self.response,
            "margin": round(self.margin, 12),
        }
        if self.amendments:
            data["amendments"] = dict(self.amendments)
        if self.red_lines:
            data["red_lines"] = list(self.red_lines)
        return data


@dataclass(frozen=True, slots=True)
class StepRecord:
    """One proposal (an offer or a mediator's draft), what it was worth, the replies to it.

    The proposal is kept as a text position in the situation it was made in; its readable
    forms (the text as {issue: option}, each party's utility and value, the guarantors'
    consent) are derived when asked for, so that recording a long run stays cheap. A step
    in which nothing could be proposed has no proposal and a `note` saying why.
    """

    step: int
    proposer: str
    position: int
    evaluation: Evaluation | None = field(compare=False, repr=False)
    replies: tuple[Reply, ...] = ()
    note: str | None = None
    inducements: tuple[str, ...] = ()
    shown_to: tuple[str, ...] | None = None

    @property
    def proposal(self) -> dict[str, str] | None:
        """The proposed text as {issue: option} (None: nothing was proposed)."""
        if self.evaluation is None:
            return None
        model = self.evaluation.model
        return model.space.outcome(int(model.codes[self.position]))

    @property
    def utilities(self) -> dict[str, float]:
        """Each party's utility of the text, when it was proposed."""
        if self.evaluation is None:
            return {}
        row = [utility[0, self.position] for utility in self.evaluation.party_utilities]
        return dict(zip(self.evaluation.model.parties, map(float, row), strict=True))

    @property
    def values(self) -> dict[str, float]:
        """Each party's trust-adjusted value of the text, when it was proposed."""
        if self.evaluation is None:
            return {}
        first, position = np.zeros(1, dtype=np.int64), np.array([self.position])
        parties = range(len(self.evaluation.model.parties))
        row = [self.evaluation.pair_values(i, first, position)[0] for i in parties]
        return dict(zip(self.evaluation.model.parties, map(float, row), strict=True))

    @property
    def consent(self) -> dict[str, bool]:
        """For each guarantor the text names, whether it consented then."""
        if self.evaluation is None or not self.evaluation.model.guarantors:
            return {}
        evaluation = self.evaluation
        return guarantor_consent(evaluation.model, evaluation.conditions, 0, self.position)

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        data: dict[str, Any] = {
            "step": self.step,
            "proposer": self.proposer,
            "proposal": self.proposal,
            "utilities": _round(self.utilities),
            "values": _round(self.values),
            "replies": [reply.to_dict() for reply in self.replies],
        }
        if self.consent:
            data["guarantor_consent"] = dict(self.consent)
        if self.inducements:
            data["inducements"] = list(self.inducements)
        if self.shown_to is not None:
            data["shown_to"] = list(self.shown_to)
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True, slots=True)
class RoundRecord:
    """A dated round and its steps."""

    id: str
    date: dt.date | None
    name: str | None
    steps: tuple[StepRecord, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "id": self.id,
            "date": _date(self.date),
            "name": self.name,
            "steps": [step.to_dict() for step in self.steps],
        }


@dataclass(frozen=True, slots=True)
class EventRecord:
    """An applied event and its effects."""

    id: str
    date: dt.date
    kind: str
    name: str | None
    effects: tuple[Effect, ...]
    sources: tuple[str, ...]
    contested: bool

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "id": self.id,
            "date": _date(self.date),
            "kind": self.kind,
            "name": self.name,
            "contested": self.contested,
            "sources": list(self.sources),
            "effects": [effect.to_dict() for effect in self.effects],
        }


@dataclass(frozen=True, slots=True)
class BeliefChange:
    """A belief after an event (`event` None for the initial value)."""

    date: dt.date | None
    holder: str
    about: str
    value: float
    event: str | None
    before: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "date": _date(self.date),
            "holder": self.holder,
            "about": self.about,
            "value": round(self.value, 12),
            "before": None if self.before is None else round(self.before, 12),
            "event": self.event,
        }


@dataclass(frozen=True, slots=True)
class ZopaPoint:
    """The ZOPA size after an event or a round (`after` names it)."""

    date: dt.date | None
    after: str
    n_outcomes: int

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {"date": _date(self.date), "after": self.after, "n_outcomes": self.n_outcomes}


@dataclass(frozen=True, slots=True)
class Outcome:
    """How the run ended.

    `cause` is a short machine-readable tag of the reason: ``agreement``, ``ongoing``,
    ``walkout:PARTY`` (a walk-out while texts were still in the ZOPA),
    ``zopa-closed:EVENT_OR_ROUND``, ``never-open`` or ``zopa-open``
    (the talks ended with texts still in the zone of possible agreement).
    `reservation_values` are the parties' values of no agreement when the run ended;
    `inducements` the ids of the mediator's inducements the agreed text carried;
    `deferred` the issues a partial agreement left open; `without` the parties that had
    left the talks before an agreement (it does not bind them).
    """

    status: Status
    date: dt.date | None
    round: str | None
    step: int | None
    text: dict[str, str] | None
    utilities: dict[str, float] | None
    reason: str
    cause: str = ""
    reservation_values: dict[str, float] = field(default_factory=dict)
    inducements: tuple[str, ...] = ()
    deferred: tuple[str, ...] = ()
    without: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        extra: dict[str, Any] = {}
        if self.inducements:
            extra["inducements"] = list(self.inducements)
        if self.deferred:
            extra["deferred"] = list(self.deferred)
        if self.without:
            extra["without"] = list(self.without)
        return {
            "status": self.status,
            "cause": self.cause,
            "reservation_values": _round(self.reservation_values),
            "date": _date(self.date),
            "round": self.round,
            "step": self.step,
            "text": self.text,
            "utilities": None if self.utilities is None else _round(self.utilities),
            "reason": self.reason,
        } | extra


@dataclass(frozen=True, eq=False)
class Outcomes(Sequence[Outcome]):
    """Each draw's outcome, kept as columns: draw d's `Outcome` is built when it is read.

    Draws that ended alike share an ending, their outcome without its per-draw numbers
    (no step, utilities or reservation values). `ending[d]` indexes `endings`;
    `steps[d]` is the step of draw d's agreement (−1: none); `utilities[d]` the
    parties' utilities of its agreed text (read only for agreements);
    `reservations[d]` their reservation values when it ended. Columns are in the order
    of `parties`.
    """

    parties: tuple[str, ...]
    endings: tuple[Outcome, ...]
    ending: np.ndarray
    steps: np.ndarray
    utilities: np.ndarray
    reservations: np.ndarray

    def __len__(self) -> int:
        return len(self.ending)

    @overload
    def __getitem__(self, index: int) -> Outcome: ...

    @overload
    def __getitem__(self, index: slice) -> list[Outcome]: ...

    def __getitem__(self, index: int | slice) -> Outcome | list[Outcome]:
        if isinstance(index, slice):
            return list(self.take(np.arange(len(self))[index]))
        d = range(len(self))[index]  # negative indices and bounds, as a list has them
        return self.take(np.array([d]))._outcome_rows()[0]

    def __iter__(self) -> Iterator[Outcome]:
        return iter(self._outcome_rows())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Outcomes | list):
            return NotImplemented
        return list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # mutable arrays: compared, never hashed

    def __repr__(self) -> str:
        return f"Outcomes({list(self)!r})"

    def agreed(self) -> np.ndarray:
        """`(n_draws,)` whether each draw ended in an agreement."""
        is_agreement = np.array([e.status == "agreement" for e in self.endings], dtype=bool)
        return is_agreement[self.ending] if self.endings else np.zeros(len(self), dtype=bool)

    def achieved(self) -> np.ndarray:
        """`(n_draws, n_parties)` the utility of the agreed text, else the reservation value."""
        return np.where(self.agreed()[:, None], self.utilities, self.reservations)

    def step_list(self) -> list[int | None]:
        """Each draw's step of agreement (None: no agreement)."""
        return [None if step < 0 else step for step in self.steps.tolist()]

    def per_draw(self, read: Callable[[Outcome], Any]) -> list[Any]:
        """`read` of each draw's ending, computed once per ending."""
        values = [read(ending) for ending in self.endings]
        return [values[k] for k in self.ending.tolist()]

    def take(self, draws: np.ndarray) -> Outcomes:
        """The outcomes of `draws` (positions in this sequence), in that order."""
        return Outcomes(
            self.parties,
            self.endings,
            self.ending[draws],
            self.steps[draws],
            self.utilities[draws],
            self.reservations[draws],
        )

    @classmethod
    def concatenate(cls, parts: Sequence[Outcomes], parties: tuple[str, ...]) -> Outcomes:
        """The outcomes of `parts` (all over `parties`) one after the other."""
        if any(part.parties != parties for part in parts):
            raise ValueError(f"outcomes over other parties than {parties} cannot be joined")
        if not parts:
            nothing = np.zeros(0, dtype=np.int64)
            numbers = np.zeros((0, len(parties)))
            return cls(parties, (), nothing, nothing, numbers, numbers)
        offsets = np.cumsum([0, *(len(p.endings) for p in parts)])[:-1]
        return cls(
            parties,
            tuple(e for p in parts for e in p.endings),
            np.concatenate([p.ending + o for p, o in zip(parts, offsets, strict=True)]),
            np.concatenate([p.steps for p in parts]),
            np.concatenate([p.utilities for p in parts]),
            np.concatenate([p.reservations for p in parts]),
        )

    def _outcome_rows(self) -> list[Outcome]:
        """Every draw's `Outcome` (the columns read as lists once: faster than item by item)."""
        parties = self.parties
        return [
            _with_numbers(self.endings[k], step, parties, got, kept)
            for k, step, got, kept in zip(
                self.ending.tolist(),
                self.steps.tolist(),
                self.utilities.tolist(),
                self.reservations.tolist(),
                strict=True,
            )
        ]


def _with_numbers(
    ending: Outcome,
    step: int,
    parties: tuple[str, ...],
    utilities: list[float],
    reservations: list[float],
) -> Outcome:
    """A draw's outcome: its ending with the draw's step, utilities and reservation values."""
    reservation_values = dict(zip(parties, reservations, strict=True))
    agreed = ending.status == "agreement"
    return Outcome(
        ending.status,
        ending.date,
        ending.round,
        step if agreed else ending.step,
        None if ending.text is None else dict(ending.text),
        dict(zip(parties, utilities, strict=True)) if agreed else ending.utilities,
        ending.reason,
        ending.cause,
        reservation_values,
        ending.inducements,
        ending.deferred,
        ending.without,
    )


@dataclass(frozen=True, slots=True)
class Moment:
    """The conditions at the start (`after` 'start') or just after an event."""

    after: str
    date: dt.date | None
    conditions: Conditions


@dataclass(frozen=True)
class Transcript:
    """Everything that happened in one run.

    `rounds` is assembled from the run's proposals on first access. `moments` holds the
    conditions at the start and after each event, for `situation`.
    """

    scenario: str
    seed: int | str
    protocol: str
    parties: tuple[str, ...]
    events: tuple[EventRecord, ...]
    beliefs: tuple[BeliefChange, ...]
    zopa: tuple[ZopaPoint, ...]
    outcome: Outcome
    build_rounds: Callable[[], tuple[RoundRecord, ...]] = field(repr=False, compare=False)
    model: Model = field(repr=False, compare=False)
    moments: tuple[Moment, ...] = field(default=(), repr=False, compare=False)
    draw: int | None = None

    @cached_property
    def rounds(self) -> tuple[RoundRecord, ...]:
        """The dated rounds with their proposals and replies."""
        return self.build_rounds()

    @cached_property
    def _whole_space(self) -> Model:
        return compile_model(self.model.scenario, self.model.draws, texts="all")

    def situation(self, after: str) -> Situation:
        """The situation over every outcome at the start (`'start'`) or after an event."""
        moment = next((m for m in self.moments if m.after == after), None)
        if moment is None:
            raise KeyError(f"no moment after {after!r} in this transcript")
        return snapshot(evaluate(self._whole_space, moment.conditions), moment.date)

    def to_dict(self) -> dict[str, Any]:
        """Return the stable JSON document of `accord run --json`."""
        document: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "scenario": self.scenario,
            "seed": self.seed,
        }
        if self.draw is not None:
            document["draw"] = self.draw
        return document | {
            "protocol": self.protocol,
            "parties": list(self.parties),
            "outcome": self.outcome.to_dict(),
            "rounds": [r.to_dict() for r in self.rounds],
            "events": [e.to_dict() for e in self.events],
            "beliefs": [b.to_dict() for b in self.beliefs],
            "zopa": [z.to_dict() for z in self.zopa],
        }

    def to_frame(self, table: TranscriptTable = "steps") -> pandas.DataFrame:
        """Return one table of the run: its steps, events, beliefs or ZOPA sizes (pandas)."""
        from accord._frames import transcript_frame

        return transcript_frame(self.to_dict(), table)

    def __repr__(self) -> str:
        outcome = self.outcome
        when = f" on {outcome.date}" if outcome.date else ""
        return (
            f"<Transcript {self.scenario} (seed={self.seed}): {outcome.status}{when} "
            f"({outcome.cause}), {len(self.events)} events>"
        )
