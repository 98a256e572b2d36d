"""Figure data: what each figure of a report shows, as plain JSON-ready data.

Each function turns a scenario, a transcript, a sweep or an attribution into the series,
points and labels one figure draws, and nothing else: no colours, no layout. The
renderers (`accord.report.figures` with matplotlib, `accord.report.html` with plotly)
draw the same data, and the golden test pins it. Dates are ISO strings (None in an
undated scenario); floats are rounded to 6 digits; utilities, values and reservation
values are on the scenario's utility scale [0, 1].

Figures over time read the transcript: its records, and the situation it kept at the
start and after each event (`Transcript.situation`); nothing is replayed.

Entry point: `report_data`, every figure's data in one document. Sweep figures read the
documents of `SweepResult.to_dict()` and `AttributionResult.to_dict()`
(`accord.report._sweep_data`, re-exported here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from accord.analysis.bargaining import SOLUTIONS
from accord.analysis.pareto import pareto_frontier
from accord.engine.simulation import simulate
from accord.engine.transcript import Transcript
from accord.errors import UnknownIdError
from accord.report._standing_data import standing_data
from accord.report._sweep_data import (
    agreement_data,
    attribution_data,
    difference_data,
    most_varied,
    sensitivity_data,
    text_data,
)
from accord.scenario.load import apply_variants
from accord.scenario.parameters import parameters_of
from accord.scenario.schema import Scenario
from accord.situation import Situation

__all__ = [
    "SCHEMA_VERSION",
    "agreement_data",
    "attribution_data",
    "belief_data",
    "best_available",
    "case_data",
    "difference_data",
    "drawable",
    "event_keys",
    "judgement_data",
    "most_varied",
    "offer_data",
    "report_data",
    "reservation_data",
    "run_report_data",
    "sensitivity_data",
    "standing_data",
    "text_data",
    "timeline_data",
    "transcript_data",
    "zopa_data",
]

SCHEMA_VERSION = 1
DIGITS = 6
CLOUD_GRID = 0.01  # outcomes are drawn as points on this utility grid, duplicates merged


def _r(value: float) -> float:
    return round(float(value), DIGITS) + 0.0  # no negative zero


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _names(scenario: Scenario) -> dict[str, str]:
    return {party.id: party.name for party in scenario.parties}


def _span(scenario: Scenario, transcript: Transcript) -> tuple[str | None, str | None]:
    """First and last day shown: the calendar, else the dated rounds and events."""
    dates = [e.date for e in transcript.events] + [r.date for r in transcript.rounds if r.date]
    start = scenario.calendar.start if scenario.calendar else min(dates, default=None)
    end = transcript.outcome.date or (scenario.calendar.end if scenario.calendar else None)
    return _iso(start), _iso(end or max(dates, default=None))


def case_data(scenario: Scenario, *, variants: Sequence[str] = ()) -> dict[str, Any]:
    """Return the case: title, parties and roles, issues and options, sources, variants."""
    return {
        "id": scenario.id,
        "title": scenario.title,
        "description": scenario.description,
        "applied_variants": list(variants),
        "calendar": None
        if scenario.calendar is None
        else {"start": _iso(scenario.calendar.start), "end": _iso(scenario.calendar.end)},
        "parties": [
            {
                "id": p.id,
                "name": p.name,
                "role": p.role,
                "description": p.description,
                "sources": list(p.sources),
            }
            for p in scenario.parties
        ],
        "issues": [
            {
                "id": issue.id,
                "name": issue.name,
                "description": issue.description,
                "options": [
                    {"id": o.id, "name": o.name, "description": o.description}
                    for o in issue.options
                ],
            }
            for issue in scenario.issues
        ],
        "sources": [source.model_dump(mode="json") for source in scenario.sources],
        "variants": [
            {"name": name, "description": variant.description}
            for name, variant in scenario.variants.items()
        ],
    }


def _effect_text(effect: Mapping[str, Any], names: Mapping[str, str]) -> str:
    about = f" about {names.get(effect['about'], effect['about'])}" if "about" in effect else ""
    before, after = effect["before"], effect["after"]
    if isinstance(before, float) and isinstance(after, float):
        change = f"{before:.3f} → {after:.3f}"
    else:
        change = f"{before} → {after}"
    who = names.get(effect["party"], effect["party"])
    return f"{effect['quantity'].replace('_', ' ')} of {who}{about}: {change}"


def timeline_data(scenario: Scenario, transcript: Transcript) -> dict[str, Any]:
    """Return the rounds and events of the run in time order, with their sources."""
    names = _names(scenario)
    declared = {event.id: event for event in scenario.events}
    keys = event_keys(transcript)
    events = {
        e.id: {
            "kind": "event",
            "key": keys[e.id],
            "id": e.id,
            "name": e.name or e.id,
            "date": _iso(e.date),
            "detail": e.kind.replace("_", " "),
            "contested": e.contested,
            "description": declared[e.id].description if e.id in declared else None,
            "readings": [
                {"by": r.by, "reading": r.reading, "sources": list(r.sources)}
                for r in (declared[e.id].readings if e.id in declared else ())
            ],
            "sources": list(e.sources),
            "effects": [_effect_text(effect.to_dict(), names) for effect in e.effects],
        }
        for e in transcript.events
    }
    rounds = {r.id: {**_round_item(scenario, r), "key": keys[r.id]} for r in transcript.rounds}
    order = [z.after for z in transcript.zopa if z.after in events or z.after in rounds]
    start, end = _span(scenario, transcript)
    outcome = transcript.outcome
    return {
        "start": start,
        "end": end,
        "items": [events.get(key) or rounds[key] for key in order],
        "outcome": {
            "status": outcome.status,
            "date": _iso(outcome.date),
            "cause": outcome.cause,
            "reason": outcome.reason,
            "text": outcome.text,
        },
    }


def _round_item(scenario: Scenario, record: Any) -> dict[str, Any]:
    declared = next((r for r in scenario.rounds if r.id == record.id), None)
    n_steps = len(record.steps)
    return {
        "kind": "round",
        "id": record.id,
        "name": record.name or record.id,
        "date": _iso(record.date),
        "detail": f"{n_steps} proposal{'s' if n_steps != 1 else ''}",
        "contested": False,
        "description": declared.description if declared else None,
        "readings": [],
        "sources": list(declared.sources) if declared else [],
        "effects": [],
    }


def event_keys(transcript: Transcript) -> dict[str, str]:
    """Return short keys for the run's events (E1, E2, ...) and rounds (R1, ...), in order."""
    keys = {e.id: f"E{i}" for i, e in enumerate(transcript.events, start=1)}
    return keys | {r.id: f"R{i}" for i, r in enumerate(transcript.rounds, start=1)}


