"""The run: a block of draws walked through the timeline, from the first day to the ending.

`run_block(model, seeds=...)` is the engine: every rule of accord runs here once, as array
code over the draws of `model`. Each event changes every draw's conditions; each round
runs the protocol's steps in the situation of that moment, in the draws still talking;
the ZOPA's size is kept after every event and every round, because the reason of a
breakdown names the event after which it closed. A draw leaves the run when it ends
(agreement or walk-out); the others go on. `simulate` runs a block of one draw with a
recorder; sweeps run large blocks without one. `run_blocks` runs the same draws under a
scenario and its variants: a variant's walk is a copy of an earlier one's (the
scenario's, or a variant's it shares more with), taken at the first round or event it
plays differently, that goes on under the variant's model.

Endings:
- agreement: every party still talking accepts a text (and every guarantor it names
  consents); the outcome names the parties that had left (`without`);
- walk-out (single text): a party for which no feasible text has been worth its
  reservation value for `walkout_after` consecutive rounds leaves the talks;
- walk-out (event `kind: walkout`): a party leaves on the event's day, in every draw still
  talking; nobody foresaw it, so the clock had run towards the scheduled end. With
  `effect: party_leaves` the others go on without it (single text only) and may agree
  among themselves, unless fewer than two negotiating parties are left;
- the talks run out: the calendar ends, or the last round is over, without agreement;
- ongoing: the run was asked to stop at a date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import cast

import numpy as np

from accord.engine.offers import AlternatingOffers, OffersState, RoundResult
from accord.engine.outcomes import (
    agreement_outcome,
    breakdown_outcome,
    closing_event,
    event_walkout_outcome,
    ongoing_outcome,
    walkout_outcome,
)
from accord.engine.person import Person
from accord.engine.recorder import TranscriptRecorder
from accord.engine.single_text import MediatedText, TextState, initial_estimates
from accord.engine.strategies import Clock, Strategy, make_strategy
from accord.engine.transcript import Outcome, Outcomes, ZopaPoint
from accord.errors import ConstraintError
from accord.scenario import process
from accord.scenario.process import Event, Round
from accord.situation.conditions import Conditions
from accord.situation.deferral import deferred_issues
from accord.situation.evaluation import Evaluation, evaluate, taken_up
from accord.situation.events import Change, apply_event
from accord.situation.model import Model
from accord.situation.shared import forks
from accord.situation.timeline import (
    TimelineItem,
    end_date,
    is_dated,
    played_items,
    protocol_of,
    round_protocol,
)

__all__ = ["Protocol", "make_protocol", "run_block", "run_blocks"]

Protocol = AlternatingOffers | MediatedText

_ACTIVE, _AGREED, _WALKED, _ONGOING, _LEFT = 0, 1, 2, 3, 4

# A text as an agreement names it: {issue: option}, its named guarantors, deferred issues.
AgreedText = tuple[dict[str, str], list[str], tuple[str, ...]]


@dataclass
class _Course:
    """Where the block stands on the timeline: private bookkeeping of `run_block`."""

    model: Model
    evaluation: Evaluation
    status: np.ndarray  # (D,) _ACTIVE, _AGREED, _WALKED, _ONGOING or _LEFT
    agreed: np.ndarray  # (D,) the agreed text (−1: none)
    agreed_step: np.ndarray  # (D,)
    finals: np.ndarray  # (D, P) reservation values when each draw ended
    got: np.ndarray  # (D, P) each party's utility of the agreed text when agreed
    agreed_in: np.ndarray  # (D,) the settlement (index into `settled`) of each agreement
    zopa_labels: list[tuple[dt.date | None, str]] = field(default_factory=list)
    # None: not counted yet, the sizes under `evaluation` (a sweep whose draws all agree
    # never reads them).
    zopa_counts: list[np.ndarray | None] = field(default_factory=list)
    applied: list[Event] = field(default_factory=list)
    settled: list[tuple[Round, dt.date | None, tuple[str, ...]]] = field(default_factory=list)
    walked: dict[int, tuple[int, Round, dt.date | None]] = field(default_factory=dict)
    walkout: process.Walkout | None = None
    package: np.ndarray | None = None  # (D, P) the inducements of each draw's last draft

    @classmethod
    def start(cls, model: Model, alike: Evaluation | None = None) -> _Course:
        """Every draw on the first day, talking (`alike`: see `evaluate`)."""
        n_draws = model.n_draws
        return cls(
            model,
            evaluate(model, model.initial, alike=alike),
            np.full(n_draws, _ACTIVE, dtype=np.int8),
            np.full(n_draws, -1, dtype=np.int64),
            np.full(n_draws, -1, dtype=np.int64),
            model.initial.reservation_values.copy(),
            np.zeros((n_draws, len(model.parties))),
            np.full(n_draws, -1, dtype=np.int64),
        )

    def branch(self) -> _Course:
        """A copy that goes on apart: its own arrays and lists, the same evaluation."""
        self.zopa_sizes()  # counted now, under the evaluation both go on from
        return replace(
            self,
            status=self.status.copy(),
            agreed=self.agreed.copy(),
            agreed_step=self.agreed_step.copy(),
            finals=self.finals.copy(),
            got=self.got.copy(),
            agreed_in=self.agreed_in.copy(),
            zopa_labels=list(self.zopa_labels),
            zopa_counts=list(self.zopa_counts),
            applied=list(self.applied),
            settled=list(self.settled),
            walked=dict(self.walked),
        )

    def moved_to(self, model: Model) -> _Course:
        """This course under `model`, whose situation so far is the same."""
        conditions = self.evaluation.conditions
        return replace(self, model=model, evaluation=evaluate(model, conditions, self.evaluation))

    def end(self, draws: np.ndarray, status: int) -> None:
        """End `draws` with `status`, keeping their reservation values at that moment."""
        self.status[draws] = status
        self.finals[draws] = self.evaluation.reservation_values[draws]

    @property
    def live(self) -> np.ndarray:
        """`(n_draws,)` draws still talking."""
        return np.asarray(self.status == _ACTIVE)

    def count_zopa(self, date: dt.date | None, after: str, *, again: bool = False) -> None:
        """Keep the ZOPA's size after `after` (`again`: the size kept last), counted when read.

        The count is that of the current evaluation: `evaluate_again` counts it before
        the evaluation changes.
        """
        self.zopa_labels.append((date, after))
        self.zopa_counts.append(self.zopa_counts[-1] if again else None)

    def zopa_sizes(self) -> list[np.ndarray]:
        """`(n_draws,)` the ZOPA's size after the start and after every event and round."""
        if self.zopa_counts and self.zopa_counts[-1] is None:
            counted = [c for c in self.zopa_counts if c is not None]
            # The last sizes counted are those of the evaluation the current one came from.
            sizes = self.evaluation.zopa_sizes(counted[-1] if counted else None)
            self.zopa_counts = [sizes if c is None else c for c in self.zopa_counts]
        return cast(list[np.ndarray], self.zopa_counts)  # every one counted now

    def n_open(self) -> int:
        """Draw 0's ZOPA size as last kept."""
        return int(self.zopa_sizes()[-1][0])

    def evaluate_again(self, conditions: Conditions, made: Evaluation | None = None) -> None:
        """Evaluate the texts under new `conditions` (the ZOPA kept so far counted first).

        `made`: that evaluation, made already from the current one.
        """
        self.zopa_sizes()
        if made is None:
            self.evaluation = evaluate(self.model, conditions, self.evaluation)
        else:
            self.evaluation = taken_up(made, self.evaluation)

    def zopa_points(self, draw: int) -> list[ZopaPoint]:
        """Draw `draw`'s ZOPA sizes so far."""
        return [
            ZopaPoint(date, after, int(counts[draw]))
            for (date, after), counts in zip(self.zopa_labels, self.zopa_sizes(), strict=True)
        ]


