"""`simulate`: run a scenario's negotiation from its first day to its ending.

The run walks the timeline (`accord.engine.clock`): each event changes the conditions
and is recorded with its effects; each round runs the protocol's steps in the situation
of that moment. The ZOPA size is recorded after every event and every round.

Endings:
- agreement: every party accepts a text (and, for a single text, every guarantor it
  names consents);
- breakdown by walk-out (single text): a party for which no feasible text has been worth
  its reservation value for `walkout_after` consecutive rounds leaves the talks;
- breakdown at the end: the calendar ends, or the last round is over, without agreement.

The reason of a breakdown names what closed the space: the event after which the ZOPA
became empty and stayed empty (or that it was never open), and who walked out.

All randomness comes from one `numpy.random.Generator` seeded with `seed`: the same
scenario and seed give the same transcript, byte for byte.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

import numpy as np

from accord.engine.clock import TimelineItem, protocol_of, timeline
from accord.engine.events import apply_event
from accord.engine.offers import AlternatingOffers, OffersState, ScheduledBlock, expand_drafts
from accord.engine.protocols import Draft, party_views
from accord.engine.single_text import MediatorEstimates, SingleText, initial_estimates
from accord.engine.situation import (
    CompiledScenario,
    Situation,
    compile_scenario,
    guarantor_consent,
    situation,
)
from accord.engine.strategies import Strategy, make_strategy
from accord.engine.transcript import (
    BeliefChange,
    EventRecord,
    Outcome,
    RoundRecord,
    StepRecord,
    Transcript,
    ZopaPoint,
)
from accord.errors import ConstraintError
from accord.scenario import process
from accord.scenario.distributions import quantity_mean
from accord.scenario.process import Event, Round
from accord.scenario.schema import Scenario
from accord.utility import Resolve

__all__ = [
    "NEVER_OPEN",
    "WALKOUT_TOLERANCE",
    "agreement_outcome",
    "agreement_reason",
    "breakdown_outcome",
    "closing_event",
    "end_date",
    "ending_phrase",
    "played_items",
    "simulate",
    "walkout_outcome",
]

NEVER_OPEN = "there was never a zone of possible agreement"
# A party stays while some text is worth its reservation value up to this tolerance.
WALKOUT_TOLERANCE = 1e-12


@dataclass
class _Run:
    """Mutable bookkeeping of one run, private to `simulate`."""

    compiled: CompiledScenario
    situation: Situation
    dated: bool = True
    version: int = 0
    drafts: list[Draft | ScheduledBlock] = field(default_factory=list)
    round_spans: list[tuple[Round, int, int]] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    beliefs: list[BeliefChange] = field(default_factory=list)
    zopa: list[ZopaPoint] = field(default_factory=list)
    empty_rounds: dict[str, int] = field(default_factory=dict)

    def date_of(self, round_: Round) -> dt.date | None:
        """The round's date, or None for the implicit round of an undated scenario."""
        return round_.date if self.dated else None

    def record_zopa(self, date: dt.date | None, after: str) -> None:
        self.zopa.append(ZopaPoint(date, after, int(self.situation.zopa().sum())))


def simulate(
    scenario: Scenario,
    *,
    seed: int | np.random.SeedSequence = 0,
    until: dt.date | None = None,
    resolve: Resolve = quantity_mean,
) -> Transcript:
    """Run the negotiation; return its transcript.

    Args:
        scenario: a loaded scenario (variants already applied).
        seed: seeds the run's only random generator (a sweep passes each draw's own
            `SeedSequence` child).
        until: stop after this date (the outcome is then 'ongoing').
        resolve: turns uncertain numbers into values (default: their means).
    """
    compiled = compile_scenario(scenario, resolve=resolve)
    protocol = protocol_of(scenario)
    strategies = _strategies(scenario, compiled, protocol, resolve)
    rng = np.random.default_rng(seed)
    run = _Run(
        compiled,
        situation(compiled, compiled.initial),
        dated=scenario.calendar is not None or bool(scenario.rounds),
    )
    run.beliefs += _initial_beliefs(run)
    run.record_zopa(None, "start")
    outcome = _play(scenario, run, protocol, strategies, rng, until)
    final = run.situation.reservation_values
    outcome = replace(
        outcome, reservation_values=dict(zip(compiled.parties, map(float, final), strict=True))
    )
    return Transcript(
        scenario.id,
        seed if isinstance(seed, int) else f"{seed.entropy}/{'.'.join(map(str, seed.spawn_key))}",
        protocol.kind,
        compiled.parties,
        tuple(run.events),
        tuple(run.beliefs),
        tuple(run.zopa),
        outcome,
        lambda: _rounds(run),
    )


