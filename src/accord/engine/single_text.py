"""The mediated single negotiating text (Fisher's one-text procedure; Raiffa 1982, ch. 14).

The mediator's first draft is the feasible text that maximises the Nash product of its
*estimates* of the parties' surpluses, Π_i (û_i − r̂_i)+ (if no text has positive
estimated surplus for all, the one with the largest smallest estimated surplus). Each
later draft revises the previous one: it keeps every issue no party asked to amend and
picks, among the texts that differ only on the amended issues, the best by the same
score; when no such revision is left it drafts afresh. Drafts avoid declared red lines,
texts without the guarantors' consent, and texts already rejected in the round; the text
carries over from one round to the next.

The mediator estimates the parties' utilities and reservation values; trust, audience
costs and breach losses are public, so it values texts as the parties do with those
estimates (`estimated_values`). Each party accepts if the text is worth its acceptance
threshold to it (its reservation
value, or its strategy's aspiration), or else asks to amend the `n_amendments` issues
whose change would raise its value most, naming the option it wants. The mediator
learns with rate λ: for a party that asked for amendments it raises the estimated weight
of those issues (× (1 + λ)) and the estimated value of the requested options
(v += λ·(1 − v)), and lowers that of the drafted options (v −= λ·v); for a party that
refused it raises the estimated reservation value towards the draft's estimated value;
for a party that accepted it lowers it to at most that value. A text is agreed when every
party accepts and every guarantor it names consents. Estimates start from the true values
with Gaussian noise of the mediator's `noise` (drawn from the run's seeded generator).

References:
    Raiffa (1982), The Art and Science of Negotiation, Harvard University Press, ch. 14
    ("The single negotiating text").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.engine.offers import ScheduledBlock
from accord.engine.protocols import Draft, last_draft, margin, party_views
from accord.engine.situation import CompiledScenario, Conditions, Situation, trust
from accord.engine.strategies import PartyView, Strategy, Turn
from accord.engine.transcript import Reply
from accord.space import OutcomeSpace
from accord.utility import normalise_weights

__all__ = [
    "ACCEPT_TOLERANCE",
    "AMEND_TOLERANCE",
    "MediatorEstimates",
    "SingleText",
    "amendments",
    "estimates_from",
    "initial_estimates",
]

# A party accepts a text worth its threshold up to this tolerance, and asks to amend an
# issue only where another option gains it more than this.
ACCEPT_TOLERANCE = 1e-12
AMEND_TOLERANCE = 1e-12


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
    return estimates_from(situation.compiled, situation.conditions, noise, rng)


def estimates_from(
    compiled: CompiledScenario, conditions: Conditions, noise: float, rng: np.random.Generator
) -> MediatorEstimates:
    """`initial_estimates` for the situation that `conditions` give in `compiled`."""
    weights = conditions.raw_weights.copy()
    values = tuple(table.copy() for table in compiled.preferences.values)
    reservation = conditions.reservation_values.copy()
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
        previous = last_draft(drafts) if drafts else None
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
        allowed = situation.admissible.copy()
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
            estimated_values(situation, estimates, candidates)
            - estimates.reservation_values
        )
        product = np.prod(np.clip(surplus, 0, None), axis=1)
        score = product if product.max() > 0 else surplus.min(axis=1)
        return int(candidates[np.argmax(score)])

    def _reply(
        self, party: str, view: PartyView, turn: Turn, code: int, situation: Situation
    ) -> Reply:
        surplus = margin(situation, party, code)
        threshold = self.strategies[party].threshold(view, turn)
        if view.allows(code) and view.values[code] >= threshold - ACCEPT_TOLERANCE:
            return Reply(party, "accept", surplus)
        wanted = amendments(situation, party, code, self.n_amendments)
        return Reply(party, "amend" if wanted else "reject", surplus, wanted)

    def learn(
        self, estimates: MediatorEstimates, situation: Situation, draft: Draft
    ) -> MediatorEstimates:
        """Update the estimates from the replies to a draft."""
        rate = self.learning_rate
        space = situation.space
        weights = estimates.weights.copy()
        values = [table.copy() for table in estimates.values]
        reservation = estimates.reservation_values.copy()
        estimated = estimated_values(situation, estimates, np.array([draft.code]))[0]
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


def estimated_values(
    situation: Situation, estimates: MediatorEstimates, codes: np.ndarray
) -> np.ndarray:
    """Return `(len(codes), n_parties)` the mediator's estimates of the parties' values.

    The mediator estimates the parties' utilities and reservation values, but the trust
    between them, the audience costs and what a breach would cost are public: it reads the
    same news as everyone. So it values a text as the parties do (see
    `accord.engine.situation`), with its estimated utilities and reservation values:
    V̂_i(o) = b_i·û'_i(o) + (1 − b_i)·(r̂_i − loss_i(o)).
    """
    utilities = estimated_utilities(situation.space, estimates, codes)
    conditions = situation.conditions
    adjusted = utilities - conditions.audience_costs * (1.0 - utilities)
    b = trust(situation.compiled, conditions)
    breach = estimates.reservation_values - situation.compiled.loss_scale[codes]
    result: np.ndarray = b * adjusted + (1.0 - b) * breach
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
        if value[best] > current + AMEND_TOLERANCE:
            gains.append((-(value[best] - current), k, issue, space.options[k][best]))
    gains.sort()
    return {issue: option for _, _, issue, option in gains[:n_amendments]}
