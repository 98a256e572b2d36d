"""The batched single negotiating text: many draws of one mediated scenario at once.

`accord.engine.single_text` runs one draw: the mediator drafts, the parties reply, the
mediator learns, round after round, with events changing the situation between rounds.
Here every step of that loop runs for all draws of a block at once, as arrays with a
leading draw axis:

- each draw keeps its own `Conditions` (compiled with its sampled numbers, moved by the
  same events through `apply_event`); whenever they change, every draw's situation is
  evaluated at once as `(n_draws, n_feasible, n_parties)` values and masks over the
  feasible texts only (no other text can be drafted, accepted or counted in the ZOPA),
  with `accord.engine.situation`'s arithmetic;
- the mediator's estimates are `(n_draws, …)` arrays, started by `initial_estimates` from
  each draw's own seeded generator;
- a draft is the argmax over the union of the draws' candidate texts of each draw's
  estimated Nash product (non-candidates masked out); the replies, the amendments asked
  for, the learning updates, the ZOPA's size and the walkout counts are computed for all
  draws with the same floating-point operations, in the same order, as the one-at-a-time
  engine, so every draw gets exactly the `Outcome` that `simulate` gives it (a property
  test holds the two to the same result on random scenarios with events).

A draw leaves the block when it ends (agreement or walkout); the others go on.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from accord.analysis.bargaining import RESERVATION_TOLERANCE
from accord.engine.clock import protocol_of
from accord.engine.events import apply_event
from accord.engine.simulate import (
    WALKOUT_TOLERANCE,
    agreement_outcome,
    breakdown_outcome,
    closing_event,
    end_date,
    played_items,
    walkout_outcome,
)
from accord.engine.single_text import ACCEPT_TOLERANCE, AMEND_TOLERANCE, estimates_from
from accord.engine.situation import (
    CONSENT_TOLERANCE,
    CompiledScenario,
    Conditions,
    compile_scenario,
    situation,
    trust,
)
from accord.engine.strategies import BAND_TOLERANCE, CURVE_EXPONENTS
from accord.engine.transcript import Outcome, ZopaPoint
from accord.scenario import process
from accord.scenario.parameters import Parameter, resolver
from accord.scenario.process import Event, Round
from accord.scenario.schema import Scenario
from accord.space import OutcomeSpace
from accord.utility import Resolve, acceptable_mask, normalise_weights

__all__ = ["simulate_text_batch", "text_batch_applies"]

# Elements of one `(n_draws, n_feasible, n_parties)` array in a block: blocks this size
# keep the arrays in cache (measured on the reference case: 2**20 beats 2**16 and 2**22).
BLOCK_ELEMENTS = 1 << 20
# Up to this many feasible texts, revisions are masked for all draws at once; above it,
# enumerated draw by draw (a revision changes a few issues of a large space).
SMALL_SPACE = 4096

_THRESHOLD_KINDS = {
    None: "reservation",
    "time_based": "time",
    "tit_for_tat": "reservation",
    "hardliner": "best",
}


def text_batch_applies(scenario: Scenario) -> bool:
    """Whether `simulate_text_batch` can run this scenario."""
    if protocol_of(scenario).kind != "single_text":
        return False
    return all(
        (s.kind if s is not None else None) in _THRESHOLD_KINDS
        for s in (scenario.strategies.get(p) for p in scenario.party_ids)
    )


def simulate_text_batch(
    scenario: Scenario,
    parameters: Sequence[Parameter],
    values: np.ndarray,
    seeds: Sequence[np.random.SeedSequence],
) -> list[Outcome]:
    """Run the negotiation for each row of `values`, draw d seeded by `seeds[d]`."""
    space = OutcomeSpace.from_scenario(scenario)
    n_feasible = int(space.feasible_mask(scenario.constraints).sum())
    size = max(1, BLOCK_ELEMENTS // (max(1, n_feasible) * len(scenario.party_ids)))
    outcomes: list[Outcome] = []
    for start in range(0, len(seeds), size):
        block = _Block(scenario, parameters, values[start : start + size], seeds[start:][:size])
        outcomes += block.run()
    return outcomes


@dataclass
class _Estimates:
    """The mediator's estimates in every draw (see `MediatorEstimates`)."""

    weights: np.ndarray  # (D, P, K)
    values: list[np.ndarray]  # per issue (D, P, R_k)
    reservation: np.ndarray  # (D, P)


