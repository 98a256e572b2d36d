"""Negotiation strategies: how a party proposes and when it accepts.

A strategy sees a `PartyView`: its own values V_i over the outcomes (trust- and
audience-adjusted, see `accord.engine.situation`), its reservation value, the texts it may
propose or accept (feasible, consented to by the guarantors, clear of its own red lines),
and the public history of offers. It never sees another party's values, except
`subgame_perfect`, which by definition assumes complete information.

- time_based: aspiration a(t) = 1 − t^e (e = 4 Boulware, 1 linear, 0.25 Conceder, or a
  given `exponent`), mapped onto [floor, best] with floor = max(worst value, r). The
  acceptance band is [floor + (best − floor)·a(t) − 1e-4, best]; it offers the outcome
  with the smallest value in the band (an outcome up to 1e-6 below the band wins if
  strictly closer to its edge) and accepts any offer in the band. These are NegMAS 0.16's
  time-based negotiators, reproduced offer for offer (docs/interop/negmas-sao.md).
- tit_for_tat: opens with its best text; then concedes, in its own values, as much as the
  other side's last move gained it (relative tit-for-tat, Faratin, Sierra & Jennings
  1998), never below its reservation value; accepts an offer worth at least what it would
  offer next.
- hardliner: always offers its best text; accepts only a text worth as much.
- subgame_perfect: the equilibrium of finite bilateral alternating offers with per-party
  discount factors, by backward induction over the turns (Rubinstein 1982; Ståhl 1972):
  at the last turn the responder accepts anything worth its reservation value; at every
  earlier turn the responder accepts a text worth at least δ times its continuation
  value and the proposer offers its best such text, or stalls if waiting is worth more.

Every strategy is deterministic: the same view and history give the same move. Ties go
to the lowest outcome code.

References:
    Faratin, Sierra & Jennings (1998), "Negotiation decision functions for autonomous
    agents", Robotics and Autonomous Systems 24(3-4): 159–182.
    Rubinstein (1982), "Perfect equilibrium in a bargaining model", Econometrica 50(1).
    Ståhl (1972), Bargaining Theory, Stockholm School of Economics.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from accord.scenario import process
from accord.utility import Resolve

__all__ = [
    "CURVE_EXPONENTS",
    "Hardliner",
    "PartyView",
    "ReservationStrategy",
    "Strategy",
    "SubgamePerfect",
    "TimeBased",
    "TitForTat",
    "Turn",
    "make_strategy",
]

CURVE_EXPONENTS = {"boulware": 4.0, "linear": 1.0, "conceder": 0.25}
BAND_TOLERANCE = 1e-4
NEAR_TOLERANCE = 1e-6


@dataclass(frozen=True)
class PartyView:
    """What one party knows at a moment.

    Attributes:
        values: `(n_outcomes,)` the party's own values V_i.
        candidates: sorted codes it may propose or accept.
        version: changes whenever the situation changes (for caches).
        is_allowed: `(n_outcomes,)` the same texts as a mask (optional).
    """

    party: str
    values: np.ndarray
    reservation_value: float
    candidates: np.ndarray
    version: int
    history: tuple[tuple[str, int], ...] = ()
    is_allowed: np.ndarray | None = None

    def best(self) -> int:
        """Return the candidate with the highest value (lowest code on ties)."""
        return int(self.candidates[np.argmax(self.values[self.candidates])])

    def allows(self, code: int) -> bool:
        """Whether the party may accept this text at all."""
        if self.is_allowed is not None:
            return bool(self.is_allowed[code])
        position = np.searchsorted(self.candidates, code)
        return bool(position < self.candidates.size and self.candidates[position] == code)


@dataclass(frozen=True)
class Turn:
    """Where a negotiation is: relative time, turn index and turns in all."""

    time: float
    index: int = 0
    n_turns: int = 1


class Strategy(ABC):
    """How a party proposes and responds."""

    complete_information = False

    @abstractmethod
    def propose(self, view: PartyView, turn: Turn) -> int:
        """Return the code of the text to offer."""

    @abstractmethod
    def respond(self, view: PartyView, turn: Turn, offer: int) -> bool:
        """Return whether to accept `offer`."""

    def threshold(self, view: PartyView, turn: Turn) -> float:
        """Return the least value the party accepts now (used for mediated drafts)."""
        return view.reservation_value


class ReservationStrategy(Strategy):
    """Offer the best text; accept anything worth the reservation value."""

    def propose(self, view: PartyView, turn: Turn) -> int:
        """Offer the best text."""
        return view.best()

    def respond(self, view: PartyView, turn: Turn, offer: int) -> bool:
        """Accept a text worth at least the reservation value."""
        return view.allows(offer) and bool(view.values[offer] >= view.reservation_value)


class _Sorted:
    """A party's admissible texts by value.

    Texts worth at least the reservation value ("rational") are sorted by value, lazily
    from the top: `ensure(threshold)` sorts those worth at least `threshold`, so a
    negotiation that ends while aspirations are high never sorts the whole space. Ties
    keep code order (a stable sort), so the result does not depend on the machine.
    """

    def __init__(self, view: PartyView) -> None:
        values = view.values[view.candidates]
        is_rational = values >= view.reservation_value
        self.rational_codes = view.candidates[is_rational]
        self.rational_values = view.values[self.rational_codes]
        self.tail_codes = view.candidates[~is_rational]
        self.tail_values = view.values[self.tail_codes]
        self.tail_max = float(self.tail_values.max()) if self.tail_values.size else -np.inf
        self.n_rational = int(self.rational_codes.size)
        self.best = float(values.max())
        self.floor = max(float(values.min()), view.reservation_value)
        self.cutoff = np.inf
        self.codes = np.zeros(0, dtype=np.int64)
        self.values = np.zeros(0)

    def ensure(self, threshold: float) -> None:
        """Make sure every rational text worth at least `threshold` is in the sorted part."""
        if threshold >= self.cutoff:
            return
        # Only the new band [threshold, cutoff) is sorted: all of it lies below the part
        # already sorted, so it goes in front.
        band = (self.rational_values >= threshold) & (self.rational_values < self.cutoff)
        chosen = np.flatnonzero(band)
        order = np.argsort(self.rational_values[chosen], kind="stable")
        self.codes = np.concatenate([self.rational_codes[chosen[order]], self.codes])
        self.values = np.concatenate([self.rational_values[chosen[order]], self.values])
        self.cutoff = threshold


class TimeBased(Strategy):
    """Aspiration a(t) = 1 − t^e from the best value down to the floor."""

    def __init__(self, exponent: float) -> None:
        self.exponent = exponent
        self._cache: dict[tuple[str, int], _Sorted] = {}

    def _sorted(self, view: PartyView) -> _Sorted:
        key = (view.party, view.version)
        if key not in self._cache:
            self._cache = {key: _Sorted(view)}
        return self._cache[key]

    def band(self, view: PartyView, time: float) -> tuple[float, float]:
        """Return the acceptance band [low, high] at relative time `time`."""
        table = self._sorted(view)
        span = table.best - table.floor
        aspiration = 1.0 - math.pow(time, self.exponent)
        low = (span * aspiration + table.floor) - BAND_TOLERANCE
        high = (span * 1.0 + table.floor) + BAND_TOLERANCE
        return (max(table.floor, min(table.best, low)), max(table.floor, min(table.best, high)))

    def propose(self, view: PartyView, turn: Turn) -> int:
        """Offer the least valuable text inside the band."""
        table = self._sorted(view)
        if table.n_rational == 0:
            return view.best()
        low, _ = self.band(view, turn.time)
        return _offer_for(table, low)

    def schedule(self, view: PartyView, times: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
        """Return, for each relative time, the band's lower edge and the text offered.

        The vectorised form of `band` and `propose` (same arithmetic, so the same bits):
        a time-based party's moves depend on the clock only, never on the other offers.
        """
        table = self._sorted(view)
        span = table.best - table.floor
        aspiration = 1.0 - np.array([math.pow(t, self.exponent) for t in times])
        lows = np.minimum(table.best, (span * aspiration + table.floor) - BAND_TOLERANCE)
        lows = np.maximum(table.floor, lows)
        if table.n_rational == 0:
            return lows, np.full(len(times), view.best(), dtype=np.int64)
        return lows, _offers_for(table, lows)

    def respond(self, view: PartyView, turn: Turn, offer: int) -> bool:
        """Accept a text inside the band."""
        if not view.allows(offer):
            return False
        low, high = self.band(view, turn.time)
        return bool(low <= view.values[offer] <= high)

    def threshold(self, view: PartyView, turn: Turn) -> float:
        """Return the band's lower edge."""
        return self.band(view, turn.time)[0]