def run_block(
    model: Model,
    *,
    seeds: Sequence[np.random.SeedSequence | int],
    recorder: TranscriptRecorder | None = None,
    until: dt.date | None = None,
    people: Sequence[Person] = (),
    texts: dict[int, AgreedText] | None = None,
) -> Outcomes:
    """Run every draw of `model` to its ending; return each draw's outcome.

    Args:
        model: the scenario compiled for the block (`accord.situation.compile_model`).
        seeds: each draw's seed for the engine's randomness (the mediator's errors).
        recorder: records draw 0's course for a transcript.
        until: stop after this date (the outcome is then 'ongoing').
        people: people who play some parties in draw 0 (`accord.engine.person`).
        texts: agreed texts by position, built by earlier blocks of the same scenario
            (and kept for later ones).
    """
    walk = _Walk.start(model, seeds, people)
    if recorder is not None:
        recorder.start(model.initial, walk.course.n_open())
    walk.go(recorder, until)
    return walk.outcomes(until, {} if texts is None else texts)


def run_blocks(
    models: Sequence[Model],
    *,
    seeds: Sequence[np.random.SeedSequence | int],
    texts: Sequence[dict[int, AgreedText]] | None = None,
) -> list[Outcomes]:
    """Run the same draws under each model (a scenario and its variants); return the outcomes.

    The run under a model goes on from an earlier model's at the first item of the
    timeline it plays differently (`accord.situation.shared.forks`): up to there the runs
    are one, so it is run once. Each model's outcomes are those `run_block` gives it alone.
    """
    first, *others = models
    if any(not np.array_equal(other.draws.numbers, first.draws.numbers) for other in others):
        raise ValueError("run_blocks runs the same draws under every model")
    texts = [{} for _ in models] if texts is None else texts
    plan = forks(models)
    branches: dict[int, _Walk] = {}
    outcomes = []
    first_day: Evaluation | None = None
    for j, model in enumerate(models):
        if j in branches:
            walk = branches.pop(j).moved_to(model)
        else:
            # A variant that differs from the first day often keeps the parties'
            # preferences: their utilities are then those of the first model started.
            walk = _Walk.start(model, seeds, (), alike=first_day)
            if first_day is None:
                first_day = walk.course.evaluation
        children = {k: n_shared for k, (parent, n_shared) in enumerate(plan) if parent == j}
        walk.go(
            None,
            None,
            on_item=_brancher(children, branches) if children else None,
            futures=_futures(models, plan, j),
        )
        outcomes.append(walk.outcomes(None, texts[j]))
    return outcomes


