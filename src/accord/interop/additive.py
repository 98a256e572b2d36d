"""Linear additive preferences over discrete issues: what Genius, GeniusWeb and accord share.

An `AdditiveCase` is the common ground of the formats: issues with their values (as the
foreign file names them), and per profile a weight per issue, a value in [0, 1] per issue
value, and a reservation value on the same scale. Each format module reads its files into
one and writes one out; this module turns one into accord scenario data
(`scenario_data`) and a `Scenario` back into one (`case_from_scenario`), listing what the
scenario holds that no additive profile can express.

Mapping (see docs/interop.md): an issue becomes an accord issue whose options keep the
foreign value as their `name` (the `id` is that value made into an accord id); a profile
becomes a party with role `party`, its weights, values and reservation value unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from accord.scenario.distributions import quantity_mean
from accord.scenario.schema import Scenario

__all__ = [
    "AdditiveCase",
    "AdditiveIssue",
    "AdditiveProfile",
    "case_from_scenario",
    "make_ids",
    "scenario_data",
]

_ID_LENGTH = 80


@dataclass(frozen=True, slots=True)
class AdditiveIssue:
    """An issue and its values, named as in the foreign file."""

    name: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AdditiveProfile:
    """One party's linear additive utility: u(o) = Σ_k weights[k] · values[k][o_k].

    `values[k]` holds one number in [0, 1] per value of issue k, in the issue's order.
    """

    name: str
    weights: tuple[float, ...]
    values: tuple[tuple[float, ...], ...]
    reservation_value: float


@dataclass(frozen=True, slots=True)
class AdditiveCase:
    """A domain (its issues) and the profiles of the parties negotiating over it."""

    name: str
    issues: tuple[AdditiveIssue, ...]
    profiles: tuple[AdditiveProfile, ...]
    source: str = ""


def make_ids(names: Iterable[str]) -> list[str]:
    """Return one accord id per name: invalid characters become '-', duplicates get -2, -3.

    >>> make_ids(["$100 Billion", "no fund", "no-fund"])
    ['100-Billion', 'no-fund', 'no-fund-2']
    """
    ids: list[str] = []
    for name in names:
        base = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-_")[:_ID_LENGTH] or "value"
        candidate, n = base, 1
        while candidate in ids:
            n += 1
            suffix = f"-{n}"
            candidate = base[: _ID_LENGTH - len(suffix)] + suffix
        ids.append(candidate)
    return ids


def scenario_data(case: AdditiveCase, *, scenario_id: str, n_steps: int = 100) -> dict[str, Any]:
    """Return accord scenario data (as written to YAML) for an additive case."""
    party_ids = make_ids(profile.name for profile in case.profiles)
    issue_ids = make_ids(issue.name for issue in case.issues)
    option_ids = [make_ids(issue.values) for issue in case.issues]
    issues = [
        {
            "id": issue_id,
            "name": issue.name,
            "options": [
                option if option == value else {"id": option, "name": value}
                for option, value in zip(options, issue.values, strict=True)
            ],
        }
        for issue_id, issue, options in zip(issue_ids, case.issues, option_ids, strict=True)
    ]
    preferences = {
        party: {
            "weights": dict(zip(issue_ids, profile.weights, strict=True)),
            "values": {
                issue_id: dict(zip(options, table, strict=True))
                for issue_id, options, table in zip(
                    issue_ids, option_ids, profile.values, strict=True
                )
            },
            "reservation_value": profile.reservation_value,
        }
        for party, profile in zip(party_ids, case.profiles, strict=True)
    }
    data: dict[str, Any] = {
        "accord": 1,
        "id": scenario_id,
        "title": case.name,
    }
    if case.source:
        data["description"] = case.source
    data |= {
        "parties": [
            {"id": party, "name": profile.name, "role": "party"}
            for party, profile in zip(party_ids, case.profiles, strict=True)
        ],
        "issues": issues,
        "preferences": preferences,
        "protocol": {"kind": "alternating_offers", "n_steps": n_steps, "order": party_ids},
    }
    return data


def scenario_id_for(name: str) -> str:
    """Return a scenario id (lowercase letters, digits, hyphens) made from a name."""
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:_ID_LENGTH].strip("-")
    return text or "imported"


def case_from_scenario(scenario: Scenario) -> tuple[AdditiveCase, list[str]]:
    """Return the additive part of a scenario and what it holds that the case cannot.

    Uncertain numbers are exported at their means, weights normalised to sum 1. The list
    names every part of the scenario that an additive profile cannot express.
    """
    issues = tuple(
        AdditiveIssue(issue.name, tuple(option.name or option.id for option in issue.options))
        for issue in scenario.issues
    )
    profiles = tuple(_profile(scenario, party) for party in scenario.party_ids)
    case = AdditiveCase(scenario.title, issues, profiles)
    return case, _unexpressed(scenario)


def _profile(scenario: Scenario, party: str) -> AdditiveProfile:
    preferences = scenario.preferences[party]
    raw = [quantity_mean(preferences.weights[issue]) for issue in scenario.issue_ids]
    total = 0.0
    for weight in raw:  # in issue order, as accord normalises them
        total += weight
    tables = tuple(
        tuple(
            quantity_mean(preferences.values[issue.id][option])
            if issue.id in preferences.values
            else 0.0
            for option in issue.option_ids
        )
        for issue in scenario.issues
    )
    return AdditiveProfile(
        name=scenario.party(party).name,
        weights=tuple(weight / total for weight in raw),
        values=tables,
        reservation_value=quantity_mean(preferences.reservation_value),
    )


# What the additive files hold (or need not: the protocol is a run setting Genius keeps
# outside its files); every other section of a scenario that is set is listed as left out.
_EXPRESSED = frozenset(
    {"accord", "id", "title", "description", "sources", "parties", "issues", "preferences"}
)
_LABELS = {
    "constraints": "constraints (infeasible outcomes)",
    "commitment": "commitment (vulnerabilities, guarantees, breach losses)",
    "beliefs": "beliefs (trust between parties)",
    "guarantors": "guarantors' thresholds",
    "calendar": "calendar",
    "rounds": "rounds",
    "mediator": "mediator assumptions",
    "conflict": "graph model (conflict)",
}


def _unexpressed(scenario: Scenario) -> list[str]:
    notes: list[str] = []
    for party in scenario.party_ids:
        preferences = scenario.preferences[party]
        if preferences.red_lines:
            notes.append(f"party {party}: {len(preferences.red_lines)} red line(s)")
        if preferences.interactions:
            notes.append(f"party {party}: {len(preferences.interactions)} interaction term(s)")
        if _is_uncertain(preferences):
            notes.append(
                f"party {party}: uncertain weights, values or reservation value "
                "(exported at their means)"
            )
    others = [p.id for p in scenario.parties if p.role != "party"]
    if others:
        notes.append(f"participants without role 'party' ({', '.join(others)})")
    has_mediator = any(p.role == "mediator" for p in scenario.parties)
    default = "single_text" if has_mediator else "alternating_offers"
    protocol = scenario.protocol.kind if scenario.protocol is not None else default
    if protocol != "alternating_offers":
        notes.append(f"the {protocol} protocol (Genius and GeniusWeb run alternating offers)")
    for name in type(scenario).model_fields:
        if name not in _EXPRESSED and name != "protocol" and getattr(scenario, name):
            notes.append(_LABELS.get(name, name))
    return notes


def _is_uncertain(preferences: Any) -> bool:
    numbers = [
        *preferences.weights.values(),
        preferences.reservation_value,
        *(v for table in preferences.values.values() for v in table.values()),
    ]
    return any(not isinstance(number, int | float) for number in numbers)
