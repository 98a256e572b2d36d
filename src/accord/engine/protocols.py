"""Protocols: who proposes, who answers, and when a text is agreed.

This module holds what both protocols share: a `Draft` (a proposal, the situation it was
made in and the replies to it) and each party's view of a situation. The protocols:

- `accord.engine.offers`: stacked alternating offers (the SAO protocol of NegMAS 0.16);
- `accord.engine.single_text`: the mediated single negotiating text.

See docs/engine.md for their rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.engine.situation import Situation
from accord.engine.strategies import PartyView
from accord.engine.transcript import Reply

__all__ = ["Draft", "last_draft", "margin", "party_views"]


@dataclass
class Draft:
    """A proposal, the situation it was made in, and the replies it received."""

    step: int
    proposer: str
    code: int
    situation: Situation
    replies: list[Reply] = field(default_factory=list)


def party_views(
    situation: Situation, version: int, history: tuple[tuple[str, int], ...] = ()
) -> dict[str, PartyView]:
    """Build each negotiating party's view of a situation."""
    allowed = situation.feasible & situation.consent
    views = {}
    for i, party in enumerate(situation.parties):
        mask = allowed & situation.acceptable[:, i]
        views[party] = PartyView(
            party,
            situation.values[:, i],
            float(situation.reservation_values[i]),
            np.flatnonzero(mask),
            version,
            history,
            mask,
        )
    return views


def margin(situation: Situation, party: str, code: int) -> float:
    """The party's value of the text minus its reservation value."""
    i = situation.parties.index(party)
    return float(situation.values[code, i] - situation.reservation_values[i])


def last_draft(drafts: Sequence[Any]) -> Draft:
    """The last draft of a stepwise protocol."""
    last = drafts[-1]
    # A run uses one protocol path throughout, so a stepwise round never follows a block.
    assert isinstance(last, Draft)
    return last
