"""Groups of texts: their counts and the least breach loss of each, by the definition."""

import numpy as np
import pytest

from accord import load_scenario
from accord.situation import compile_model, sampled_draws
from accord.situation.readings import split_by_reading


@pytest.mark.parametrize("case", ["istanbul-2022", "dayton-1995", "rambouillet-1999"])
def test_a_groups_least_loss_is_the_least_of_its_texts(case):
    """Each group's least breach-loss scale is the smallest of its texts', draw by draw and
    party by party, read text by text; and its texts are those sharing its leading options.

    In Dayton and Rambouillet most groups hold texts of different losses, so taking any
    other text's loss than the least would show.
    """
    scenario = load_scenario(case)
    draws = sampled_draws(scenario, seed=1, start=0, stop=4)
    pinned, group, _ = split_by_reading(scenario, draws)[0]
    model = compile_model(pinned, group)
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