def _strategies(
    scenario: Scenario,
    compiled: CompiledScenario,
    protocol: process.AlternatingOffers | process.SingleText,
    resolve: Resolve,
) -> dict[str, Strategy]:
    discounts = {
        p: resolve(s.discount)
        for p, s in scenario.strategies.items()
        if isinstance(s, process.SubgamePerfect)
    }
    if discounts and (protocol.kind != "alternating_offers" or len(compiled.parties) != 2):
        raise ConstraintError(
            f"scenario '{scenario.id}': the subgame_perfect strategy needs the "
            "alternating_offers protocol and exactly two parties"
        )
    if discounts and len(discounts) != 2:
        raise ConstraintError(
            f"scenario '{scenario.id}': subgame_perfect must be the strategy "
            "of both parties (it solves the game for both)"
        )
    default = "reservation" if protocol.kind == "single_text" else "linear"
    return {
        p: make_strategy(
            scenario.strategies.get(p), resolve=resolve, default=default, discounts=discounts
        )
        for p in compiled.parties
    }


def _play(
    scenario: Scenario,
    run: _Run,
    protocol: process.AlternatingOffers | process.SingleText,
    strategies: dict[str, Strategy],
    rng: np.random.Generator,
    until: dt.date | None,
) -> Outcome:
    items = played_items(scenario)
    rounds = [i.item for i in items if isinstance(i.item, Round)]
    runner = _runner(scenario, protocol, strategies, run, rng, sum(r.n_steps for r in rounds))
    for item in items:
        if until is not None and item.date is not None and item.date > until:
            return Outcome(
                "ongoing",
                until,
                None,
                None,
                None,
                None,
                f"stopped after {until.isoformat()} as asked; the talks go on",
                "ongoing",
            )
        if isinstance(item.item, Round):
            outcome = runner.play(item.item)
            if outcome is not None:
                return outcome
        else:
            _apply(run, item.item)
    return _breakdown(scenario, run, end_date(scenario, rounds))


def played_items(scenario: Scenario) -> list[TimelineItem]:
    """The rounds and events of the timeline up to the calendar's end."""
    return [
        i
        for i in timeline(scenario)
        if scenario.calendar is None or i.date is None or i.date <= scenario.calendar.end
    ]


def end_date(scenario: Scenario, rounds: list[Round]) -> dt.date | None:
    """The last day of the talks: the calendar's end, or the last round's date."""
    if scenario.calendar is not None:
        return scenario.calendar.end
    return rounds[-1].date if rounds and scenario.rounds else None


