"""How a run ends, in words and tags: agreement, walk-out, talks that ran out, ongoing.

The reason of a breakdown names what closed the space: the event (or round) after which
the ZOPA became empty and never reopened, or that it was never open, or that texts were
still in the ZOPA when the talks ran out. `Outcome.cause` gives the same as a tag.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

from accord.engine.transcript import Outcome, ZopaPoint
from accord.scenario.process import Event, Round, Walkout
from accord.scenario.schema import Scenario

__all__ = [
    "NEVER_OPEN",
    "agreement_outcome",
    "breakdown_outcome",
    "closing_event",
    "event_walkout_outcome",
    "ongoing_outcome",
    "walkout_outcome",
]

NEVER_OPEN = "there was never a zone of possible agreement"


def agreement_outcome(
    round_: Round,
    date: dt.date | None,
    step: int | None,
    text: dict[str, str],
    utilities: dict[str, float] | None,
    guarantors: Sequence[str],
    inducements: tuple[str, ...] = (),
    deferred: tuple[str, ...] = (),
    without: tuple[str, ...] = (),
    *,
    reservation_values: dict[str, float] | None = None,
) -> Outcome:
    """The outcome of `text` agreed at `step` of `round_` (its named guarantors consenting).

    Without `step` and `utilities`, the ending the draws that agreed alike share
    (`accord.engine.transcript.Outcomes` adds each draw's numbers).

    `inducements` are the ids of the mediator's inducements the text carried; `deferred`
    the issues it leaves open (a partial agreement); `without` the parties that had left
    the talks, who are not bound by it; `reservation_values` the parties' values of no
    agreement then.
    """
    reason = _agreement_reason(
        round_.name or round_.id, tuple(guarantors), inducements, deferred, without
    )
    return Outcome(
        "agreement",
        date,
        round_.id,
        step,
        text,
        utilities,
        reason,
        "agreement",
        {} if reservation_values is None else reservation_values,
        inducements,
        deferred,
        without,
    )


@functools.lru_cache(maxsize=256)
def _agreement_reason(
    round_name: str,
    guarantors: tuple[str, ...],
    inducements: tuple[str, ...],
    deferred: tuple[str, ...],
    without: tuple[str, ...],
) -> str:
    """Why the run ended in an agreement, in words (the same for every draw alike)."""
    kind = "a partial text" if deferred else "the text"
    who = "every party" if not without else "every party still talking"
    reason = f"{who} accepted {kind} in round '{round_name}'"
    if inducements:
        reason += f" with the mediator's inducements ({', '.join(inducements)})"
    if guarantors:
        reason += f" and its guarantors ({', '.join(sorted(guarantors))}) consented"
    if deferred:
        reason += f", deferring {', '.join(deferred)}"
    if without:
        reason += f"; an agreement without {', '.join(without)}, who left the talks"
    return reason


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


def event_walkout_outcome(event: Walkout, end: dt.date | None, closing: tuple[str, str]) -> Outcome:
    """The outcome of `event.party` walking out on the event's day, unforeseen.

    `end` is the scheduled last day of the talks (None when undated); `closing` (cause
    tag, sentence) says where the ZOPA stood. The cause is the walk-out only if texts
    were still in the ZOPA: once it had closed for good, the walk-out ended talks that
    could no longer agree, and the cause stays what closed it.
    """
    cause, sentence = closing
    label = f" ('{event.name}', {event.id})" if event.name else f" ({event.id})"
    scheduled = ""
    if end is not None and end > event.date:
        scheduled = f", before the scheduled end on {end.isoformat()}"
    elif end is not None:
        scheduled = ", on the last scheduled day"
    return Outcome(
        "breakdown",
        event.date,
        None,
        None,
        None,
        None,
        f"{event.party} walked out on {event.date.isoformat()}{label}{scheduled}; {sentence}",
        f"walkout:{event.party}" if cause == "zopa-open" else cause,
    )


def ongoing_outcome(until: dt.date) -> Outcome:
    """The outcome of a run stopped after `until` while the talks went on."""
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


def breakdown_outcome(
    scenario: Scenario, end: dt.date | None, n_open: int, closing: tuple[str, str]
) -> Outcome:
    """The outcome of talks that ran out without agreement.

    `n_open` texts were still in the ZOPA at the end; if none, `closing` (cause tag,
    sentence) says what closed it.
    """
    when = (
        f"the calendar ended on {end.isoformat()}"
        if scenario.calendar and end
        else "the last round ended"
    )
    if n_open:
        still = "1 text was" if n_open == 1 else f"{n_open:,} texts were"
        reason = (
            f"{when} without a text every party accepted, although {still} "
            "still in the zone of possible agreement"
        )
        return Outcome("breakdown", end, None, None, None, None, reason, "zopa-open")
    cause, sentence = closing
    reason = f"{when} without agreement; {sentence}"
    return Outcome("breakdown", end, None, None, None, None, reason, cause)


def closing_event(zopa: Sequence[ZopaPoint], events: Sequence[Event]) -> tuple[str, str]:
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