def belief_data(scenario: Scenario, transcript: Transcript) -> dict[str, Any]:
    """Return each holder's belief that another party honours an agreement, over time.

    One series per (holder, about) pair: the initial value at the start, then one point
    per event that moved it, naming the event. Pairs whose beliefs are the same at every
    point are merged into one series listing every holder.
    """
    names = _names(scenario)
    keys = event_keys(transcript)
    events = {e.id: e for e in transcript.events}
    start, end = _span(scenario, transcript)
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for change in transcript.beliefs:
        event = events.get(change.event or "")
        pairs.setdefault((change.holder, change.about), []).append(
            {
                "date": _iso(change.date) or start,
                "value": _r(change.value),
                "event": change.event,
                "event_key": keys.get(change.event or ""),
                "event_name": (event.name or event.id) if event else None,
                "contested": bool(event and event.contested),
            }
        )
    merged: dict[str, dict[str, Any]] = {}
    for (holder, about), points in pairs.items():
        key = repr((about, points))
        entry = merged.setdefault(key, {"holders": [], "about": about, "points": points})
        entry["holders"].append(holder)
    series = [
        {
            **entry,
            "holders_label": _holders_label(entry["holders"], names),
            "about_name": names.get(entry["about"], entry["about"]),
            "label": f"{_holders_label(entry['holders'], names)} about "
            f"{names.get(entry['about'], entry['about'])}",
        }
        for entry in merged.values()
    ]
    changes = sorted(
        {
            (p["date"], p["event_key"], p["event"], p["event_name"], p["contested"])
            for s in series
            for p in s["points"]
            if p["event"]
        },
        key=lambda c: (c[0], int(c[1][1:])),
    )
    return {
        "start": start,
        "end": end,
        "series": series,
        "events": [
            {"date": d, "key": k, "id": i, "name": n, "contested": c} for d, k, i, n, c in changes
        ],
    }


