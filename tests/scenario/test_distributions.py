import numpy as np
import pytest

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
