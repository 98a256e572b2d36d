"""Stacked alternating offers (the SAO protocol of NegMAS 0.16), in every draw at once.

One step is a full turn of every party in `order`. At its turn a party answers the
standing offer and, if it rejects it (or there is none), makes its own offer, which
counts as its acceptance; a text is agreed when every other party, one after another,
accepts it. Relative time in step k (counted over all rounds) is t = (k + 1) / (n + 1)
for n scheduled steps in all. docs/interop/negmas-sao.md gives the semantics in detail.

A round is played turn by turn (`_turn`, the one rule). When two parties both move by the
clock alone (time-based, hardliner, reservation, equilibrium play), every turn until the
first acceptance is "reject the previous offer and make one's own": the round's offers
are then known in advance, and the turns are skipped to the first acceptance in one
vectorised step (`_resolved_round`). That skip is exact, not a second protocol: the
first acceptance it finds is played by the same rule.

References:
    Aydoğan et al. (2020), "Challenges and main results of the automated negotiating
    agents competition (ANAC) 2019" (the SAO protocol).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from accord.engine._ranking import NEAR_TOLERANCE
from accord.engine.history import OfferHistory
from accord.engine.person import Person, next_moves
from accord.engine.recorder import OffersBlock, TranscriptRecorder
from accord.engine.strategies import (
    Clock,
    Stance,
    Strategy,
    SubgamePerfect,
    solve_alternating_offers,
)
from accord.engine.transcript import Reply
from accord.situation.evaluation import Evaluation, PartyValues, worth_reservation
from accord.situation.model import Model

__all__ = ["AlternatingOffers", "OffersState", "RoundResult", "stances"]

# Measured on bilateral time-based offers over 125 texts and 100 steps (bench/sweep.py):
# 256 draws' rounds (draws × steps) stay in a core's cache; 128 or 512 run slower.
PLAN_DRAWS = 256


@dataclass(frozen=True)
class OffersState:
    """Where stacked alternating offers stand between rounds, in every draw.

    Attributes:
        standing: `(n_draws,)` the standing offer (−1: none).
        n_acceptances: `(n_draws,)` parties that accept it so far (its proposer included).
        history: the offers so far, for strategies that read them.
    """

    standing: np.ndarray
    n_acceptances: np.ndarray
    history: OfferHistory


@dataclass(frozen=True)
class _RowsState:
    """Some draws' standing offers, acceptances, agreements and their steps (updated in place)."""

    standing: np.ndarray
    count: np.ndarray
    agreed: np.ndarray
    at: np.ndarray


def _would_consider(view: Stance, texts: np.ndarray) -> np.ndarray:
    """`(n_draws,)` whether the party may accept `texts` and values it at r_i − `NEAR_TOLERANCE`."""
    texts = texts[:, None]
    worth = worth_reservation(view.value_of(texts)[:, 0], view.reservation_values, NEAR_TOLERANCE)
    return np.asarray(view.may_accept(texts)[:, 0] & worth)


def _blocks(rows: np.ndarray) -> list[slice | np.ndarray]:
    """The draws marked in `rows`, `PLAN_DRAWS` at a time: slices where all are marked."""
    if rows.all():
        return [slice(start, start + PLAN_DRAWS) for start in range(0, rows.size, PLAN_DRAWS)]
    marked = np.flatnonzero(rows)
    return [marked[start : start + PLAN_DRAWS] for start in range(0, marked.size, PLAN_DRAWS)]


def _first_of(rows: slice | np.ndarray) -> int:
    """The first draw of a block."""
    return int(rows.start or 0) if isinstance(rows, slice) else int(rows[0])


@dataclass(frozen=True)
class RoundResult:
    """What a round decided: `(n_draws,)` agreed texts (−1: none) and their steps."""

    agreed: np.ndarray
    steps: np.ndarray


def stances(evaluation: Evaluation) -> list[Stance]:
    """Each negotiating party's stance in a situation."""
    return [
        Stance(
            i,
            PartyValues.of(evaluation, i),
            evaluation.allowed(i),
            evaluation.reservation_values[:, i],
        )
        for i in range(len(evaluation.model.parties))
    ]


