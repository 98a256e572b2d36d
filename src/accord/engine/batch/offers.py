"""Batched stacked alternating offers: many draws of one scenario at once.

It applies to bilateral stacked alternating offers between two time-based parties with
constant curves, in a scenario whose course no event, belief, commitment or guarantee
can change — the setting of most negotiation-agent experiments. There each draw differs
only by its sampled preferences, and every party moves by the clock alone, so for all
draws at once:

1. utilities `(n_draws, n_outcomes, 2)` are built from the sampled weights and values,
   issue by issue in the order the one-at-a-time engine uses (same bits);
2. each party's band edge for every draw and step follows from its best and worst
   admissible values and its reservation value (`TimeBased.band`, same arithmetic);
3. each party's offer at every step is the least valuable admissible text at or above
   the edge (or the one up to 1e-6 below it that is strictly closer), found by binary
   search in the draw's sorted values;
4. the run's course is the first acceptance in turn order.

`simulate_offers_batch` returns, for every draw, exactly the `Outcome` that `simulate`
returns for that draw (a property test holds the two to the same result on random
scenarios); `offers_batch_applies` says when it can be used.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from accord.analysis.bargaining import RESERVATION_TOLERANCE
from accord.engine.clock import protocol_of, rounds_of
from accord.engine.simulate import (
    NEVER_OPEN,
    agreement_reason,
    breakdown_outcome,
    end_date,
)
from accord.engine.strategies import BAND_TOLERANCE, CURVE_EXPONENTS, NEAR_TOLERANCE
from accord.engine.transcript import Outcome
from accord.scenario import process
from accord.scenario.distributions import Distribution
from accord.scenario.parameters import Parameter
from accord.scenario.process import Round
from accord.scenario.schema import Scenario
from accord.space import OutcomeSpace
from accord.utility import acceptable_mask, preference_model

__all__ = ["offers_batch_applies", "simulate_offers_batch"]


def offers_batch_applies(scenario: Scenario) -> bool:
    """Whether `simulate_offers_batch` can run this scenario."""
    protocol = protocol_of(scenario)
    parties = scenario.party_ids
    if protocol.kind != "alternating_offers" or len(parties) != 2:
        return False
    strategies = [scenario.strategies.get(p) for p in parties]
    if not all(
        isinstance(s, process.TimeBased) and (s.curve or isinstance(s.exponent, float))
        for s in strategies
    ):
        return False
    return not (scenario.events or scenario.beliefs or scenario.commitment or scenario.guarantors)


@dataclass(frozen=True)
class _Plan:
    """One party's band edges and offers for every draw and step."""

    lows: np.ndarray
    offers: np.ndarray
    high: np.ndarray


def simulate_offers_batch(
    scenario: Scenario, parameters: Sequence[Parameter], values: np.ndarray
) -> list[Outcome]:
    """Run the negotiation for each row of `values` `(n_draws, n_parameters)`."""
    space = OutcomeSpace.from_scenario(scenario)
    utilities, reservation = _utilities(scenario, space, parameters, values)
    feasible = space.feasible_mask(scenario.constraints)
    red_lines = preference_model(scenario, space).red_lines
    allowed = feasible[:, None] & acceptable_mask(space, red_lines)
    protocol = protocol_of(scenario)
    order = [scenario.party_ids.index(p) for p in (protocol.order or scenario.party_ids)]  # type: ignore[union-attr]
    rounds = rounds_of(scenario)
    n_steps = sum(r.n_steps for r in rounds) if scenario.rounds else protocol.n_steps
    times = [(k + 1) / (n_steps + 1) for k in range(n_steps)]
    plans = [
        _plan(scenario, utilities[:, :, i], reservation[:, i], allowed[:, i], times, i)
        for i in range(2)
    ]
    return _outcomes(scenario, space, utilities, reservation, allowed, order, plans, rounds)


