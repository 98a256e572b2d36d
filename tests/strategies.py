"""Shared hypothesis strategies: outcome spaces, utility arrays, small scenarios."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from accord.space import OutcomeSpace


@st.composite
def outcome_spaces(draw: st.DrawFn, max_issues: int = 4, max_options: int = 4) -> OutcomeSpace:
    n_issues = draw(st.integers(1, max_issues))
    radices = [draw(st.integers(1, max_options)) for _ in range(n_issues)]
    issues = tuple(f"i{k}" for k in range(n_issues))
    options = tuple(tuple(f"o{j}" for j in range(r)) for r in radices)
    return OutcomeSpace(issues, options)


def utility_arrays(max_points: int = 120, max_parties: int = 4, grid: bool = False):
    """(n, d) utilities; with `grid`, values on a coarse grid so ties and duplicates occur."""
    elements = (
        st.integers(0, 4).map(float)
        if grid
        else st.floats(0, 1, allow_nan=False, allow_infinity=False, width=32)
    )
    return st.tuples(st.integers(1, max_points), st.integers(2, max_parties)).flatmap(
        lambda shape: arrays(np.float64, shape, elements=elements)
    )


@st.composite
def linear_scenarios(
    draw: st.DrawFn, max_issues: int = 3, max_options: int = 4, n_parties: int = 2
) -> dict:
    """Plain data of a valid scenario with random linear-additive preferences."""
    n_issues = draw(st.integers(1, max_issues))
    issues = [
        {
            "id": f"i{k}",
            "name": f"Issue {k}",
            "options": [f"o{j}" for j in range(draw(st.integers(1, max_options)))],
        }
        for k in range(n_issues)
    ]
    unit = st.floats(0, 1, allow_nan=False).map(lambda x: round(x, 3))
    preferences = {}
    for p in range(n_parties):
        weights = {issue["id"]: draw(unit) for issue in issues}
        weights[issues[0]["id"]] = max(weights[issues[0]["id"]], 0.1)
        values = {issue["id"]: {o: draw(unit) for o in issue["options"]} for issue in issues}
        preferences[f"p{p}"] = {
            "weights": weights,
            "values": values,
            "reservation_value": draw(st.floats(0, 0.6).map(lambda x: round(x, 3))),
        }
    return {
        "accord": 1,
        "id": "random",
        "title": "Random",
        "parties": [{"id": f"p{p}", "name": f"P{p}", "role": "party"} for p in range(n_parties)],
        "issues": issues,
        "preferences": preferences,
    }