class AlternatingOffers:
    """Stacked alternating offers over `clock.n_steps` steps in all."""

    def __init__(
        self,
        model: Model,
        order: Sequence[int],
        strategies: Sequence[Strategy],
        clock: Clock,
        *,
        people: Sequence[Person] = (),
    ) -> None:
        self.model = model
        self.order = tuple(order)
        self.strategies = tuple(strategies)
        self.clock = clock
        self.people = {p.party: p for p in people}
        self._kept: tuple[Evaluation, list[Stance]] | None = None

    def start(self) -> OffersState:
        """No offer yet."""
        n_draws = self.model.n_draws
        return OffersState(
            np.full(n_draws, -1, dtype=np.int64),
            np.zeros(n_draws, dtype=np.int64),
            OfferHistory.empty(n_draws, len(self.model.parties), self.model.digits),
        )

    def play_round(
        self,
        state: OffersState,
        evaluation: Evaluation,
        steps: range,
        live: np.ndarray,
        recorder: TranscriptRecorder | None,
        *,
        read_later: bool = True,
    ) -> tuple[OffersState, RoundResult]:
        """Play the round's steps in the draws `live`; return the new state and agreements.

        `read_later`: a later round reads the state (the offer left standing in each draw).
        """
        views = self._stances_of(evaluation)
        strategies = self._for_round(evaluation, views, steps.start)
        if not self.people and len(self.order) == 2 and all(s.clock_driven for s in strategies):
            return self._resolved_round(
                state, evaluation, views, strategies, steps, live, recorder, read_later=read_later
            )
        return self._turn_by_turn(state, evaluation, views, strategies, steps, live, recorder)

    def _stances_of(self, evaluation: Evaluation) -> list[Stance]:
        """The parties' stances in `evaluation`, kept for the next round if it is the same.

        Rounds with no event between them share the situation: each party's best and
        worst texts, read off its stance, are then found once.
        """
        if self._kept is None or self._kept[0] is not evaluation:
            self._kept = (evaluation, stances(evaluation))
        return self._kept[1]

    def _for_round(
        self, evaluation: Evaluation, views: list[Stance], first_step: int
    ) -> list[Strategy]:
        """The strategies for this round: equilibrium players get the round's solved game."""
        players = [s for s in self.strategies if isinstance(s, SubgamePerfect)]
        if not players:
            return list(self.strategies)
        remaining = max(1, self.clock.n_steps - first_step)
        turns = [self.order[turn % 2] for turn in range(2 * remaining)][:-1]
        discounts = np.stack([s.discounts for s in players], axis=1)
        shared = views[0].allowed & views[1].allowed
        plans = tuple(
            solve_alternating_offers(
                evaluation.values[d],
                evaluation.reservation_values[d],
                shared[d],
                turns,
                discounts[d],
            )
            for d in range(self.model.n_draws)
        )
        return [
            s.for_round(plans, first_step, self.order.index(i))
            if isinstance(s, SubgamePerfect)
            else s
            for i, s in enumerate(self.strategies)
        ]

    def _resolved_round(
        self,
        state: OffersState,
        evaluation: Evaluation,
        views: list[Stance],
        strategies: list[Strategy],
        steps: range,
        live: np.ndarray,
        recorder: TranscriptRecorder | None,
        *,
        read_later: bool = True,
    ) -> tuple[OffersState, RoundResult]:
        """Two clock-driven parties: skip to each draw's first acceptance in the round.

        In the draws where no offer can be accepted (`_cannot_agree`) only the second
        party's last offer, which stands for the next round, is made, and only if a later
        round reads it (`read_later`; else their state is left as it stood).
        """
        agreed = np.full(live.size, -1, dtype=np.int64)
        at = np.full(live.size, -1, dtype=np.int64)
        if not len(steps):
            return state, RoundResult(agreed, at)
        standing, count = state.standing.copy(), state.n_acceptances.copy()
        quiet = live & self._cannot_agree(evaluation, views, strategies, state.standing)
        if recorder is not None:
            quiet[0] = False  # the transcript shows every offer of draw 0
        for rows in _blocks(live & ~quiet):
            blocked = _RowsState(standing[rows], count[rows], agreed[rows], at[rows])
            self._resolve_rows(
                evaluation,
                [view.rows(rows) for view in views],
                [strategy.rows(rows) for strategy in strategies],
                steps,
                live[rows],
                recorder if _first_of(rows) == 0 else None,
                blocked,
            )
            standing[rows], count[rows] = blocked.standing, blocked.count
            agreed[rows], at[rows] = blocked.agreed, blocked.at
        second = self.order[1]
        for rows in _blocks(quiet) if read_later else ():
            last = (
                strategies[second]
                .rows(rows)
                .offers(views[second].rows(rows), self.clock, steps[-1:])
            )
            standing[rows], count[rows] = last[:, 0], (last[:, 0] >= 0).astype(np.int64)
        return replace(state, standing=standing, n_acceptances=count), RoundResult(agreed, at)

    def _cannot_agree(
        self,
        evaluation: Evaluation,
        views: list[Stance],
        strategies: list[Strategy],
        standing: np.ndarray,
    ) -> np.ndarray:
        """`(n_draws,)` the draws where no offer of the round can be accepted.

        Between two parties that keep to their reservation values, an agreed text is
        worth r_i − `NEAR_TOLERANCE` to both, unless it is the best text of a party that
        may accept none worth r_i, or the offer standing from the last round. Where no
        admissible text is worth that much to both (`Evaluation.sizes_within`), and
        neither such best text nor the standing offer is worth as much to the party that
        would answer it, every offer of the round is rejected.
        """
        if len(self.model.parties) != 2 or not all(s.keeps_to_reservation for s in strategies):
            return np.zeros(standing.size, dtype=bool)
        quiet = np.asarray(evaluation.sizes_within(NEAR_TOLERANCE) == 0)
        for offering, answering in (views, views[::-1]):
            unreasonable = quiet & ~(offering.best >= offering.reservation_values)
            if unreasonable.any():
                quiet &= ~(unreasonable & _would_consider(answering, offering.best_text))
        return np.asarray(quiet & ~_would_consider(views[self.order[0]], standing))

    def _resolve_rows(
        self,
        evaluation: Evaluation,
        views: list[Stance],
        strategies: list[Strategy],
        steps: range,
        live: np.ndarray,
        recorder: TranscriptRecorder | None,
        rows: _RowsState,
    ) -> None:
        """Resolve the round in some draws, writing their results into `rows`."""
        first, second = self.order
        ks = list(steps)
        plans = [strategies[p].plan(views[p], self.clock, ks) for p in (first, second)]
        offers = [plan.offers for plan in plans]
        # Until the first acceptance, each turn's standing offer is the previous turn's offer.
        facing_first = np.column_stack([rows.standing, offers[1][:, :-1]])
        moves = np.empty((live.size, 2 * len(ks)), dtype=bool)
        moves[:, 0::2] = (facing_first >= 0) & plans[0].accepts(facing_first)
        moves[:, 1::2] = (offers[0] >= 0) & plans[1].accepts(offers[0])
        moves &= live[:, None]
        stops = np.where(moves.any(axis=1), np.argmax(moves, axis=1), moves.shape[1])
        if recorder is not None and live[0]:
            recorder.block(
                OffersBlock(
                    evaluation,
                    ks[0],
                    int(rows.standing[0]),
                    (first, second),
                    (offers[0][0], offers[1][0]),
                    moves[0],
                    int(stops[0]),
                )
            )
        j, by_second = np.divmod(stops, 2)
        done = live & (stops < moves.shape[1])
        found = np.flatnonzero(done)
        texts = np.where(
            by_second[found] == 1, offers[0][found, j[found]], facing_first[found, j[found]]
        )
        rows.agreed[found], rows.at[found] = texts, steps.start + j[found]
        going = live & ~done
        last = offers[1][:, -1]
        rows.count[going] = (last[going] >= 0).astype(np.int64)
        rows.standing[going] = last[going]

    def _turn_by_turn(
        self,
        state: OffersState,
        evaluation: Evaluation,
        views: list[Stance],
        strategies: list[Strategy],
        steps: range,
        live: np.ndarray,
        recorder: TranscriptRecorder | None,
    ) -> tuple[OffersState, RoundResult]:
        agreed = np.full(live.size, -1, dtype=np.int64)
        at = np.full(live.size, -1, dtype=np.int64)
        live = live.copy()
        for step in steps:
            for party in self.order:
                state = self._turn(
                    state, evaluation, views[party], strategies[party], step, live, agreed, recorder
                )
                newly = live & (agreed >= 0)
                at[newly] = step
                live &= ~newly
        return state, RoundResult(agreed, at)

    def _turn(
        self,
        state: OffersState,
        evaluation: Evaluation,
        view: Stance,
        strategy: Strategy,
        step: int,
        live: np.ndarray,
        agreed: np.ndarray,
        recorder: TranscriptRecorder | None,
    ) -> OffersState:
        """One party's turn: answer the standing offer; if it rejects, make its own."""
        standing = state.standing
        has = live & (standing >= 0)
        accepts = has & strategy.accepts_after(view, self.clock, step, state.history, standing)
        offers = strategy.propose_after(view, self.clock, step, state.history)
        person = self.people.get(self.model.parties[view.party])
        if person is not None and live[0]:
            (move,) = next_moves([person], "turn", step, int(standing[0]), evaluation).values()
            accepts[0] = move.accept and bool(has[0]) and bool(view.allowed[0, standing[0]])
            offers[0] = -1 if accepts[0] or move.offer is None else self._position(move.offer)
        count = np.where(accepts, state.n_acceptances + 1, state.n_acceptances)
        complete = accepts & (count == len(self.order))
        agreed[complete] = standing[complete]
        rejects = live & ~accepts
        if recorder is not None and live[0]:
            self._record(
                recorder,
                evaluation,
                view.party,
                step,
                bool(has[0]),
                bool(accepts[0]),
                int(standing[0]),
                int(offers[0]),
            )
        new_standing = np.where(rejects, offers, standing)
        count = np.where(rejects, (offers >= 0).astype(np.int64), count)
        rows = np.flatnonzero(rejects)
        history = state.history.with_offers(rows, view.party, offers[rows])
        return OffersState(new_standing, count, history)

    def _position(self, text: Mapping[str, str]) -> int:
        """The position of a text given as {issue: option} (−1: not a feasible text)."""
        code = self.model.space.code(text)
        return int(self.model.positions(np.array([code]))[0])

    def _record(
        self,
        recorder: TranscriptRecorder,
        evaluation: Evaluation,
        party: int,
        step: int,
        has: bool,
        accepted: bool,
        standing: int,
        offer: int,
    ) -> None:
        name = self.model.parties[party]
        if has:
            margin = evaluation.margin(0, standing, party)
            recorder.reply(Reply(name, "accept" if accepted else "reject", margin))
        if not accepted and offer >= 0:
            recorder.proposal(step, name, offer, evaluation)
