"""Exact Shapley values of a metric over a handful of factors.

With factors N = {0, …, k−1} and a value v(S) for every subset S (a bitmask), factor i
gets

    φ_i = Σ_{S ⊆ N∖{i}} |S|! (k − |S| − 1)! / k! · (v(S ∪ {i}) − v(S)),

its average marginal contribution over all orders in which the factors could be added.
The values are efficient (Σ φ_i = v(N) − v(∅)), symmetric (interchangeable factors get
equal values) and give a null factor 0.

`shapley_matrix(k)` is the linear map from the 2^k values to the k Shapley values, so many
resampled value vectors (a bootstrap) are attributed with one matrix product.

References:
    Shapley (1953), "A value for n-person games", in Contributions to the Theory of
    Games II, Annals of Mathematics Studies 28: 307–317.

>>> values = [0.0, 0.5, 0.5, 1.0]          # v(∅), v({0}), v({1}), v({0, 1})
>>> shapley_values(values).tolist()
[0.5, 0.5]
"""

from __future__ import annotations

from collections.abc import Sequence
from math import factorial

import numpy as np

__all__ = ["MAX_FACTORS", "shapley_matrix", "shapley_values"]

MAX_FACTORS = 12


def shapley_matrix(k: int) -> np.ndarray:
    """Return the `(2^k, k)` weights W with φ = v @ W for values v indexed by bitmask."""
    masks = np.arange(2**k)
    sizes = np.array([bin(mask).count("1") for mask in masks])
    weight_of_size = np.array(
        [factorial(s) * factorial(k - s - 1) / factorial(k) for s in range(k)] + [0.0]
    )
    matrix = np.zeros((2**k, k))
    for i in range(k):
        bit = 1 << i
        without = masks[(masks & bit) == 0]
        weights = weight_of_size[sizes[without]]
        np.add.at(matrix[:, i], without | bit, weights)
        np.add.at(matrix[:, i], without, -weights)
    return matrix


def shapley_values(values: Sequence[float] | np.ndarray) -> np.ndarray:
    """Return the `(k,)` Shapley values from the `(2^k,)` subset values (bitmask order)."""
    array = np.asarray(values, dtype=float)
    k = round(float(np.log2(array.shape[-1])))
    if 2**k != array.shape[-1]:
        raise ValueError(f"expected 2^k values, got {array.shape[-1]}")
    result: np.ndarray = array @ shapley_matrix(k)
    return result
