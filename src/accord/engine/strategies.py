"""Negotiation strategies: how a party proposes and when it accepts, in every draw at once.

A strategy sees a party's `Stance` in a round: its own values over the texts (trust- and
audience-adjusted, see `accord.situation.evaluation`), its reservation value, the texts
it may propose or accept (feasible, consented to by the guarantors, clear of its own red
lines) and, for history-dependent strategies, the public offers. It never sees another
party's values, except `subgame_perfect`, which by definition assumes complete
information. Strategies hold only their parameters (one per draw where a parameter is
uncertain); everything they use is passed in.

- time_based: aspiration a(t) = 1 − t^e (e = 4 Boulware, 1 linear, 0.25 conceder, or a
  given `exponent`), mapped onto [floor, best] with floor = max(worst value, r). The
  acceptance band is [floor + (best − floor)·a(t) − 1e-4, best]; it offers the text with
  the smallest value in the band (a text up to 1e-6 below the band wins if strictly
  closer to its edge) and accepts any text in the band: NegMAS 0.16's time-based
  negotiators, offer for offer (docs/interop/negmas-sao.md). With `offer: best_for_others`
  it offers instead, among the texts in its band, the one its model of the others values
  most (a frequency model of their offers: an option's estimated value is the share of
  their offers that contain it; ties go to the NegMAS choice).
- tit_for_tat: opens with its best text; then concedes, in its own values, as much as the
  other side's last move gained it (relative tit-for-tat, Faratin, Sierra & Jennings
  1998), never below its reservation value; accepts a text worth at least what it would
  offer next.
- hardliner: always offers its best text; accepts only a text worth as much.
- reservation (the single text's default): offers its best text; accepts any text worth
  its reservation value.
- subgame_perfect: the equilibrium of finite bilateral alternating offers with per-party
  discount factors, by backward induction over the turns (Rubinstein 1982; Ståhl 1972):
  at the last turn the responder accepts anything worth its reservation value; at every
  earlier turn the responder accepts a text worth at least δ times its continuation
  value and the proposer offers its best such text, or stalls if waiting is worth more.

In the mediated single text a party's strategy sets only its acceptance threshold
(`threshold`): the reservation value, its best value, or a time-based aspiration.

Every strategy is deterministic: the same stance and history give the same move. Ties go
to the lowest outcome code.

References:
    Faratin, Sierra & Jennings (1998), "Negotiation decision functions for autonomous
    agents", Robotics and Autonomous Systems 24(3-4): 159–182.
    Rubinstein (1982), "Perfect equilibrium in a bargaining model", Econometrica 50(1).
    Ståhl (1972), Bargaining Theory, Stockholm School of Economics.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from accord.engine._ranking import Ranking, first_best, take_rows
from accord.engine.history import OfferHistory
from accord.scenario import process
from accord.situation.draws import Draws
from accord.situation.evaluation import PartyValues

__all__ = [
    "BAND_TOLERANCE",
    "CURVE_EXPONENTS",
    "Clock",
    "Hardliner",
    "Reservation",
    "Stance",
    "Strategy",
    "SubgamePerfect",
    "TimeBased",
    "TitForTat",
    "make_strategy",
    "solve_alternating_offers",
]

CURVE_EXPONENTS = {"boulware": 4.0, "linear": 1.0, "conceder": 0.25}
# NegMAS's band starts this far (in utility units) below the aspiration level.
BAND_TOLERANCE = 1e-4
# A text worth its threshold up to this is worth it (hardliner, tit-for-tat, equilibrium).
VALUE_TOLERANCE = 1e-12

NO_TEXT = -1


@dataclass(frozen=True)
class Stance:
    """What one party knows in a round, in every draw.

    Attributes:
        party: the party's index among the negotiating parties.
        valued: its values V_i of the texts (`values`), made where they are read.
        allowed: `(n_draws, n_texts)` texts it may propose or accept (those of
            `valued`'s evaluation, `Evaluation.allowed`).
        reservation_values: `(n_draws,)`.

    Its best and worst values are read off its cells' hull (`accord.situation.ranges`).
    Where it may accept few texts (`few_pairs`), its best text, its ranking and the
    values of texts offered are read at those alone; its whole table of values is made
    only for a rule that reads every text.
    """

    party: int
    valued: PartyValues
    allowed: np.ndarray
    reservation_values: np.ndarray

    @property
    def values(self) -> np.ndarray:
        """`(n_draws, n_texts)` its values V_i of the texts, read-only."""
        return self.valued.table

    @cached_property
    def allowed_pairs(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The flat positions of its allowed texts and their values, where few; else None."""
        return self.valued.allowed_pairs(self.allowed)

    @property
    def value_groups(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Its allowed texts by commitment cell, with its highest value in each."""
        return self.valued.value_groups

    def entry_values(self, entries: np.ndarray) -> np.ndarray:
        """Its values at the flat (draw, text) positions `entries`."""
        return self.valued.at(entries)

    @cached_property
    def allowed_values(self) -> np.ndarray:
        """`(n_draws, n_texts)` its values of the texts it may accept, −inf elsewhere."""
        return np.where(self.allowed, self.values, -np.inf)

    @cached_property
    def best(self) -> np.ndarray:
        """`(n_draws,)` its best value among its texts (−inf where it has none)."""
        return self.valued.best

    @cached_property
    def floor(self) -> np.ndarray:
        """`(n_draws,)` max(its worst value among its texts, its reservation value)."""
        return np.asarray(np.maximum(self.valued.worst, self.reservation_values))

    @cached_property
    def best_text(self) -> np.ndarray:
        """`(n_draws,)` its best text (lowest code on ties; −1 where it has none)."""
        pairs = self.allowed_pairs
        if pairs is None:
            return first_best(self.allowed_values, self.allowed)
        entries, values = pairs
        n_draws, n_texts = self.allowed.shape
        # The pairs come row by row in code order: a row's first best pair is its text.
        tops = entries[values == self.best[entries // n_texts]]
        draws = tops // n_texts
        first = np.ones(tops.size, dtype=bool)
        first[1:] = draws[1:] != draws[:-1]
        chosen = np.full(n_draws, -1, dtype=np.int64)
        chosen[draws[first]] = tops[first] - draws[first] * n_texts
        return chosen

    def ranking(self, lows: np.ndarray) -> Ranking:
        """Its texts worth at least its reservation value, by value, for band edges `lows`."""
        return Ranking.of(self, self.allowed, self.reservation_values, lows, self.best)

    def rows(self, draws: slice | np.ndarray) -> Stance:
        """The same stance in the draws `draws` only (itself, with what it has computed, if all).

        `draws` is a slice or the draws' indices.
        """
        n_draws = self.allowed.shape[0]
        if isinstance(draws, slice) and range(n_draws)[draws] == range(n_draws):
            return self
        return Stance(
            self.party,
            self.valued.rows(draws),
            self.allowed[draws],
            self.reservation_values[draws],
        )

    def at(self, texts: np.ndarray) -> np.ndarray:
        """`(n_draws, m)` its values of the texts `texts` `(n_draws, m)` (−1 reads any one)."""
        n_draws, n_texts = self.allowed.shape
        entries = np.maximum(texts, 0) + (np.arange(n_draws) * n_texts)[:, None]
        return self.valued.at(entries.reshape(-1)).reshape(texts.shape)

    def value_of(self, texts: np.ndarray) -> np.ndarray:
        """`(n_draws, ...)` its values of the given texts (−inf for no text)."""
        flat = texts.reshape(texts.shape[0], -1)
        return np.where(flat >= 0, self.at(flat), -np.inf).reshape(texts.shape)

    def may_accept(self, texts: np.ndarray) -> np.ndarray:
        """`(n_draws, ...)` whether it may accept each text at all."""
        flat = texts.reshape(texts.shape[0], -1)
        found = take_rows(self.allowed, np.maximum(flat, 0))
        return (found & (flat >= 0)).reshape(texts.shape)


@dataclass(frozen=True)
class Clock:
    """The talks' clock: step k of `n_steps` in all happens at t = (k + 1) / (n_steps + 1)."""

    n_steps: int

    def times(self, steps: Sequence[int]) -> list[float]:
        """Relative times of the given steps, as NegMAS computes them."""
        return [(k + 1) / (self.n_steps + 1) for k in steps]


@dataclass(frozen=True)
class Plan:
    """A clock-driven party's moves over some steps.

    Attributes:
        offers: `(n_draws, n_steps)` the text it offers at each step.
        accepts: `texts (n_draws, n_steps)` → whether it accepts each at that step.
    """

    offers: np.ndarray
    accepts: Callable[[np.ndarray], np.ndarray]


class Strategy:
    """How a party proposes and responds. Clock-driven strategies move by the clock alone.

    A strategy that `keeps_to_reservation` accepts only texts worth its reservation value
    and offers only texts worth it up to `NEAR_TOLERANCE`, or its best text where it may
    accept none worth it: an alternating-offers round between two such parties cannot end
    in agreement where no text is worth that much to both (`AlternatingOffers`).
    """

    clock_driven = True
    keeps_to_reservation = False

    def rows(self, draws: slice | np.ndarray) -> Strategy:
        """The same strategy in the draws `draws` (a slice, or indices) only."""
        return self

    def threshold(self, stance: Stance, clock: Clock, steps: Sequence[int]) -> np.ndarray:
        """`(n_draws, n_steps)` the least value the party accepts (for mediated drafts)."""
        return np.repeat(stance.reservation_values[:, None], len(steps), axis=1)

    def offers(self, stance: Stance, clock: Clock, steps: Sequence[int]) -> np.ndarray:
        """`(n_draws, n_steps)` the text offered at each step (clock-driven strategies)."""
        return np.repeat(stance.best_text[:, None], len(steps), axis=1)

    def accepts(
        self, stance: Stance, clock: Clock, steps: Sequence[int], texts: np.ndarray
    ) -> np.ndarray:
        """`(n_draws, n_steps)` whether the party accepts `texts[:, j]` at `steps[j]`."""
        floor = self.threshold(stance, clock, steps) - VALUE_TOLERANCE
        return np.asarray(stance.may_accept(texts) & (stance.value_of(texts) >= floor))

    def plan(self, stance: Stance, clock: Clock, steps: Sequence[int]) -> Plan:
        """The offers at `steps` and the acceptance at each (clock-driven strategies)."""
        return Plan(
            self.offers(stance, clock, steps),
            lambda texts: self.accepts(stance, clock, steps, texts),
        )

    def propose_after(
        self, stance: Stance, clock: Clock, step: int, history: OfferHistory
    ) -> np.ndarray:
        """`(n_draws,)` the text offered at `step`, given the offers so far."""
        return self.offers(stance, clock, [step])[:, 0]

    def accepts_after(
        self, stance: Stance, clock: Clock, step: int, history: OfferHistory, texts: np.ndarray
    ) -> np.ndarray:
        """`(n_draws,)` whether the party accepts `texts` at `step`, given the offers so far."""
        return self.accepts(stance, clock, [step], texts[:, None])[:, 0]


class Reservation(Strategy):
    """Offer the best text; accept anything worth the reservation value."""

    def accepts(
        self, stance: Stance, clock: Clock, steps: Sequence[int], texts: np.ndarray
    ) -> np.ndarray:
        """Accept a text worth at least the reservation value."""
        floor = stance.reservation_values[:, None]
        return np.asarray(stance.may_accept(texts) & (stance.value_of(texts) >= floor))


class Hardliner(Strategy):
    """Offer the best text; accept only a text worth as much."""

    def threshold(self, stance: Stance, clock: Clock, steps: Sequence[int]) -> np.ndarray:
        """The best value, at every step."""
        return np.repeat(stance.best[:, None], len(steps), axis=1)


@dataclass(frozen=True)
class TimeBased(Strategy):
    """Aspiration a(t) = 1 − t^e from the best value down to the floor.

    Attributes:
        exponents: `(n_draws,)` the curve's exponent e in each draw.
        for_others: offer the text in the band that the others value most (by a frequency
            model of their offers) instead of the least valuable one.
    """

    exponents: np.ndarray
    for_others: bool = False
    # Its band lies at or above the floor, and its offers within `NEAR_TOLERANCE` of the band.
    keeps_to_reservation = True

    @property
    def clock_driven(self) -> bool:  # type: ignore[override]
        """A frequency model of the others' offers depends on the history."""
        return not self.for_others

    def rows(self, draws: slice | np.ndarray) -> TimeBased:
        """The same strategy in the draws `draws` only."""
        return TimeBased(self.exponents[draws], self.for_others)

    def aspirations(self, clock: Clock, steps: Sequence[int]) -> np.ndarray:
        """`(n_draws, n_steps)` a(t) = 1 − t^e with C `pow`, as NegMAS computes it.

        `(1, n_steps)` when every draw has the same exponent (it broadcasts alike).
        """
        unique = tuple(sorted(set(self.exponents.tolist())))
        table = _aspiration_table(clock, tuple(steps), unique)
        return table if len(unique) == 1 else table[np.searchsorted(unique, self.exponents)]

    def band(
        self, stance: Stance, clock: Clock, steps: Sequence[int]
    ) -> tuple[np.ndarray, np.ndarray]:
        """The acceptance band: `(n_draws, n_steps)` lower edges, `(n_draws,)` upper edges."""
        best, floor = stance.best[:, None], stance.floor[:, None]
        # A party with no text it may accept (best −inf) has an empty band.
        has_texts = np.isfinite(best)
        best, floor = np.where(has_texts, best, np.inf), np.where(has_texts, floor, np.inf)
        span = np.subtract(best, floor, out=np.zeros_like(best), where=has_texts)
        # In place: the same operations, in the same order, on one array.
        low = span * self.aspirations(clock, steps)
        low += floor
        low -= BAND_TOLERANCE
        np.minimum(best, low, out=low)
        np.maximum(floor, low, out=low)
        high = (span * 1.0 + floor) + BAND_TOLERANCE
        return low, np.maximum(floor, np.minimum(best, high))[:, 0]

    def threshold(self, stance: Stance, clock: Clock, steps: Sequence[int]) -> np.ndarray:
        """The band's lower edge."""
        return self.band(stance, clock, steps)[0]

    def offers(self, stance: Stance, clock: Clock, steps: Sequence[int]) -> np.ndarray:
        """The least valuable text inside the band (NegMAS's choice)."""
        return _least_in_band(stance, self.band(stance, clock, steps)[0])

    def accepts(
        self, stance: Stance, clock: Clock, steps: Sequence[int], texts: np.ndarray
    ) -> np.ndarray:
        """Accept a text inside the band."""
        return _in_band(stance, self.band(stance, clock, steps), texts)

    def plan(self, stance: Stance, clock: Clock, steps: Sequence[int]) -> Plan:
        """Offers and acceptance over `steps`, from one computation of the band."""
        band = self.band(stance, clock, steps)
        return Plan(_least_in_band(stance, band[0]), lambda texts: _in_band(stance, band, texts))

    def propose_after(
        self, stance: Stance, clock: Clock, step: int, history: OfferHistory
    ) -> np.ndarray:
        """Offer by the clock, or the band's text the others' offers suggest they value most."""
        least = self.offers(stance, clock, [step])[:, 0]
        if not self.for_others:
            return least
        low, high = self.band(stance, clock, [step])
        in_band = stance.allowed & (stance.values >= low) & (stance.values <= high[:, None])
        score = np.where(in_band, history.frequency_values(stance.party), -np.inf)
        tied = score == score.max(axis=1, keepdims=True)
        # Ties in the model go to the NegMAS choice when it is among them, else the lowest code.
        keeps_least = take_rows(tied, np.maximum(least, 0)[:, None])[:, 0]
        chosen = np.where(keeps_least, least, np.argmax(tied, axis=1))
        return np.where(in_band.any(axis=1), chosen, least)


@functools.lru_cache(maxsize=64)
def _aspiration_table(
    clock: Clock, steps: tuple[int, ...], exponents: tuple[float, ...]
) -> np.ndarray:
    """`(n_exponents, n_steps)` a(t) = 1 − t^e, read-only (every block and group asks again)."""
    times = clock.times(steps)
    table = np.array([[1.0 - math.pow(t, e) for t in times] for e in exponents])
    table = table.reshape(len(exponents), len(times))
    table.flags.writeable = False
    return table


def _least_in_band(stance: Stance, lows: np.ndarray) -> np.ndarray:
    """`(n_draws, n_steps)` the least valuable text at or above each band edge."""
    ranking = stance.ranking(lows)
    # A draw without a text worth its reservation value offers its best text instead.
    none = np.flatnonzero(ranking.n_rational == 0)
    edges = lows
    if none.size:
        edges = lows.copy()
        edges[none] = 0.0
    chosen = ranking.least_at_or_above(edges)
    if none.size:
        chosen[none] = stance.best_text[none, None]
    return chosen


def _in_band(stance: Stance, band: tuple[np.ndarray, np.ndarray], texts: np.ndarray) -> np.ndarray:
    """`(n_draws, n_steps)` whether each text lies inside the band of its step."""
    low, high = band
    # No text (−1) reads another entry, masked below.
    value = stance.at(texts)
    inside = texts >= 0
    inside &= take_rows(stance.allowed, texts)
    inside &= value >= low
    inside &= value <= high[:, None]
    return inside


class TitForTat(Strategy):
    """Concede in own values as much as the other side's last move gained it."""

    clock_driven = False

    def _target(self, stance: Stance, history: OfferHistory) -> np.ndarray:
        me = stance.party
        own_last = history.last[:, me]
        rows = np.arange(own_last.size)
        other = np.maximum(history.recent_other[:, me], 0)
        last, before = history.last[rows, other], history.previous[rows, other]
        mirrored = (history.recent_other[:, me] >= 0) & (before >= 0)
        values = stance.values
        gain = values[rows, np.maximum(last, 0)] - values[rows, np.maximum(before, 0)]
        target = values[rows, np.maximum(own_last, 0)]
        target = np.where(mirrored, target - np.maximum(0.0, gain), target)
        bounded = np.maximum(stance.reservation_values, np.minimum(stance.best, target))
        return np.where(own_last >= 0, bounded, stance.best)

    def propose_after(
        self, stance: Stance, clock: Clock, step: int, history: OfferHistory
    ) -> np.ndarray:
        """Offer the least valuable text worth at least the target."""
        target = self._target(stance, history)
        eligible = stance.allowed & (stance.values >= target[:, None] - VALUE_TOLERANCE)
        least = np.argmin(np.where(eligible, stance.values, np.inf), axis=1)
        return np.where(eligible.any(axis=1), least, stance.best_text)

    def accepts_after(
        self, stance: Stance, clock: Clock, step: int, history: OfferHistory, texts: np.ndarray
    ) -> np.ndarray:
        """Accept a text worth at least what it would offer next."""
        planned = self.propose_after(stance, clock, step, history)
        planned_value = stance.value_of(planned[:, None])[:, 0]
        value = stance.value_of(texts[:, None])[:, 0]
        worth = (value >= stance.reservation_values) & (value >= planned_value - VALUE_TOLERANCE)
        return np.asarray(stance.may_accept(texts[:, None])[:, 0] & worth)


@dataclass(frozen=True)
class GamePlan:
    """Backward-induction plan of one draw: per answerable turn, the offer and the bar."""

    offers: np.ndarray  # (n_turns,) text, −1 where the proposer stalls
    bars: np.ndarray  # (n_turns,) the responder's bar, in its undiscounted values


@dataclass(frozen=True)
class SubgamePerfect(Strategy):
    """Equilibrium play of finite bilateral alternating offers (complete information).

    The protocol solves the game at the start of each round (`solve_alternating_offers`)
    and hands each party a copy holding the plans (`for_round`).

    Attributes:
        discounts: `(n_draws,)` this party's per-turn discount factor δ in each draw.
        plans: one `GamePlan` per draw for the current round.
        first_step: the round's first step.
        position: this party's place in the turn order (0 or 1).
    """

    discounts: np.ndarray
    plans: tuple[GamePlan, ...] = ()
    first_step: int = 0
    position: int = 0

    def for_round(
        self, plans: tuple[GamePlan, ...], first_step: int, position: int
    ) -> SubgamePerfect:
        """This strategy with the round's solved plans."""
        return SubgamePerfect(self.discounts, plans, first_step, position)

    def rows(self, draws: slice | np.ndarray) -> SubgamePerfect:
        """The same strategy in the draws `draws` (a slice, or indices) only."""
        if isinstance(draws, slice):
            plans = self.plans[draws]
        else:
            plans = tuple(self.plans[d] for d in draws.tolist())
        return SubgamePerfect(self.discounts[draws], plans, self.first_step, self.position)

    def _turns(self, steps: Sequence[int], shift: int) -> np.ndarray:
        return np.array([2 * (k - self.first_step) + self.position - shift for k in steps])

    def offers(self, stance: Stance, clock: Clock, steps: Sequence[int]) -> np.ndarray:
        """Offer the equilibrium text of each of its turns (its best text to stall)."""
        turns = self._turns(steps, 0)
        planned = np.stack([_at_turns(p.offers, turns, NO_TEXT) for p in self.plans])
        return np.where(planned >= 0, planned, stance.best_text[:, None])

    def accepts(
        self, stance: Stance, clock: Clock, steps: Sequence[int], texts: np.ndarray
    ) -> np.ndarray:
        """Accept a text worth at least the discounted continuation value."""
        turns = self._turns(steps, 1)
        bars = np.stack([_at_turns(p.bars, turns, np.nan) for p in self.plans])
        value = stance.value_of(texts)
        worth = np.where(
            np.isnan(bars),
            value >= stance.reservation_values[:, None],
            value >= bars - VALUE_TOLERANCE,
        )
        return np.asarray(stance.may_accept(texts) & worth)


def _at_turns(plan: np.ndarray, turns: np.ndarray, missing: float) -> np.ndarray:
    """`plan[turns]`, with `missing` for turns outside the plan."""
    inside = (turns >= 0) & (turns < plan.size)
    result = np.full(turns.shape, missing, dtype=plan.dtype)
    result[inside] = plan[turns[inside]]
    return result


def solve_alternating_offers(
    values: np.ndarray,
    reservation_values: np.ndarray,
    shared: np.ndarray,
    proposers: Sequence[int],
    discounts: np.ndarray,
) -> GamePlan:
    """Solve one draw's finite game backwards.

    Args:
        values: `(n_texts, 2)` both parties' values.
        reservation_values: `(2,)`.
        shared: `(n_texts,)` texts both may accept.
        proposers: index (0 or 1) of the party proposing at each answerable turn.
        discounts: `(2,)` per-turn discount factors.
    """
    n_turns = len(proposers)
    continuation = reservation_values.astype(float).copy()
    offers = np.full(n_turns, NO_TEXT, dtype=np.int64)
    bars = np.zeros(n_turns)
    codes = np.flatnonzero(shared)
    candidates = values[codes]
    for tau in range(n_turns - 1, -1, -1):
        proposer = proposers[tau]
        responder = 1 - proposer
        waiting = discounts * continuation if tau < n_turns - 1 else continuation.copy()
        bars[tau] = float(waiting[responder])
        own = np.where(
            candidates[:, responder] >= waiting[responder] - VALUE_TOLERANCE,
            candidates[:, proposer],
            -np.inf,
        )
        best = int(np.argmax(own)) if codes.size else -1
        if best >= 0 and own[best] >= waiting[proposer] - VALUE_TOLERANCE:
            offers[tau] = int(codes[best])
            continuation = candidates[best].astype(float).copy()
        else:
            continuation = waiting
    return GamePlan(offers, bars)


def make_strategy(spec: process.Strategy | None, draws: Draws, *, default: str) -> Strategy:
    """Build the strategy a scenario declares (or the protocol's default) for a block."""
    if spec is None:
        if default == "reservation":
            return Reservation()
        return TimeBased(np.ones(draws.n_draws))
    if isinstance(spec, process.TimeBased):
        if spec.curve:
            exponents = np.full(draws.n_draws, CURVE_EXPONENTS[spec.curve])
        else:
            exponents = draws.read(spec.exponent)
        return TimeBased(exponents, for_others=spec.offer == "best_for_others")
    if isinstance(spec, process.TitForTat):
        return TitForTat()
    if isinstance(spec, process.Hardliner):
        return Hardliner()
    return SubgamePerfect(draws.read(spec.discount))