@dataclass(frozen=True)
class _Future:
    """A model whose run goes on from a walk at item `at`, and those that go on from it."""

    model: Model
    at: int
    futures: tuple[_Future, ...]


def _futures(
    models: Sequence[Model], plan: Sequence[tuple[int, int]], j: int
) -> tuple[_Future, ...]:
    """The runs that go on from model `j`'s walk (`forks`), with theirs."""
    return tuple(
        _Future(models[k], n_shared, _futures(models, plan, k))
        for k, (parent, n_shared) in enumerate(plan)
        if parent == j
    )


def _rounds_of(model: Model, items: Sequence[TimelineItem], at: int, kind: str) -> list[int]:
    """The positions of the rounds of protocol `kind` in `items` from `at` on."""
    ahead = [(k, items[k].item) for k in range(at, len(items))]
    return [
        k
        for k, item in ahead
        if isinstance(item, Round) and round_protocol(model.scenario, item).kind == kind
    ]


@dataclass(frozen=True)
class _Openings:
    """Where the ZOPA is open at the mediated rounds ahead of a walk, draw by draw.

    Attributes:
        from_round: for each mediated round, by its position among the items, `(n_draws,)`
            the draws whose ZOPA is open at it or at a later one, here or in a run that
            goes on from this walk after it.
        anywhere: `(n_draws,)` those whose ZOPA is open at any of them, or in any such run.
        made: for each event followed under the walk's own model, by its position, the
            evaluation before it and the one after: the walk takes them up when it gets
            there (`_apply`) instead of evaluating the same conditions again.
    """

    from_round: dict[int, np.ndarray]
    anywhere: np.ndarray
    made: dict[int, tuple[Evaluation, Evaluation]]


