import re

import numpy as np
import pytest
from pydantic import ValidationError

from accord.scenario.distributions import Beta, Choice, Normal, Triangular, Uniform


@pytest.mark.parametrize(
    ("distribution", "mean", "support"),
    [
        (Uniform(uniform=(0.2, 0.6)), 0.4, (0.2, 0.6)),
        (Normal(normal=(0.5, 0.1)), 0.5, (0.2, 0.8)),
        (Beta(beta=(2, 6)), 0.25, (0.0, 1.0)),
        (Triangular(triangular=(0.1, 0.1, 0.4)), 0.2, (0.1, 0.4)),
        (Choice(choice=(0.1, 0.2, 0.6)), 0.3, (0.1, 0.6)),
    ],
)
def test_mean_support_and_sample_mean(distribution, mean, support):
    assert distribution.mean() == pytest.approx(mean)
    assert distribution.support() == pytest.approx(support)
    draws = distribution.sample(np.random.default_rng(0), 200_000)
    assert draws.mean() == pytest.approx(mean, abs=3e-3)
    if not isinstance(distribution, Normal):
        assert draws.min() >= support[0] and draws.max() <= support[1]


def test_named_readings_have_a_weighted_mean_and_are_drawn_with_their_probabilities():
    readings = Choice(
        choice={"no-effect": 1.0, "strong": 0.3}, probabilities={"no-effect": 0.25, "strong": 0.75}
    )
    assert readings.mean() == pytest.approx(0.25 * 1.0 + 0.75 * 0.3)
    assert readings.support() == (0.3, 1.0)
    drawn = readings.sample(np.random.default_rng(0), 20_000)
    # 20,000 draws: the share of 'no-effect' is within 4 standard errors of 0.25.
    assert abs((drawn == 1.0).mean() - 0.25) < 4 * (0.25 * 0.75 / 20_000) ** 0.5
    assert set(np.unique(drawn)) == {0.3, 1.0}


def test_named_readings_without_probabilities_are_equally_likely_like_a_list():
    named = Choice(choice={"a": 0.1, "b": 0.5})
    listed = Choice(choice=(0.1, 0.5))
    assert named.mean() == listed.mean() == pytest.approx(0.3)
    assert (
        named.sample(np.random.default_rng(3), 50).tolist()
        == listed.sample(np.random.default_rng(3), 50).tolist()
    )


@pytest.mark.parametrize(
    ("probabilities", "message"),
    [
        ({"a": 0.5}, "expected a probability for each reading (a, b), got a"),
        ({"a": 0.5, "b": 0.6}, "expected probabilities in [0, 1] summing to 1"),
    ],
)
def test_probabilities_must_cover_the_readings_and_sum_to_one(probabilities, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        Choice(choice={"a": 0.1, "b": 0.5}, probabilities=probabilities)
