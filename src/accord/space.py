"""The outcome space: every combination of one option per issue, as integers.

An outcome is encoded as a mixed-radix integer whose digits are the option indices,
the first issue most significant (`numpy.ravel_multi_index` order). The whole space is
never materialised as Python objects: masks and utilities are built by broadcasting one
small array per issue over the grid of shape ``radices`` and flattening it.

Feasibility constraints and red lines are boolean masks of shape ``(n_outcomes,)``.

>>> space = OutcomeSpace(("price", "delivery"), (("low", "high"), ("slow", "mid", "fast")))
>>> space.n_outcomes, space.encode([[1, 2]]).tolist(), space.outcome(5)
(6, [5], {'price': 'high', 'delivery': 'fast'})
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from math import prod

import numpy as np

from accord.errors import ConstraintError, LimitError, UnknownIdError
from accord.scenario.schema import Forbid, Implication, Scenario

__all__ = ["DEFAULT_MAX_OUTCOMES", "OutcomeSpace", "PatternIndex"]

DEFAULT_MAX_OUTCOMES = 10_000_000

PatternIndex = Mapping[int, Sequence[int]]
"""A partial outcome as {issue index: allowed option indices}."""


@dataclass(frozen=True)
class OutcomeSpace:
    """Issues and their options; outcomes are integers in ``range(n_outcomes)``."""

    issues: tuple[str, ...]
    options: tuple[tuple[str, ...], ...]

    @classmethod
    def from_scenario(
        cls, scenario: Scenario, *, max_outcomes: int = DEFAULT_MAX_OUTCOMES
    ) -> OutcomeSpace:
        """Build the space of a scenario; refuse spaces larger than `max_outcomes`."""
        space = cls(scenario.issue_ids, tuple(issue.option_ids for issue in scenario.issues))
        if space.n_outcomes > max_outcomes:
            sizes = " × ".join(str(r) for r in space.radices)
            raise LimitError(
                f"scenario '{scenario.id}' has {space.n_outcomes:,} outcomes ({sizes}), above "
                f"the cap of {max_outcomes:,}; merge or drop options, or raise max_outcomes"
            )
        return space

    @cached_property
    def radices(self) -> tuple[int, ...]:
        """Number of options of each issue."""
        return tuple(len(options) for options in self.options)

    @property
    def n_outcomes(self) -> int:
        """Size of the space, the product of the radices."""
        return prod(self.radices)

    @property
    def n_issues(self) -> int:
        """Number of issues."""
        return len(self.issues)

    def encode(self, option_indices: np.ndarray | Sequence[Sequence[int]]) -> np.ndarray:
        """Encode option indices `(n, n_issues)` into outcome codes `(n,)`."""
        digits = np.asarray(option_indices, dtype=np.int64).reshape(-1, self.n_issues)
        return np.asarray(np.ravel_multi_index(tuple(digits.T), self.radices), dtype=np.int64)

    def decode(self, codes: np.ndarray | Sequence[int]) -> np.ndarray:
        """Decode outcome codes `(n,)` into option indices `(n, n_issues)`."""
        flat = np.asarray(codes, dtype=np.int64).reshape(-1)
        return np.stack(np.unravel_index(flat, self.radices), axis=1).astype(np.int64)

    def outcome(self, code: int) -> dict[str, str]:
        """Return outcome `code` as {issue: option}."""
        digits = self.decode([code])[0]
        return {issue: self.options[k][digits[k]] for k, issue in enumerate(self.issues)}

    def code(self, outcome: Mapping[str, str]) -> int:
        """Return the code of a complete outcome given as {issue: option}."""
        pattern = self.pattern_index({issue: [option] for issue, option in outcome.items()})
        missing = [issue for k, issue in enumerate(self.issues) if k not in pattern]
        if missing:
            raise UnknownIdError("outcome: no option given for issue", missing[0], self.issues)
        return int(self.encode([[pattern[k][0] for k in range(self.n_issues)]])[0])

    def pattern_index(self, pattern: Mapping[str, Sequence[str]]) -> dict[int, list[int]]:
        """Translate {issue: option ids} into {issue index: option indices}."""
        result: dict[int, list[int]] = {}
        for issue, options in pattern.items():
            if issue not in self.issues:
                raise UnknownIdError("issue", issue, self.issues)
            k = self.issues.index(issue)
            for option in options:
                if option not in self.options[k]:
                    raise UnknownIdError(f"option of issue '{issue}'", option, self.options[k])
            result[k] = [self.options[k].index(option) for option in options]
        return result

    def broadcast(self, k: int, table: np.ndarray) -> np.ndarray:
        """Reshape a per-option table `(radix_k, ...)` to broadcast over the outcome grid."""
        shape = [1] * self.n_issues
        shape[k] = self.radices[k]
        return table.reshape(*shape, *table.shape[1:])

    def mask(self, pattern: PatternIndex) -> np.ndarray:
        """Return `(n_outcomes,)` booleans: which outcomes match the partial outcome."""
        grid = np.ones(self.radices, dtype=bool)
        for k, allowed in pattern.items():
            column = np.zeros(self.radices[k], dtype=bool)
            column[list(allowed)] = True
            grid &= self.broadcast(k, column)
        return grid.reshape(-1)

    def column(self, k: int, codes: np.ndarray | None = None) -> np.ndarray:
        """Return the option index of issue `k` for `codes` (default: every outcome)."""
        if codes is None:
            codes = np.arange(self.n_outcomes, dtype=np.int64)
        stride = prod(self.radices[k + 1 :])
        return (np.asarray(codes, dtype=np.int64) // stride) % self.radices[k]

    def feasible_mask(self, constraints: Sequence[Implication | Forbid]) -> np.ndarray:
        """Return `(n_outcomes,)` booleans: outcomes that satisfy every constraint."""
        feasible = np.ones(self.n_outcomes, dtype=bool)
        for constraint in constraints:
            if isinstance(constraint, Implication):
                feasible &= ~self.mask(self.pattern_index(constraint.if_)) | self.mask(
                    self.pattern_index(constraint.then)
                )
            else:
                feasible &= ~self.mask(self.pattern_index(constraint.forbid))
        return feasible


def require_feasible(feasible: np.ndarray, scenario_id: str) -> None:
    """Raise `ConstraintError` if no outcome satisfies the constraints."""
    if not feasible.any():
        raise ConstraintError(
            f"scenario '{scenario_id}': the constraints exclude every outcome; check the "
            "`constraints` list for rules that contradict each other"
        )
