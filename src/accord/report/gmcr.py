"""Terminal rendering of a GMCR analysis: options, states and stability, orderings, equilibria.

States are rows (an option-form state as its Y/N vector, positions numbered in the
options table), each decision maker's stability a column of fixed-position letters, so
the table reads at 80 columns whatever the number of states.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rich.console import Console
from rich.text import Text

from accord.analysis.gmcr import ConflictAnalysis, GraphModel
from accord.report._sheet import Column, Sheet
from accord.scenario.conflict import ConflictFile

__all__ = ["render_conflict_analysis", "render_conflict_validation"]

CONCEPT_NAMES = {"nash": "R", "gmr": "GMR", "smr": "SMR", "seq": "SEQ"}
CONCEPT_LETTERS = {"nash": "R", "gmr": "G", "smr": "S", "seq": "Q"}
LEGEND = "R = Nash, G = GMR, S = SMR, Q = SEQ; · = not stable under that concept"
MAX_ROWS = 64
MAX_TIED = 8


def render_conflict_validation(
    console: Console, path: str, conflict: ConflictFile, model: GraphModel
) -> None:
    """Print a one-line confirmation that a conflict file is valid."""
    options = f"{len(model.options)} options, " if model.options else ""
    console.print(
        f"[green]valid[/green] {path}: conflict '{conflict.id}', "
        f"{model.n_decision_makers} decision makers, {options}{model.n_states:,} states"
    )


def render_conflict_analysis(
    console: Console, analysis: ConflictAnalysis, *, max_rows: int = MAX_ROWS
) -> None:
    """Print the options, the states and their stability, orderings, equilibria."""
    model = analysis.model
    shown = _shown_states(analysis, max_rows)
    console.print(
        Text.assemble(
            (analysis.source.title, "bold"),
            " — graph model\n",
            f"{model.n_decision_makers} decision makers, {len(model.options) or 'no'} "
            f"options, {model.n_states:,} states"
            + (
                ""
                if len(shown) == model.n_states
                else f" ({len(shown)} shown: equilibria first, then the lowest numbered)"
            ),
        )
    )
    if model.options:
        console.print(_options_sheet(analysis))
    console.print(_stability_sheet(analysis, shown))
    console.print(_orderings_sheet(analysis, max_rows))
    console.print(_equilibria_sheet(analysis))
    if analysis.status_quo is not None:
        console.print(_status_quo_sheet(analysis))


def _shown_states(analysis: ConflictAnalysis, max_rows: int) -> list[int]:
    n_states = analysis.model.n_states
    if n_states <= max_rows:
        return list(range(n_states))
    table = analysis.table
    equilibria = np.zeros(n_states, dtype=bool)
    for concept in table.stable:
        equilibria |= table.equilibria(concept)
    first = np.flatnonzero(equilibria)[:max_rows]
    rest = np.flatnonzero(~equilibria)[: max_rows - first.size]
    return sorted(int(s) for s in (*first, *rest))


def _options_sheet(analysis: ConflictAnalysis) -> Sheet:
    conflict = analysis.source.conflict
    owner = {o: dm.id for dm in conflict.decision_makers for o in dm.options}
    sheet = Sheet(
        "Options (position k of a state's vector is option k: Y = taken, N = not)",
        [
            Column("k", justify="right"),
            Column("option", style="bold"),
            Column("name"),
            Column("controlled by"),
            Column("reversibility"),
        ],
    )
    for k, option in enumerate(conflict.options, start=1):
        sheet.add_row(str(k), option.id, option.name or "", owner[option.id], option.reversibility)
    return sheet


def _codes(stable: dict[str, np.ndarray], d: slice | int, s: int) -> str:
    """Fixed-position letters of the concepts under which state s is stable."""
    return "".join(CONCEPT_LETTERS[c] if np.all(stable[c][d, s]) else "·" for c in stable)


def _stability_sheet(analysis: ConflictAnalysis, shown: Sequence[int]) -> Sheet:
    model, stable = analysis.model, analysis.table.stable
    columns = [Column("state", justify="right", style="bold")]
    if model.options:
        columns.append(Column("vector"))
    columns += [Column(dm) for dm in model.decision_makers]
    columns.append(Column("equilibrium", style="green"))
    sheet = Sheet(f"Stability of each state ({LEGEND})", columns)
    for s in shown:
        vector = [model.vector(s)] if model.options else []
        cells = [_codes(stable, d, s) for d in range(model.n_decision_makers)]
        sheet.add_row(model.state_ids[s], *vector, *cells, _codes(stable, slice(None), s))
    return sheet


def _orderings_sheet(analysis: ConflictAnalysis, max_rows: int) -> Sheet:
    model = analysis.model
    sheet = Sheet(
        "Preferences (most preferred first; {a, b} is a tie)",
        [Column("decision maker", style="bold"), Column("ordering of states")],
    )
    for d, dm in enumerate(model.decision_makers):
        levels = model.levels[d]
        distinct = np.unique(levels)[::-1]
        groups = []
        for level in distinct[:max_rows]:
            members = np.flatnonzero(levels == level)
            names = [model.state_ids[s] for s in members[:MAX_TIED]]
            if members.size > MAX_TIED:
                names.append(f"and {members.size - MAX_TIED:,} more")
            groups.append(names[0] if len(names) == 1 else "{" + ", ".join(names) + "}")
        more = (
            f" > and {distinct.size - max_rows:,} more levels" if distinct.size > max_rows else ""
        )
        sheet.add_row(dm, " > ".join(groups) + more)
    return sheet


def _equilibria_sheet(analysis: ConflictAnalysis) -> Sheet:
    sheet = Sheet("Equilibria", [Column("concept"), Column("states")])
    for concept in analysis.table.stable:
        states = analysis.table.equilibrium_states(concept)
        listing = ", ".join(states[:MAX_ROWS])
        if len(states) > MAX_ROWS:
            listing += f" and {len(states) - MAX_ROWS:,} more"
        sheet.add_row(f"{CONCEPT_NAMES[concept]} ({len(states):,})", listing or "none")
    return sheet


def _status_quo_sheet(analysis: ConflictAnalysis) -> Sheet:
    status_quo = analysis.status_quo
    assert status_quo is not None
    model, table_ = analysis.model, analysis.table
    start = model.state_ids[status_quo.start]
    sheet = Sheet(
        f"From the status quo, state {start}",
        [
            Column("concept"),
            Column("equilibria reachable by improvements (shortest path)"),
            Column("by any moves"),
        ],
    )
    reachable_moves = status_quo.by_moves.reachable
    reachable_improvements = status_quo.by_improvements.reachable
    reachable_moves[status_quo.start] = reachable_improvements[status_quo.start] = True
    for concept in table_.stable:
        equilibria = table_.equilibria(concept)
        targets = np.flatnonzero(equilibria & reachable_improvements)
        improving = [_path_text(analysis, int(s)) for s in targets[:8]]
        if targets.size > 8:
            improving.append(f"and {targets.size - 8:,} more")
        moving = [model.state_ids[s] for s in np.flatnonzero(equilibria & reachable_moves)]
        listing = ", ".join(moving[:MAX_ROWS])
        if len(moving) > MAX_ROWS:
            listing += f" and {len(moving) - MAX_ROWS:,} more"
        sheet.add_row(CONCEPT_NAMES[concept], "\n".join(improving) or "none", listing or "none")
    return sheet


def _path_text(analysis: ConflictAnalysis, state: int) -> str:
    status_quo = analysis.status_quo
    assert status_quo is not None
    model = analysis.model
    steps = status_quo.by_improvements.path(state)
    if not steps:
        return f"{model.state_ids[state]} (already there)"
    text = model.state_ids[status_quo.start]
    for d, _, target in steps:
        text += f" →{model.decision_makers[d]} {model.state_ids[target]}"
    return text
