"""Groups of texts: their counts and the least breach loss of each, by the definition."""

import numpy as np
import pytest

from tests.blocks import first_reading_model


@pytest.mark.parametrize("case", ["istanbul-2022", "dayton-1995", "rambouillet-1999"])
def test_a_groups_least_loss_is_the_least_of_its_texts(case):
    """Each group's least breach-loss scale is the smallest of its texts', draw by draw and
    party by party, read text by text; and its texts are those sharing its leading options.

    In Dayton and Rambouillet most groups hold texts of different losses, so taking any
    other text's loss than the least would show.
    """
    model = first_reading_model(case, seed=1, n_draws=4)
    groups = model.groups
    tail = int(np.prod(model.space.radices[groups.lead :]))
    varying = 0
    for g in range(groups.n_groups):
        texts = np.arange(groups.starts[g], groups.starts[g] + groups.sizes[g])
        assert np.all(model.codes[texts] // tail == groups.cells[g])
        losses = model.loss_scale[:, model.cells[texts], :]  # (draws, texts, parties)
        expected = losses.min(axis=1)
        assert np.array_equal(groups.least_loss[:, :, g], expected), g
        varying += int((losses.max(axis=1) != expected).any())
    assert groups.starts[-1] + groups.sizes[-1] == model.n_texts
    assert varying > 0 or case == "istanbul-2022"


@pytest.mark.parametrize("case", ["istanbul-2022", "dayton-1995"])
def test_sets_of_groups_share_fewer_leading_options_and_the_least_of_their_losses(case):
    """The groups fall, in order, into sets whose groups share their options on the set's
    leading issues; a set's least breach-loss scale is the least of its groups'."""
    groups = first_reading_model(case, seed=1, n_draws=4).groups
    sets = groups.sets
    assert sets.lead <= groups.lead and sets.n_sets < groups.n_groups
    assert sets.starts[0] == 0 and sets.starts[-1] + sets.sizes[-1] == groups.n_groups
    assert np.array_equal(sets.starts[1:], (sets.starts + sets.sizes)[:-1])
    for s in range(sets.n_sets):
        members = np.arange(sets.starts[s], sets.starts[s] + sets.sizes[s])
        leading = groups.leading_digits[members, : sets.lead]
        assert np.all(leading == sets.leading_digits[s]), s
        assert np.all(groups.set_of[members] == s)
        expected = groups.least_loss[:, :, members].min(axis=2)
        assert np.array_equal(sets.least_loss[:, :, s], expected), s
    # Sets of neighbouring groups differ on their leading options.
    assert len({tuple(d) for d in sets.leading_digits.tolist()}) == sets.n_sets
