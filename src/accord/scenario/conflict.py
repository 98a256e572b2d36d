"""The conflict section: a Graph Model for Conflict Resolution (GMCR), as pydantic models.

A conflict is written in one of two forms, in a scenario's ``conflict:`` section or in a
file of its own (``accord``, ``id``, ``title``, ``conflict``):

- **option form** (Howard's options, as in GMCR II and gmcr-py): each decision maker
  controls binary options; a state is a Y/N choice of every option; `infeasible` patterns
  remove states; a move changes any of the mover's own options, within each option's
  `reversibility`. Preferences are a `ranking` of Y/N/- patterns or a `prioritization`
  of statements over options.
- **graph form**: explicit `states` and each decision maker's unilateral `moves`;
  preferences are a `ranking` of state ids.

`Conflict` checks everything that can be checked without enumerating the analysis:
ids, patterns, statements and, for rankings, that every feasible state is ranked exactly
once. `parse_statement` turns a prioritization statement into a `Statement` that
`evaluate_statement` applies to boolean option columns. The analysis lives in
`accord.analysis.gmcr`.

References:
    Fang, Hipel & Kilgour (1993), *Interactive Decision Making: The Graph Model for
    Conflict Resolution*, Wiley. Fang, Hipel, Kilgour & Peng (2003), "A decision support
    system for interactive decision making, part I: model formulation", IEEE Trans. SMC
    C 33(1):42-55 (option prioritization).
"""

from collections.abc import Iterable, Sequence
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from accord.scenario._config import MODEL
from accord.scenario._refs import Id, problems_error, unique_ids
from accord.scenario._statements import (
    Statement,
    StatementError,
    evaluate_statement,
    parse_statement,
)

__all__ = [
    "MAX_OPTIONS",
    "Conflict",
    "ConflictFile",
    "DecisionMaker",
    "GMCROption",
    "GMCRPreferences",
    "State",
    "Statement",
    "StatementError",
    "evaluate_statement",
    "feasible_codes",
    "is_conflict_file",
    "parse_statement",
    "pattern_mask",
]

MAX_OPTIONS = 20
"""Option form enumerates 2**n_options states; beyond this many options it refuses."""

_MODEL = ConfigDict(frozen=True, extra="forbid", defer_build=MODEL["defer_build"])
ProblemList = list[tuple[tuple[str | int, ...], str]]
Reversibility = Literal["both", "forward", "backward"]
YesNo = Literal["Y", "N"]


