"""Checks that relate several sections of a scenario, and the limits of one run.

They read the raw data leniently (like the `Registry` of declared ids), so that they
report even when unrelated parts of the file are invalid; a check skips what it needs
and cannot read, since that is reported where it is written.

- A red-line lift (event ``kind: red_line``, ``action: lift``) must name, exactly, a red
  line the party holds when the event applies: declared in its preferences or added by
  an event applied before it. Events apply in the order of the engine's clock: by date;
  on a day, those before the day's round, then those with ``after_round: true``; then in
  file order.
- Roles: a party plays a role as its `role` or among its `additional_roles`. The
  additional roles neither repeat its role nor each other; an observer plays no other
  role, and a negotiating party does not mediate its own talks. The drafting mediator
  (`mediator.party`) plays mediator; a party with a `guarantors` entry or a
  `guarantor_change` event plays guarantor, and so does every party named in a
  guarantee's `guarantors` list, except that a negotiating party or a mediator may still
  be named there without declaring it (the engine treats whoever a guarantee names as
  its guarantor); an observer may not.
- `MAX_UTILITY_CELLS`: the outcome space times the negotiating parties, the size of the
  utility table every analysis computes.
- `MAX_STEPS`: the steps of one run, over all rounds (each round also obeys it).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from accord.scenario._refs import Problems, RawPattern, Registry, format_pattern, raw_pattern

__all__ = [
    "MAX_STEPS",
    "MAX_UTILITY_CELLS",
    "is_zero_weight",
    "role_problems",
    "scenario_problems",
]

MAX_UTILITY_CELLS = 20_000_000
"""Most outcomes × negotiating parties a scenario may have (10 million outcomes for two)."""

MAX_STEPS = 100_000
"""Most steps (offers or drafts) of one run, and of one round."""


def scenario_problems(data: Any, registry: Registry) -> Problems:
    """Return the problems that relate sections of raw scenario data."""
    if not isinstance(data, dict):
        return []
    return [
        *_size_problems(registry),
        *_step_problems(data.get("rounds")),
        *_lift_problems(data.get("events"), registry),
        *_weight_change_problems(data.get("events"), data.get("preferences")),
        *_declared_role_problems(data, registry),
    ]


def role_problems(role: str, additional_roles: tuple[str, ...]) -> Problems:
    """Return the problems of one party's roles: repeated, or impossible together."""
    problems: Problems = []
    for index, extra in enumerate(additional_roles):
        if extra == role or extra in additional_roles[:index]:
            problems.append((("additional_roles", index), f"role '{extra}' is already declared"))
    if role == "observer" and additional_roles:
        problems.append(
            (("additional_roles",), "an observer plays no other role; give it the role it plays")
        )
    if role == "party" and "mediator" in additional_roles:
        at = ("additional_roles", additional_roles.index("mediator"))
        problems.append((at, "a negotiating party cannot also mediate its own talks"))
    return problems


def _declared_role_problems(data: dict[str, Any], registry: Registry) -> Problems:
    """Each use of a party as mediator or guarantor, against the roles it declares."""
    uses: list[tuple[tuple[str | int, ...], Any, str]] = []
    mediator = data.get("mediator")
    if isinstance(mediator, dict):
        uses.append((("mediator", "party"), mediator.get("party"), "mediator"))
    guarantors = data.get("guarantors")
    if isinstance(guarantors, dict):
        uses += [(("guarantors", g), g, "guarantor") for g in guarantors]
    events = data.get("events")
    for index, event in enumerate(events if isinstance(events, list) else []):
        if isinstance(event, dict) and event.get("kind") == "guarantor_change":
            uses.append((("events", index, "guarantor"), event.get("guarantor"), "guarantor"))
    uses += _named_guarantors(data.get("commitment"), registry)
    return [
        (at, _undeclared_message(party, role, registry))
        for at, party, role in uses
        if isinstance(party, str) and party in registry.parties and not registry.plays(party, role)
    ]


def _named_guarantors(
    commitment: Any, registry: Registry
) -> list[tuple[tuple[str | int, ...], Any, str]]:
    """Every party a guarantee names as guarantor (each must declare the role)."""
    table = commitment.get("guarantees") if isinstance(commitment, dict) else None
    uses: list[tuple[tuple[str | int, ...], Any, str]] = []
    for issue, options in table.items() if isinstance(table, dict) else []:
        for option, guarantee in options.items() if isinstance(options, dict) else []:
            named = guarantee.get("guarantors") if isinstance(guarantee, dict) else None
            for index, party in enumerate(named if isinstance(named, list) else []):
                at = ("commitment", "guarantees", issue, option, "guarantors", index)
                uses.append((at, party, "guarantor"))
    return uses


def _undeclared_message(party: str, role: str, registry: Registry) -> str:
    declared = ", ".join((registry.parties[party], *registry.additional_roles.get(party, ())))
    return (
        f"party '{party}' acts as {role} here but its roles are: {declared}; declare it "
        f"with `additional_roles: [{role}]` in parties (or give it role {role})"
    )


