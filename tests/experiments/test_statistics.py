import numpy as np
import pytest

from accord.experiments.statistics import (
    paired_difference_interval,
    partial_rank_correlations,
    wilson_interval,
)


@pytest.mark.parametrize(
    ("successes", "n", "expected"),
    [
        # Newcombe (1998), "Two-sided confidence intervals for the single proportion",
        # Statistics in Medicine 17: 857-872, Table II, Wilson score method (method 3).
        (81, 263, (0.2553, 0.3662)),
        (15, 148, (0.0624, 0.1605)),
        (0, 20, (0.0, 0.1611)),
        (1, 29, (0.0061, 0.1718)),
        (29, 29, (0.8830, 1.0)),
    ],
)
def test_wilson_interval_matches_newcombe_table(successes, n, expected):
    low, high = wilson_interval(successes, n)
    assert (round(low, 4), round(high, 4)) == expected


def test_paired_interval_is_antisymmetric_and_contains_the_estimate():
    rng = np.random.default_rng(0)
    x = rng.random(80) < 0.6
    y = rng.random(80) < 0.4
    estimate, (low, high) = paired_difference_interval(x, y)
    reverse, (r_low, r_high) = paired_difference_interval(y, x)
    assert estimate == pytest.approx(x.mean() - y.mean())
    assert low <= estimate <= high
    assert (reverse, r_low, r_high) == pytest.approx((-estimate, -high, -low))


def test_paired_interval_covers_the_true_difference_about_95_percent_of_the_time():
    # Correlated pairs: a shared latent draw makes the two outcomes agree often, the
    # situation of a variant on common random numbers. True p1 = 0.55, p2 = 0.40.
    rng = np.random.default_rng(42)
    n, repetitions, covered = 100, 2000, 0
    for _ in range(repetitions):
        latent = rng.random(n)
        x = latent < 0.55
        y = latent < 0.40
        flip = rng.random(n) < 0.1
        y = np.where(flip, rng.random(n) < 0.40, y)
        true_difference = 0.55 - (0.9 * 0.40 + 0.1 * 0.40)
        _, (low, high) = paired_difference_interval(x, y)
        covered += low <= true_difference <= high
    assert 0.925 <= covered / repetitions <= 0.98


def test_identical_outcomes_give_zero_difference():
    x = np.array([1, 0, 1, 1, 0], dtype=bool)
    estimate, (low, high) = paired_difference_interval(x, x)
    assert estimate == 0 and low <= 0 <= high


def test_prcc_finds_the_parameter_that_drives_the_outcome():
    rng = np.random.default_rng(3)
    x = rng.random((500, 3))
    y = np.exp(3 * x[:, 0]) - 0.5 * x[:, 2] + 0.05 * rng.random(500)
    prcc = partial_rank_correlations(x, y)
    assert prcc[0] > 0.9 and abs(prcc[1]) < 0.1 and prcc[2] < -0.3


def test_prcc_depends_on_ranks_only():
    rng = np.random.default_rng(4)
    x = rng.random((200, 2))
    y = x[:, 0] + rng.random(200)
    transformed = np.column_stack([np.exp(5 * x[:, 0]), x[:, 1] ** 3])
    assert partial_rank_correlations(x, y) == pytest.approx(
        partial_rank_correlations(transformed, y**2)
    )


def prcc_by_regression(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The textbook definition (Marino et al. 2008): rank, regress out the others, correlate."""

    def ranks(values):
        # average ranks, ties sharing the mean of their positions
        order = np.argsort(values, kind="stable")
        positions = np.empty(values.size)
        positions[order] = np.arange(values.size)
        return np.array([positions[values == v].mean() for v in values])

    rx = np.column_stack([ranks(column) for column in x.T])
    ry = ranks(y)
    result = []
    for j in range(rx.shape[1]):
        others = np.column_stack([np.ones(len(ry)), np.delete(rx, j, axis=1)])
        residual_x = rx[:, j] - others @ np.linalg.lstsq(others, rx[:, j], rcond=None)[0]
        residual_y = ry - others @ np.linalg.lstsq(others, ry, rcond=None)[0]
        result.append(
            residual_x @ residual_y / np.sqrt((residual_x @ residual_x) * (residual_y @ residual_y))
        )
    return np.array(result)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_prcc_equals_the_regression_definition(seed):
    rng = np.random.default_rng(seed)
    n = 60
    x = np.column_stack(
        [
            rng.random(n),
            rng.normal(size=n),
            rng.integers(0, 3, n).astype(float),  # a `choice`: many ties
            rng.random(n),
        ]
    )
    y = (x[:, 0] - 0.5 * x[:, 2] + rng.random(n) > 0.6).astype(float)  # agreement: 0/1
    assert partial_rank_correlations(x, y) == pytest.approx(prcc_by_regression(x, y), abs=1e-9)


def test_prcc_gives_zero_to_a_parameter_that_never_varies():
    rng = np.random.default_rng(5)
    x = np.column_stack([rng.random(40), np.full(40, 0.3), rng.random(40)])
    y = x[:, 0] + 0.3 * rng.random(40)
    prcc = partial_rank_correlations(x, y)
    assert prcc[1] == 0
    assert prcc[[0, 2]] == pytest.approx(prcc_by_regression(x[:, [0, 2]], y), abs=1e-9)