@dataclass
class _Arrays:
    """Every draw's current situation, stacked."""

    values: np.ndarray  # (D, F, P) over the feasible texts
    allowed: np.ndarray  # (D, F, P) consented and clear of the party's red lines
    admissible: np.ndarray  # (D, F)
    consent: np.ndarray  # (D, F)
    reservation: np.ndarray  # (D, P)
    audience: np.ndarray  # (D, P)
    trust: np.ndarray  # (D, P)


@dataclass
class _Replies:
    accept: np.ndarray  # (D, P)
    amended: np.ndarray  # (D, P, K)
    wanted: np.ndarray  # (D, P, K) option index asked for


class _Block:
    """One block of draws, run in lockstep."""

    def __init__(
        self,
        scenario: Scenario,
        parameters: Sequence[Parameter],
        values: np.ndarray,
        seeds: Sequence[np.random.SeedSequence],
    ) -> None:
        self.scenario = scenario
        protocol = protocol_of(scenario)
        assert isinstance(protocol, process.SingleText)
        self.protocol = protocol
        resolves = [resolver(parameters, row) for row in values]
        self.compiled: list[CompiledScenario] = [
            compile_scenario(scenario, resolve=r) for r in resolves
        ]
        first = self.compiled[0]
        self.space = first.space
        self.parties = first.parties
        self.n = len(self.compiled)
        # Positions 0..F-1 index the feasible texts; `position[code]` is -1 elsewhere.
        self.codes = np.flatnonzero(first.feasible)
        self.position = np.full(self.space.n_outcomes, -1, dtype=np.int64)
        self.position[self.codes] = np.arange(self.codes.size)
        self.digits = self.space.decode(self.codes)
        self.conditions: list[Conditions] = [c.initial for c in self.compiled]
        self.loss = np.stack([c.loss_scale[self.codes] for c in self.compiled])
        self.exposure = np.stack([c.exposure[self.codes] for c in self.compiled])
        self.tables = [
            np.stack([c.preferences.values[k] for c in self.compiled])
            for k in range(self.space.n_issues)
        ]
        self.utility_memo: dict[bytes, np.ndarray] = {}
        self.acceptable_memo: dict[str, np.ndarray] = {}
        mediator = scenario.mediator
        noise = [r(mediator.noise) if mediator else 0.0 for r in resolves]
        self.rate = np.array([r(mediator.learning_rate) if mediator else 0.5 for r in resolves])
        self.kinds, self.exponents = self._strategies(resolves)
        self.estimates = self._initial_estimates(noise, seeds)
        self.items = played_items(scenario)
        self.rounds = [i.item for i in self.items if isinstance(i.item, Round)]
        self.n_steps = sum(r.n_steps for r in self.rounds)
        self.dated = scenario.calendar is not None or bool(scenario.rounds)
        self.active = np.ones(self.n, dtype=bool)
        self.outcomes: list[Outcome | None] = [None] * self.n
        self.steps = np.zeros(self.n, dtype=np.int64)
        self.previous = np.full(self.n, -1, dtype=np.int64)
        self.previous_amended = np.zeros((self.n, self.space.n_issues), dtype=bool)
        self.empty_rounds = np.zeros((self.n, len(self.parties)), dtype=np.int64)
        self.applied: list[Event] = []
        self.zopa_labels: list[tuple[dt.date | None, str]] = []
        self.zopa_counts: list[np.ndarray] = []
        self.strides = np.array(
            [math.prod(self.space.radices[k + 1 :]) for k in range(self.space.n_issues)]
        )
        self.arrays = self._stack()

    def _strategies(self, resolves: list[Resolve]) -> tuple[list[str], np.ndarray]:
        kinds, exponents = [], np.ones((self.n, len(self.parties)))
        for i, party in enumerate(self.parties):
            spec = self.scenario.strategies.get(party)
            kinds.append(_THRESHOLD_KINDS[spec.kind if spec is not None else None])
            if isinstance(spec, process.TimeBased):
                for d, resolve in enumerate(resolves):
                    exponents[d, i] = (
                        CURVE_EXPONENTS[spec.curve] if spec.curve else resolve(spec.exponent or 1.0)
                    )
        return kinds, exponents

    def _initial_estimates(
        self, noise: list[float], seeds: Sequence[np.random.SeedSequence]
    ) -> _Estimates:
        starts = [
            estimates_from(c, c.initial, sd, np.random.default_rng(seed))
            for c, sd, seed in zip(self.compiled, noise, seeds, strict=True)
        ]
        return _Estimates(
            np.stack([e.weights for e in starts]),
            [np.stack([e.values[k] for e in starts]) for k in range(self.space.n_issues)],
            np.stack([e.reservation_values for e in starts]),
        )

    def _stack(self) -> _Arrays:
        """Every draw's situation (`accord.engine.situation.situation`) on the feasible texts."""
        conditions = self.conditions
        raw = self._utilities()
        audience = np.stack([c.audience_costs for c in conditions])
        b = np.stack([trust(s, c) for s, c in zip(self.compiled, conditions, strict=True)])
        reservation = np.stack([c.reservation_values for c in conditions])
        # `situation` skips each adjustment where it changes nothing: so do the draws here.
        # In-place steps compute the same products and sums as its expressions.
        values = raw
        rows = np.flatnonzero(audience.any(axis=1))
        if rows.size:
            values = raw.copy()
            sub = raw[rows]
            concession = 1.0 - sub
            concession *= audience[rows, None, :]
            values[rows] = sub - concession
        rows = np.flatnonzero((b < 1.0).any(axis=1))
        if rows.size == self.n:
            values = _distrusted(values, b, reservation, self.loss)
        elif rows.size:
            values = values.copy()
            values[rows] = _distrusted(values[rows], b[rows], reservation[rows], self.loss[rows])
        acceptable = np.stack([self._acceptable(c) for c in conditions])
        consent = self._consent()
        allowed = consent[:, :, None] & acceptable
        admissible = consent.copy()
        for i in range(len(self.parties)):
            admissible &= acceptable[:, :, i]
        return _Arrays(values, allowed, admissible, consent, reservation, audience, b)

    def _utilities(self) -> np.ndarray:
        """`(D, F, P)` utilities with each draw's current weights (`accord.utility`)."""
        raw_weights = np.stack([c.raw_weights for c in self.conditions])
        key = raw_weights.tobytes()
        if key in self.utility_memo:
            return self.utility_memo[key]
        weights = normalise_weights(raw_weights)
        result = np.zeros((self.n, self.codes.size, len(self.parties)))
        for k, table in enumerate(self.tables):
            per_option = np.swapaxes(table * weights[:, :, k : k + 1], 1, 2)
            result += per_option[:, self.digits[:, k], :]
        terms = [c.preferences.interactions for c in self.compiled]
        for j, (party, pattern, _) in enumerate(terms[0]):
            mask = self.space.mask(pattern)[self.codes]
            result[:, mask, party] += np.array([t[j][2] for t in terms])[:, None]
        self.utility_memo = {key: result}
        return result

    def _acceptable(self, conditions: Conditions) -> np.ndarray:
        key = repr(conditions.red_lines)
        if key not in self.acceptable_memo:
            mask = acceptable_mask(self.space, conditions.red_lines)[self.codes]
            self.acceptable_memo[key] = mask
        return self.acceptable_memo[key]

    def _consent(self) -> np.ndarray:
        """`(D, F)` every guarantor a text names consents (`situation.refusals`)."""
        first = self.compiled[0]
        party_index = [first.everyone.index(p) for p in self.parties]
        consent = np.ones((self.n, self.codes.size), dtype=bool)
        for guarantor, named in first.named.items():
            g = first.everyone.index(guarantor)
            refused = np.zeros((self.n, self.codes.size), dtype=bool)
            for d, c in enumerate(self.conditions):
                threshold = c.thresholds.get(guarantor)
                if guarantor in c.withdrawn:
                    refused[d] = True
                elif threshold is not None:
                    belief = c.beliefs[g, party_index].prod()
                    refused[d] = (1.0 - belief) * self.exposure[d] > threshold + CONSENT_TOLERANCE
            consent &= ~(named[self.codes][None, :] & refused)
        return consent

    # The course of the talks ---------------------------------------------------------

    def run(self) -> list[Outcome]:
        """Play the timeline for every draw; return each draw's outcome."""
        self._record_zopa(None, "start")
        for item in self.items:
            if not self.active.any():
                break
            if isinstance(item.item, Round):
                self._play_round(item.item)
            else:
                self._apply(item.item)
        self._finish()
        return [self._with_finals(d, outcome) for d, outcome in enumerate(self.outcomes)]

    def _with_finals(self, d: int, outcome: Outcome | None) -> Outcome:
        assert outcome is not None
        final = self.conditions[d].reservation_values
        return replace(
            outcome, reservation_values=dict(zip(self.parties, map(float, final), strict=True))
        )

    def _apply(self, event: Event) -> None:
        for d in np.flatnonzero(self.active).tolist():
            self.conditions[d], _ = apply_event(self.compiled[d], self.conditions[d], event)
        self.applied.append(event)
        self.arrays = self._stack()
        self._record_zopa(event.date, event.id)

    def _record_zopa(self, date: dt.date | None, after: str) -> None:
        a = self.arrays
        inside = a.admissible.copy()
        for j in range(len(self.parties)):
            inside &= a.values[:, :, j] >= a.reservation[:, j : j + 1] - RESERVATION_TOLERANCE
        self.zopa_labels.append((date, after))
        self.zopa_counts.append(inside.sum(axis=1))

    def _zopa_points(self, d: int) -> list[ZopaPoint]:
        return [
            ZopaPoint(date, after, int(counts[d]))
            for (date, after), counts in zip(self.zopa_labels, self.zopa_counts, strict=True)
        ]

    def _finish(self) -> None:
        end = end_date(self.scenario, self.rounds)
        for d in np.flatnonzero(self.active).tolist():
            points = self._zopa_points(d)
            n_open = points[-1].n_outcomes
            closing = ("zopa-open", "") if n_open else closing_event(points, self.applied)
            self.outcomes[d] = breakdown_outcome(self.scenario, end, n_open, closing)

    # One round -----------------------------------------------------------------------

    def _play_round(self, round_: Round) -> None:
        date = round_.date if self.dated else None
        live = self.active.copy()
        rejected = np.zeros((self.n, self.codes.size), dtype=bool)
        best, floor = self._bounds()
        for _ in range(round_.n_steps):
            candidates = self._candidates(rejected)
            live &= candidates.any(axis=1)
            if not live.any():
                break
            codes = self._draft(candidates, live)
            draft_steps = self.steps.copy()
            times = (draft_steps + 1) / (self.n_steps + 1)
            self.steps[live] += 1
            replies = self._replies(codes, times, best, floor)
            self._learn(codes, replies, live)
            rows = np.arange(self.n)
            agreed = live & replies.accept.all(axis=1) & self.arrays.consent[rows, codes]
            for d in np.flatnonzero(agreed).tolist():
                current = situation(self.compiled[d], self.conditions[d], date)
                code = int(self.codes[codes[d]])
                self.outcomes[d] = agreement_outcome(
                    current, round_, date, int(draft_steps[d]), code
                )
            self.active &= ~agreed
            live &= ~agreed
            rejected[live, codes[live]] = True
            self.previous[live] = codes[live]
            self.previous_amended[live] = replies.amended[live].any(axis=1)
        self._record_zopa(date, round_.id)
        self._walkout(round_, date)

    def _bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """`(D, P)` each party's best and floor (max of worst and r) over its texts."""
        a = self.arrays
        best, worst = np.empty_like(a.reservation), np.empty_like(a.reservation)
        # Party by party: numpy reduces the long axis of a 2-D slice much faster.
        for i in range(len(self.parties)):
            values, allowed = np.ascontiguousarray(a.values[:, :, i]), a.allowed[:, :, i]
            best[:, i] = np.where(allowed, values, -np.inf).max(axis=1)
            worst[:, i] = np.where(allowed, values, np.inf).min(axis=1)
        return best, np.maximum(worst, a.reservation)

    def _candidates(self, rejected: np.ndarray) -> np.ndarray:
        """`(D, F)` the texts (positions) each draw's mediator drafts among next."""
        allowed: np.ndarray = self.arrays.admissible & ~rejected
        revisable = (self.previous >= 0) & self.previous_amended.any(axis=1)
        if self.codes.size <= SMALL_SPACE:
            return self._masked_candidates(allowed, revisable)
        for d in np.flatnonzero(revisable).tolist():
            revision = self._revisions(d)
            revision = revision[allowed[d, revision]]
            if revision.size:
                allowed[d] = False
                allowed[d, revision] = True
        return allowed

    def _masked_candidates(self, allowed: np.ndarray, revisable: np.ndarray) -> np.ndarray:
        """`_candidates` with the revisions as one mask over all draws (small spaces)."""
        keep = np.ones_like(allowed)
        digits = self.digits[np.maximum(self.previous, 0)]
        for k in range(self.space.n_issues):
            amended = self.previous_amended[:, k : k + 1]
            keep &= amended | (self.digits[None, :, k] == digits[:, k : k + 1])
        revision = allowed & keep & revisable[:, None]
        return np.asarray(np.where(revision.any(axis=1)[:, None], revision, allowed))

    def _revisions(self, d: int) -> np.ndarray:
        """Positions of the feasible texts equal to draw d's last draft but on amended issues."""
        digits = self.digits[self.previous[d]]
        grid = [
            np.arange(radix) if self.previous_amended[d, k] else digits[k : k + 1]
            for k, radix in enumerate(self.space.radices)
        ]
        variants = np.stack(np.meshgrid(*grid, indexing="ij"), axis=-1).reshape(-1, len(grid))
        positions = self.position[self.space.encode(variants)]
        return np.sort(positions[positions >= 0])

    def _draft(self, candidates: np.ndarray, live: np.ndarray) -> np.ndarray:
        """`(D,)` each draw's draft: the candidate with the largest estimated Nash product."""
        union = np.flatnonzero(candidates[live].any(axis=0))
        codes = np.broadcast_to(union, (self.n, union.size))
        surplus = self._estimated_values(codes) - self.estimates.reservation[:, None, :]
        product = np.prod(np.clip(surplus, 0, None), axis=2)
        is_candidate = candidates[:, union]
        top = np.where(is_candidate, product, -np.inf).max(axis=1)
        score = np.where((top > 0)[:, None], product, surplus.min(axis=2))
        picked: np.ndarray = union[np.argmax(np.where(is_candidate, score, -np.inf), axis=1)]
        return picked

    def _estimated_values(self, codes: np.ndarray) -> np.ndarray:
        """`(D, U, P)` the mediator's estimates of the parties' values at positions `(D, U)`."""
        estimates, a = self.estimates, self.arrays
        weights = normalise_weights(estimates.weights)
        digits = self.digits[codes]
        utilities = np.zeros((*codes.shape, len(self.parties)))
        for k in range(self.space.n_issues):
            per_option = np.swapaxes(estimates.values[k] * weights[:, :, k : k + 1], 1, 2)
            utilities += np.take_along_axis(per_option, digits[:, :, k : k + 1], axis=1)
        adjusted = utilities - a.audience[:, None, :] * (1.0 - utilities)
        b = a.trust[:, None, :]
        loss = np.take_along_axis(self.loss, codes[:, :, None], axis=1)
        breach = estimates.reservation[:, None, :] - loss
        result: np.ndarray = b * adjusted + (1.0 - b) * breach
        return result

    def _replies(
        self, codes: np.ndarray, times: np.ndarray, best: np.ndarray, floor: np.ndarray
    ) -> _Replies:
        a = self.arrays
        rows = np.arange(self.n)
        n_parties, n_issues = len(self.parties), self.space.n_issues
        accept = np.zeros((self.n, n_parties), dtype=bool)
        amended = np.zeros((self.n, n_parties, n_issues), dtype=bool)
        wanted = np.zeros((self.n, n_parties, n_issues), dtype=np.int64)
        for i in range(n_parties):
            threshold = self._thresholds(i, times, best[:, i], floor[:, i])
            value = a.values[rows, codes, i]
            accept[:, i] = a.allowed[rows, codes, i] & (value >= threshold - ACCEPT_TOLERANCE)
            amended[:, i], wanted[:, i] = self._amendments(i, codes)
        amended &= ~accept[:, :, None]
        return _Replies(accept, amended, wanted)

    def _thresholds(
        self, i: int, times: np.ndarray, best: np.ndarray, floor: np.ndarray
    ) -> np.ndarray:
        """`(D,)` the least value party i accepts now (its strategy's `threshold`)."""
        kind = self.kinds[i]
        if kind == "reservation":
            return np.asarray(self.arrays.reservation[:, i])
        if kind == "best":
            return best
        pairs = zip(times.tolist(), self.exponents[:, i].tolist(), strict=True)
        aspiration = np.array([1.0 - math.pow(t, e) for t, e in pairs])
        low = ((best - floor) * aspiration + floor) - BAND_TOLERANCE
        return np.asarray(np.maximum(floor, np.minimum(best, low)))

    def _amendments(self, i: int, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """`(D, K)` the issues party i asks to amend (up to `n_amendments`), options wanted."""
        a = self.arrays
        rows = np.arange(self.n)
        digits = self.digits[codes]
        current = a.values[rows, codes, i]
        code = self.codes[codes]
        n_issues = self.space.n_issues
        keys = np.full((self.n, n_issues), np.inf)
        wanted = np.zeros((self.n, n_issues), dtype=np.int64)
        for k, radix in enumerate(self.space.radices):
            options = np.arange(radix)
            changed = code[:, None] + (options[None, :] - digits[:, k : k + 1]) * self.strides[k]
            variants = self.position[changed]
            inside = np.maximum(variants, 0)
            value = np.where(
                (variants >= 0) & a.allowed[rows[:, None], inside, i],
                a.values[rows[:, None], inside, i],
                -np.inf,
            )
            chosen = np.argmax(value, axis=1)
            gain = value[rows, chosen]
            better = gain > current + AMEND_TOLERANCE
            keys[:, k] = np.where(better, -(gain - current), np.inf)
            wanted[:, k] = chosen
        order = np.argsort(keys, axis=1, kind="stable")[:, : self.protocol.n_amendments]
        amended = np.zeros((self.n, n_issues), dtype=bool)
        np.put_along_axis(amended, order, True, axis=1)
        return amended & np.isfinite(keys), wanted

    def _learn(self, codes: np.ndarray, replies: _Replies, live: np.ndarray) -> None:
        """Update the estimates of the live draws from the replies (`SingleText.learn`)."""
        estimates = self.estimates
        estimated = self._estimated_values(codes[:, None])[:, 0, :]
        drafted = self.digits[codes]
        rate = self.rate
        reservation = estimates.reservation
        for i in range(len(self.parties)):
            accepted = live & replies.accept[:, i]
            refused = live & ~replies.accept[:, i]
            reservation[accepted, i] = np.minimum(reservation[accepted, i], estimated[accepted, i])
            reservation[refused, i] += rate[refused] * np.maximum(
                0.0, estimated[refused, i] + 0.01 - reservation[refused, i]
            )
            for k in range(self.space.n_issues):
                rows = np.flatnonzero(refused & replies.amended[:, i, k])
                if not rows.size:
                    continue
                table = estimates.values[k]
                estimates.weights[rows, i, k] *= 1 + rate[rows]
                j = replies.wanted[rows, i, k]
                table[rows, i, j] += rate[rows] * (1 - table[rows, i, j])
                old = drafted[rows, k]
                table[rows, i, old] -= rate[rows] * table[rows, i, old]
        reservation[live] = np.clip(reservation[live], 0, 1)

    def _walkout(self, round_: Round, date: dt.date | None) -> None:
        """End the draws in which a party has had nothing worth its r for too long."""
        a = self.arrays
        worth = np.column_stack(
            [
                (
                    a.allowed[:, :, i]
                    & (a.values[:, :, i] >= a.reservation[:, i : i + 1] - WALKOUT_TOLERANCE)
                ).any(axis=1)
                for i in range(len(self.parties))
            ]
        )
        limit = self.protocol.walkout_after
        for d in np.flatnonzero(self.active).tolist():
            for i, party in enumerate(self.parties):
                if worth[d, i]:
                    self.empty_rounds[d, i] = 0
                    continue
                self.empty_rounds[d, i] += 1
                if self.empty_rounds[d, i] >= limit:
                    _, closing = closing_event(self._zopa_points(d), self.applied)
                    self.outcomes[d] = walkout_outcome(party, round_, date, limit, closing)
                    self.active[d] = False
                    break


def _distrusted(
    values: np.ndarray, b: np.ndarray, reservation: np.ndarray, loss: np.ndarray
) -> np.ndarray:
    """b·values + (1 − b)·(r − loss), as `situation` computes it, for `(D, F, P)` values."""
    breach = reservation[:, None, :] - loss
    breach *= (1.0 - b)[:, None, :]
    result: np.ndarray = values * b[:, None, :]
    result += breach
    return result
