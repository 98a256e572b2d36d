import itertools
import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from accord.analysis.attribution import shapley_values


def brute_force_shapley(values: list[float], k: int) -> list[float]:
    """Average marginal contribution over all k! orders (the definition)."""
    totals = [0.0] * k
    for order in itertools.permutations(range(k)):
        mask = 0
        for player in order:
            totals[player] += values[mask | 1 << player] - values[mask]
            mask |= 1 << player
    return [t / math.factorial(k) for t in totals]


games = st.integers(1, 5).flatmap(
    lambda k: st.lists(st.floats(-1, 1, allow_nan=False), min_size=2**k, max_size=2**k)
)


@given(games)
def test_shapley_equals_the_average_over_orders(values):
    k = int(math.log2(len(values)))
    assert np.allclose(shapley_values(values), brute_force_shapley(values, k))


@given(games)
def test_efficiency(values):
    assert np.isclose(shapley_values(values).sum(), values[-1] - values[0])


@given(st.integers(2, 5), st.data())
def test_symmetric_factors_get_equal_values(k, data):
    # v depends only on how many factors are present: every factor is interchangeable.
    by_size = data.draw(st.lists(st.floats(-1, 1, allow_nan=False), min_size=k + 1, max_size=k + 1))
    values = [by_size[bin(mask).count("1")] for mask in range(2**k)]
    result = shapley_values(values)
    assert np.allclose(result, result[0])


def test_null_factor_gets_zero():
    # Factor 1 never changes the value.
    values = [0.0, 0.4, 0.0, 0.4]
    assert np.allclose(shapley_values(values), [0.4, 0.0])