def _size_problems(registry: Registry) -> Problems:
    n_outcomes = math.prod(len(options) for options in registry.issues.values())
    n_parties = sum(role == "party" for role in registry.parties.values())
    n_cells = n_outcomes * max(n_parties, 1)
    if n_cells <= MAX_UTILITY_CELLS:
        return []
    return [
        (
            ("issues",),
            f"{n_outcomes:,} outcomes for {n_parties} parties make {n_cells:,} utilities, "
            f"more than the limit of {MAX_UTILITY_CELLS:,} (outcomes × negotiating parties); "
            "merge or drop options, or split the case",
        )
    ]


def _step_problems(rounds: Any) -> Problems:
    if not isinstance(rounds, list) or not rounds:
        return []
    steps = [item.get("n_steps", 1) if isinstance(item, dict) else None for item in rounds]
    counts = [
        n for n in steps if isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= MAX_STEPS
    ]
    if len(counts) < len(steps):  # a round that is itself invalid is reported where it is
        return []
    total = sum(counts)
    if total <= MAX_STEPS:
        return []
    return [
        (
            ("rounds",),
            f"the rounds add up to {total:,} steps, more than the limit of {MAX_STEPS:,} "
            "steps in one run; use fewer rounds or fewer steps per round",
        )
    ]


def _lift_problems(events: Any, registry: Registry) -> Problems:
    if not isinstance(events, list):
        return []
    changes, unreadable = _red_line_changes(events)
    held = {
        party: list(lines)
        for party, lines in registry.red_lines.items()
        if party in registry.parties and party not in unreadable
    }
    problems: Problems = []
    for (date, _, index), party, action, pattern in sorted(changes, key=lambda c: c[0]):
        if party not in held:
            continue
        lines = held[party]
        if action == "add":
            lines.append(pattern)
        elif pattern in lines:
            held[party] = [line for line in lines if line != pattern]
        else:
            problems.append(
                (("events", index, "pattern"), _lift_message(party, pattern, date, lines))
            )
    return problems


_Change = tuple[tuple[dt.date, bool, int], str, str, RawPattern]


def _red_line_changes(events: list[Any]) -> tuple[list[_Change], set[str]]:
    """Return the readable red-line events and the parties with an unreadable one."""
    changes: list[_Change] = []
    unreadable: set[str] = set()
    for index, event in enumerate(events):
        if not isinstance(event, dict) or event.get("kind") != "red_line":
            continue
        party, action = event.get("party"), event.get("action")
        date, pattern = _date(event.get("date")), raw_pattern(event.get("pattern"))
        if not isinstance(party, str):
            continue
        if date is None or pattern is None or action not in ("add", "lift"):
            unreadable.add(party)
            continue
        changes.append((_clock_key(event, date, index), party, action, pattern))
    return changes, unreadable


def _clock_key(event: dict[str, Any], date: dt.date, index: int) -> tuple[dt.date, bool, int]:
    """Where an event falls in the engine's clock: by date, then `after_round`, then file order."""
    return date, event.get("after_round") is True, index


def _weight_change_problems(events: Any, preferences: Any) -> Problems:
    """Weight changes, in the clock's order, keep the rules of `preferences`.

    Each party keeps a positive weight, and values for every issue it gives a weight to.
    """
    if not isinstance(events, list) or not isinstance(preferences, dict):
        return []
    changes = []
    for index, event in enumerate(events):
        if isinstance(event, dict) and event.get("kind") == "weight_change":
            date, weights = _date(event.get("date")), event.get("weights")
            if date is not None and isinstance(weights, dict):
                changes.append((_clock_key(event, date, index), event))
    held: dict[str, dict[Any, Any]] = {}
    problems: Problems = []
    for (date, _, index), event in sorted(changes, key=lambda change: change[0]):
        party = event.get("party")
        entry = preferences.get(party) if isinstance(party, str) else None
        if not isinstance(party, str) or not isinstance(entry, dict):
            continue
        if not isinstance(entry.get("weights"), dict):
            continue  # reported where the preferences are written
        weights = held.setdefault(party, dict(entry["weights"]))
        weights.update(event["weights"])
        written = entry.get("values")
        tables = written if isinstance(written, dict) else {}
        for issue, weight in event["weights"].items():
            if issue not in tables and not is_zero_weight(weight):
                problems.append(
                    (
                        ("events", index, "weights", issue),
                        f"gives issue '{issue}' a weight, but party '{party}' has no values "
                        "for its options",
                    )
                )
        if all(is_zero_weight(weight) for weight in weights.values()):
            problems.append(
                (
                    ("events", index, "weights"),
                    f"leaves party '{party}' no positive weight from {date.isoformat()}: "
                    "it would care for no issue",
                )
            )
    return problems


def is_zero_weight(weight: Any) -> bool:
    """A weight written as the number 0 (a distribution is not zero)."""
    return isinstance(weight, int | float) and not isinstance(weight, bool) and weight == 0


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _lift_message(party: str, pattern: RawPattern, date: dt.date, lines: list[RawPattern]) -> str:
    held = ", ".join(format_pattern(line) for line in lines) or "none"
    return (
        f"lifts {format_pattern(pattern)}, which is not a red line of party '{party}' on "
        f"{date.isoformat()} (its red lines then: {held}); a lift must repeat a red line "
        "declared in its preferences, or added by an earlier event, exactly"
    )