def _openings(
    model: Model,
    items: Sequence[TimelineItem],
    at: int,
    evaluation: Evaluation,
    sizes: np.ndarray | None,
    futures: Sequence[_Future],
) -> _Openings | None:
    """Where the ZOPA is open at the mediated rounds of `items` from `at` on.

    The ZOPA at a round is its size after the events before it (`sizes` before item
    `at`, if counted). Events are followed up to the last mediated round, or to the last
    item at which a future goes on (its own rounds are then looked at likewise, under its
    model). A future going on at item k copies the walk before that item: it counts for
    the rounds before k only. None if a model met has inducements: a party paid by them
    may accept outside the ZOPA.
    """
    if model.means.has_inducements:
        return None
    forks: dict[int, list[_Future]] = {}
    for future in futures:
        forks.setdefault(future.at, []).append(future)
    mediated = set(_rounds_of(model, items, at, "single_text"))
    horizon = max([*mediated, *forks], default=at - 1)
    points: list[tuple[int, np.ndarray, bool]] = []  # (position, open there, a round here)
    made: dict[int, tuple[Evaluation, Evaluation]] = {}
    for k in range(at, horizon + 1):
        for future in forks.get(k, ()):
            theirs = evaluate(future.model, evaluation.conditions, evaluation)
            ahead = played_items(future.model.scenario)
            more = _openings(future.model, ahead, k, theirs, None, future.futures)
            if more is None:
                return None
            points.append((k, more.anywhere, False))
        item = items[k].item if k < len(items) else None
        if k in mediated:
            # Counted at the rounds alone, all at once: most events fall between rounds.
            sizes = evaluation.zopa_sizes() if sizes is None else sizes
            points.append((k, sizes > 0, True))
        elif k < horizon and item is not None and not isinstance(item, Round):
            conditions, _ = apply_event(model, evaluation.conditions, item)
            before, evaluation, sizes = evaluation, evaluate(model, conditions, evaluation), None
            made[k] = (before, evaluation)
    # From the last point back: a round's mask holds what is open there and later. A
    # future listed at a round's position went on before that round, so it comes after.
    later = np.zeros(model.n_draws, dtype=bool)
    from_round = {}
    for k, opens, own in reversed(points):
        later = later | opens
        if own:
            from_round[k] = later
    return _Openings(from_round, later, made)


def _brancher(children: dict[int, int], branches: dict[int, _Walk]) -> Callable[..., None]:
    """What a walk does before each item: copy itself for each child at its first own item.

    `children` maps each model that goes on from this walk to the number of items they
    share. A walk that ends before that item is copied where it ends (`last`).
    """

    def branch(walk: _Walk, *, last: bool) -> None:
        for k, n_shared in children.items():
            if k not in branches and (n_shared == walk.at or last):
                branches[k] = walk.branch()

    return branch


