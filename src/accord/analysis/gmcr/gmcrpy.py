"""Import gmcr-py's saved conflicts (the ``.gmcr`` JSON files of GMCR+).

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

gmcr-py's stability engine and accord can still disagree with more than two decision
makers: gmcr-py sanctions an improvement only by one move of one opponent, where the
definition allows any legal sequence of moves by the opponents (see `stability`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from accord.errors import Problem, ScenarioError
from accord.scenario._yaml import LocatedDocument, format_path

__all__ = ["conflict_data_from_gmcrpy", "is_gmcrpy_document"]

_DIRECTIONS = {"both": "both", "fwd": "forward", "back": "backward"}


def is_gmcrpy_document(data: Any) -> bool:
    """Whether plain data looks like a gmcr-py save file."""
    return isinstance(data, dict) and "decisionMakers" in data and "options" in data


def conflict_data_from_gmcrpy(document: LocatedDocument) -> dict[str, Any]:
    """Convert a gmcr-py save file into accord's conflict data (option form)."""
    reader = _Reader(document)
    data = document.data
    options = reader.list(data, ("options",))
    dms = reader.list(data, ("decisionMakers",))
    names = [str(reader.get(o, ("options", k, "name"), "")) for k, o in enumerate(options)]
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
    dm_names = [str(reader.get(dm, ("decisionMakers", d, "name"), "")) for d, dm in enumerate(dms)]
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
    preferences: dict[str, dict[str, Any]] = {}
    for d, dm in enumerate(dms):
        dm_id = conflict["decision_makers"][d]["id"]
        if manual:
            preferences[dm_id] = {"ranking": _ranking(reader, dm, d, conflict)}
        else:
            preferences[dm_id] = {"prioritization": _statements(reader, dm, d, option_ids)}
    reader.raise_problems()
    conflict["preferences"] = preferences
    return conflict


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


def _direction(reader: _Reader, option: Any, k: int) -> str:
    raw = option.get("permittedDirection", option.get("reversibility", "both"))
    if raw not in _DIRECTIONS:
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


def _ranking(reader: _Reader, dm: Any, d: int, conflict: dict[str, Any]) -> list[list[str]]:
    key = "preferenceRanking" if "preferenceRanking" in dm else "preferenceVector"
    where: tuple[str | int, ...] = ("decisionMakers", d, key)
    feasible = _feasible_vectors(conflict)
    ranking = []
    for g, group in enumerate(reader.list(dm, where)):
        members = group if isinstance(group, list) else [group]
        vectors = []
        for k, number in enumerate(members):
            state = reader.index(number, len(feasible) + 1, (*where, g, k), first=1)
            if state >= 1:
                vectors.append(feasible[state - 1])
        ranking.append(vectors)
    return ranking


def _feasible_vectors(conflict: dict[str, Any]) -> list[str]:
    ids = [option["id"] for option in conflict["options"]]
    vectors = []
    for code in range(1 << len(ids)):
        vector = "".join("Y" if code >> k & 1 else "N" for k in range(len(ids)))
        if not any(
            all(vector[ids.index(o)] == v for o, v in pattern.items())
            for pattern in conflict["infeasible"]
        ):
            vectors.append(vector)
    return vectors


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

    def get(self, item: Any, where: tuple[str | int, ...], default: Any = None) -> Any:
        if isinstance(item, dict) and where[-1] in item:
            return item[where[-1]]
        if default is None:
            self.problem(where[:-1], f"missing key '{where[-1]}'")
        return default

    def list(self, item: Any, where: tuple[str | int, ...], *, required: bool = True) -> list[Any]:
        value = item.get(where[-1]) if isinstance(item, dict) else None
        if value is None:
            if required:
                self.problem(where[:-1], f"missing key '{where[-1]}'")
            return []
        if not isinstance(value, list):
            self.problem(where, f"expected a list, got {type(value).__name__}")
            return []
        return value

    def index(self, value: Any, size: int, where: tuple[str | int, ...], first: int = 0) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and first <= value < size:
            return value
        self.problem(where, f"expected an index from {first} to {size - 1}, got {value!r}")
        return -1

    def raise_problems(self) -> None:
        if self.problems:
            raise ScenarioError(self.document.path, tuple(self.problems))