def _number_as_text(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


StateId = Annotated[Id, BeforeValidator(_number_as_text)]
"""A state id; plain numbers (GMCR's usual state names) are read as text."""
StateText = Annotated[str, BeforeValidator(_number_as_text)]


class DecisionMaker(BaseModel):
    """A decision maker (DM) of the conflict."""

    model_config = _MODEL

    id: Id = Field(description="Short id used in moves and preferences.")
    name: str | None = Field(None, description="Full name.")
    options: tuple[Id, ...] = Field(
        (), description="Option form: ids of the options this decision maker controls."
    )
    description: str | None = Field(None, description="Who they are, what they want.")


class GMCROption(BaseModel):
    """A binary option (Y = taken, N = not taken) of the option form."""

    model_config = _MODEL

    id: Id = Field(description="Option id, used in patterns and statements.")
    name: str | None = Field(None, description="Readable name.")
    reversibility: Reversibility = Field(
        "both",
        description="both: the controller may take and withdraw it; forward: only N->Y; "
        "backward: only Y->N.",
    )
    description: str | None = Field(None, description="What taking the option means.")


class State(BaseModel):
    """A state of the graph form."""

    model_config = _MODEL

    id: StateId = Field(description="State id (a name or a number), used in moves and rankings.")
    label: str | None = Field(None, description="What the state is, in words.")


class GMCRPreferences(BaseModel):
    """A decision maker's preferences: a ranking of states, or prioritized statements."""

    model_config = _MODEL

    ranking: tuple[tuple[StateText, ...], ...] | None = Field(
        None,
        description="Groups of states, most preferred first; a group is a tie. Graph form: "
        "state ids; option form: Y/N/- patterns in option order ('-' matches both).",
    )
    prioritization: tuple[str, ...] | None = Field(
        None,
        description="Option form: statements over option ids with not (-), and (&), or (|), "
        "if, iff and parentheses, most important first. A state scores "
        "sum 2**(L-1-k) over the statements k it satisfies; equal scores tie.",
    )
    description: str | None = Field(None, description="Why, in words, with sources.")

    @model_validator(mode="after")
    def _one_kind(self) -> "GMCRPreferences":
        if (self.ranking is None) == (self.prioritization is None):
            raise problems_error([((), "expected exactly one of 'ranking' or 'prioritization'")])
        return self


class Conflict(BaseModel):
    """A graph model: decision makers, states (by options or explicit), moves, preferences."""

    model_config = _MODEL

    decision_makers: Annotated[tuple[DecisionMaker, ...], AfterValidator(unique_ids)] = Field(
        min_length=2, description="The decision makers, at least two."
    )
    options: Annotated[tuple[GMCROption, ...], AfterValidator(unique_ids)] = Field(
        (), description="Option form: every option, in the order of state vectors."
    )
    infeasible: tuple[dict[Id, YesNo], ...] = Field(
        (), description="Option form: partial patterns {option: Y|N}; matching states are removed."
    )
    states: Annotated[tuple[State, ...], AfterValidator(unique_ids)] = Field(
        (), description="Graph form: the states."
    )
    moves: dict[Id, tuple[tuple[StateId, StateId], ...]] = Field(
        {}, description="Graph form: each decision maker's unilateral moves [from, to]."
    )
    preferences: dict[Id, GMCRPreferences] = Field(
        description="Each decision maker's preferences over states."
    )
    status_quo: StateText | None = Field(
        None, description="The state the conflict starts from: a state id or a Y/N vector."
    )
    description: str | None = Field(None, description="The conflict in a paragraph.")

    @property
    def is_option_form(self) -> bool:
        """Whether states are defined by options (else by an explicit list)."""
        return bool(self.options)

    @property
    def option_ids(self) -> tuple[str, ...]:
        """Return the option ids in vector order."""
        return tuple(option.id for option in self.options)

    @property
    def decision_maker_ids(self) -> tuple[str, ...]:
        """Return the decision-maker ids in file order."""
        return tuple(dm.id for dm in self.decision_makers)

    @model_validator(mode="after")
    def _check(self) -> "Conflict":
        problems = _form_problems(self)
        if not problems:
            problems = (
                _option_problems(self) if self.is_option_form else _graph_problems(self)
            ) + _preference_owner_problems(self)
        if problems:
            raise problems_error(problems)
        return self


class ConflictFile(BaseModel):
    """A file holding only a conflict (no negotiation scenario)."""

    model_config = ConfigDict(**_MODEL, title="accord conflict")

    accord: Literal[1] = Field(description="Format version; this is version 1.")
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)] = Field(
        description="Lowercase letters, digits and hyphens."
    )
    title: Annotated[str, Field(min_length=1)] = Field(description="A short title.")
    description: str | None = Field(None, description="What the case is, in a paragraph.")
    sources: tuple[dict[str, Any], ...] = Field(
        (), description="Documents the file cites: {id, title, publisher, date, url, note}."
    )
    conflict: Conflict = Field(description="The graph model.")


def is_conflict_file(data: Any) -> bool:
    """Whether data read from a file is a conflict file: a ``conflict`` and no ``parties``."""
    return isinstance(data, dict) and "conflict" in data and "parties" not in data


def _form_problems(conflict: Conflict) -> ProblemList:
    has_options, has_states = bool(conflict.options), bool(conflict.states)
    if has_options and has_states:
        return [((), "give either 'options' (option form) or 'states' (graph form), not both")]
    if not (has_options or has_states):
        return [((), "missing 'options' (option form) or 'states' (graph form)")]
    wrong: ProblemList = []
    if has_options and conflict.moves:
        wrong.append(
            (
                ("moves",),
                "'moves' belongs to the graph form; in option form a move "
                "changes the mover's own options",
            )
        )
    if has_states and conflict.infeasible:
        wrong.append((("infeasible",), "'infeasible' belongs to the option form"))
    for index, dm in enumerate(conflict.decision_makers):
        if has_states and dm.options:
            wrong.append(
                (
                    ("decision_makers", index, "options"),
                    "options belong to the option form; this conflict lists states",
                )
            )
    return wrong