@dataclass
class _Walk:
    """A block's walk along its timeline: the course so far, before item `at`."""

    course: _Course
    items: tuple[TimelineItem, ...]
    seeds: Sequence[np.random.SeedSequence | int]
    people: Sequence[Person]
    clock: Clock
    states: dict[type, OffersState | TextState]
    at: int = 0
    step: int = 0
    protocols: dict[tuple[object, str | None], Protocol] = field(default_factory=dict)
    hopeless: dict[int, np.ndarray] | None = None
    ahead: dict[int, tuple[Evaluation, Evaluation]] = field(default_factory=dict)

    @classmethod
    def start(
        cls,
        model: Model,
        seeds: Sequence[np.random.SeedSequence | int],
        people: Sequence[Person],
        alike: Evaluation | None = None,
    ) -> _Walk:
        """Every draw on the first day, before the timeline's first item (`alike`: `evaluate`)."""
        items = played_items(model.scenario)
        rounds = [i.item for i in items if isinstance(i.item, Round)]
        course = _Course.start(model, alike)
        course.count_zopa(None, "start")
        return cls(course, items, seeds, people, Clock(sum(r.n_steps for r in rounds)), {})

    def go(
        self,
        recorder: TranscriptRecorder | None,
        until: dt.date | None,
        on_item: Callable[..., None] | None = None,
        futures: Sequence[_Future] = (),
    ) -> None:
        """Walk on to the ending (or past `until`); `on_item(walk, last=...)` before each item.

        `futures` are the runs that go on from this walk (`run_blocks`): draws that can no
        longer agree in a mediated round, here or in them, are not drafted for, and the
        evaluations made to find them are taken up when the walk gets there
        (`_look_ahead`).
        """
        course = self.course
        model = course.model
        dated = is_dated(model.scenario)
        # A transcript shows every draft of its draw: a recorded walk looks for none to skip.
        self.hopeless, self.ahead = None, {}
        if recorder is None:
            self._look_ahead(futures)
        for at in range(self.at, len(self.items)):
            self.at = at
            if on_item is not None:
                on_item(self, last=False)
            item = self.items[at]
            if not course.live.any():
                break
            if until is not None and item.date is not None and item.date > until:
                course.end(np.flatnonzero(course.live), _ONGOING)
                break
            if isinstance(item.item, Round):
                self._play(item.item, item.item.date if dated else None, recorder)
            else:
                _apply(course, item.item, recorder, self.ahead.pop(at, None))
        else:
            self.at = len(self.items)
        if on_item is not None:
            on_item(self, last=True)
        course.end(np.flatnonzero(course.live), _ACTIVE)

    def _play(
        self, round_: Round, date: dt.date | None, recorder: TranscriptRecorder | None
    ) -> None:
        model = self.course.model
        steps = range(self.step, self.step + round_.n_steps)
        protocol = _protocol_of_round(model, self.clock, round_, self.protocols, self.people)
        kind = type(protocol)
        if kind not in self.states:
            self.states[kind] = _start_state(protocol, model, self.seeds)
        self.states[kind] = _play_round(
            self.course,
            protocol,
            self.states[kind],
            round_,
            steps,
            date,
            recorder,
            hopeless=None if self.hopeless is None else self.hopeless.get(self.at),
            # A run that goes on from this one has the same rounds (`forks`): it reads the
            # offers' state after this round only if this walk has an offers round later.
            read_later=bool(_rounds_of(model, self.items, self.at + 1, "alternating_offers")),
        )
        self.step += round_.n_steps

    def _look_ahead(self, futures: Sequence[_Future] = ()) -> None:
        """For each mediated round ahead, mark `hopeless` the draws that cannot agree from it on.

        Their ZOPA is empty at that round and at every later mediated round, here and in
        the `futures` that go on from this walk after it: those rounds cannot end in
        agreement while every party asks at least its reservation value
        (`MediatedText.play_round`), and what the mediator would learn in them serves no
        later round. Nothing is marked where that does not follow (people's replies, the
        mediator's inducements), or where no mediated round is ahead. The evaluations made
        on the way are kept in `ahead`.
        """
        course = self.course
        if self.people or not _rounds_of(course.model, self.items, self.at, "single_text"):
            return
        sizes = course.zopa_sizes()[-1]
        found = _openings(course.model, self.items, self.at, course.evaluation, sizes, futures)
        if found is not None:
            self.hopeless = {k: ~opens for k, opens in found.from_round.items()}
            self.ahead = found.made

    def branch(self) -> _Walk:
        """A copy of the walk so far that goes on apart."""
        return replace(self, course=self.course.branch(), states=dict(self.states), protocols={})

    def moved_to(self, model: Model) -> _Walk:
        """This walk, going on under `model`, which played the items so far alike."""
        items = played_items(model.scenario)
        return replace(self, course=self.course.moved_to(model), items=items)

    def outcomes(self, until: dt.date | None, texts: dict[int, AgreedText]) -> Outcomes:
        """Each draw's outcome once the walk has ended."""
        return _outcomes(self.course, until, texts)


