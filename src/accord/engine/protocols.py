"""Protocols: who proposes, who answers, and when a text is agreed.

Stacked alternating offers (`alternating_offers`, the SAO protocol of NegMAS 0.16): one
step is a full turn of every party in `order`. At its turn a party answers the standing
offer; if it rejects, it makes its own offer, which counts as its acceptance. A text is
agreed when every other party, one after another, accepts it; a rejection replaces it.
Relative time in step k (counted over all rounds) is t = (k + 1) / (n_steps + 1).

Mediated single negotiating text (`single_text`, Fisher's one-text procedure as used at
Camp David; Raiffa 1982, ch. 14): at each step the mediator drafts the feasible text that
maximises the Nash product of its *estimates* of the parties' surpluses, Π_i (û_i − r̂_i)+
(if no text has positive estimated surplus for all, the one with the largest smallest
estimated surplus), avoiding declared red lines and texts already rejected in the round.
Each party accepts if the text is worth its acceptance threshold to it (its reservation
value, or its strategy's aspiration), or else asks to amend the `n_amendments` issues
whose change would raise its value most, naming the option it wants. The mediator
learns: for a party that asked for amendments it raises the estimated weight of those
issues (× (1 + λ)) and the estimated value of the requested options (v += λ·(1 − v)),
and lowers that of the drafted options (v −= λ·v); for
a party that refused it raises the estimated reservation value towards the draft's
estimated value; for a party that accepted it lowers it to at most that value (λ the
mediator's learning rate). A text is agreed when every party accepts and every guarantor
it names consents. Estimates start from the true values with Gaussian noise of the
mediator's `noise` (drawn from the run's seeded generator).

References:
    Raiffa (1982), The Art and Science of Negotiation, Harvard University Press, ch. 14
    ("The single negotiating text").
    Aydoğan et al. (2020), "Challenges and main results of the automated negotiating
    agents competition (ANAC) 2019" (the SAO protocol).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

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
from accord.space import OutcomeSpace
from accord.utility import normalise_weights

PLAN_WHOLE_UP_TO = 65_536
"""Spaces up to this size plan a time-based round in one block."""

__all__ = ["AlternatingOffers", "Draft", "MediatorEstimates", "SingleText", "party_views"]


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


def _margin(situation: Situation, party: str, code: int) -> float:
    i = situation.parties.index(party)
    return float(situation.values[code, i] - situation.reservation_values[i])


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
                _last_draft(drafts).replies.append(
                    Reply(
                        party,
                        "accept" if accepts else "reject",
                        _margin(situation, party, state.current),
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
                    _margin(self.situation, responder, code),
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


def _last_draft(drafts: Sequence[Draft | ScheduledBlock]) -> Draft:
    last = drafts[-1]
    # A run uses one protocol path throughout, so a stepwise round never follows a block.
    assert isinstance(last, Draft)
    return last


def expand_drafts(drafts: Sequence[Draft | ScheduledBlock]) -> list[Draft]:
    """Return the drafts with every scheduled block expanded, in order."""
    expanded: list[Draft] = []
    for item in drafts:
        if isinstance(item, ScheduledBlock):
            item.expand(expanded)
        else:
            expanded.append(item)
    return expanded


@dataclass(frozen=True)
class MediatorEstimates:
    """The mediator's picture of the parties.

    Attributes:
        weights: `(n_parties, n_issues)` estimated raw weights.
        values: per issue `(n_parties, n_options)` estimated option values.
        reservation_values: `(n_parties,)` estimated reservation values.
    """

    weights: np.ndarray
    values: tuple[np.ndarray, ...]
    reservation_values: np.ndarray


def initial_estimates(
    situation: Situation, noise: float, rng: np.random.Generator
) -> MediatorEstimates:
    """Start from the true preferences blurred by Gaussian noise of sd `noise`."""
    model = situation.compiled.preferences
    weights = situation.conditions.raw_weights.copy()
    values = tuple(table.copy() for table in model.values)
    reservation = situation.reservation_values.copy()
    if noise > 0:
        weights = np.clip(weights * (1 + rng.normal(0, noise, weights.shape)), 0, None)
        values = tuple(np.clip(t + rng.normal(0, noise, t.shape), 0, 1) for t in values)
        reservation = np.clip(reservation + rng.normal(0, noise, reservation.shape), 0, 1)
    return MediatorEstimates(weights, values, reservation)


class SingleText:
    """The mediated single negotiating text."""

    def __init__(
        self,
        mediator: str,
        strategies: dict[str, Strategy],
        n_steps: int,
        n_amendments: int,
        learning_rate: float,
    ) -> None:
        self.mediator = mediator
        self.strategies = strategies
        self.n_steps = n_steps
        self.n_amendments = n_amendments
        self.learning_rate = learning_rate

    def run_round(
        self,
        estimates: MediatorEstimates,
        step: int,
        n_round_steps: int,
        situation: Situation,
        version: int,
        drafts: list[Draft | ScheduledBlock],
    ) -> tuple[MediatorEstimates, int, int | None]:
        """Run one round of drafts, appending to `drafts`; return estimates, step, agreed code."""
        rejected: set[int] = set()
        views = party_views(situation, version)
        previous = _last_draft(drafts) if drafts else None
        for _ in range(n_round_steps):
            code = self.draft(estimates, situation, rejected, previous)
            if code is None:
                break
            turn = Turn((step + 1) / (self.n_steps + 1), step, self.n_steps)
            draft = Draft(step, self.mediator, code, situation)
            drafts.append(draft)
            step += 1
            for party, view in views.items():
                draft.replies.append(self._reply(party, view, turn, code, situation))
            estimates = self.learn(estimates, situation, draft)
            if all(r.response == "accept" for r in draft.replies) and situation.consent[code]:
                return estimates, step, code
            rejected.add(code)
            previous = draft
        return estimates, step, None

    def draft(
        self,
        estimates: MediatorEstimates,
        situation: Situation,
        rejected: set[int],
        previous: Draft | None = None,
    ) -> int | None:
        """Revise the previous text on the issues the parties asked to amend; else redraft.

        The revision keeps every other issue of the previous text and picks, among the
        texts that differ only on the amended issues, the one with the largest estimated
        Nash product. With no previous text, or no admissible revision, the mediator
        drafts afresh over all texts.
        """
        allowed = situation.feasible & situation.consent & situation.acceptable.all(axis=1)
        if rejected:
            allowed[list(rejected)] = False
        if previous is not None:
            revision = allowed & _revisions(situation.space, previous)
            if revision.any():
                return self._best(estimates, situation, np.flatnonzero(revision))
        candidates = np.flatnonzero(allowed)
        return self._best(estimates, situation, candidates) if candidates.size else None

    def _best(
        self, estimates: MediatorEstimates, situation: Situation, candidates: np.ndarray
    ) -> int:
        surplus = (
            estimated_utilities(situation.space, estimates, candidates)
            - estimates.reservation_values
        )
        product = np.prod(np.clip(surplus, 0, None), axis=1)
        score = product if product.max() > 0 else surplus.min(axis=1)
        return int(candidates[np.argmax(score)])

    def _reply(
        self, party: str, view: PartyView, turn: Turn, code: int, situation: Situation
    ) -> Reply:
        margin = _margin(situation, party, code)
        threshold = self.strategies[party].threshold(view, turn)
        if view.allows(code) and view.values[code] >= threshold - 1e-12:
            return Reply(party, "accept", margin)
        wanted = amendments(situation, party, code, self.n_amendments)
        return Reply(party, "amend" if wanted else "reject", margin, wanted)

    def learn(
        self, estimates: MediatorEstimates, situation: Situation, draft: Draft
    ) -> MediatorEstimates:
        """Update the estimates from the replies to a draft."""
        rate = self.learning_rate
        space = situation.space
        weights = estimates.weights.copy()
        values = [table.copy() for table in estimates.values]
        reservation = estimates.reservation_values.copy()
        estimated = estimated_utilities(space, estimates, np.array([draft.code]))[0]
        for reply in draft.replies:
            i = situation.parties.index(reply.party)
            if reply.response == "accept":
                reservation[i] = min(reservation[i], estimated[i])
                continue
            reservation[i] += rate * max(0.0, estimated[i] + 0.01 - reservation[i])
            drafted = space.decode([draft.code])[0]
            for issue, option in reply.amendments.items():
                k = space.issues.index(issue)
                weights[i, k] *= 1 + rate
                j = space.options[k].index(option)
                values[k][i, j] += rate * (1 - values[k][i, j])
                values[k][i, drafted[k]] -= rate * values[k][i, drafted[k]]
        return MediatorEstimates(weights, tuple(values), np.clip(reservation, 0, 1))


def _revisions(space: OutcomeSpace, previous: Draft) -> np.ndarray:
    """`(n_outcomes,)` texts equal to the previous one except on the amended issues."""
    amended = {issue for reply in previous.replies for issue in reply.amendments}
    if not amended:
        return np.zeros(space.n_outcomes, dtype=bool)
    digits = space.decode([previous.code])[0]
    kept = {k: [int(digits[k])] for k, issue in enumerate(space.issues) if issue not in amended}
    return space.mask(kept)


def estimated_utilities(
    space: OutcomeSpace, estimates: MediatorEstimates, codes: np.ndarray
) -> np.ndarray:
    """Return `(len(codes), n_parties)` utilities of the texts under the mediator's estimates."""
    weights = normalise_weights(estimates.weights)
    digits = space.decode(codes)
    result = np.zeros((len(codes), weights.shape[0]))
    for k in range(space.n_issues):
        result += (estimates.values[k] * weights[:, k : k + 1]).T[digits[:, k]]
    return result


def amendments(situation: Situation, party: str, code: int, n_amendments: int) -> dict[str, str]:
    """The issues whose change would raise the party's value most, with the option wanted."""
    space = situation.space
    i = situation.parties.index(party)
    allowed = situation.feasible & situation.consent & situation.acceptable[:, i]
    digits = space.decode([code])[0]
    current = situation.values[code, i]
    gains: list[tuple[float, int, str, str]] = []
    for k, issue in enumerate(space.issues):
        variants = np.repeat(digits[None, :], space.radices[k], axis=0)
        variants[:, k] = np.arange(space.radices[k])
        codes = space.encode(variants)
        value = np.where(allowed[codes], situation.values[codes, i], -np.inf)
        best = int(np.argmax(value))
        if value[best] > current + 1e-12:
            gains.append((-(value[best] - current), k, issue, space.options[k][best]))
    gains.sort()
    return {issue: option for _, _, issue, option in gains[:n_amendments]}
