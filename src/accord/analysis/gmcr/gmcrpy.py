"""Import and export gmcr-py's saved conflicts (the ``.gmcr`` JSON files of GMCR+).

gmcr-py (Oskar Petersons, University of Waterloo) saves a conflict as JSON with
``options`` (``name``, ``permittedDirection``: both, fwd or back), ``decisionMakers``
(``name``, ``options`` as indices, ``preferences`` as conditions, and with
``useManualPreferenceRanking`` a ``preferenceRanking``) and ``infeasibles``. A condition
is a list of ``[option index, "Y" | "N"]`` pairs, all of which must hold; a compound
condition ``{"compound": true, "members": [...]}`` holds when any member does. Older
files say ``preferenceVector`` and ``useManualPreferenceVectors``.

`conflict_data_from_gmcrpy` turns such a document into accord's option form (plain data
for `accord.scenario.conflict.Conflict`), keeping gmcr-py's state numbering: gmcr-py
moves each decision maker's options to the front in decision-maker order on loading, and
numbers feasible states 1, 2, ... by ascending decimal code with option 0 the least
significant bit; accord numbers states the same way, so state ids and manual rankings
carry over unchanged.

`gmcrpy_document` writes an option-form conflict back in that format: options grouped by
decision maker (the order gmcr-py loads them in, so its state numbers are accord's), each
prioritization statement as a condition in disjunctive normal form (``if`` and ``iff``
expanded), and manual rankings as gmcr-py's state numbers.

gmcr-py's stability engine and accord can still disagree with more than two decision
makers: gmcr-py sanctions an improvement only by one move of one opponent, where the
definition allows any legal sequence of moves by the opponents (see `stability`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from accord.errors import Problem, ScenarioError
from accord.scenario._statements import Statement, parse_statement
from accord.scenario._yaml import LocatedDocument, format_path
from accord.scenario.conflict import MAX_OPTIONS, Conflict, feasible_codes, pattern_mask

__all__ = [
    "MAX_RANKING_WORK",
    "conflict_data_from_gmcrpy",
    "gmcrpy_document",
    "is_gmcrpy_document",
    "relocate_problems",
]

MAX_RANKING_WORK = 1 << 26
"""Ranked states times 2**n_options a manual ranking may take (each is checked per state)."""

_DIRECTIONS = {"both": "both", "fwd": "forward", "back": "backward"}


def is_gmcrpy_document(data: Any) -> bool:
    """Whether plain data looks like a gmcr-py save file."""
    return isinstance(data, dict) and "decisionMakers" in data and "options" in data


def conflict_data_from_gmcrpy(document: LocatedDocument) -> dict[str, Any]:
    """Convert a gmcr-py save file into accord's conflict data (option form).

    Limits are checked before any state is enumerated: at most `MAX_OPTIONS` options,
    and manual rankings small enough to check (`MAX_RANKING_WORK`).
    """
    reader = _Reader(document)
    data = document.data
    options = reader.mappings(data, ("options",), "an option (a mapping with a name)")
    dms = reader.mappings(data, ("decisionMakers",), "a decision maker (a mapping)")
    reader.raise_problems()
    if len(options) > MAX_OPTIONS:
        reader.problem(
            ("options",),
            f"{len(options)} options give 2**{len(options)} states; "
            f"at most {MAX_OPTIONS} options are supported",
        )
        reader.raise_problems()
    names = [reader.text(o, ("options", k, "name")) for k, o in enumerate(options)]
    option_ids = _ids(names, "option")
    owned = [
        [
            index
            for k, i in enumerate(reader.list(dm, ("decisionMakers", d, "options")))
            if (index := reader.index(i, len(options), ("decisionMakers", d, "options", k))) >= 0
        ]
        for d, dm in enumerate(dms)
    ]
    order = gmcrpy_option_order(len(options), owned)
    dm_names = [reader.text(dm, ("decisionMakers", d, "name")) for d, dm in enumerate(dms)]
    manual = bool(data.get("useManualPreferenceRanking", data.get("useManualPreferenceVectors")))
    conflict: dict[str, Any] = {
        "decision_makers": [
            {"id": dm_id, "name": name, "options": [option_ids[k] for k in owned[d]]}
            for d, (dm_id, name) in enumerate(zip(_ids(dm_names, "dm"), dm_names, strict=True))
        ],
        "options": [
            {
                "id": option_ids[k],
                "name": names[k],
                "reversibility": _direction(reader, options[k], k),
            }
            for k in order
        ],
        "infeasible": [
            pattern
            for k, condition in enumerate(reader.list(data, ("infeasibles",), required=False))
            for pattern in _patterns(reader, condition, ("infeasibles", k), option_ids)
        ],
    }
    reader.raise_problems()
    feasible = _feasible_codes(conflict) if manual else np.zeros(0, dtype=np.int64)
    preferences: dict[str, dict[str, Any]] = {}
    for d, dm in enumerate(dms):
        dm_id = conflict["decision_makers"][d]["id"]
        if manual:
            preferences[dm_id] = {"ranking": _ranking(reader, dm, d, conflict, feasible)}
        else:
            preferences[dm_id] = {"prioritization": _statements(reader, dm, d, option_ids)}
    reader.raise_problems()
    conflict["preferences"] = preferences
    return conflict


_PLACES = (
    (r"conflict\.decision_makers\[(\d+)\]", lambda m, dms: ("decisionMakers", int(m[1]))),
    (
        r"conflict\.preferences\.([^.\[]+)\.prioritization\[(\d+)\]",
        lambda m, dms: ("decisionMakers", dms.index(m[1]), "preferences", int(m[2])),
    ),
    (r"conflict\.preferences\.([^.\[]+)", lambda m, dms: ("decisionMakers", dms.index(m[1]))),
    (r"conflict\.decision_makers", lambda m, dms: ("decisionMakers",)),
    (r"conflict\.infeasible", lambda m, dms: ("infeasibles",)),
    (r"conflict\.options", lambda m, dms: ("options",)),
)


def relocate_problems(
    error: ScenarioError, document: LocatedDocument, conflict: dict[str, Any]
) -> ScenarioError:
    """Point the problems found in a converted conflict at the gmcr-py file's own places.

    The converted data has no lines of its own: a problem about the second decision
    maker's statements is located at ``decisionMakers[1].preferences[k]`` in the file.
    """
    dms = [dm["id"] for dm in conflict["decision_makers"]]
    reader = _Reader(document)
    for problem in error.problems:
        where: tuple[str | int, ...] = ()
        for pattern, place in _PLACES:
            match = re.match(pattern, problem.location)
            if match and (not match.groups() or match[1].isdigit() or match[1] in dms):
                where = place(match, dms)
                break
        path, (line, column) = document.locate(where)
        reader.problems.append(Problem(format_path(path), problem.message, line or 1, column or 1))
    return ScenarioError(document.path, tuple(reader.problems))


def gmcrpy_option_order(n_options: int, owned: Sequence[Sequence[int]]) -> list[int]:
    """Return the option order gmcr-py uses after loading (its ``reorderOptionsByDM``).

    For each decision maker in turn, each of its options is taken out of the list and
    put back at the position equal to the number of options moved so far.
    """
    order = list(range(n_options))
    moved: list[int] = []
    for options in owned:
        for option in options:
            if option not in moved:
                moved.append(option)
                order.insert(len(moved), order.pop(order.index(option)))
    return order


def _ids(names: Sequence[str], prefix: str) -> list[str]:
    ids: list[str] = []
    for k, name in enumerate(names):
        base = re.sub(r"[^A-Za-z0-9_-]+", "_", name.strip()).strip("_-") or f"{prefix}{k + 1}"
        if not base[0].isalnum():
            base = f"{prefix}{k + 1}"
        candidate, n = base[:60], 2
        while candidate in ids:
            candidate, n = f"{base[:56]}_{n}", n + 1
        ids.append(candidate)
    return ids


def _direction(reader: _Reader, option: dict[str, Any], k: int) -> str:
    raw = option.get("permittedDirection", option.get("reversibility", "both"))
    if not isinstance(raw, str) or raw not in _DIRECTIONS:
        reader.problem(
            ("options", k, "permittedDirection"), f"expected both, fwd or back, got {raw!r}"
        )
        return "both"
    return _DIRECTIONS[raw]


def _patterns(
    reader: _Reader, condition: Any, where: tuple[str | int, ...], option_ids: Sequence[str]
) -> list[dict[str, str]]:
    """A condition as alternative partial patterns {option id: Y|N} (any may hold)."""
    if isinstance(condition, dict):
        members = reader.list(condition, (*where, "members"))
        return [
            p
            for m, member in enumerate(members)
            for p in _patterns(reader, member, (*where, "members", m), option_ids)
        ]
    pattern: dict[str, str] = {}
    for k, pair in enumerate(condition if isinstance(condition, list) else []):
        if not (isinstance(pair, list) and len(pair) == 2 and pair[1] in ("Y", "N")):
            reader.problem((*where, k), f'expected [option index, "Y" or "N"], got {pair!r}')
            continue
        option = reader.index(pair[0], len(option_ids), (*where, k, 0))
        if option >= 0:
            pattern[option_ids[option]] = pair[1]
    if not isinstance(condition, list):
        reader.problem(where, f"expected a condition (a list of pairs), got {condition!r}")
    return [pattern]


def _statements(reader: _Reader, dm: Any, d: int, option_ids: Sequence[str]) -> list[str]:
    where: tuple[str | int, ...] = ("decisionMakers", d, "preferences")
    statements = []
    for k, condition in enumerate(reader.list(dm, where, required=False)):
        alternatives = [
            " & ".join(f"{'' if v == 'Y' else '-'}{o}" for o, v in pattern.items())
            for pattern in _patterns(reader, condition, (*where, k), option_ids)
        ]
        if len(alternatives) == 1:
            statements.append(alternatives[0])
        else:
            statements.append(" | ".join(f"({a})" if " & " in a else a for a in alternatives))
    return statements


def _ranking(
    reader: _Reader, dm: Any, d: int, conflict: dict[str, Any], feasible: np.ndarray
) -> list[list[str]]:
    key = "preferenceRanking" if "preferenceRanking" in dm else "preferenceVector"
    where: tuple[str | int, ...] = ("decisionMakers", d, key)
    groups = [g if isinstance(g, list) else [g] for g in reader.list(dm, where)]
    n_options = len(conflict["options"])
    n_ranked = sum(len(group) for group in groups)
    # Each ranked state is checked against every state: refuse before that work.
    if n_ranked << n_options > MAX_RANKING_WORK:
        reader.problem(
            where,
            f"a manual ranking of {n_ranked:,} states over 2**{n_options} states is too large "
            f"to check (at most {MAX_RANKING_WORK >> n_options:,} ranked states with "
            f"{n_options} options); use prioritized preferences instead",
        )
        return []
    ranking = []
    for g, members in enumerate(groups):
        vectors = []
        for k, number in enumerate(members):
            state = reader.index(number, feasible.size + 1, (*where, g, k), first=1)
            if state >= 1:
                code = int(feasible[state - 1])
                vectors.append("".join("Y" if code >> b & 1 else "N" for b in range(n_options)))
        ranking.append(vectors)
    return ranking


def _feasible_codes(conflict: dict[str, Any]) -> np.ndarray:
    """Codes of the states no infeasible pattern matches, ascending (gmcr-py's numbering)."""
    ids = [option["id"] for option in conflict["options"]]
    feasible = np.ones(1 << len(ids), dtype=bool)
    for pattern in conflict["infeasible"]:
        feasible &= ~pattern_mask("".join(pattern.get(o, "-") for o in ids), len(ids))
    return np.flatnonzero(feasible)


class _Reader:
    """Reads a gmcr-py document, collecting located problems."""

    def __init__(self, document: LocatedDocument) -> None:
        self.document = document
        self.problems: list[Problem] = []
        if not isinstance(document.data, dict):
            self.problem((), "expected a gmcr-py save file (a JSON object)")
            self.raise_problems()

    def problem(self, where: tuple[str | int, ...], message: str) -> None:
        path, (line, column) = self.document.locate(where)
        self.problems.append(Problem(format_path(path), f"gmcr-py file: {message}", line, column))

    def text(self, item: dict[str, Any], where: tuple[str | int, ...]) -> str:
        """The string at `where` (a name); '' with a problem if it is not one."""
        value = item.get(str(where[-1]), "")
        if isinstance(value, str):
            return value
        self.problem(where, f"expected a name (a string), got {_shown(value)}")
        return ""

    def mappings(self, item: Any, where: tuple[str | int, ...], what: str) -> list[dict[str, Any]]:
        """The list at `where`, each element of which must be a mapping."""
        found = self.list(item, where)
        for k, element in enumerate(found):
            if not isinstance(element, dict):
                self.problem((*where, k), f"expected {what}, got {_shown(element)}")
        return [element for element in found if isinstance(element, dict)]

    def list(self, item: Any, where: tuple[str | int, ...], *, required: bool = True) -> list[Any]:
        value = item.get(where[-1]) if isinstance(item, dict) else None
        if value is None:
            if required:
                self.problem(where[:-1], f"missing key '{where[-1]}'")
            return []
        if not isinstance(value, list):
            self.problem(where, f"expected a list, got {_shown(value)}")
            return []
        return value

    def index(self, value: Any, size: int, where: tuple[str | int, ...], first: int = 0) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and first <= value < size:
            return value
        self.problem(where, f"expected an index from {first} to {size - 1}, got {value!r}")
        return -1

    def raise_problems(self) -> None:
        if self.problems:
            ordered = sorted(self.problems, key=lambda p: (p.line == 0, p.line, p.column))
            raise ScenarioError(self.document.path, tuple(ordered))


def _shown(value: Any) -> str:
    """A short rendering of a found value for a message."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


_GMCRPY_DIRECTIONS = {value: key for key, value in _DIRECTIONS.items()}


def gmcrpy_document(conflict: Conflict, *, source: str) -> dict[str, Any]:
    """Return an option-form conflict as a gmcr-py save file (JSON-ready data).

    `source` names the conflict in errors: a graph-form conflict (states and moves), or
    decision makers mixing rankings and prioritization statements (gmcr-py uses one kind
    for all), have no gmcr-py form.
    """
    if not conflict.is_option_form:
        raise ScenarioError.single(
            source,
            "gmcr-py holds a graph model in option form; this one is in graph form "
            "(states and moves)",
            location="conflict.states",
        )
    kinds = {p.ranking is not None for p in conflict.preferences.values()}
    if len(kinds) > 1:
        raise ScenarioError.single(
            source,
            "gmcr-py uses one kind of preferences for every decision maker; this conflict "
            "mixes rankings and prioritization statements",
            location="conflict.preferences",
        )
    order = [option for dm in conflict.decision_makers for option in dm.options]
    index = {option: k for k, option in enumerate(order)}
    by_id = {option.id: option for option in conflict.options}
    manual = kinds == {True}
    numbers = _state_numbers(conflict, order) if manual else {}
    return {
        "program": "gmcr-py",
        "version": "0.3.6",
        "useManualPreferenceRanking": manual,
        "options": [
            {
                "name": by_id[o].name or o,
                "permittedDirection": _GMCRPY_DIRECTIONS[by_id[o].reversibility],
            }
            for o in order
        ],
        "decisionMakers": [
            _decision_maker(conflict, dm.id, index, numbers, source)
            for dm in conflict.decision_makers
        ],
        "infeasibles": [
            [[index[o], letter] for o, letter in pattern.items()] for pattern in conflict.infeasible
        ],
    }


def _decision_maker(
    conflict: Conflict, dm_id: str, index: dict[str, int], numbers: dict[int, int], source: str
) -> dict[str, Any]:
    dm = next(d for d in conflict.decision_makers if d.id == dm_id)
    preferences = conflict.preferences[dm_id]
    entry: dict[str, Any] = {
        "name": dm.name or dm.id,
        "options": [index[o] for o in dm.options],
        "preferences": [],
    }
    if preferences.ranking is not None:
        n_options = len(conflict.options)
        feasible = feasible_codes(conflict)
        groups = []
        for group in preferences.ranking:
            matched = np.zeros(1 << n_options, dtype=bool)
            for pattern in group:
                matched |= pattern_mask(pattern, n_options)
            states = sorted(numbers[int(code)] for code in feasible if matched[code])
            groups.append(states[0] if len(states) == 1 else states)
        entry["preferenceRanking"] = groups
    else:
        entry["preferences"] = []
        for k, text in enumerate(preferences.prioritization or ()):
            condition = _condition(parse_statement(text, conflict.option_ids), index)
            if condition is None:
                raise ScenarioError.single(
                    source,
                    f"statement {text!r} never holds; gmcr-py has no condition for it",
                    location=f"conflict.preferences.{dm_id}.prioritization[{k}]",
                )
            entry["preferences"].append(condition)
    return entry


def _state_numbers(conflict: Conflict, order: Sequence[str]) -> dict[int, int]:
    """gmcr-py's state number (1, 2, ...) of each feasible accord state code."""
    position = {option: k for k, option in enumerate(conflict.option_ids)}
    codes = feasible_codes(conflict)
    reordered = np.zeros(codes.size, dtype=np.int64)
    for k, option in enumerate(order):
        reordered |= ((codes >> position[option]) & 1) << k
    ranks = np.argsort(np.argsort(reordered))
    return {int(code): int(rank) + 1 for code, rank in zip(codes, ranks, strict=True)}


def _condition(statement: Statement, index: dict[str, int]) -> Any:
    """A statement as a gmcr-py condition: pairs that must all hold, or a compound of them."""
    terms = [
        [[index[o], letter] for o, letter in sorted(term.items(), key=lambda t: index[t[0]])]
        for term in _dnf(statement, positive=True)
    ]
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else {"compound": True, "members": terms}


def _dnf(statement: Statement, *, positive: bool) -> list[dict[str, str]]:
    """The statement (or its negation) as alternatives of option letters, contradictions dropped."""
    kind = statement[0]
    if kind == "option":
        return [{statement[1]: "Y" if positive else "N"}]
    if kind == "not":
        return _dnf(statement[1], positive=not positive)
    left, right = statement[1], statement[2]
    if kind == "if":  # left holds whenever right does
        return _dnf(("or", left, ("not", right)), positive=positive)
    if kind == "iff":
        both = ("or", ("and", left, right), ("and", ("not", left), ("not", right)))
        return _dnf(both, positive=positive)
    conjunction = (kind == "and") == positive
    a, b = _dnf(left, positive=positive), _dnf(right, positive=positive)
    if not conjunction:
        return a + [term for term in b if term not in a]
    merged = []
    for x in a:
        for y in b:
            if all(x.get(o, letter) == letter for o, letter in y.items()):
                term = {**x, **y}
                if term not in merged:
                    merged.append(term)
    return merged
