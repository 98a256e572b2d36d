"""Stacked alternating offers: the SAO protocol of NegMAS 0.16, bilateral or multilateral.

One step is a full turn of every party in `order`. At its turn a party answers the
standing offer; if it rejects, it makes its own offer, which counts as its acceptance. A
text is agreed when every other party, one after another, accepts it; a rejection
replaces it. Relative time in step k (counted over all rounds) is
t = (k + 1) / (n_steps + 1). docs/interop/negmas-sao.md gives the semantics in detail.

Two time-based parties move by the clock alone; their rounds are planned in vectorised
blocks (`_scheduled_round`), which the property tests hold to the stepwise protocol.

References:
    Aydoğan et al. (2020), "Challenges and main results of the automated negotiating
    agents competition (ANAC) 2019" (the SAO protocol).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from accord.engine.protocols import Draft, last_draft, margin, party_views
from accord.engine.situation import Situation
from accord.engine.strategies import (
    GameView,
    PartyView,
    Strategy,
    SubgamePerfect,
    TimeBased,
    Turn,
    turn_proposers,
)
from accord.engine.transcript import Reply

PLAN_WHOLE_UP_TO = 65_536
"""Spaces up to this size plan a time-based round in one block."""

__all__ = ["AlternatingOffers", "OffersState", "ScheduledBlock", "expand_drafts"]


@dataclass(frozen=True)
class OffersState:
    """Where stacked alternating offers stand between steps."""

    step: int = 0
    current: int | None = None
    proposer: str | None = None
    n_acceptances: int = 0
    history: tuple[tuple[str, int], ...] = ()


class AlternatingOffers:
    """Stacked alternating offers over `n_steps` steps in all."""

    def __init__(self, order: Sequence[str], strategies: dict[str, Strategy], n_steps: int) -> None:
        self.order = tuple(order)
        self.strategies = strategies
        self.n_steps = n_steps

    def run_round(
        self,
        state: OffersState,
        n_round_steps: int,
        situation: Situation,
        version: int,
        drafts: list[Draft | ScheduledBlock],
    ) -> tuple[OffersState, int | None]:
        """Run one round's steps, appending offers to `drafts`; return state and agreed code."""
        views = party_views(situation, version)
        scheduled = [self.strategies[p] for p in self.order]
        if len(scheduled) == 2 and all(isinstance(s, TimeBased) for s in scheduled):
            return self._scheduled_round(state, n_round_steps, situation, views, drafts)
        self._prepare_games(situation, views, version, state.step)
        for _ in range(n_round_steps):
            if state.step >= self.n_steps:
                break
            state, agreed = self._step(state, situation, views, drafts)
            if agreed is not None:
                return state, agreed
        return state, None

    def _scheduled_round(
        self,
        state: OffersState,
        n_round_steps: int,
        situation: Situation,
        views: dict[str, PartyView],
        drafts: list[Draft | ScheduledBlock],
    ) -> tuple[OffersState, int | None]:
        """Bilateral time-based round, computed in blocks of steps at once.

        Time-based parties offer and accept by the clock alone, so their moves are known
        in advance; a block's course is the first acceptance in turn order. In large
        spaces blocks are short (16, 32, then 64 steps) so that a negotiation ending early
        never plans, or sorts the texts for, its late low-aspiration steps; small spaces
        are planned in one block. Gives exactly the offers and replies of `_step`.
        """
        end = state.step + min(n_round_steps, self.n_steps - state.step)
        # Sorting a small space is cheaper than a second block: plan it whole.
        size = end - state.step if situation.space.n_outcomes <= PLAN_WHOLE_UP_TO else 16
        while state.step < end:
            n = min(size, end - state.step)
            state, agreed = self._scheduled_block(state, n, situation, views, drafts)
            if agreed is not None:
                return state, agreed
            size = min(2 * size, 64)
        return state, None

    def _scheduled_block(
        self,
        state: OffersState,
        n: int,
        situation: Situation,
        views: dict[str, PartyView],
        drafts: list[Draft | ScheduledBlock],
    ) -> tuple[OffersState, int | None]:
        first, second = self.order
        clocks = {p: s for p, s in self.strategies.items() if isinstance(s, TimeBased)}
        times = [(k + 1) / (self.n_steps + 1) for k in range(state.step, state.step + n)]
        plan = {p: clocks[p].schedule(views[p], times) for p in self.order}
        standing = np.array([-1 if state.current is None else state.current, *plan[second][1][:-1]])
        first_accepts = _accepts(views[first], clocks[first], plan[first][0], standing)
        first_accepts[standing < 0] = False
        second_accepts = _accepts(views[second], clocks[second], plan[second][0], plan[first][1])
        moves = np.column_stack([first_accepts, second_accepts]).reshape(-1)
        stop = int(np.argmax(moves)) if moves.any() else 2 * n
        offers = (plan[first][1], plan[second][1])
        drafts.append(
            ScheduledBlock(
                situation,
                state.step,
                state.current is not None,
                (first, second),
                offers,
                moves,
                stop,
            )
        )
        if stop < 2 * n:
            j, by_second = divmod(stop, 2)
            agreed = int(plan[first][1][j]) if by_second else int(standing[j])
            return replace(state, step=state.step + j + 1, current=agreed, n_acceptances=2), agreed
        last = int(plan[second][1][-1])
        return replace(
            state, step=state.step + n, current=last, proposer=second, n_acceptances=1
        ), None

    def _step(
        self,
        state: OffersState,
        situation: Situation,
        views: dict[str, PartyView],
        drafts: list[Draft | ScheduledBlock],
    ) -> tuple[OffersState, int | None]:
        turn_time = (state.step + 1) / (self.n_steps + 1)
        n_parties = len(self.order)
        for position, party in enumerate(self.order):
            view = replace(views[party], history=state.history)
            turn = Turn(turn_time, n_parties * state.step + position, n_parties * self.n_steps)
            strategy = self.strategies[party]
            if state.current is not None:
                accepts = strategy.respond(view, turn, state.current)
                last_draft(drafts).replies.append(
                    Reply(
                        party,
                        "accept" if accepts else "reject",
                        margin(situation, party, state.current),
                    )
                )
                if accepts:
                    state = replace(state, n_acceptances=state.n_acceptances + 1)
                    if state.n_acceptances == n_parties:
                        return replace(state, step=state.step + 1), state.current
                    continue
            offer = strategy.propose(view, turn)
            state = replace(
                state,
                current=offer,
                proposer=party,
                n_acceptances=1,
                history=(*state.history, (party, offer)),
            )
            drafts.append(Draft(state.step, party, offer, situation))
        return replace(state, step=state.step + 1), None

    def _prepare_games(
        self, situation: Situation, views: dict[str, PartyView], version: int, step: int
    ) -> None:
        players = [s for s in self.strategies.values() if isinstance(s, SubgamePerfect)]
        if not players:
            return
        order = [situation.parties.index(p) for p in self.order]
        first, second = situation.parties
        game = GameView(
            (first, second),
            situation.values,
            situation.reservation_values,
            (views[first].candidates, views[second].candidates),
            turn_proposers(order, max(1, self.n_steps - step)),
            version,
        )
        for player in players:
            player.start(game, turn_offset=len(order) * step)


