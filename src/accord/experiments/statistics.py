"""Interval estimates and sensitivity measures for sweeps.

- `wilson_interval`: the Wilson score interval for a binomial proportion (Wilson 1927);
- `paired_difference_interval`: Newcombe's hybrid score interval for the difference of
  two proportions measured on the same draws (Newcombe 1998, method 10), the right
  interval for counterfactual variants run on common random numbers;
- `partial_rank_correlations`: partial rank correlation coefficients (PRCC) of each
  sampled parameter with an outcome, controlling for all other parameters — the
  standard global sensitivity measure in agent-based modelling (Marino et al. 2008).

References:
    Wilson (1927), "Probable inference, the law of succession, and statistical
    inference", JASA 22(158): 209–212.
    Newcombe (1998), "Improved confidence intervals for the difference between binomial
    proportions based on paired data", Statistics in Medicine 17(22): 2635–2650.
    Marino, Hogue, Ray & Kirschner (2008), "A methodology for performing global
    uncertainty and sensitivity analysis in systems biology", J. Theor. Biol. 254(1).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["Z_95", "paired_difference_interval", "partial_rank_correlations", "wilson_interval"]

Z_95 = 1.959963984540054


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """Return the Wilson score interval for `successes` out of `n` (n = 0: [0, 1]).

    >>> [round(x, 4) for x in wilson_interval(8, 10)]
    [0.4902, 0.9433]
    """
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def paired_difference_interval(
    first: np.ndarray, second: np.ndarray, z: float = Z_95
) -> tuple[float, tuple[float, float]]:
    """Return p1 − p2 and its Newcombe (method 10) interval for paired 0/1 outcomes.

    Args:
        first: `(n,)` outcomes (0/1) under the first condition (e.g. a variant).
        second: `(n,)` outcomes under the second (e.g. the baseline), same draws.
        z: the normal quantile of the interval (1.96 for 95%).
    """
    x, y = np.asarray(first, dtype=bool), np.asarray(second, dtype=bool)
    n = x.size
    if n == 0:
        return 0.0, (-1.0, 1.0)
    a, b = int(np.sum(x & y)), int(np.sum(x & ~y))
    c, d = int(np.sum(~x & y)), int(np.sum(~x & ~y))
    p1, p2 = (a + b) / n, (a + c) / n
    l1, u1 = wilson_interval(a + b, n, z)
    l2, u2 = wilson_interval(a + c, n, z)
    denominator = (a + b) * (c + d) * (a + c) * (b + d)
    phi = 0.0 if denominator == 0 else max(0.0, (a * d - b * c) / math.sqrt(denominator))
    delta = p1 - p2
    lower = delta - math.sqrt(
        max(0.0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2)
    )
    upper = delta + math.sqrt(
        max(0.0, (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2)
    )
    return delta, (max(-1.0, lower), min(1.0, upper))


def _ranks(values: np.ndarray) -> np.ndarray:
    """Average ranks along axis 0 (ties share the mean of their ranks)."""
    result = np.empty(values.shape, dtype=float)
    for j in range(values.shape[1]):
        column = values[:, j]
        order = np.argsort(column, kind="stable")
        ranks = np.empty(column.size)
        ranks[order] = np.arange(column.size, dtype=float)
        _, inverse = np.unique(column, return_inverse=True)
        sums = np.bincount(inverse, weights=ranks)
        counts = np.bincount(inverse)
        result[:, j] = (sums / counts)[inverse]
    return result


def partial_rank_correlations(parameters: np.ndarray, outcome: np.ndarray) -> np.ndarray:
    """Return the PRCC of each parameter column with the outcome, `(n_parameters,)`.

    The PRCC of parameter j is the correlation of the residuals of the ranked parameter
    and the ranked outcome, each regressed (least squares with an intercept) on all other
    ranked parameters. It equals −P_jy / √(P_jj P_yy), where P is the inverse of the
    correlation matrix of the ranks of every parameter and the outcome (the partial
    correlation identity), so one small matrix inverse replaces two regressions per
    parameter. A parameter or outcome without variation gets 0; where the ranks are
    linearly dependent (fewer draws than parameters) the pseudo-inverse stands in.
    """
    x = _ranks(np.asarray(parameters, dtype=float))
    y = _ranks(np.asarray(outcome, dtype=float).reshape(-1, 1))[:, 0]
    n, k = x.shape
    result = np.zeros(k)
    if n < 3 or np.ptp(y) == 0:
        return result
    varying = np.flatnonzero(np.ptp(x, axis=0) > 0)
    correlation = np.corrcoef(np.column_stack([x[:, varying], y]), rowvar=False)
    precision = np.linalg.pinv(np.atleast_2d(correlation), hermitian=True)
    scale = np.sqrt(np.abs(np.diag(precision)))
    with np.errstate(divide="ignore", invalid="ignore"):
        partial = -precision[:-1, -1] / (scale[:-1] * scale[-1])
    result[varying] = np.clip(np.nan_to_num(partial, nan=0.0), -1.0, 1.0)
    return result