def _offer_for(table: _Sorted, low: float) -> int:
    """The least valuable text worth at least `low`, unless one within 1e-6 below is closer.

    Values below `low` are the only ones that can be closer than the least value at or
    above it; in the sorted rational texts they sit just before it, and the texts under
    the reservation value are scanned only when they reach that far.
    """
    table.ensure(low - NEAR_TOLERANCE)
    rational = table.values
    first = min(int(np.searchsorted(rational, low, side="left")), rational.size - 1)
    code, distance = int(table.codes[first]), abs(float(rational[first]) - low)
    below = int(np.searchsorted(rational, low - NEAR_TOLERANCE, side="left"))
    if below < first and rational[first - 1] < low:
        top = float(rational[first - 1])
        if low - top < distance:
            code = int(table.codes[np.searchsorted(rational, top, side="left")])
            distance = low - top
    if table.tail_max >= low - NEAR_TOLERANCE:
        gap = np.where(
            table.tail_values >= low - NEAR_TOLERANCE, np.abs(table.tail_values - low), np.inf
        )
        j = int(np.argmin(gap))
        if gap[j] < distance:
            code = int(table.tail_codes[j])
    return code


def _offers_for(table: _Sorted, lows: np.ndarray) -> np.ndarray:
    """`_offer_for` for many band edges at once."""
    table.ensure(float(lows.min()) - NEAR_TOLERANCE)
    rational = table.values
    first = np.minimum(np.searchsorted(rational, lows, side="left"), rational.size - 1)
    codes = table.codes[first].copy()
    distance = np.abs(rational[first] - lows)
    below = np.searchsorted(rational, lows - NEAR_TOLERANCE, side="left")
    top = rational[np.maximum(first - 1, 0)]
    closer = (below < first) & (top < lows) & (lows - top < distance)
    codes[closer] = table.codes[np.searchsorted(rational, top[closer], side="left")]
    for k in np.flatnonzero(table.tail_max >= lows - NEAR_TOLERANCE):
        codes[k] = _offer_for(table, float(lows[k]))
    return codes


