"""Utilities and red lines over texts, for a block of draws at once.

For party i, draw d and text o:

    u_i(o) = Σ_k w̃_ik · v_ik(o_k) + Σ_{interactions m of i matching o} value_m

with w̃_i the weights normalised to sum 1 and v_ik(option) in [0, 1]. The sum runs over
the issues in file order, so every draw's utilities have the same bits whatever the
block it is computed in. Texts that match any of i's red lines are unacceptable to i
(`acceptable[:, i]` is False). The reservation value r_i is i's value of no agreement on
the same scale.

Texts are given by their option digits `(n_texts, n_issues)` (see `accord.space`), so the
same functions serve the feasible texts of a run and the whole space of an analysis.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from accord.space import PatternIndex

__all__ = [
    "Term",
    "acceptable_mask",
    "leading_cells",
    "leading_sums",
    "normalise_weights",
    "option_terms",
    "pattern_mask",
    "summed_terms",
    "utilities",
]


class Term(Protocol):
    """An interaction term: party index, the texts it applies to, its value per draw."""

    @property
    def party(self) -> int:
        """The party whose utility it changes."""

    @property
    def mask(self) -> np.ndarray:
        """`(n_texts,)` the texts it applies to."""

    @property
    def values(self) -> np.ndarray:
        """`(n_draws,)` what it adds."""


# The leading issues' grid of outcomes grows while it holds at most this many per text
# (measured with the reference case's 10 issues over 5%, 20%, 44% and all of their
# outcomes: the fastest grid held 0.4–2.3 outcomes per text).
GRID_PER_TEXT = 2
# Draws are summed a few at a time, their grid and their texts' sums about this many
# bytes, which stay in a core's cache: on the reference case's 23,328 texts of 52,488
# outcomes, 12.6 ms for 170 draws against 31 ms for all of them at once.
GRID_BLOCK_BYTES = 2**21


def normalise_weights(raw_weights: np.ndarray) -> np.ndarray:
    """Scale non-negative weights to sum 1 over the last axis (an all-zero row stays zero)."""
    # Summed in issue order, so that a draw's weights do not depend on its block's layout.
    totals = np.zeros((*raw_weights.shape[:-1], 1))
    for k in range(raw_weights.shape[-1]):
        totals[..., 0] += raw_weights[..., k]
    normalised: np.ndarray = np.divide(
        raw_weights, totals, out=np.zeros_like(raw_weights), where=totals > 0
    )
    return normalised


def utilities(
    tables: Sequence[np.ndarray],
    raw_weights: np.ndarray,
    digits: np.ndarray,
    interactions: Sequence[Term] = (),
    *,
    codes: np.ndarray | None = None,
) -> np.ndarray:
    """Return `(n_draws, n_texts, n_parties)` utilities.

    Args:
        tables: per issue `(n_draws, n_parties, n_options)` option values.
        raw_weights: `(n_draws, n_parties, n_issues)` weights before normalisation.
        digits: `(n_texts, n_issues)` the option of each issue in each text, or
            `(n_draws, n_texts, n_issues)` for different texts in each draw.
        interactions: terms added where their pattern matches (shared texts only).
        codes: `(n_texts,)` the texts' outcome codes, when `digits` are shared: the sums
            of the leading issues are then built over their grid of outcomes, issue by
            issue (cheaper than gathering every issue's option for every text when the
            texts are many).
    """
    per_option = option_terms(tables, raw_weights)
    return summed_terms(per_option, digits, interactions, codes=codes)


def summed_terms(
    per_option: Sequence[np.ndarray],
    digits: np.ndarray,
    interactions: Sequence[Term] = (),
    *,
    codes: np.ndarray | None = None,
    rows: np.ndarray | None = None,
) -> np.ndarray:
    """`utilities` from each option's term `per_option` (`option_terms`), issue by issue.

    With `rows` `(n_rows,)`, `digits` is `(n_rows, n, n_issues)`: row r's texts, valued
    in the draw `rows[r]` (several rows may be of one draw).
    """
    n_draws, _, n_parties = per_option[0].shape
    if codes is not None and digits.ndim == 2:
        result = _grid_sums(per_option, codes, digits)
    else:
        n_rows = n_draws if rows is None else rows.size
        result = np.zeros((n_rows, digits.shape[-2], n_parties))
        for k, options in enumerate(per_option):
            if digits.ndim == 2:
                result += options[:, digits[:, k], :]
            else:
                result += _gathered(options, digits[:, :, k], rows)
    for term in interactions:
        result[:, term.mask, term.party] += term.values[:, None]
    return result


def option_terms(tables: Sequence[np.ndarray], raw_weights: np.ndarray) -> list[np.ndarray]:
    """Per issue `(n_draws, n_options, n_parties)` w̃_ik · v_ik(option): each option's term."""
    weights = normalise_weights(raw_weights)
    return [np.swapaxes(table * weights[:, :, k : k + 1], 1, 2) for k, table in enumerate(tables)]