def _protocol_of_round(
    model: Model,
    clock: Clock,
    round_: Round,
    made: dict[tuple[object, str | None], Protocol],
    people: Sequence[Person],
) -> Protocol:
    """The protocol of a round (`accord.situation.timeline.round_protocol`), made once."""
    spec = round_protocol(model.scenario, round_)
    drafter = round_.mediator if round_.mediator != "none" else None
    key = (spec, drafter)
    if key not in made:
        made[key] = make_protocol(model, clock, spec=spec, drafter=drafter, people=people)
    return made[key]


def make_protocol(
    model: Model,
    clock: Clock,
    *,
    spec: process.AlternatingOffers | process.SingleText | None = None,
    drafter: str | None = None,
    people: Sequence[Person] = (),
) -> Protocol:
    """A protocol (default: the scenario's), with each party's strategy or person, for the block.

    Under single text, `drafter` names who drafts (default: the scenario's mediator).
    """
    scenario = model.scenario
    spec = spec or protocol_of(scenario)
    strategies = _strategies(model, spec)
    if isinstance(spec, process.AlternatingOffers):
        order = [model.parties.index(p) for p in (spec.order or model.parties)]
        return AlternatingOffers(model, order, strategies, clock, people=people)
    mediator = scenario.mediator
    name = drafter or (
        mediator.party
        if mediator
        else next((p.id for p in scenario.parties if "mediator" in p.roles), "mediator")
    )
    rates = model.draws.read(mediator.learning_rate) if mediator else np.full(model.n_draws, 0.5)
    return MediatedText(
        model,
        name,
        strategies,
        clock,
        n_amendments=spec.n_amendments,
        learning_rates=rates,
        walkout_after=spec.walkout_after,
        private_trust=model.draws.read(mediator.private_trust) if mediator else None,
        people=people,
    )


def _strategies(
    model: Model, spec: process.AlternatingOffers | process.SingleText
) -> list[Strategy]:
    # Which strategies fit which protocol is checked with the scenario
    # (`accord.scenario.schema.protocol_problems`).
    declared = [model.scenario.strategies.get(p) for p in model.parties]
    default = "reservation" if spec.kind == "single_text" else "linear"
    return [make_strategy(s, model.draws, default=default) for s in declared]


def _start_state(
    protocol: Protocol, model: Model, seeds: Sequence[np.random.SeedSequence | int]
) -> OffersState | TextState:
    if isinstance(protocol, AlternatingOffers):
        return protocol.start()
    mediator = model.scenario.mediator
    noise = model.draws.read(mediator.noise) if mediator else np.zeros(model.n_draws)
    return protocol.start(initial_estimates(model, noise, seeds))


def _apply(
    course: _Course,
    event: Event,
    recorder: TranscriptRecorder | None,
    made: tuple[Evaluation, Evaluation] | None = None,
) -> None:
    """Apply `event` to the course; `made`: the evaluations before and after it, made ahead.

    The one after is taken up if the course stands at the one before and no recorder
    asks what the event changed.
    """
    changes: tuple[Change, ...] = ()
    if made is not None and made[0] is course.evaluation and recorder is None:
        conditions = made[1].conditions
        course.evaluate_again(conditions, made[1])
    else:
        conditions, changes = apply_event(course.model, course.evaluation.conditions, event)
        course.evaluate_again(conditions)
    course.applied.append(event)
    course.count_zopa(event.date, event.id)
    if recorder is not None:
        recorder.event(event, changes, conditions, course.n_open())
    if isinstance(event, process.Walkout) and not event.threat:
        n_left = len(course.model.parties) - len(conditions.absent)
        if event.effect == "end_talks" or n_left < 2:
            course.walkout = event
            course.end(np.flatnonzero(course.live), _LEFT)