def _holders_label(holders: list[str], names: Mapping[str, str]) -> str:
    who = [names.get(h, h) for h in holders]
    listed = " and ".join([", ".join(who[:-1]), who[-1]] if len(who) > 1 else who)
    return f"{who[0]} and {len(who) - 1} others" if len(listed) > 40 else listed


def _moments(transcript: Transcript) -> list[tuple[str, Situation]]:
    """The situation at the start and after each applied event, labelled by event id."""
    labels = ["start", *(record.id for record in transcript.events)]
    return [(label, transcript.situation(label)) for label in labels]


def best_available(current: Situation) -> np.ndarray:
    """Return `(n_parties,)` each party's best value among texts the others would accept.

    A text is available to party i when it is feasible, every guarantor it names
    consents, it crosses nobody's red line and every other party values it at least at
    its reservation value; NaN when no text is. The ZOPA is open exactly when some
    party's best available value reaches its reservation value.
    """
    values, reservation = current.values, current.reservation_values
    base = current.feasible & current.consent & current.acceptable.all(axis=1)
    rational = values >= reservation - 1e-12
    best = np.full(len(reservation), np.nan)
    for i in range(len(reservation)):
        others = np.delete(rational, i, axis=1).all(axis=1)
        available = base & others
        if available.any():
            best[i] = values[available, i].max()
    return best


def reservation_data(scenario: Scenario, transcript: Transcript) -> dict[str, Any]:
    """Return each party's reservation value and best available agreement over time.

    One point at the start and one after each event of the run (rounds change neither).
    """
    names = _names(scenario)
    event_names = {e.id: e.name or e.id for e in transcript.events}
    contested = {e.id for e in transcript.events if e.contested}
    dates = {e.id: _iso(e.date) for e in transcript.events}
    keys = event_keys(transcript)
    start, end = _span(scenario, transcript)
    points = []
    for after, current in _moments(transcript):
        best = best_available(current)
        points.append(
            {
                "date": dates.get(after, start),
                "after": after,
                "after_name": event_names.get(after, "start"),
                "key": keys.get(after),
                "contested": after in contested,
                "reservation_values": {
                    p: _r(r)
                    for p, r in zip(current.parties, current.reservation_values, strict=True)
                },
                "best_values": {
                    p: None if np.isnan(b) else _r(b)
                    for p, b in zip(current.parties, best, strict=True)
                },
            }
        )
    return {
        "start": start,
        "end": end,
        "parties": [{"id": p, "name": names.get(p, p)} for p in transcript.parties],
        "points": points,
    }


def zopa_data(scenario: Scenario, transcript: Transcript) -> dict[str, Any]:
    """Return the number of texts in the ZOPA after each event and round, and a summary."""
    labels = {e.id: e.name or e.id for e in transcript.events}
    labels |= {r.id: r.name or r.id for r in transcript.rounds}
    kinds = {e.id: "event" for e in transcript.events} | {r.id: "round" for r in transcript.rounds}
    keys = event_keys(transcript)
    contested = {e.id for e in transcript.events if e.contested}
    start, end = _span(scenario, transcript)
    points = [
        {
            "date": _iso(z.date) or start,
            "after": z.after,
            "after_name": labels.get(z.after, z.after),
            "key": keys.get(z.after),
            "kind": kinds.get(z.after, "start"),
            "contested": z.after in contested,
            "n_outcomes": z.n_outcomes,
        }
        for z in transcript.zopa
    ]
    return {
        "start": start,
        "end": end,
        "n_feasible": transcript.model.n_texts,
        "points": points,
        "summary": _zopa_summary(points),
    }


def _zopa_summary(points: list[dict[str, Any]]) -> str:
    """Say when the space opened and closed, naming the event or round after which."""
    phrases = []
    is_open = bool(points and points[0]["n_outcomes"])
    phrases.append(
        f"open at the start ({points[0]['n_outcomes']} texts)" if is_open else "empty at the start"
    )
    for point in points[1:]:
        now = point["n_outcomes"] > 0
        if now != is_open:
            verb = "opened" if now else "closed"
            size = f" ({point['n_outcomes']} texts)" if now else ""
            phrases.append(f"{verb} on {point['date']} after '{point['after_name']}'{size}")
            is_open = now
    ending = "open at the end" if is_open else "empty at the end"
    return "The zone of possible agreement was " + ", ".join(phrases) + f"; it was {ending}."