def _utilities(
    scenario: Scenario, space: OutcomeSpace, parameters: Sequence[Parameter], values: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """`(n_draws, n_outcomes, 2)` utilities and `(n_draws, 2)` reservation values."""
    column = {id(p.distribution): j for j, p in enumerate(parameters)}

    def read(quantity: float | Distribution) -> np.ndarray:
        if isinstance(quantity, int | float):
            return np.full(values.shape[0], float(quantity))
        return values[:, column[id(quantity)]]

    parties = scenario.party_ids
    n_draws = values.shape[0]
    raw = np.zeros((n_draws, 2, space.n_issues))
    tables = [np.zeros((n_draws, 2, radix)) for radix in space.radices]
    for i, party in enumerate(parties):
        preferences = scenario.preferences[party]
        for k, issue in enumerate(space.issues):
            raw[:, i, k] = read(preferences.weights.get(issue, 0.0))
            table = preferences.values.get(issue, {})
            for j, option in enumerate(space.options[k]):
                tables[k][:, i, j] = read(table.get(option, 0.0))
    totals = raw.sum(axis=-1, keepdims=True)
    weights = np.divide(raw, totals, out=np.zeros_like(raw), where=totals > 0)
    grid = np.zeros((n_draws, *space.radices, 2))
    for k in range(space.n_issues):
        per_option = np.swapaxes(tables[k] * weights[:, :, k : k + 1], 1, 2)
        shape = [n_draws] + [1] * space.n_issues + [2]
        shape[1 + k] = space.radices[k]
        grid += per_option.reshape(shape)
    utilities = grid.reshape(n_draws, space.n_outcomes, 2)
    for i, party in enumerate(parties):
        for term in scenario.preferences[party].interactions:
            mask = space.mask(space.pattern_index(term.when))
            utilities[:, mask, i] += read(term.value)[:, None]
    reservation = np.column_stack(
        [read(scenario.preferences[p].reservation_value) for p in parties]
    )
    return utilities, reservation


def _exponent(scenario: Scenario, party: str) -> float:
    strategy = scenario.strategies[party]
    assert isinstance(strategy, process.TimeBased)
    if strategy.curve:
        return CURVE_EXPONENTS[strategy.curve]
    assert isinstance(strategy.exponent, float)
    return strategy.exponent


def _plan(
    scenario: Scenario,
    values: np.ndarray,
    reservation: np.ndarray,
    allowed: np.ndarray,
    times: list[float],
    party: int,
) -> _Plan:
    """Band edges and offers of one party for every draw `(n_draws, n_steps)`."""
    exponent = _exponent(scenario, scenario.party_ids[party])
    aspiration = 1.0 - np.array([math.pow(t, exponent) for t in times])
    admissible = values[:, allowed]
    best = admissible.max(axis=1)
    floor = np.maximum(admissible.min(axis=1), reservation)
    span = best - floor
    lows = np.minimum(best[:, None], (span[:, None] * aspiration + floor[:, None]) - BAND_TOLERANCE)
    lows = np.maximum(floor[:, None], lows)
    high = np.maximum(floor, np.minimum(best, (span * 1.0 + floor) + BAND_TOLERANCE))
    return _Plan(lows, _offers(values, allowed, reservation, lows), high)


def _offers(
    values: np.ndarray, allowed: np.ndarray, reservation: np.ndarray, lows: np.ndarray
) -> np.ndarray:
    """Every draw's offer at every band edge `(n_draws, n_steps)`.

    Per draw, as `accord.engine.strategies` chooses: the least valuable admissible text
    worth at least its reservation value and at or above the edge, unless one up to 1e-6
    below the edge is strictly closer; texts under the reservation value compete only
    when the edge comes within 1e-6 of them.
    """
    codes = np.flatnonzero(allowed)
    own = values[:, codes]
    rational = own >= reservation[:, None]
    n_rational = rational.sum(axis=1)
    # Rational texts sorted by value, ties in code order; the others sort last.
    order = np.argsort(np.where(rational, own, np.inf), axis=1, kind="stable")
    ranked = np.take_along_axis(own, order, axis=1)
    ranked_codes = codes[order]
    first = np.empty(lows.shape, dtype=np.int64)
    below = np.empty(lows.shape, dtype=np.int64)
    for d in np.flatnonzero(n_rational):
        row = ranked[d, : n_rational[d]]
        first[d] = np.minimum(row.searchsorted(lows[d]), row.size - 1)
        below[d] = row.searchsorted(lows[d] - NEAR_TOLERANCE)
    none = n_rational == 0
    first[none], below[none] = 0, 0
    chosen = np.take_along_axis(ranked_codes, first, axis=1)
    distance = np.abs(np.take_along_axis(ranked, first, axis=1) - lows)
    top = np.take_along_axis(ranked, np.maximum(first - 1, 0), axis=1)
    closer = (below < first) & (top < lows) & (lows - top < distance)
    for d, k in zip(*np.nonzero(closer), strict=True):
        row = ranked[d, : n_rational[d]]
        chosen[d, k] = ranked_codes[d, np.searchsorted(row, top[d, k], side="left")]
    distance = np.where(closer, lows - top, distance)
    chosen = _tail_offers(own, codes, rational, lows, chosen, distance)
    if none.any():
        chosen[none] = codes[np.argmax(own[none], axis=1)][:, None]
    return chosen


def _tail_offers(
    own: np.ndarray,
    codes: np.ndarray,
    rational: np.ndarray,
    lows: np.ndarray,
    chosen: np.ndarray,
    distance: np.ndarray,
) -> np.ndarray:
    """Let texts under the reservation value win where they come within 1e-6 of the edge."""
    tail_max = np.where(rational, -np.inf, own).max(axis=1)
    for d, k in zip(*np.nonzero(tail_max[:, None] >= lows - NEAR_TOLERANCE), strict=True):
        tail = ~rational[d]
        if not rational[d].any():
            continue
        gap = np.where(
            tail & (own[d] >= lows[d, k] - NEAR_TOLERANCE), np.abs(own[d] - lows[d, k]), np.inf
        )
        j = int(np.argmin(gap))
        if gap[j] < distance[d, k]:
            chosen[d, k] = codes[j]
    return chosen


def _accepts(
    values: np.ndarray, allowed: np.ndarray, plan: _Plan, offers: np.ndarray
) -> np.ndarray:
    """Whether the party accepts each offer `(n_draws, n_steps)` at its band (-1: none)."""
    codes = np.maximum(offers, 0)
    value = np.take_along_axis(values, codes, axis=1)
    return np.asarray(allowed[codes] & (value >= plan.lows) & (value <= plan.high[:, None]))


def _outcomes(
    scenario: Scenario,
    space: OutcomeSpace,
    utilities: np.ndarray,
    reservation: np.ndarray,
    allowed: np.ndarray,
    order: list[int],
    plans: list[_Plan],
    rounds: Sequence[Round],
) -> list[Outcome]:
    first, second = order
    n_draws, n_steps = plans[first].offers.shape
    standing = np.concatenate([np.full((n_draws, 1), -1), plans[second].offers[:, :-1]], axis=1)
    first_accepts = _accepts(utilities[:, :, first], allowed[:, first], plans[first], standing)
    first_accepts[:, 0] = False
    second_accepts = _accepts(
        utilities[:, :, second], allowed[:, second], plans[second], plans[first].offers
    )
    moves = np.stack([first_accepts, second_accepts], axis=2).reshape(n_draws, 2 * n_steps)
    agreed = np.asarray(moves.any(axis=1))
    stops = np.argmax(moves, axis=1)
    zopa = _zopa_sizes(utilities, reservation, allowed)
    steps, by_second = np.divmod(stops, 2)
    rows = np.arange(n_draws)
    codes = np.where(by_second == 1, plans[first].offers[rows, steps], standing[rows, steps])
    codes = np.where(agreed, codes, 0)
    texts = _texts(space, codes)
    achieved = utilities[rows, codes].tolist()
    finals = reservation.tolist()
    describe = _describer(scenario, space, rounds)
    parties = scenario.party_ids
    return [
        describe.agreement(
            int(steps[d]),
            texts[d],
            dict(zip(parties, achieved[d], strict=True)),
            dict(zip(parties, finals[d], strict=True)),
        )
        if agreed[d]
        else describe.breakdown(int(zopa[d]), dict(zip(parties, finals[d], strict=True)))
        for d in range(n_draws)
    ]


def _texts(space: OutcomeSpace, codes: np.ndarray) -> list[dict[str, str]]:
    digits = space.decode(codes).tolist()
    return [
        {issue: space.options[k][row[k]] for k, issue in enumerate(space.issues)} for row in digits
    ]


def _zopa_sizes(utilities: np.ndarray, reservation: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    inside = np.ones(utilities.shape[:2], dtype=bool)
    for i in range(2):
        inside &= allowed[:, i] & (
            utilities[:, :, i] >= reservation[:, i : i + 1] - RESERVATION_TOLERANCE
        )
    return np.asarray(inside.sum(axis=1))


@dataclass(frozen=True)
class _Describer:
    agreement: Callable[[int, dict[str, str], dict[str, float], dict[str, float]], Outcome]
    breakdown: Callable[[int, dict[str, float]], Outcome]


def _describer(scenario: Scenario, space: OutcomeSpace, rounds: Sequence[Round]) -> _Describer:
    """Builders of outcomes worded exactly as `simulate` words them."""
    dated = scenario.calendar is not None or bool(scenario.rounds)
    starts = np.cumsum([0, *(r.n_steps for r in rounds)])
    end = end_date(scenario, list(rounds))

    def agreement(
        step: int, text: dict[str, str], utility: dict[str, float], finals: dict[str, float]
    ) -> Outcome:
        round_ = rounds[int(np.searchsorted(starts, step, side="right")) - 1]
        return Outcome(
            "agreement",
            round_.date if dated else None,
            round_.id,
            step,
            text,
            utility,
            agreement_reason(round_),
            "agreement",
            finals,
        )

    def breakdown(n_open: int, finals: dict[str, float]) -> Outcome:
        # Without events the ZOPA never changes: open at the end, or never open.
        return breakdown_outcome(scenario, end, n_open, ("never-open", NEVER_OPEN), finals)

    return _Describer(agreement, breakdown)