def _play_round(
    course: _Course,
    protocol: Protocol,
    state: OffersState | TextState,
    round_: Round,
    steps: range,
    date: dt.date | None,
    recorder: TranscriptRecorder | None,
    *,
    hopeless: np.ndarray | None = None,
    read_later: bool = True,
) -> OffersState | TextState:
    """Play a round; `read_later`: a later item reads the alternating-offers state after it."""
    live = course.live
    if isinstance(protocol, AlternatingOffers) and course.evaluation.conditions.absent:
        raise ConstraintError(
            f"scenario '{course.model.scenario.id}': round '{round_.id}' goes on after a "
            "party left the talks (effect: party_leaves), which needs the single_text protocol"
        )
    steps = range(steps.start, min(steps.stop, protocol.clock.n_steps))
    if recorder is not None and live[0]:
        recorder.round_started(round_, date)
    if isinstance(protocol, AlternatingOffers):
        assert isinstance(state, OffersState)
        state, result = protocol.play_round(
            state, course.evaluation, steps, live, recorder, read_later=read_later
        )
    else:
        assert isinstance(state, TextState)
        state, result = protocol.play_round(
            state, course.evaluation, steps, live, recorder, round_.sessions, hopeless
        )
        course.package = state.package
    _settle(course, result, round_, date)
    course.count_zopa(date, round_.id, again=True)
    if recorder is not None and live[0]:
        recorder.round_ended(round_, date, course.n_open())
    if isinstance(protocol, MediatedText):
        assert isinstance(state, TextState)
        state, leaving = protocol.walkouts(state, course.evaluation, course.live)
        for d in np.flatnonzero(leaving >= 0).tolist():
            course.walked[d] = (int(leaving[d]), round_, date)
        course.end(np.flatnonzero(leaving >= 0), _WALKED)
    return state


def _settle(course: _Course, result: RoundResult, round_: Round, date: dt.date | None) -> None:
    """Mark the draws that agreed in the round, with what each party got."""
    done = np.flatnonzero(result.agreed >= 0)
    course.end(done, _AGREED)
    course.agreed[done] = result.agreed[done]
    course.agreed_step[done] = result.steps[done]
    parties = course.model.parties
    without = tuple(parties[i] for i in sorted(course.evaluation.conditions.absent))
    texts = result.agreed[done]
    course.got[done] = np.column_stack([u[done, texts] for u in course.evaluation.party_utilities])
    course.agreed_in[done] = len(course.settled)
    course.settled.append((round_, date, without))


def _outcomes(course: _Course, until: dt.date | None, texts: dict[int, AgreedText]) -> Outcomes:
    """Each draw's outcome, with the parties' final reservation values."""
    model = course.model
    end = end_date(model.scenario)
    statuses = course.status.tolist()
    positions, settlements = course.agreed.tolist(), course.agreed_in.tolist()
    zopa = _zopa_courses(course)
    known: dict[tuple[object, ...], int] = {}
    endings: list[Outcome] = []
    alike: dict[tuple[int, int, int], Outcome] = {}
    ending = []
    for d in range(model.n_draws):
        if statuses[d] == _AGREED:
            inducements = _inducements(course, d)
            key: tuple[object, ...] = (positions[d], settlements[d], inducements)
            if key not in known:
                known[key] = len(endings)
                endings.append(
                    _agreement_ending(course, texts, positions[d], settlements[d], inducements)
                )
        else:
            # Apart from walk-outs in a round, an ending without agreement depends on the
            # draw only through its status and its ZOPA's course: made once per course.
            same = (statuses[d], *zopa[d])
            unagreed = alike.get(same) if statuses[d] != _WALKED else None
            if unagreed is None:
                unagreed = alike[same] = _unagreed_outcome(course, d, end, until)
            key = (unagreed.status, unagreed.date, unagreed.round, unagreed.reason, unagreed.cause)
            if key not in known:
                known[key] = len(endings)
                endings.append(unagreed)
        ending.append(known[key])
    return Outcomes(
        model.parties,
        tuple(endings),
        np.array(ending, dtype=np.int64),
        np.where(course.status == _AGREED, course.agreed_step, -1),
        course.got,
        course.finals,
    )