def _analysis_moment(
    scenario: Scenario, transcript: Transcript
) -> tuple[Situation, str | None, str]:
    """The situation to analyse (the end, or just after the ZOPA was last open), its date, a note.

    A date alone cannot name the moment: the event that closed the ZOPA may fall on the
    same day as the one after which it was last open.
    """
    replayed = _moments(transcript)
    situations = dict(replayed)
    zopa = transcript.zopa
    end = transcript.outcome.date or (zopa[-1].date if zopa else None)
    if not zopa or zopa[-1].n_outcomes or not any(z.n_outcomes for z in zopa):
        return replayed[-1][1], _iso(end), f"ZOPA and solutions as of {_iso(end) or 'the end'}"
    last = max(i for i, z in enumerate(zopa) if z.n_outcomes)
    moment = next(z for z in reversed(zopa[: last + 1]) if z.after in situations)
    names = {e.id: e.name or e.id for e in transcript.events}
    when = f"just after '{names[moment.after]}' ({_iso(moment.date)})"
    if moment.after == "start":
        when = "at the start"
    note = f"ZOPA and solutions {when}, the last time it was open"
    return situations[moment.after], _iso(moment.date), note


def _solve(current: Situation) -> tuple[np.ndarray, dict[str, int | None]]:
    """The ZOPA and the solutions over it, as `analyze` computes them."""
    zopa = current.zopa()
    candidates = np.flatnonzero(zopa)
    return zopa, {
        name: SOLUTIONS[name](current.values, current.reservation_values, candidates)
        for name in ("nash", "kalai_smorodinsky")
    }


def _grid_points(points: np.ndarray) -> list[list[float]]:
    snapped = np.unique(np.round(points / CLOUD_GRID).astype(np.int64), axis=0)
    return [[_r(x * CLOUD_GRID), _r(y * CLOUD_GRID)] for x, y in snapped]


def offer_data(scenario: Scenario, transcript: Transcript) -> dict[str, Any]:
    """Return the offers in the utility space of the first two parties.

    The feasible outcomes (merged on a 0.01 grid), the Pareto frontier of the two, the
    texts in the ZOPA and the Nash and Kalai–Smorodinsky solutions (at the end, or just
    after the ZOPA was last open, as the note says), and every proposal of the run with
    the parties that accepted it.
    """
    current, date, note = _analysis_moment(scenario, transcript)
    zopa, solutions = _solve(current)
    pair = [0, 1]
    utilities = current.utilities[:, pair]
    feasible = np.flatnonzero(current.feasible)
    frontier = feasible[pareto_frontier(utilities[feasible])]
    frontier = frontier[np.lexsort((-utilities[frontier, 1], utilities[frontier, 0]))]
    names = _names(scenario)
    parties = [current.parties[i] for i in pair]
    if len(current.parties) > 2:
        note += f"; utilities of {parties[0]} and {parties[1]} only"
    return {
        "parties": [{"id": p, "name": names.get(p, p)} for p in parties],
        "date": date,
        "note": note,
        "outcomes": _grid_points(utilities[feasible]),
        "pareto": [[_r(x), _r(y)] for x, y in utilities[frontier]],
        "zopa": _grid_points(utilities[zopa]),
        "reservation_values": [_r(current.reservation_values[i]) for i in pair],
        "solutions": {
            name: None if code is None else _solution(current, code, pair)
            for name, code in solutions.items()
        },
        "offers": _offers(transcript, pair),
        "agreement": None
        if transcript.outcome.utilities is None
        else {
            "utilities": [_r(transcript.outcome.utilities[p]) for p in parties],
            "text": transcript.outcome.text,
            "date": _iso(transcript.outcome.date),
        },
    }


def _solution(current: Situation, code: int, pair: list[int]) -> dict[str, Any]:
    return {
        "utilities": [_r(current.utilities[code, i]) for i in pair],
        "text": current.space.outcome(code),
    }


