"""Partial and linked agreements: texts that defer issues, documents accepted together.

- An option with `defers: true` leaves its issue open for later talks: a text choosing
  it defers the issue, and an agreement on it is partial (the deferred issues are
  recorded with it). Parties value the deferring option like any other (what leaving the
  issue open is worth to them).
- Unless the protocol allows partial agreements (`protocol.partial: true`), no text may
  defer an issue.
- A document (`documents`) is accepted by a text that defers none of its issues;
  documents linked to each other (`linked_to`) are accepted together or not at all.

These rules restrict the texts that can be agreed, as constraints do: the engine never
drafts, offers or counts another.
"""

from __future__ import annotations

import numpy as np

from accord.scenario.schema import Scenario
from accord.situation.timeline import protocol_of
from accord.space import OutcomeSpace

__all__ = ["deferred_issues", "deferring_mask", "partial_rules_mask"]


def deferring_mask(scenario: Scenario, space: OutcomeSpace, issue: str) -> np.ndarray:
    """`(n_outcomes,)` the outcomes that defer `issue`."""
    options = tuple(o.id for o in scenario.issue(issue).options if o.defers)
    if not options:
        return np.zeros(space.n_outcomes, dtype=bool)
    return np.asarray(space.mask(space.pattern_index({issue: options})))


def partial_rules_mask(scenario: Scenario, space: OutcomeSpace) -> np.ndarray:
    """`(n_outcomes,)` the outcomes that obey the rules of partial and linked agreements."""
    allowed = np.ones(space.n_outcomes, dtype=bool)
    deferring = {issue: deferring_mask(scenario, space, issue) for issue in space.issues}
    if not protocol_of(scenario).partial:
        for mask in deferring.values():
            allowed &= ~mask
        return allowed
    accepted = {}
    for document in scenario.documents:
        settled = np.ones(space.n_outcomes, dtype=bool)
        for issue in document.issues:
            settled &= ~deferring[issue]
        accepted[document.id] = settled
    for document in scenario.documents:
        for other in document.linked_to:
            allowed &= accepted[document.id] == accepted[other]
    return allowed


def deferred_issues(scenario: Scenario, text: dict[str, str]) -> tuple[str, ...]:
    """The issues a text `{issue: option}` defers, in file order."""
    return tuple(
        issue.id
        for issue in scenario.issues
        if next(o for o in issue.options if o.id == text[issue.id]).defers
    )
