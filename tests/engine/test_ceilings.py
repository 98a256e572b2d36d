"""The mediator's ceilings on a group's estimated utilities, by their definition."""

import math

import numpy as np
import pytest

from accord.engine._ceilings import estimated_utility_ceilings, utility_ceilings_at
from accord.utility import option_terms, utilities
from tests.blocks import first_reading_model


def first_day_terms(model) -> list[np.ndarray]:
    """Each option's term of the parties' first-day utilities."""
    return option_terms(model.initial.option_values, model.initial.raw_weights)


@pytest.mark.parametrize("case", ["istanbul-2022", "dayton-1995"])
def test_a_groups_ceiling_is_its_leading_terms_plus_the_best_of_every_other_issue(case):
    """Group by group: the sum of the terms of its leading options plus the sum of each
    other issue's best term, each sum in issue order; never below a text of the group.

    In the reference case the leading options' grid (2,916 cells) is larger than its
    1,296 groups, so the ceilings are summed partly over a grid and partly group by group.
    """
    model = first_reading_model(case, seed=2, n_draws=3)
    groups, radices = model.groups, model.space.radices
    terms = first_day_terms(model)
    ceilings = estimated_utility_ceilings(groups, terms)  # (draws, parties, groups)
    text_utilities = utilities(model.initial.option_values, model.initial.raw_weights, model.digits)
    if case == "istanbul-2022":
        assert math.prod(radices[: groups.lead]) > groups.n_groups
    for g in range(groups.n_groups):
        first = groups.starts[g]
        leading, best_rest = np.zeros(ceilings.shape[:2]), np.zeros(ceilings.shape[:2])
        for k, options in enumerate(terms):
            if k < groups.lead:
                leading += options[:, model.digits[first, k]]
            else:
                best_rest += options.max(axis=1)
        expected = leading + best_rest
        assert np.array_equal(ceilings[:, :, g], expected), g
        texts = slice(first, first + groups.sizes[g])
        assert np.all(text_utilities[:, texts].max(axis=1) <= ceilings[:, :, g] + 1e-12), g


@pytest.mark.parametrize("case", ["istanbul-2022", "dayton-1995"])
def test_ceilings_read_at_pairs_have_the_bits_of_the_whole_table_and_sets_bound_groups(case):
    """A group's ceiling read at (draw, group) pairs equals the whole table's, bit for bit;
    a set's ceiling is never below those of its groups."""
    model = first_reading_model(case, seed=2, n_draws=3)
    groups, sets = model.groups, model.groups.sets
    terms = first_day_terms(model)
    table = estimated_utility_ceilings(groups, terms)  # (draws, parties, groups)
    rng = np.random.default_rng(3)
    pair_draws = rng.integers(0, model.n_draws, 200)
    pair_groups = rng.integers(0, groups.n_groups, 200)
    at = utility_ceilings_at(groups, terms, pair_draws, pair_groups)[:, 0, :]
    assert np.array_equal(at, table[pair_draws, :, pair_groups])
    of_sets = estimated_utility_ceilings(sets, terms)  # (draws, parties, sets)
    assert np.all(of_sets[:, :, groups.set_of] >= table - 1e-12)