def _offers(transcript: Transcript, pair: list[int]) -> list[dict[str, Any]]:
    parties = [transcript.parties[i] for i in pair]
    return [
        {
            "step": step.step,
            "round": record.id,
            "round_name": record.name or record.id,
            "date": _iso(record.date),
            "proposer": step.proposer,
            "utilities": [_r(step.utilities[p]) for p in parties],
            "text": step.proposal,
            "accepted_by": [r.party for r in step.replies if r.response == "accept"],
        }
        for record in transcript.rounds
        for step in record.steps
        if step.proposal is not None
    ]


def transcript_data(scenario: Scenario, transcript: Transcript) -> dict[str, Any]:
    """Return the proposals as table rows: text, values, replies, guarantor consent.

    `changes` holds the issues on which a text differs from the one before it
    (`previous_step`, None for the first), with their new options. A step in which
    nothing could be proposed has no text and a `note` saying why.
    """
    names = _names(scenario)
    rows = []
    previous: dict[str, str] = {}
    previous_step: int | None = None
    for record in transcript.rounds:
        for step in record.steps:
            if step.proposal is None:
                rows.append(_blocked_row(record, step, names))
                continue
            text = step.proposal
            changed = [k for k, v in text.items() if previous and previous.get(k) != v]
            rows.append(
                {
                    "date": _iso(record.date),
                    "round": record.name or record.id,
                    "step": step.step,
                    "proposer": names.get(step.proposer, step.proposer),
                    "text": text,
                    "previous_step": previous_step,
                    "changed": changed,
                    "changes": {issue: text[issue] for issue in changed},
                    "values": {p: _r(v) for p, v in step.values.items()},
                    "replies": [reply.to_dict() for reply in step.replies],
                    "consent": step.consent,
                    "note": None,
                }
            )
            previous, previous_step = text, step.step
    return {
        "parties": [{"id": p, "name": names.get(p, p)} for p in transcript.parties],
        "rows": rows,
    }


def _blocked_row(record: Any, step: Any, names: Mapping[str, str]) -> dict[str, Any]:
    return {
        "date": _iso(record.date),
        "round": record.name or record.id,
        "step": step.step,
        "proposer": names.get(step.proposer, step.proposer),
        "text": {},
        "previous_step": None,
        "changed": [],
        "changes": {},
        "values": {},
        "replies": [],
        "consent": {},
        "note": step.note,
    }


def _describe(distribution: Any) -> str:
    named = getattr(distribution, "choice", None)
    if isinstance(named, dict):
        weights = distribution.probabilities or {}
        return (
            "choice("
            + ", ".join(
                f"{name}={value:g}" + (f" p={weights[name]:g}" if name in weights else "")
                for name, value in named.items()
            )
            + ")"
        )
    for kind in ("uniform", "normal", "beta", "triangular", "choice"):
        if hasattr(distribution, kind):
            values = ", ".join(f"{v:g}" for v in getattr(distribution, kind))
            return f"{kind}({values})"
    return type(distribution).__name__


def judgement_data(scenario: Scenario) -> list[dict[str, Any]]:
    """Return every uncertain number: path, distribution, mean, range, rationale, sources."""
    return [
        {
            "path": parameter.path,
            "distribution": _describe(parameter.distribution),
            "mean": _r(parameter.mean),
            "range": [_r(low), _r(high)],
            "rationale": parameter.distribution.rationale,
            "sources": list(parameter.distribution.sources),
        }
        for parameter in parameters_of(scenario)
        for low, high in [parameter.distribution.support()]
    ]