class TitForTat(Strategy):
    """Concede in own values as much as the other side's last move gained it."""

    def _target(self, view: PartyView) -> float:
        best = float(view.values[view.best()])
        own = [code for party, code in view.history if party == view.party]
        others = [(party, code) for party, code in view.history if party != view.party]
        if not own:
            return best
        target = float(view.values[own[-1]])
        if len(others) >= 2:
            last_party, last = others[-1]
            previous = [code for party, code in others[:-1] if party == last_party]
            if previous:
                target -= max(0.0, float(view.values[last] - view.values[previous[-1]]))
        return max(view.reservation_value, min(best, target))

    def propose(self, view: PartyView, turn: Turn) -> int:
        """Offer the least valuable text worth at least the target."""
        target = self._target(view)
        values = view.values[view.candidates]
        eligible = values >= target - 1e-12
        if not eligible.any():
            return view.best()
        return int(view.candidates[np.argmin(np.where(eligible, values, np.inf))])

    def respond(self, view: PartyView, turn: Turn, offer: int) -> bool:
        """Accept a text worth at least what it would offer next."""
        if not view.allows(offer):
            return False
        planned = float(view.values[self.propose(view, turn)])
        value = float(view.values[offer])
        return value >= view.reservation_value and value >= planned - 1e-12


class Hardliner(Strategy):
    """Offer the best text; accept only a text worth as much."""

    def propose(self, view: PartyView, turn: Turn) -> int:
        """Offer the best text."""
        return view.best()

    def respond(self, view: PartyView, turn: Turn, offer: int) -> bool:
        """Accept only the best value."""
        return view.allows(offer) and bool(view.values[offer] >= view.values[view.best()] - 1e-12)

    def threshold(self, view: PartyView, turn: Turn) -> float:
        """Return the best value."""
        return float(view.values[view.best()])


