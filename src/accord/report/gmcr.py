"""Terminal rendering of a GMCR analysis: states, orderings, stability, equilibria."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from accord.analysis.gmcr import ConflictAnalysis, GraphModel
from accord.scenario.conflict import ConflictFile

__all__ = ["render_conflict_analysis", "render_conflict_validation"]

CONCEPT_NAMES = {"nash": "R", "gmr": "GMR", "smr": "SMR", "seq": "SEQ"}
MAX_ROWS = 64


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
    """Print the states, each decision maker's ordering, the stability table, equilibria."""
    model = analysis.model
    shown = _shown_states(analysis, max_rows)
    head = Text.assemble(
        (analysis.source.title, "bold"),
        " — graph model\n",
        f"{model.n_decision_makers} decision makers, {len(model.options) or 'no'} options, "
        f"{model.n_states:,} states"
        + (
            ""
            if len(shown) == model.n_states
            else f" ({len(shown)} shown: equilibria first, then the lowest numbered)"
        ),
    )
    parts: list[Table | Text] = [head]
    if model.options:
        parts.append(_states_table(analysis, shown))
    parts += [
        _orderings_table(analysis, max_rows),
        _stability_table(analysis, shown),
        _equilibria_table(analysis),
    ]
    if analysis.status_quo is not None:
        parts.append(_status_quo_table(analysis))
    console.print(Panel(Group(*parts)))


def _shown_states(analysis: ConflictAnalysis, max_rows: int) -> list[int]:
    n_states = analysis.model.n_states
    if n_states <= max_rows:
        return list(range(n_states))
    table = analysis.table
    equilibria = np.zeros(n_states, dtype=bool)
    for concept in table.stable:
        equilibria |= table.equilibria(concept)
    first = list(np.flatnonzero(equilibria)[:max_rows])
    rest = [s for s in range(n_states) if not equilibria[s]][: max_rows - len(first)]
    return sorted(int(s) for s in first + rest)


def _states_table(analysis: ConflictAnalysis, shown: Sequence[int]) -> Table:
    model, conflict = analysis.model, analysis.source.conflict
    table = Table(title="States (Y = option taken)", title_justify="left")
    table.add_column("option")
    table.add_column("controlled by")
    for s in shown:
        table.add_column(model.state_ids[s], justify="center")
    owner = {o: dm.id for dm in conflict.decision_makers for o in dm.options}
    for k, option in enumerate(conflict.options):
        table.add_row(
            option.name or option.id, owner[option.id], *[model.vector(s)[k] for s in shown]
        )
    return table


def _orderings_table(analysis: ConflictAnalysis, max_rows: int) -> Table:
    model = analysis.model
    table = Table(title="Preferences (most preferred first; {…} is a tie)", title_justify="left")
    table.add_column("decision maker", style="bold")
    table.add_column("ordering of states")
    for d, dm in enumerate(model.decision_makers):
        levels = model.levels[d]
        groups = []
        for level in np.unique(levels)[::-1]:
            members = [model.state_ids[s] for s in np.flatnonzero(levels == level)]
            groups.append(members[0] if len(members) == 1 else "{" + ", ".join(members) + "}")
        text = " > ".join(groups[:max_rows]) + (" > …" if len(groups) > max_rows else "")
        table.add_row(dm, text)
    return table


def _stability_table(analysis: ConflictAnalysis, shown: Sequence[int]) -> Table:
    model, stable = analysis.model, analysis.table.stable
    table = Table(
        title="Stability (R = Nash, GMR, SMR, SEQ; equilibrium: stable for every decision maker)",
        title_justify="left",
    )
    table.add_column("state", style="bold")
    if model.options:
        table.add_column("vector")
    for dm in model.decision_makers:
        table.add_column(dm)
    table.add_column("equilibrium", style="green")
    for s in shown:
        cells = []
        for d in range(model.n_decision_makers):
            marks = [CONCEPT_NAMES[c] for c in stable if stable[c][d, s]]
            cells.append(" ".join(marks) or "·")
        equilibria = [CONCEPT_NAMES[c] for c in stable if stable[c][:, s].all()]
        vector = [model.vector(s)] if model.options else []
        table.add_row(model.state_ids[s], *vector, *cells, " ".join(equilibria) or "")
    return table


def _equilibria_table(analysis: ConflictAnalysis) -> Table:
    table = Table(title="Equilibria", title_justify="left")
    table.add_column("concept")
    table.add_column("states")
    for concept in analysis.table.stable:
        states = analysis.table.equilibrium_states(concept)
        listing = ", ".join(states[:MAX_ROWS]) + (" …" if len(states) > MAX_ROWS else "")
        table.add_row(f"{CONCEPT_NAMES[concept]} ({len(states)})", listing or "none")
    return table


def _status_quo_table(analysis: ConflictAnalysis) -> Table:
    status_quo = analysis.status_quo
    assert status_quo is not None
    model, table_ = analysis.model, analysis.table
    start = model.state_ids[status_quo.start]
    table = Table(title=f"From the status quo, state {start}", title_justify="left")
    table.add_column("concept")
    table.add_column("equilibria reachable by improvements (shortest path)")
    table.add_column("by any moves")
    reachable_moves = status_quo.by_moves.reachable
    reachable_improvements = status_quo.by_improvements.reachable
    reachable_moves[status_quo.start] = reachable_improvements[status_quo.start] = True
    for concept in table_.stable:
        equilibria = table_.equilibria(concept)
        targets = np.flatnonzero(equilibria & reachable_improvements)
        improving = [_path_text(analysis, int(s)) for s in targets]
        moving = [model.state_ids[s] for s in np.flatnonzero(equilibria & reachable_moves)]
        table.add_row(
            CONCEPT_NAMES[concept],
            "\n".join(improving[:8]) or "none",
            ", ".join(moving[:MAX_ROWS]) or "none",
        )
    return table


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