def report_data(
    scenario: Scenario,
    transcript: Transcript,
    *,
    variants: Sequence[str] = (),
    sweep: Mapping[str, Any] | None = None,
    attribution: Mapping[str, Any] | None = None,
    zopa_draws: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Return every figure's data for a report on one run (and optionally a sweep).

    Args:
        scenario: the scenario that was run (variants applied).
        transcript: its transcript.
        variants: names of the variants applied, for the record.
        sweep: a `SweepResult.to_dict()` document.
        attribution: an `AttributionResult.to_dict()` document.
        zopa_draws: a `ZopaProbability.to_dict()` document (P(ZOPA open) by date).
    """
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "case": case_data(scenario, variants=variants),
        "seed": transcript.seed,
        "protocol": transcript.protocol,
        "timeline": timeline_data(scenario, transcript),
        "beliefs": belief_data(scenario, transcript),
        "reservations": reservation_data(scenario, transcript),
        "zopa": zopa_data(scenario, transcript),
        "offers": offer_data(scenario, transcript),
        "transcript": transcript_data(scenario, transcript),
        "judgements": judgement_data(scenario),
    }
    if scenario.texts:
        data["standing"] = standing_data(scenario, end=_span(scenario, transcript)[1])
    if sweep is not None:
        data["agreement"] = agreement_data(sweep)
        data["differences"] = difference_data(sweep)
        sensitivity = sensitivity_data(sweep, variant=most_varied(sweep))
        # Where agreement never varied, every correlation is 0: there is nothing to rank.
        if any(p["prcc"] != 0 for p in sensitivity["parameters"]):
            data["sensitivity"] = {**sensitivity, "n_parameters": len(parameters_of(scenario))}
        data["texts"] = text_data(sweep, issues=scenario.issue_ids)
    if attribution is not None:
        data["attribution"] = attribution_data(attribution)
    if zopa_draws is not None:
        data["zopa_draws"] = {**zopa_draws, "end": _span(scenario, transcript)[1]}
    return data


TIME_FIGURES = ("timeline", "beliefs", "reservations", "zopa")
SWEEP_FIGURES = ("zopa_draws", "agreement", "differences", "attribution", "sensitivity")


def drawable(data: Mapping[str, Any]) -> list[str]:
    """Return the names of the figures of a `report_data` document that have data to draw.

    The figures over time need a dated scenario, the belief figure declared beliefs, the
    standing figure historical texts, the sweep figures a sweep (and an attribution, a
    sensitivity worth showing).
    """
    dated = data["timeline"]["start"] is not None
    has_beliefs = bool(data["beliefs"]["series"])
    over_time = [name for name in TIME_FIGURES if dated and (name != "beliefs" or has_beliefs)]
    standing = ["standing"] if "standing" in data else []
    return [*over_time, *standing, "offers", *(name for name in SWEEP_FIGURES if name in data)]


def _document(result: Any) -> Mapping[str, Any] | None:
    if result is None:
        return None
    return result.to_dict() if hasattr(result, "to_dict") else result  # type: ignore[no-any-return]


def run_report_data(
    scenario: Scenario,
    *,
    variants: Sequence[str] = (),
    sweep: Any = None,
    attribution: Any = None,
    seed: int = 0,
) -> dict[str, Any]:
    """Run `scenario` with `variants` applied and return the `report_data` of the run.

    Args:
        scenario: a loaded scenario.
        variants: names of its variants to apply to the run, in order.
        sweep: a `SweepResult` of the same scenario, or its `to_dict()` document.
        attribution: an `AttributionResult` of the same scenario, or its document.
        seed: seed of the run.
    """
    for name in variants:
        if name not in scenario.variants:
            raise UnknownIdError("variant", name, scenario.variants)
    sweep_document, attribution_document = _document(sweep), _document(attribution)
    for kind, document in (("sweep", sweep_document), ("attribution", attribution_document)):
        if document is not None and document["scenario"] != scenario.id:
            raise UnknownIdError(
                f"{kind} of scenario '{scenario.id}' (this one is of '{document['scenario']}')",
                str(document.get("sweep_id", kind)),
                [],
            )
    applied = apply_variants(scenario, variants)
    return report_data(
        applied,
        simulate(applied, seed=seed),
        variants=variants,
        sweep=sweep_document,
        attribution=attribution_document,
        zopa_draws=None if sweep_document is None else _zopa_draws(applied, sweep_document),
    )


ZOPA_DRAWS = 200
"""Most draws of a sweep the report reads again for P(ZOPA open) by date."""


def _zopa_draws(scenario: Scenario, sweep: Mapping[str, Any]) -> dict[str, Any] | None:
    """P(ZOPA open) by date on the sweep's first draws (its seed), for a dated scenario."""
    if scenario.calendar is None and not scenario.events:
        return None
    from accord.experiments.zopa_by_date import zopa_probability

    n_draws = min(int(sweep["n_draws"]), ZOPA_DRAWS)
    return zopa_probability(scenario, n_draws=n_draws, seed=int(sweep["seed"])).to_dict()