def _zopa_courses(course: _Course) -> list[tuple[int, int]]:
    """Per draw, where its ZOPA was last open (−1: never) and the ZOPA's size at the end.

    Indices count the sizes kept after the start and after every event and round.
    """
    sizes = np.stack(course.zopa_sizes())
    opened = sizes > 0
    last = sizes.shape[0] - 1 - np.argmax(opened[::-1], axis=0)
    last = np.where(opened.any(axis=0), last, -1)
    return list(zip(last.tolist(), sizes[-1].tolist(), strict=True))


def _agreement_ending(
    course: _Course,
    texts: dict[int, AgreedText],
    position: int,
    settlement: int,
    inducements: tuple[str, ...],
) -> Outcome:
    """The ending shared by the draws that agreed on the text at `position` in `settlement`."""
    if position not in texts:
        texts[position] = _agreed_text(course.model, position)
    text, named, deferred = texts[position]
    round_, date, without = course.settled[settlement]
    return agreement_outcome(
        round_, date, None, dict(text), None, named, inducements, deferred, without
    )


def _unagreed_outcome(
    course: _Course, d: int, end: dt.date | None, until: dt.date | None
) -> Outcome:
    """Draw d's outcome when it ended without an agreement."""
    model = course.model
    status = course.status[d]
    if status == _WALKED:
        party, round_, date = course.walked[d]
        _, sentence = closing_event(_points_to(course, d, round_.id), course.applied)
        protocol = round_protocol(model.scenario, round_)
        assert isinstance(protocol, process.SingleText)
        limit = protocol.walkout_after
        return walkout_outcome(model.parties[party], round_, date, limit, sentence)
    if status == _LEFT:
        assert course.walkout is not None
        closing = closing_event(course.zopa_points(d), course.applied)
        return event_walkout_outcome(course.walkout, end, closing)
    if status == _ONGOING:
        assert until is not None
        return ongoing_outcome(until)
    points = course.zopa_points(d)
    n_open = points[-1].n_outcomes
    closing = ("zopa-open", "") if n_open else closing_event(points, course.applied)
    return breakdown_outcome(model.scenario, end, n_open, closing)


def _agreed_text(model: Model, position: int) -> AgreedText:
    """The text at `position` as {issue: option}, its named guarantors and deferred issues."""
    named = [g for k, g in enumerate(model.guarantors) if model.named[k, position]]
    space = model.space
    text = {
        issue: space.options[k][j]
        for k, (issue, j) in enumerate(
            zip(space.issues, model.digits[position].tolist(), strict=True)
        )
    }
    return text, named, deferred_issues(model.scenario, text)


def _inducements(course: _Course, d: int) -> tuple[str, ...]:
    """The ids of the inducements draw d's agreed text carried."""
    if course.package is None:
        return ()
    offered = course.model.means.ids
    return tuple(i for p in np.flatnonzero(course.package[d]).tolist() for i in offered[p])


def _points_to(course: _Course, d: int, round_id: str) -> list[ZopaPoint]:
    """Draw d's ZOPA sizes up to the round it walked out after."""
    points = course.zopa_points(d)
    last = max(i for i, p in enumerate(points) if p.after == round_id)
    return points[: last + 1]