def _option_problems(conflict: Conflict) -> ProblemList:
    problems: ProblemList = []
    known = conflict.option_ids
    owner: dict[str, str] = {}
    for index, dm in enumerate(conflict.decision_makers):
        if not dm.options:
            problems.append(
                (
                    ("decision_makers", index, "options"),
                    f"decision maker '{dm.id}' controls no option",
                )
            )
        for k, option in enumerate(dm.options):
            where: tuple[str | int, ...] = ("decision_makers", index, "options", k)
            if option not in known:
                problems.append((where, _unknown("option", option, known)))
            elif option in owner:
                problems.append(
                    (
                        where,
                        f"option '{option}' is already controlled by "
                        f"'{owner[option]}'; each option has one controller",
                    )
                )
            else:
                owner[option] = dm.id
    orphans = [o for o in known if o not in owner]
    if orphans:
        problems.append(
            (
                ("options",),
                f"option(s) {', '.join(orphans)} controlled by no "
                "decision maker; list each under one decision maker's options",
            )
        )
    if len(known) > MAX_OPTIONS:
        problems.append(
            (
                ("options",),
                f"{len(known)} options give 2**{len(known)} states; "
                f"at most {MAX_OPTIONS} options are supported",
            )
        )
    for index, pattern in enumerate(conflict.infeasible):
        for option in pattern:
            if option not in known:
                problems.append((("infeasible", index, option), _unknown("option", option, known)))
    if problems:
        return problems
    feasible = feasible_codes(conflict)
    if feasible.size == 0:
        return [(("infeasible",), "the infeasible patterns remove every state")]
    problems += _status_quo_problems(conflict, feasible)
    for owner_id, prefs in conflict.preferences.items():
        if prefs.ranking is not None:
            problems += _pattern_ranking_problems(conflict, owner_id, prefs.ranking, feasible)
        else:
            for k, text in enumerate(prefs.prioritization or ()):
                try:
                    parse_statement(text, known)
                except StatementError as error:
                    problems.append((("preferences", owner_id, "prioritization", k), str(error)))
    return problems


def _graph_problems(conflict: Conflict) -> ProblemList:
    problems: ProblemList = []
    states = tuple(state.id for state in conflict.states)
    known_states = set(states)
    dms = conflict.decision_maker_ids
    for dm, edges in conflict.moves.items():
        if dm not in dms:
            problems.append((("moves", dm), _unknown("decision maker", dm, dms)))
            continue
        for k, edge in enumerate(edges):
            for end, state in enumerate(edge):
                if state not in known_states:
                    problems.append((("moves", dm, k, end), _unknown("state", state, states)))
            if edge[0] == edge[1]:
                problems.append(
                    (("moves", dm, k), f"a move must change the state, got [{edge[0]}, {edge[1]}]")
                )
    if conflict.status_quo is not None and conflict.status_quo not in known_states:
        problems.append((("status_quo",), _unknown("state", conflict.status_quo, states)))
    for dm, prefs in conflict.preferences.items():
        if prefs.prioritization is not None:
            problems.append(
                (
                    ("preferences", dm, "prioritization"),
                    "prioritization needs the option form; rank the states instead",
                )
            )
            continue
        seen: dict[str, int] = {}
        for g, group in enumerate(prefs.ranking or ()):
            for k, state in enumerate(group):
                where: tuple[str | int, ...] = ("preferences", dm, "ranking", g, k)
                if state not in known_states:
                    problems.append((where, _unknown("state", state, states)))
                elif state in seen:
                    problems.append(
                        (where, f"state '{state}' is ranked twice (also in group {seen[state]})")
                    )
                seen.setdefault(state, g)
        missing = [s for s in states if s not in seen]
        if missing:
            problems.append(
                (
                    ("preferences", dm, "ranking"),
                    f"missing state(s) {_listing(missing)}; rank every state once",
                )
            )
    return problems


