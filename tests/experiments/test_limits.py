import pytest

from accord.errors import LimitError
from accord.experiments.limits import (
    MAX_DRAWS,
    MAX_RUNS,
    MAX_SEED,
    check_sweep_size,
    check_workers,
)


def test_the_limits_are_the_documented_numbers():
    # numpy's SeedSequence takes any non-negative integer; the store keeps a signed BIGINT.
    assert MAX_SEED == 9_223_372_036_854_775_807
    assert (MAX_DRAWS, MAX_RUNS) == (1_000_000, 10_000_000)


def test_the_bounds_themselves_are_accepted():
    check_sweep_size(n_draws=1, seed=0)
    check_sweep_size(n_draws=MAX_DRAWS, seed=MAX_SEED, n_variants=10, chunk_size=1)
    check_workers(None)
    check_workers(1)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"n_draws": 0, "seed": 0}, "n_draws = 0: input should be greater than or equal to 1"),
        ({"n_draws": MAX_DRAWS + 1, "seed": 0}, "n_draws = 1000001"),
        ({"n_draws": 10, "seed": -1}, "seed = -1"),
        ({"n_draws": 10, "seed": MAX_SEED + 1}, "seed = 9223372036854775808"),
        (
            {"n_draws": MAX_DRAWS, "seed": 0, "n_variants": 11},
            "runs (draws × variants, or draws × combinations) = 11000000",
        ),
        ({"n_draws": 10, "seed": 0, "chunk_size": -2}, "chunk_size = -2"),
    ],
)
def test_values_beyond_the_bounds_are_refused_by_name(options, message):
    with pytest.raises(LimitError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_sweep_size(**options)


def test_a_number_of_workers_below_one_is_refused():
    with pytest.raises(LimitError, match="workers = 0"):
        check_workers(0)