def _accepts(
    view: PartyView, strategy: TimeBased, lows: np.ndarray, offers: np.ndarray
) -> np.ndarray:
    """Whether a time-based party accepts each offer (code -1: no offer) at its band edge."""
    assert view.is_allowed is not None
    codes = np.maximum(offers, 0)
    high = strategy.band(view, 1.0)[1]
    value = view.values[codes]
    return np.asarray(view.is_allowed[codes] & (value >= lows) & (value <= high))


@dataclass(frozen=True)
class ScheduledBlock:
    """The moves of a scheduled round, expanded into drafts only when read."""

    situation: Situation
    start_step: int
    has_standing: bool
    order: tuple[str, str]
    offers: tuple[np.ndarray, np.ndarray]
    moves: np.ndarray
    stop: int

    def expand(self, drafts: list[Draft]) -> None:
        """Append this round's offers and replies to `drafts` (after the earlier ones)."""
        first, second = self.order
        for move in range(min(self.stop + 1, len(self.moves))):
            j, by_second = divmod(move, 2)
            if not by_second and j == 0 and not self.has_standing:
                drafts.append(Draft(self.start_step, first, int(self.offers[0][0]), self.situation))
                continue
            responder = second if by_second else first
            code = int(self.offers[0][j]) if by_second else drafts[-1].code
            accepted = bool(self.moves[move])
            drafts[-1].replies.append(
                Reply(
                    responder,
                    "accept" if accepted else "reject",
                    margin(self.situation, responder, code),
                )
            )
            if accepted:
                return
            drafts.append(
                Draft(
                    self.start_step + j,
                    responder,
                    int(self.offers[1 if by_second else 0][j]),
                    self.situation,
                )
            )


def expand_drafts(drafts: Sequence[Draft | ScheduledBlock]) -> list[Draft]:
    """Return the drafts with every scheduled block expanded, in order."""
    expanded: list[Draft] = []
    for item in drafts:
        if isinstance(item, ScheduledBlock):
            item.expand(expanded)
        else:
            expanded.append(item)
    return expanded