def _apply(run: _Run, event: Event) -> None:
    conditions, effects = apply_event(run.compiled, run.situation.conditions, event)
    run.version += 1
    run.situation = situation(run.compiled, conditions, event.date)
    run.events.append(
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
    run.beliefs += [
        BeliefChange(event.date, e.party, e.about or "", float(e.after), event.id, float(e.before))
        for e in effects
        if e.quantity == "belief"
    ]
    run.record_zopa(event.date, event.id)


def _initial_beliefs(run: _Run) -> list[BeliefChange]:
    return [
        BeliefChange(None, str(b["holder"]), str(b["about"]), float(b["value"]), None)  # type: ignore[arg-type]
        for b in run.situation.belief_summary()
    ]


class _Runner(Protocol):
    """Plays rounds with one protocol, keeping the protocol's state between rounds."""

    def play(self, round_: Round) -> Outcome | None:
        """Play a round; return the outcome if the talks ended in it."""


class _OffersRunner:
    def __init__(self, run: _Run, protocol: AlternatingOffers) -> None:
        self.run = run
        self.protocol = protocol
        self.state = OffersState()

    def play(self, round_: Round) -> Outcome | None:
        run = self.run
        start = self.state.step
        self.state, agreed = self.protocol.run_round(
            self.state, round_.n_steps, run.situation, run.version, run.drafts
        )
        run.round_spans.append((round_, start, self.state.step))
        run.record_zopa(run.date_of(round_), round_.id)
        if agreed is not None:
            return _agreement(run, round_, self.state.step - 1, agreed)
        return None


class _TextRunner:
    def __init__(
        self, run: _Run, protocol: SingleText, estimates: MediatorEstimates, walkout_after: int
    ) -> None:
        self.run = run
        self.protocol = protocol
        self.estimates = estimates
        self.step = 0
        self.walkout_after = walkout_after

    def play(self, round_: Round) -> Outcome | None:
        run = self.run
        start = self.step
        self.estimates, self.step, agreed = self.protocol.run_round(
            self.estimates, self.step, round_.n_steps, run.situation, run.version, run.drafts
        )
        run.round_spans.append((round_, start, self.step))
        run.record_zopa(run.date_of(round_), round_.id)
        if agreed is not None:
            return _agreement(run, round_, self.step - 1, agreed)
        return _walkout(run, round_, self.walkout_after)


def _runner(
    scenario: Scenario,
    protocol: process.AlternatingOffers | process.SingleText,
    strategies: dict[str, Strategy],
    run: _Run,
    rng: np.random.Generator,
    n_steps: int,
) -> _Runner:
    parties = run.compiled.parties
    if isinstance(protocol, process.AlternatingOffers):
        order = protocol.order or parties
        return _OffersRunner(run, AlternatingOffers(order, strategies, n_steps))
    mediator = scenario.mediator
    name = (
        mediator.party
        if mediator
        else next((p.id for p in scenario.parties if p.role == "mediator"), "mediator")
    )
    resolve = run.compiled.resolve
    noise = resolve(mediator.noise) if mediator else 0.0
    rate = resolve(mediator.learning_rate) if mediator else 0.5
    text = SingleText(name, strategies, n_steps, protocol.n_amendments, rate)
    return _TextRunner(
        run, text, initial_estimates(run.situation, noise, rng), protocol.walkout_after
    )


def _agreement(run: _Run, round_: Round, step: int, code: int) -> Outcome:
    return agreement_outcome(run.situation, round_, run.date_of(round_), step, code)


def agreement_outcome(
    current: Situation, round_: Round, date: dt.date | None, step: int, code: int
) -> Outcome:
    """The outcome of text `code` agreed at `step` of `round_` in situation `current`."""
    i_values = current.utilities[code]
    return Outcome(
        "agreement",
        date,
        round_.id,
        step,
        current.space.outcome(code),
        dict(zip(current.parties, map(float, i_values), strict=True)),
        agreement_reason(round_) + _consent_note(current, code),
        "agreement",
    )


def agreement_reason(round_: Round) -> str:
    """The reason given for an agreement reached in `round_`."""
    return f"every party accepted the text in round '{round_.name or round_.id}'"


def ending_phrase(scenario: Scenario, end: dt.date | None) -> str:
    """How the talks ran out: the calendar's end, or the last round."""
    return (
        f"the calendar ended on {end.isoformat()}"
        if scenario.calendar and end
        else "the last round ended"
    )


def breakdown_outcome(
    scenario: Scenario,
    end: dt.date | None,
    n_open: int,
    closing: tuple[str, str],
    reservation_values: dict[str, float] | None = None,
) -> Outcome:
    """The outcome of talks that ran out without agreement.

    `n_open` texts were still in the ZOPA at the end; if none, `closing` (cause tag,
    sentence) says what closed it.
    """
    when = ending_phrase(scenario, end)
    finals = reservation_values or {}
    if n_open:
        reason = (
            f"{when} without a text every party accepted, although {n_open} texts were "
            "still in the zone of possible agreement"
        )
        return Outcome("breakdown", end, None, None, None, None, reason, "zopa-open", finals)
    cause, sentence = closing
    return Outcome(
        "breakdown",
        end,
        None,
        None,
        None,
        None,
        f"{when} without agreement; {sentence}",
        cause,
        finals,
    )


def _consent_note(current: Situation, code: int) -> str:
    consent = guarantor_consent(current, code)
    return f" and its guarantors ({', '.join(sorted(consent))}) consented" if consent else ""


def _walkout(run: _Run, round_: Round, walkout_after: int) -> Outcome | None:
    views = party_views(run.situation, run.version)
    for party, view in views.items():
        worth = view.values[view.candidates] >= view.reservation_value - WALKOUT_TOLERANCE
        if worth.any():
            run.empty_rounds[party] = 0
            continue
        run.empty_rounds[party] = run.empty_rounds.get(party, 0) + 1
        if run.empty_rounds[party] >= walkout_after:
            _, closing = closing_event(run.zopa, run.events)
            return walkout_outcome(party, round_, run.date_of(round_), walkout_after, closing)
    return None


def walkout_outcome(
    party: str, round_: Round, date: dt.date | None, walkout_after: int, closing: str
) -> Outcome:
    """The outcome of `party` walking out after `round_`; `closing` says what closed the ZOPA."""
    return Outcome(
        "breakdown",
        date,
        round_.id,
        None,
        None,
        None,
        f"{party} walked out after round '{round_.name or round_.id}': no feasible text "
        f"has been worth its reservation value to it for {walkout_after} rounds; "
        f"{closing}",
        f"walkout:{party}",
    )


def _breakdown(scenario: Scenario, run: _Run, end: dt.date | None) -> Outcome:
    n_open = run.zopa[-1].n_outcomes
    closing = ("zopa-open", "") if n_open else closing_event(run.zopa, run.events)
    return breakdown_outcome(scenario, end, n_open, closing)


def closing_event(
    zopa: Sequence[ZopaPoint], events: Sequence[EventRecord | Event]
) -> tuple[str, str]:
    """Name what emptied the ZOPA for good (cause tag, sentence), or say it was never open.

    `zopa` is the ZOPA's size after the start and after every event and round so far;
    `events` are the events applied (for their names).
    """
    if not any(point.n_outcomes for point in zopa):
        return "never-open", NEVER_OPEN
    last_open = max(i for i, point in enumerate(zopa) if point.n_outcomes)
    if last_open == len(zopa) - 1:
        return "zopa-open", "the zone of possible agreement is still open"
    closer = zopa[last_open + 1]
    event = next((e for e in events if e.id == closer.after), None)
    label = f"'{event.name}' ({event.id})" if event and event.name else f"'{closer.after}'"
    date = closer.date.isoformat() if closer.date else "the start"
    return (
        f"zopa-closed:{closer.after}",
        f"the zone of possible agreement closed on {date} after {label} and did not reopen",
    )


def _rounds(run: _Run) -> tuple[RoundRecord, ...]:
    drafts = expand_drafts(run.drafts)
    records = []
    for round_, start, end in run.round_spans:
        steps = [_step_record(d) for d in drafts if start <= d.step < end]
        records.append(RoundRecord(round_.id, run.date_of(round_), round_.name, tuple(steps)))
    return tuple(records)


def _step_record(draft: Draft) -> StepRecord:
    return StepRecord(draft.step, draft.proposer, draft.code, draft.situation, tuple(draft.replies))
