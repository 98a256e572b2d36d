"""A party's best and worst values read off its cells' hull equal those over its texts."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from accord.situation.ranges import CellTexts, UtilityHull, cell_values, value_range

# Values that tie often and values that do not.
UTILITIES = st.one_of(
    st.sampled_from([0.0, 0.25, 1 / 3, 0.5, 0.7, 1.0]),
    st.floats(0.0, 1.0, allow_nan=False),
)
AUDIENCE = st.one_of(st.sampled_from([0.0, 0.3, 1.5]), st.floats(0.0, 2.0))
TRUST = st.one_of(st.sampled_from([0.0, 0.4, 1.0]), st.floats(0.0, 1.0))
UNIT = st.floats(0.0, 1.0, allow_nan=False)


@st.composite
def situations(draw):
    n_draws = draw(st.integers(1, 3))
    n_texts = draw(st.integers(1, 12))
    n_cells = draw(st.integers(1, 4))

    def grid(elements, shape):
        size = int(np.prod(shape))
        values = draw(st.lists(elements, min_size=size, max_size=size))
        return np.array(values).reshape(shape)

    return {
        "utilities": grid(UTILITIES, (n_draws, n_texts)),
        "cells": grid(st.integers(0, n_cells - 1), (n_texts,)),
        "allowed": grid(st.booleans(), (n_texts,)),
        "consented": grid(st.booleans(), (n_draws, n_cells)),
        "audience": grid(AUDIENCE, (n_draws,)),
        "trust": grid(TRUST, (n_draws,)),
        "reservation": grid(UNIT, (n_draws,)),
        "loss": grid(UNIT, (n_draws, n_cells)),
    }


def by_hand(s, d: int) -> list[float]:
    """Draw d's values of the texts it may accept, text by text in Python floats."""
    a, b, r = s["audience"][d], s["trust"][d], s["reservation"][d]
    found = []
    for t, u in enumerate(s["utilities"][d].tolist()):
        cell = s["cells"][t]
        if s["allowed"][t] and s["consented"][d, cell]:
            found.append((u - a * (1 - u)) * b + (r - s["loss"][d, cell]) * (1 - b))
    return found


@given(situations())
def test_the_hull_gives_the_best_and_worst_value_bit_for_bit(s):
    """V grows with u in every cell, so the cells' highest and lowest utilities give the
    same best and worst values, to the last bit, as valuing every text it may accept; a
    draw that may accept none gets −inf and +inf."""
    texts = CellTexts.of(s["cells"])
    hull = UtilityHull.of(s["utilities"], s["allowed"], texts)
    best, worst = value_range(
        *cell_values(
            hull,
            s["consented"][:, texts.used],
            audience_costs=s["audience"],
            trust=s["trust"],
            reservation_values=s["reservation"],
            loss_scale=s["loss"][:, texts.used],
        )
    )
    for d in range(s["utilities"].shape[0]):
        mine = by_hand(s, d)
        assert best[d] == (max(mine) if mine else -np.inf)
        assert worst[d] == (min(mine) if mine else np.inf)
    # The hull lists the allowed texts of each used cell, in position order.
    for c, cell in enumerate(texts.used.tolist()):
        listed = hull.texts[hull.starts[c] : hull.starts[c + 1]].tolist()
        assert listed == [
            t for t in range(s["cells"].size) if s["cells"][t] == cell and s["allowed"][t]
        ]


def test_a_cell_without_allowed_texts_is_left_out_even_at_zero_trust():
    """Two cells: the first holds texts worth 0.2 and 0.6 in utility, the second only a
    barred text. With b = 0 every text is worth r − loss of its cell (0.5 − 0.1 = 0.4 in
    the first); the barred cell, worth 0.5 − 0 = 0.5, must not count. With b = 0.5 and
    a = 1: the first cell's values are 0.5·(u − (1 − u)) + 0.5·0.4, i.e. −0.1 and 0.3."""
    texts = CellTexts.of(np.array([0, 0, 1]))
    hull = UtilityHull.of(np.array([[0.2, 0.6, 0.9]] * 2), np.array([True, True, False]), texts)
    highest, lowest = cell_values(
        hull,
        np.ones((2, 2), dtype=bool),
        audience_costs=np.array([0.0, 1.0]),
        trust=np.array([0.0, 0.5]),
        reservation_values=np.array([0.5, 0.5]),
        loss_scale=np.array([[0.1, 0.0], [0.1, 0.0]]),
    )
    best, worst = value_range(highest, lowest)
    assert np.isneginf(highest[:, 1]).all() and np.isposinf(lowest[:, 1]).all()
    assert np.allclose(best, [0.4, 0.3], rtol=0, atol=1e-15)
    assert np.allclose(worst, [0.4, -0.1], rtol=0, atol=1e-15)
    assert np.isinf(hull.highest[:, 1]).all() and (hull.highest[:, 0] == 0.6).all()