def leading_sums(per_option: Sequence[np.ndarray], lead: int) -> np.ndarray:
    """`(n_draws, n_cells, n_parties)` the first `lead` issues' terms summed over their grid.

    The grid of their options is in mixed radix with the *last* of them most significant
    (`leading_cells` gives each text's cell); the terms are added in issue order.
    """
    partial = per_option[0]
    for options in per_option[1:lead]:
        n_draws, n_before, n_parties = partial.shape
        # The new issue as the outer axis keeps numpy's inner loop over the long grid:
        # with it inner, every add ran over the few options alone.
        partial = (options[:, :, None, :] + partial[:, None, :, :]).reshape(
            n_draws, options.shape[1] * n_before, n_parties
        )
    return partial


def leading_cells(digits: np.ndarray, radices: Sequence[int]) -> np.ndarray:
    """`(n_texts,)` each text's cell of the `leading_sums` grid of the issues `radices`."""
    cells = np.zeros(digits.shape[0], dtype=np.int64)
    for k in reversed(range(len(radices))):
        cells *= radices[k]
        cells += digits[:, k]
    return cells


def _gathered(
    options: np.ndarray, chosen: np.ndarray, rows: np.ndarray | None = None
) -> np.ndarray:
    """`(n_rows, n, n_parties)` each row's draw's `options` at its options `chosen`.

    `options` is `(n_draws, n_options, n_parties)`, `chosen` `(n_rows, n)`; row r is of
    the draw `rows[r]` (default: r).
    """
    n_draws, n_options, n_parties = options.shape
    draws = np.arange(n_draws) if rows is None else rows
    # One gather from the flat table: far cheaper than fancy indexing by two index arrays.
    flat = np.ascontiguousarray(options).reshape(n_draws * n_options, n_parties)
    return np.asarray(np.take(flat, chosen + (draws * n_options)[:, None], axis=0))


def _grid_sums(
    per_option: Sequence[np.ndarray], codes: np.ndarray, digits: np.ndarray
) -> np.ndarray:
    """`(n_draws, n_texts, n_parties)` Σ_k per_option[k] at the outcome `codes`.

    The leading issues are summed over their mixed-radix grid while it holds at most
    `GRID_PER_TEXT` outcomes per text; past that, most of the grid's sums would be of
    outcomes that are not texts, so the remaining issues are gathered text by text. A
    few draws are summed at a time (`GRID_BLOCK_BYTES`). The sums run over the issues in
    file order, as in the gathering form, so both give the same bits.
    """
    radices = [options.shape[1] for options in per_option]
    lead, size = 1, radices[0]
    while lead < len(radices) and size * radices[lead] <= GRID_PER_TEXT * codes.size:
        size *= radices[lead]
        lead += 1
    cells = leading_cells(digits, radices[:lead])
    rest = [(k, np.ascontiguousarray(digits[:, k])) for k in range(lead, len(per_option))]
    n_draws, _, n_parties = per_option[0].shape
    result = np.empty((n_draws, codes.size, n_parties))
    step = max(1, GRID_BLOCK_BYTES // (8 * n_parties * max(size, codes.size)))
    for start in range(0, n_draws, step):
        rows = slice(start, start + step)
        block = result[rows]
        # `np.take` gathers along one axis in a fraction of the time of fancy indexing.
        np.take(leading_sums([options[rows] for options in per_option], lead), cells, 1, block)
        for k, chosen in rest:
            block += np.take(per_option[k][rows], chosen, axis=1)
    return result


def pattern_mask(digits: np.ndarray, pattern: PatternIndex) -> np.ndarray:
    """Return `(n_texts,)` which texts match a partial outcome."""
    mask = np.ones(digits.shape[0], dtype=bool)
    for k, allowed in pattern.items():
        # One comparison per option: a pattern names few, and numpy's isin costs far more.
        column = digits[:, k]
        match = np.zeros(digits.shape[0], dtype=bool)
        for option in sorted(allowed):
            match |= column == option
        mask &= match
    return mask


def acceptable_mask(digits: np.ndarray, red_lines: Sequence[Sequence[PatternIndex]]) -> np.ndarray:
    """Return `(n_texts, n_parties)` booleans: False where a text hits the party's red line.

    Stored party by party (Fortran order): a party's column is read whole, against tables
    of (draws × texts), and a strided column costs many times more there.
    """
    result = np.ones((digits.shape[0], len(red_lines)), dtype=bool, order="F")
    for i, lines in enumerate(red_lines):
        for pattern in lines:
            result[:, i] &= ~pattern_mask(digits, pattern)
    return result
