"""The graph model in the terminal: states as rows, readable at any width."""

import io

import pytest
from rich.console import Console

from accord.analysis.gmcr import analyze_conflict, load_conflict
from accord.report.gmcr import render_conflict_analysis


@pytest.mark.parametrize("width", (60, 80, 120))
def test_states_are_rows_with_their_vector_and_stability_letters(width):
    analysis = analyze_conflict(load_conflict("istanbul-2022-conflict"))
    stream = io.StringIO()
    console = Console(file=stream, width=width, force_terminal=True, color_system=None)
    render_conflict_analysis(console, analysis)
    lines = stream.getvalue().splitlines()
    assert max(len(line) for line in lines) <= width
    text = stream.getvalue()
    model, table = analysis.model, analysis.table
    nash = set(table.equilibrium_states("nash"))
    # Every Nash equilibrium appears as a row: its id, its whole vector, and under
    # "equilibrium" the letter R (Nash) first, since R implies GMR, SMR and SEQ too.
    for state in nash:
        vector = model.vector(model.state_index(state))
        assert any(line.split()[:2] == [state, vector] and "RGSQ" in line for line in lines)
    for option in analysis.source.conflict.options:
        assert option.id in text
    assert "…" not in text
