import numpy as np
from hypothesis import example, given

from accord.analysis import is_pareto_optimal, pareto_frontier
from tests.strategies import utility_arrays


def brute_force_frontier(points: np.ndarray) -> np.ndarray:
    """Definition: i is optimal iff no j has all >= and some >."""
    keep = [
        i
        for i in range(len(points))
        if not np.any(np.all(points >= points[i], axis=1) & np.any(points > points[i], axis=1))
    ]
    return np.array(keep, dtype=np.int64)


@given(utility_arrays())
def test_frontier_matches_brute_force(points):
    assert np.array_equal(pareto_frontier(points), brute_force_frontier(points))


@given(utility_arrays(grid=True))
@example(np.array([[1.0, 1.0], [1.0, 1.0], [0.0, 2.0]]))
def test_frontier_matches_brute_force_with_ties_and_duplicates(points):
    assert np.array_equal(pareto_frontier(points), brute_force_frontier(points))


@given(utility_arrays(grid=True))
def test_frontier_points_undominated_and_others_dominated(points):
    frontier = set(pareto_frontier(points).tolist())
    for i in range(len(points)):
        assert is_pareto_optimal(points, points[i]) == (i in frontier)


def test_large_clouds_match_brute_force_in_two_three_and_four_dimensions():
    rng = np.random.default_rng(7)
    for d in (2, 3, 4):
        points = rng.random((3000, d))
        points[:50, -1] = 1 - points[:50, 0]
        assert np.array_equal(pareto_frontier(points), brute_force_frontier(points))


def test_antichain_is_entirely_optimal():
    # On the plane u1 + u2 + u3 = 1 no point dominates another.
    rng = np.random.default_rng(3)
    points = rng.dirichlet([1, 1, 1], 5000)
    assert len(pareto_frontier(points)) == 5000


def test_empty_input_gives_empty_frontier():
    assert pareto_frontier(np.zeros((0, 2))).size == 0
