"""The Pareto frontier of a finite set of utility vectors.

An outcome is Pareto-optimal when no other outcome gives every party at least as much
and some party strictly more. Outcomes with identical utility vectors do not dominate
each other, so all of them are on the frontier together.

Method: sort the points lexicographically, best first; a point can then be dominated
only by an earlier one. With two parties a running maximum finds the frontier (an
O(n log n) sweep). With three, earlier points are summarised by their 2-D staircase in
the last two coordinates and each block of points is tested against it with a binary
search, then within the block recursively. With more, blocks are tested against the
frontier found so far and then pairwise within the block.

References:
    Kung, Luccio & Preparata (1975), "On finding the maxima of a set of vectors",
    Journal of the ACM 22(4): 469–476.
"""

from __future__ import annotations

import numpy as np

__all__ = ["is_pareto_optimal", "pareto_frontier"]

_BLOCK = 4096
_BASE = 64


def pareto_frontier(utilities: np.ndarray) -> np.ndarray:
    """Return the sorted indices of the Pareto-optimal rows of `utilities` `(n, n_parties)`."""
    points = np.asarray(utilities, dtype=float)
    if len(points) == 0:
        return np.zeros(0, dtype=np.int64)
    survivors = _not_dominated_by_pivots(points)
    frontier: np.ndarray = survivors[_exact_frontier(points[survivors])]
    return frontier


def _exact_frontier(points: np.ndarray) -> np.ndarray:
    n, d = points.shape
    order = np.lexsort(tuple(-points[:, j] for j in reversed(range(d))))
    ordered = points[order]
    is_first = np.ones(n, dtype=bool)
    is_first[1:] = np.any(ordered[1:] != ordered[:-1], axis=1)
    unique = ordered[is_first]
    keep_unique = _maxima_sorted(unique)
    keep = keep_unique[np.cumsum(is_first) - 1]
    return np.sort(order[keep]).astype(np.int64)


def _not_dominated_by_pivots(points: np.ndarray) -> np.ndarray:
    """Indices of points not strictly dominated by a few known frontier points.

    The maximiser of any positive weighted sum is Pareto-optimal; a handful of them,
    in directions spread over the simplex, dominate most of a large cloud, so the exact
    (sorting) stage sees only a fraction of the points.
    """
    n, d = points.shape
    if n < 2048:
        return np.arange(n)
    low, high = points.min(axis=0), points.max(axis=0)
    scale = np.where(high > low, high - low, 1.0)
    directions = np.vstack([np.ones(d), np.eye(d) + 0.25, 1.0 - 0.75 * np.eye(d)]) / scale
    columns = [np.ascontiguousarray(points[:, j]) for j in range(d)]
    alive = np.ones(n, dtype=bool)
    for direction in directions:
        pivot = points[np.argmax(points @ direction)]
        at_most = np.ones(n, dtype=bool)
        below = np.zeros(n, dtype=bool)
        for j, column in enumerate(columns):
            at_most &= column <= pivot[j]
            below |= column < pivot[j]
        alive &= ~(at_most & below)
    return np.flatnonzero(alive)


def is_pareto_optimal(utilities: np.ndarray, point: np.ndarray) -> bool:
    """Return whether no row of `utilities` dominates the utility vector `point`."""
    points = np.asarray(utilities, dtype=float)
    at_least = np.all(points >= point, axis=1)
    better = np.any(points > point, axis=1)
    return not bool(np.any(at_least & better))


def _maxima_sorted(points: np.ndarray) -> np.ndarray:
    """Maxima of unique points sorted lexicographically in decreasing order."""
    d = points.shape[1]
    if d == 1:
        keep = np.zeros(len(points), dtype=bool)
        keep[0] = True
        return keep
    if d == 2:
        running = np.maximum.accumulate(points[:, 1])
        keep = np.ones(len(points), dtype=bool)
        keep[1:] = points[1:, 1] > running[:-1]
        return keep
    if d == 3:
        return _staircase_keep(points[:, 1], points[:, 2], _BLOCK)
    return _block_keep(points)


def _staircase_keep(y: np.ndarray, z: np.ndarray, block: int) -> np.ndarray:
    """keep[i] iff no j < i has y_j >= y_i and z_j >= z_i."""
    n = len(y)
    if n <= _BASE:
        covers = (y[:, None] >= y[None, :]) & (z[:, None] >= z[None, :])
        return np.asarray(~np.triu(covers, 1).any(axis=0))
    keep = np.zeros(n, dtype=bool)
    stair_y, stair_z = np.zeros(0), np.zeros(0)
    for start in range(0, n, block):
        yb, zb = y[start : start + block], z[start : start + block]
        candidates = np.flatnonzero(~_under_staircase(yb, zb, stair_y, stair_z))
        if candidates.size == 0:
            continue
        inner = _staircase_keep(yb[candidates], zb[candidates], max(_BASE, block // 8))
        kept = candidates[inner]
        keep[start + kept] = True
        stair_y, stair_z = _staircase(
            np.concatenate([stair_y, yb[kept]]), np.concatenate([stair_z, zb[kept]])
        )
    return keep


def _under_staircase(
    y: np.ndarray, z: np.ndarray, stair_y: np.ndarray, stair_z: np.ndarray
) -> np.ndarray:
    """Whether some staircase point has y >= y_q and z >= z_q, per query point."""
    if stair_y.size == 0:
        return np.zeros(len(y), dtype=bool)
    # Staircase: y ascending, z strictly descending, so the first point with y >= y_q
    # has the largest z among all points with y >= y_q.
    position = np.searchsorted(stair_y, y, side="left")
    inside = position < stair_y.size
    result = np.zeros(len(y), dtype=bool)
    result[inside] = stair_z[position[inside]] >= z[inside]
    return result


def _staircase(y: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """2-D maxima of (y, z), returned with y ascending and z strictly descending."""
    order = np.lexsort((-z, -y))
    ys, zs = y[order], z[order]
    running = np.maximum.accumulate(zs)
    keep = np.ones(len(ys), dtype=bool)
    keep[1:] = zs[1:] > running[:-1]
    return ys[keep][::-1].copy(), zs[keep][::-1].copy()


def _block_keep(points: np.ndarray) -> np.ndarray:
    """Maxima in any dimension: each block against the frontier so far, then pairwise."""
    n = len(points)
    keep = np.zeros(n, dtype=bool)
    frontier = points[:0]
    for start in range(0, n, 1024):
        block = points[start : start + 1024]
        alive = np.ones(len(block), dtype=bool)
        for chunk in range(0, len(frontier), 256):
            against = frontier[chunk : chunk + 256]
            alive &= ~np.all(against[:, None, :] >= block[None, :, :], axis=2).any(axis=0)
        candidates = np.flatnonzero(alive)
        sub = block[candidates]
        covers = np.all(sub[:, None, :] >= sub[None, :, :], axis=2)
        kept = candidates[~np.triu(covers, 1).any(axis=0)]
        keep[start + kept] = True
        frontier = np.concatenate([frontier, block[kept]])
    return keep