@dataclass
class GamePlan:
    """Backward-induction plan: per turn, the text proposed and the responder's bar."""

    offers: list[int | None] = field(default_factory=list)
    bars: list[float] = field(default_factory=list)


class SubgamePerfect(Strategy):
    """Equilibrium play of finite bilateral alternating offers (complete information)."""

    complete_information = True

    def __init__(self, discounts: dict[str, float]) -> None:
        self.discounts = discounts
        self.plan = GamePlan()
        self.turn_offset = 0

    def start(self, game: GameView, *, turn_offset: int) -> None:
        """Solve the game that starts at global turn `turn_offset`."""
        self.plan = solve_alternating_offers(game, self.discounts)
        self.turn_offset = turn_offset

    def propose(self, view: PartyView, turn: Turn) -> int:
        """Offer the equilibrium text of this turn (its best text if it prefers to wait)."""
        index = turn.index - self.turn_offset
        offer = self.plan.offers[index] if index < len(self.plan.offers) else None
        return view.best() if offer is None else offer

    def respond(self, view: PartyView, turn: Turn, offer: int) -> bool:
        """Accept a text worth at least the discounted continuation value."""
        index = turn.index - 1 - self.turn_offset
        if not 0 <= index < len(self.plan.bars):
            return view.allows(offer) and bool(view.values[offer] >= view.reservation_value)
        return view.allows(offer) and bool(view.values[offer] >= self.plan.bars[index] - 1e-12)


@dataclass(frozen=True)
class GameView:
    """Complete information for `subgame_perfect`: both parties' values and texts.

    `proposers[tau]` is the index (0 or 1) of the party proposing at turn tau.
    """

    parties: tuple[str, str]
    values: np.ndarray
    reservation_values: np.ndarray
    candidates: tuple[np.ndarray, np.ndarray]
    proposers: tuple[int, ...]
    version: int

    @property
    def n_turns(self) -> int:
        """Number of proposals that can still be answered."""
        return len(self.proposers)


def solve_alternating_offers(game: GameView, discounts: dict[str, float]) -> GamePlan:
    """Solve the finite game backwards; bars are in the responder's undiscounted values."""
    delta = np.array([discounts[p] for p in game.parties])
    continuation = game.reservation_values.astype(float).copy()
    offers: list[int | None] = [None] * game.n_turns
    bars = [0.0] * game.n_turns
    shared = np.intersect1d(game.candidates[0], game.candidates[1], assume_unique=True)
    values = game.values[shared]
    for tau in range(game.n_turns - 1, -1, -1):
        proposer = game.proposers[tau]
        responder = 1 - proposer
        waiting = delta * continuation if tau < game.n_turns - 1 else continuation.copy()
        bars[tau] = float(waiting[responder])
        own = np.where(
            values[:, responder] >= waiting[responder] - 1e-12, values[:, proposer], -np.inf
        )
        best = int(np.argmax(own)) if shared.size else -1
        if best >= 0 and own[best] >= waiting[proposer] - 1e-12:
            offers[tau] = int(shared[best])
            continuation = values[best].astype(float).copy()
        else:
            continuation = waiting
    return GamePlan(offers, bars)


def make_strategy(
    spec: process.Strategy | None,
    *,
    resolve: Resolve,
    default: str,
    discounts: dict[str, float] | None = None,
) -> Strategy:
    """Build the strategy a scenario declares (or the protocol's default)."""
    if spec is None:
        return ReservationStrategy() if default == "reservation" else TimeBased(1.0)
    if isinstance(spec, process.TimeBased):
        exponent = CURVE_EXPONENTS[spec.curve] if spec.curve else resolve(spec.exponent or 1.0)
        return TimeBased(exponent)
    if isinstance(spec, process.TitForTat):
        return TitForTat()
    if isinstance(spec, process.Hardliner):
        return Hardliner()
    return SubgamePerfect(discounts or {})


def turn_proposers(order: Sequence[int], n_steps: int) -> tuple[int, ...]:
    """Proposer index of each answerable turn in bilateral stacked alternating offers."""
    proposers = [order[turn % 2] for turn in range(2 * n_steps)]
    return tuple(proposers[:-1])