def _preference_owner_problems(conflict: Conflict) -> ProblemList:
    dms = conflict.decision_maker_ids
    problems: ProblemList = [
        (("preferences", dm), _unknown("decision maker", dm, dms))
        for dm in conflict.preferences
        if dm not in dms
    ]
    missing = [dm for dm in dms if dm not in conflict.preferences]
    if missing:
        problems.append(
            (("preferences",), f"missing preferences for decision maker(s) {', '.join(missing)}")
        )
    return problems


def _status_quo_problems(conflict: Conflict, feasible: np.ndarray) -> ProblemList:
    if conflict.status_quo is None:
        return []
    n_options = len(conflict.options)
    try:
        mask = pattern_mask(conflict.status_quo, n_options)
    except ValueError as error:
        return [(("status_quo",), str(error))]
    if "-" in conflict.status_quo or not mask[feasible].any():
        return [
            (
                ("status_quo",),
                f"expected a feasible state as {n_options} Y/N letters in "
                f"option order ({', '.join(conflict.option_ids)}), got "
                f"{conflict.status_quo!r}",
            )
        ]
    return []


def _pattern_ranking_problems(
    conflict: Conflict, dm: str, ranking: tuple[tuple[str, ...], ...], feasible: np.ndarray
) -> ProblemList:
    problems: ProblemList = []
    n_options = len(conflict.options)
    group_of = np.full(feasible.size, -1)
    for g, group in enumerate(ranking):
        for k, pattern in enumerate(group):
            where: tuple[str | int, ...] = ("preferences", dm, "ranking", g, k)
            try:
                matched = pattern_mask(pattern, n_options)[feasible]
            except ValueError as error:
                problems.append((where, str(error)))
                continue
            if not matched.any():
                problems.append((where, f"pattern '{pattern}' matches no feasible state"))
                continue
            twice = matched & (group_of >= 0) & (group_of != g)
            if twice.any():
                first = int(np.flatnonzero(twice)[0])
                problems.append(
                    (
                        where,
                        f"state {_vector(int(feasible[first]), n_options)} is "
                        f"ranked twice (also in group {int(group_of[first])})",
                    )
                )
            group_of[matched & (group_of < 0)] = g
    if not problems and (group_of < 0).any():
        missing = [_vector(int(code), n_options) for code in feasible[group_of < 0]]
        problems.append(
            (
                ("preferences", dm, "ranking"),
                f"feasible state(s) {_listing(missing)} are not ranked; rank every "
                "feasible state once (patterns with '-' match several)",
            )
        )
    return problems


def _unknown(kind: str, value: str, known: Iterable[str]) -> str:
    return f"unknown {kind} '{value}'; known: {', '.join(known) or 'none'}"


def _listing(items: Sequence[str], limit: int = 8) -> str:
    shown = ", ".join(items[:limit])
    return shown if len(items) <= limit else f"{shown} and {len(items) - limit} more"


def _vector(code: int, n_options: int) -> str:
    return "".join("Y" if code >> k & 1 else "N" for k in range(n_options))


def pattern_mask(pattern: str, n_options: int) -> np.ndarray:
    """Return which of the 2**n_options state codes match a Y/N/- pattern.

    State code bit k is option k (1 = Y); the pattern's k-th letter constrains option k.

    >>> pattern_mask("Y-", 2).tolist()
    [False, True, False, True]
    """
    if len(pattern) != n_options or set(pattern) - set("YN-"):
        raise ValueError(
            f"expected {n_options} letters Y, N or - (one per option), got {pattern!r}"
        )
    codes = np.arange(1 << n_options)
    mask = np.ones(codes.size, dtype=bool)
    for k, letter in enumerate(pattern):
        if letter != "-":
            mask &= ((codes >> k) & 1).astype(bool) == (letter == "Y")
    return mask


def feasible_codes(conflict: Conflict) -> np.ndarray:
    """Return the codes of the feasible states of an option-form conflict, ascending."""
    n_options = len(conflict.options)
    index = {option: k for k, option in enumerate(conflict.option_ids)}
    codes = np.arange(1 << n_options, dtype=np.int64)
    feasible = np.ones(codes.size, dtype=bool)
    for pattern in conflict.infeasible:
        matched = np.ones(codes.size, dtype=bool)
        for option, letter in pattern.items():
            matched &= ((codes >> index[option]) & 1).astype(bool) == (letter == "Y")
        feasible &= ~matched
    return codes[feasible]
