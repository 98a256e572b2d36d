"""The mediated single negotiating text (Fisher's one-text procedure; Raiffa 1982, ch. 14).

Every step of a round, in every draw at once:

1. **Draft.** The mediator values each text with its *estimates* of the parties' utilities
   and reservation values; trust, audience costs and breach losses are public (it reads
   the same news), so V̂_i(o) = b_i·û'_i(o) + (1 − b_i)·(r̂_i − loss_i(o)), the parties' own
   rule (`accord.situation.evaluation.value_of`). It ranks texts in three tiers: texts
   clear of every declared red line that it expects every party to gain from
   (V̂_i − r̂_i > 0 for all i), by the Nash product Π_i (V̂_i − r̂_i); then the other clear
   texts, by the smallest estimated surplus; then texts that cross a red line, by the
   same. A round opens with the best revision of the previous text (changing only the
   issues the parties asked to amend) in the first tier, else the best first-tier text
   anywhere; otherwise, and for the rest of the round, the mediator follows the
   amendments asked for: the best revision clear of red lines, else the best text of the
   highest tier left. It never tables a text a named guarantor refuses, nor one rejected earlier
   in the round. When no text is left, the step passes with a note saying why; the clock
   runs on. The best text is found group by group (`accord.situation.groups`): only the
   groups of texts whose ceiling reaches the best text found are valued.
2. **Replies.** A party accepts if the text clears its red lines and is worth its
   acceptance threshold (its reservation value, its best value, or its time-based
   aspiration at this step: `accord.engine.strategies`), up to `ACCEPT_TOLERANCE`. Else it
   asks to amend the `n_amendments` issues whose change would raise its value most (for
   a text crossing its red line, any change that clears it), naming the option it
   wants, and names the red lines the text crosses.
3. **Learning** (rate λ): for a party that asked for amendments the mediator multiplies
   the estimated weight of each amended issue by (1 + λ), raises the requested option's
   estimated value by λ·(1 − v) and lowers the drafted option's by λ·v; for a party that
   refused it raises the estimated reservation value by λ·max(0, V̂ + 0.01 − r̂); for a
   party that accepted it lowers it to at most V̂.
4. A text is agreed when every party accepts it (its guarantors consent: it was drafted
   only among consented texts).

A party that left the talks (`effect: party_leaves`) is shown no draft and asked nothing:
the mediator ranks texts by the surpluses of the parties present, and an agreement among
them is an agreement without it (`accord.situation.evaluation`).

After each round, a party for which no feasible text has been worth its reservation
value for `walkout_after` consecutive rounds walks out. The mediator's estimates start
from the true preferences with Gaussian errors of sd `mediator.noise`, drawn from each
draw's own seeded generator.

With exact estimates (no noise, no learning) and parties that accept any text worth their
reservation value, the first draft of a round is in the ZOPA whenever the ZOPA is not
empty, so the talks agree at once (tested over random scenarios).

References:
    Raiffa (1982), The Art and Science of Negotiation, Harvard University Press, ch. 14
    ("The single negotiating text").
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from accord.engine._ceilings import estimated_utility_ceilings, utility_ceilings_at
from accord.engine.offers import RoundResult, stances
from accord.engine.person import Person, next_moves
from accord.engine.recorder import TranscriptRecorder
from accord.engine.strategies import Clock, Strategy
from accord.engine.transcript import Reply
from accord.scenario.process import Sessions
from accord.situation.evaluation import Evaluation, draw_index, value_of, worth_reservation
from accord.situation.groups import TextGroups, value_ceilings
from accord.situation.inducements import attach, mediator_payoff
from accord.situation.model import Model
from accord.situation.ranges import per_row, row_starts
from accord.utility import option_terms, pattern_mask, summed_terms

__all__ = [
    "ACCEPT_TOLERANCE",
    "AMEND_TOLERANCE",
    "Estimates",
    "MediatedText",
    "TextState",
    "initial_estimates",
]

# A party accepts a text worth its threshold up to this tolerance, and asks to amend an
# issue only where another option gains it more than this.
ACCEPT_TOLERANCE = 1e-12
AMEND_TOLERANCE = 1e-12
# A refusing party's estimated reservation value is raised towards the draft's value plus
# this margin, so that the mediator's next draft offers it strictly more.
REFUSAL_MARGIN = 0.01
# The mediator's search values, after the group of texts of highest bound, every group
# whose bound is within `SEARCH_MARGIN` of the best text found: far more than the
# rounding of a bound (about 1e-16), so no text that could be best, or tie, is skipped.
SEARCH_MARGIN = 1e-9
# No entry: the initial value of a least position or group per row.
NONE = np.iinfo(np.int64).max


@dataclass(frozen=True)
class Estimates:
    """The mediator's picture of the parties, in every draw.

    Attributes:
        weights: `(n_draws, n_parties, n_issues)` estimated raw weights.
        tables: per issue `(n_draws, n_parties, n_options)` estimated option values.
        reservation_values: `(n_draws, n_parties)` estimated reservation values.
    """

    weights: np.ndarray
    tables: tuple[np.ndarray, ...]
    reservation_values: np.ndarray

    @cached_property
    def terms(self) -> list[np.ndarray]:
        """Per issue `(n_draws, n_options, n_parties)` each option's estimated term w̃·v.

        Made once per estimate: a step ranks texts in several draws' subsets, and each
        ranking reads the rows it needs.
        """
        return option_terms(self.tables, self.weights)


@dataclass(frozen=True)
class TextState:
    """Where the mediated text stands between rounds, in every draw.

    Attributes:
        estimates: the mediator's estimates.
        previous: `(n_draws,)` the last text drafted (−1: none yet).
        amended: `(n_draws, n_issues)` issues some party asked to amend in reply to it.
        empty_rounds: `(n_draws, n_parties)` consecutive rounds in which no text was worth
            the party's reservation value.
        package: `(n_draws, n_parties)` the parties the last draft carried inducements for.
    """

    estimates: Estimates
    previous: np.ndarray
    amended: np.ndarray
    empty_rounds: np.ndarray
    package: np.ndarray


def initial_estimates(
    model: Model, noise: np.ndarray, seeds: Sequence[np.random.SeedSequence | int]
) -> Estimates:
    """Start from the true preferences blurred by Gaussian noise of sd `noise` `(n_draws,)`."""
    weights = model.initial.raw_weights.copy()
    tables = [table.copy() for table in model.initial.option_values]
    reservation = model.initial.reservation_values.copy()
    # Only a noisy mediator draws: a draw's generator is made where its noise is not 0.
    rows = np.flatnonzero(noise > 0)
    shapes = [a.shape[1:] for a in (weights, *tables, reservation)]
    sizes = [math.prod(shape) for shape in shapes]
    # Drawn in this order in each draw: the weights, each issue's values, r. One call
    # draws them all: a generator's normals do not depend on how many are asked at once.
    drawn = np.empty((rows.size, sum(sizes)))
    for n, d in enumerate(rows.tolist()):
        drawn[n] = np.random.default_rng(seeds[d]).normal(0, float(noise[d]), drawn.shape[1])
    ends = np.cumsum(sizes)
    blurs = [
        part.reshape(rows.size, *shape)
        for part, shape in zip(np.split(drawn, ends[:-1], axis=1), shapes, strict=True)
    ]
    weight_blur, *table_blurs, reservation_blur = blurs
    weights[rows] = np.clip(weights[rows] * (1 + weight_blur), 0, None)
    for table, blur in zip(tables, table_blurs, strict=True):
        table[rows] = np.clip(table[rows] + blur, 0, 1)
    reservation[rows] = np.clip(reservation[rows] + reservation_blur, 0, 1)
    return Estimates(weights, tuple(tables), reservation)


@dataclass(frozen=True)
class _Ranked:
    """Texts the mediator could draft in some draws, ranked by its estimates.

    The texts are entries, grouped by draw: a draw has only its own texts ranked, however
    many another has.

    Attributes:
        rows: `(n_rows,)` the draws.
        entry_rows: `(n_entries,)` the row of each entry (ascending).
        positions: `(n_entries,)` the texts.
        tier: `(n_entries,)` 2 = clear of red lines and every party expected to gain,
            1 = clear, 0 = crosses a red line, −1 = cannot be tabled.
        score: `(n_entries,)` the Nash product of estimated surpluses in tier 2, else the
            smallest estimated surplus.
    """

    rows: np.ndarray
    entry_rows: np.ndarray
    positions: np.ndarray
    tier: np.ndarray
    score: np.ndarray

    @classmethod
    def of(
        cls,
        text: MediatedText,
        estimates: Estimates,
        evaluation: Evaluation,
        rejected: np.ndarray,
        rows: np.ndarray,
        entry_rows: np.ndarray,
        texts: np.ndarray,
    ) -> _Ranked:
        """Rank the texts `texts` of the rows `entry_rows` (ascending) of the draws `rows`."""
        tier, score = _ranked_texts(
            text.model, estimates, evaluation, rejected, rows[entry_rows], texts
        )
        return cls(rows, entry_rows, texts, tier, score)

    @cached_property
    def _starts(self) -> tuple[np.ndarray, np.ndarray]:
        """The rows with entries, and where each one's entries start."""
        return row_starts(self.entry_rows, self.rows.size)

    @cached_property
    def top(self) -> tuple[np.ndarray, np.ndarray]:
        """Per row, the highest tier (−1: none) and the best score in it (−inf: none).

        Kept once made: a search reads it for the sets and again for their groups.
        """
        return _row_tops(self._starts, self.entry_rows, self.tier, self.score)

    def best(self, minimum_tier: int) -> tuple[np.ndarray, np.ndarray]:
        """Per row, the best text of the highest tier at or above `minimum_tier` (−1: none).

        Of texts with equal scores, the one of lowest position (code).
        """
        starts, rows = self._starts, self.entry_rows
        top, picks = _row_best(starts, rows, self.tier, self.score, self.positions)
        return self.rows, np.where(top >= minimum_tier, picks, -1)

    def joined(self, other: _Ranked) -> _Ranked:
        """These texts and `other`'s (more texts, the same draws) ranked together."""
        entry_rows = np.concatenate([self.entry_rows, other.entry_rows])
        order = np.argsort(entry_rows, kind="stable")
        return _Ranked(
            self.rows,
            entry_rows[order],
            np.concatenate([self.positions, other.positions])[order],
            np.concatenate([self.tier, other.tier])[order],
            np.concatenate([self.score, other.score])[order],
        )


def _ranked_texts(
    model: Model,
    estimates: Estimates,
    evaluation: Evaluation,
    rejected: np.ndarray,
    draws: np.ndarray,
    texts: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """`(n,)` the tier and score of each text `texts` in its draw `draws`."""
    positions = texts[:, None]
    surplus = _estimated_surplus(model, estimates, evaluation, draws, positions)
    entries = draws[:, None] * model.n_texts + positions
    usable = evaluation.usable.reshape(-1).take(entries) & ~rejected.reshape(-1).take(entries)
    clear = evaluation.clear[positions]
    means = model.means
    if not means.has_inducements and means.interests is None:
        tier, score = _tiers(surplus, clear, usable, evaluation.present)
        return tier[:, 0], score[:, 0]
    surplus, attached = attach(
        surplus,
        evaluation.induced.take(draws, axis=0),
        means.cost.take(draws, axis=0),
        means.budget.take(draws, axis=0),
    )
    tier, score = _tiers(surplus, clear, usable, evaluation.present)
    payoff = np.clip(mediator_payoff(means, draws, positions, attached), 0.0, None)
    score = np.where(tier == 2, score * payoff ** means.stake[draws][:, None], score)
    return tier[:, 0], score[:, 0]


def _estimated_surplus(
    model: Model,
    estimates: Estimates,
    evaluation: Evaluation,
    rows: np.ndarray,
    positions: np.ndarray,
) -> np.ndarray:
    """`(n_rows, n, n_parties)` V̂ − r̂ of the texts at `positions`."""
    values = _estimated_values(model, estimates, evaluation, rows, positions)
    return np.asarray(values - estimates.reservation_values.take(rows, axis=0)[:, None, :])


def _estimated_values(
    model: Model,
    estimates: Estimates,
    evaluation: Evaluation,
    rows: np.ndarray,
    positions: np.ndarray,
) -> np.ndarray:
    """`(n_rows, n, n_parties)` V̂ of the texts at `positions` `(n_rows, n)` (texts, no −1).

    The parties' value rule with the mediator's estimates.
    """
    # Rows are gathered with `take`: fancy indexing of narrow rows costs many times more.
    return value_of(
        summed_terms(estimates.terms, model.digits.take(positions, axis=0), rows=rows),
        audience_costs=evaluation.conditions.audience_costs.take(rows, axis=0)[:, None, :],
        trust=evaluation.trust.take(rows, axis=0)[:, None, :],
        reservation_values=estimates.reservation_values.take(rows, axis=0)[:, None, :],
        loss_scale=model.losses_at(rows[:, None], positions),
    )


def _highest(tier: np.ndarray, score: np.ndarray) -> np.ndarray:
    """`(n_rows, n_groups)` per row, the group of highest tier with the highest score.

    The first such group on ties.
    """
    n_rows, n_groups = tier.shape
    top = tier.max(axis=1, initial=-1)
    keys = np.where(tier == top[:, None], score, -np.inf)
    # One argmax per row: a partition per row (for several groups) cost ten times more.
    highest = np.zeros(tier.shape, dtype=bool)
    highest.reshape(-1)[keys.argmax(axis=1) + np.arange(n_rows) * n_groups] = True
    return highest


def _row_tops(
    starts: tuple[np.ndarray, np.ndarray], rows: np.ndarray, tier: np.ndarray, score: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the highest tier of its entries (−1: none) and the best score in it (−inf).

    `rows` is each entry's row (ascending), `starts` their `row_starts`.
    """
    top = per_row(np.maximum, tier, starts, -1)
    scores = np.where(tier == top[rows], score, -np.inf)
    return top, per_row(np.maximum, scores, starts, -np.inf)


def _row_best(
    starts: tuple[np.ndarray, np.ndarray],
    rows: np.ndarray,
    tier: np.ndarray,
    score: np.ndarray,
    ids: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the highest tier (−1: none) and the lowest id of its best entry (`NONE`: none).

    Its best entries are those of the highest tier with the best score in it.
    """
    top, best = _row_tops(starts, rows, tier, score)
    hits = (tier == top[rows]) & (score == best[rows])
    return top, per_row(np.minimum, np.where(hits, ids, NONE), starts, NONE)


def _reaches(
    tier: np.ndarray, score: np.ndarray, least_tier: np.ndarray, least_score: np.ndarray
) -> np.ndarray:
    """Whether bounds `tier`, `score` reach a text of `least_tier`, `least_score` (broadcast)."""
    reach = tier > least_tier
    reach |= (tier == least_tier) & (score >= least_score - SEARCH_MARGIN)
    return np.asarray(reach)


def _bound_to_refuse(
    hopeless: np.ndarray, thresholds: np.ndarray, evaluation: Evaluation
) -> np.ndarray:
    """`(n_draws,)` the `hopeless` draws where every party present asks at least r.

    A party accepts a text it may accept worth at least `_least_accepted`; where that is
    worth its reservation value, a text every party accepts is admissible and worth r to
    each, so it lies in the ZOPA, empty in those draws.
    """
    asks = worth_reservation(_least_accepted(thresholds), evaluation.reservation_values)
    asks |= ~evaluation.present
    return np.asarray(hopeless & asks.all(axis=1))


def _least_accepted(thresholds: np.ndarray) -> np.ndarray:
    """The least value at which a party accepts a text: its threshold less the tolerance."""
    return np.asarray(thresholds - ACCEPT_TOLERANCE)


def _tiers(
    surplus: np.ndarray, clear: np.ndarray, usable: np.ndarray, present: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each text's tier and score from the surpluses `(n_rows, n, n_parties)` of those present."""
    first, *others = np.flatnonzero(present).tolist()
    # Party by party: numpy reduces the short last axis of a long array slowly.
    gains = surplus[..., first] > 0
    product = np.clip(surplus[..., first], 0, None)
    smallest = surplus[..., first]
    for i in others:
        gains &= surplus[..., i] > 0
        product = product * np.clip(surplus[..., i], 0, None)
        smallest = np.minimum(smallest, surplus[..., i])
    level = gains.astype(np.int8)
    level += 1
    level *= clear
    tier = np.where(usable, level, np.int8(-1))
    return tier, np.where(tier == 2, product, smallest)


@dataclass(frozen=True)
class _Tabled:
    """What the mediator may still table in a round, in every draw.

    Attributes:
        rejected: `(n_draws, n_texts)` texts rejected earlier in the round.
        usable: `(n_draws, n_groups)` per group, its usable texts not rejected.
        clear: `(n_draws, n_groups)` per group, those of them clear of every red line.
        set_usable: `(n_draws, n_sets)` the same per set of groups.
        set_clear: `(n_draws, n_sets)` the same per set of groups.
        evaluation: the round's situation.
        groups: the texts' groups.

    The counts are made once a round and lowered as texts are rejected: a draft's
    bounds then read them instead of reducing every text again.
    """

    rejected: np.ndarray
    usable: np.ndarray
    clear: np.ndarray
    set_usable: np.ndarray
    set_clear: np.ndarray
    evaluation: Evaluation
    groups: TextGroups

    @classmethod
    def of(cls, groups: TextGroups, evaluation: Evaluation) -> _Tabled:
        """Nothing rejected yet in `evaluation`."""
        # The usable texts are the feasible ones in consented cells (`Evaluation.usable`).
        consented, feasible = evaluation.consented_by_cell, evaluation.feasible
        usable = groups.count_in_cells(consented, feasible)
        clear = groups.count_in_cells(consented, feasible & evaluation.clear)
        sets = groups.sets.starts
        model = evaluation.model
        return cls(
            np.zeros((model.n_draws, model.n_texts), dtype=bool),
            usable,
            clear,
            np.add.reduceat(usable, sets, axis=1, dtype=np.int32),
            np.add.reduceat(clear, sets, axis=1, dtype=np.int32),
            evaluation,
            groups,
        )

    def reject(self, rows: np.ndarray, texts: np.ndarray) -> None:
        """Mark `texts` `(n,)` rejected in the draws `rows` `(n,)` (distinct draws)."""
        fresh = ~self.rejected[rows, texts]
        rows, texts = rows[fresh], texts[fresh]
        self.rejected[rows, texts] = True
        group = self.groups.group_of[texts]
        usable = self.evaluation.usable[rows, texts]
        clear = usable & self.evaluation.clear[texts]
        self.usable[rows, group] -= usable
        self.clear[rows, group] -= clear
        in_set = self.groups.set_of[group]
        self.set_usable[rows, in_set] -= usable
        self.set_clear[rows, in_set] -= clear


@dataclass(frozen=True)
class _Replies:
    accept: np.ndarray  # (D, P)
    amended: np.ndarray  # (D, P, K)
    wanted: np.ndarray  # (D, P, K) option index asked for


@dataclass(frozen=True)
class _Bounded:
    """Groups bounded in some rows of a search: `(n,)` each one's row, group, tier, score."""

    rows: np.ndarray
    groups: np.ndarray
    tier: np.ndarray
    score: np.ndarray

    def reaching(self, found: _Ranked, other_than: np.ndarray) -> _Bounded:
        """Those whose bound reaches the best text `found` in their row.

        But for each row's group `other_than` `(n_rows,)`, valued already.
        """
        least_tier, least_score = found.top
        rows = self.rows
        keep = _reaches(self.tier, self.score, least_tier[rows], least_score[rows])
        keep &= self.groups != other_than[rows]
        return _Bounded(rows[keep], self.groups[keep], self.tier[keep], self.score[keep])


@dataclass(frozen=True)
class _Search:
    """One search of the mediator for its best text, in the draws `rows`."""

    text: MediatedText
    estimates: Estimates
    evaluation: Evaluation
    tabled: _Tabled
    rows: np.ndarray

    def bounded(self, rows: np.ndarray, groups: np.ndarray) -> _Bounded:
        """The groups `groups` of the rows `rows` (row by row), with their bounds."""
        context = (self.estimates, self.evaluation, self.tabled, self.rows)
        return _Bounded(rows, groups, *self.text._group_bounds(*context, rows, groups))

    def ranked(self, rows: np.ndarray, groups: np.ndarray) -> _Ranked:
        """The texts of the groups `groups` of the rows `rows` (row by row), ranked."""
        texts = self.text.model.groups.texts_of(rows, groups)
        rejected = self.tabled.rejected
        return _Ranked.of(self.text, self.estimates, self.evaluation, rejected, self.rows, *texts)

    def best_group(self, bounded: _Bounded) -> tuple[_Ranked, np.ndarray]:
        """The texts of each row's group of highest bound, ranked; and that group (−1: none).

        Of groups with equal bounds, the first.
        """
        starts = row_starts(bounded.rows, self.rows.size)
        _, picks = _row_best(starts, bounded.rows, bounded.tier, bounded.score, bounded.groups)
        chosen = np.where(picks == NONE, -1, picks)
        rows = np.flatnonzero(chosen >= 0)
        return self.ranked(rows, chosen[rows]), chosen


class MediatedText:
    """The mediated single negotiating text over `clock.n_steps` steps in all."""

    def __init__(
        self,
        model: Model,
        mediator: str,
        strategies: Sequence[Strategy],
        clock: Clock,
        *,
        n_amendments: int,
        learning_rates: np.ndarray,
        walkout_after: int,
        private_trust: np.ndarray | None = None,
        people: Sequence[Person] = (),
    ) -> None:
        self.model = model
        self.mediator = mediator
        self.strategies = tuple(strategies)
        self.clock = clock
        self.n_amendments = n_amendments
        self.learning_rates = learning_rates
        self.walkout_after = walkout_after
        self.private_trust = np.zeros(model.n_draws) if private_trust is None else private_trust
        self.people = tuple(people)

    def start(self, estimates: Estimates) -> TextState:
        """No text drafted yet."""
        model = self.model
        return TextState(
            estimates,
            np.full(model.n_draws, -1, dtype=np.int64),
            np.zeros((model.n_draws, model.space.n_issues), dtype=bool),
            np.zeros((model.n_draws, len(model.parties)), dtype=np.int64),
            np.zeros((model.n_draws, len(model.parties)), dtype=bool),
        )

    def play_round(
        self,
        state: TextState,
        evaluation: Evaluation,
        steps: range,
        live: np.ndarray,
        recorder: TranscriptRecorder | None,
        sessions: Sessions | None = None,
        hopeless: np.ndarray | None = None,
    ) -> tuple[TextState, RoundResult]:
        """Play the round's drafts in the draws `live`; return the new state and agreements.

        `sessions` says who is shown each draft (default: every party, jointly).
        `hopeless` `(n_draws,)` marks draws whose ZOPA stays empty to the last mediated
        round: at a step where every party there asks at least its reservation value, no
        text they all accept can exist (it would be in the ZOPA), so none is drafted there.
        """
        sessions = sessions or Sessions(kind="joint")
        n_draws = live.size
        agreed = np.full(n_draws, -1, dtype=np.int64)
        at = np.full(n_draws, -1, dtype=np.int64)
        live = live.copy()
        tabled = _Tabled.of(self.model.groups, evaluation)
        views = stances(evaluation)
        # Every step's thresholds at once, `(n_draws, n_steps, n_parties)`: the situation
        # stands through the round.
        by_step = np.stack(
            [
                s.threshold(v, self.clock, steps)
                for s, v in zip(self.strategies, views, strict=True)
            ],
            axis=2,
        )
        for step in steps:
            thresholds = by_step[:, step - steps.start]
            drafting = (
                live
                if hopeless is None
                else live & ~_bound_to_refuse(hopeless, thresholds, evaluation)
            )
            state, drafts = self._draft(
                state, evaluation, tabled, drafting, opening=step == steps.start
            )
            if recorder is not None and live[0] and drafts[0] < 0:
                recorder.blocked(step, self.mediator, self._why_blocked(evaluation))
            drafted = drafting & (drafts >= 0)
            package = self._package(state, evaluation, drafts)
            replies = self._replies(evaluation, drafts, thresholds, package)
            if self.people and drafted[0]:
                self._people_reply(replies, evaluation, step, int(drafts[0]))
            seen, private = self._audience(
                sessions, step - steps.start, len(steps), replies, evaluation
            )
            shown = drafted & seen.any(axis=1)
            if recorder is not None and drafted[0]:
                shown_to = self._shown_to(sessions, seen[0]) if private[0] else None
                self._record(
                    recorder, evaluation, step, int(drafts[0]), replies, package[0], shown_to
                )
                if shown_to == ():
                    recorder.note(self._declined(sessions, step - steps.start, evaluation))
            state = self._learn(state, evaluation, drafts, replies, shown, package, seen)
            can_agree = ~private | (sessions.kind == "sequential")
            done = drafted & can_agree & replies.accept.all(axis=1)
            agreed[done], at[done] = drafts[done], step
            live &= ~done
            going = np.flatnonzero(drafted & ~done & (seen & ~replies.accept).any(axis=1))
            tabled.reject(going, drafts[going])
        return state, RoundResult(agreed, at)

    def _audience(
        self,
        sessions: Sessions,
        index: int,
        n_steps: int,
        replies: _Replies,
        evaluation: Evaluation,
    ) -> tuple[np.ndarray, np.ndarray]:
        """`(n_draws, n_parties)` who is shown the draft, `(n_draws,)` whether privately.

        Sequential: privately, in order, each party only if those before accepted; jointly
        when a party does not trust the mediator enough to be shown a draft privately.
        Proximity: one party per step in order, if it trusts the mediator enough, and the
        round's last step joint. A private proximity session cannot agree.
        """
        model = self.model
        n_draws, n_parties = replies.accept.shape
        present = evaluation.present
        everyone = np.repeat(present[None, :], n_draws, axis=0)
        if sessions.kind == "joint" or (sessions.kind == "proximity" and index == n_steps - 1):
            return everyone, np.zeros(n_draws, dtype=bool)
        order = [model.parties.index(p) for p in sessions.order or model.parties]
        willing = np.asarray(evaluation.trust_in_mediator >= self.private_trust[:, None])
        willing &= present
        if sessions.kind == "proximity":
            seen = np.zeros_like(everyone)
            party = order[index % n_parties]
            seen[:, party] = willing[:, party]
            return seen, np.ones(n_draws, dtype=bool)
        seen = everyone.copy()
        talking = [p for p in order if present[p]]
        for before, party in itertools.pairwise(talking):
            seen[:, party] = seen[:, before] & replies.accept[:, before]
        private = np.asarray((willing | ~present).all(axis=1))
        return np.where(private[:, None], seen, everyone), private

    def _declined(self, sessions: Sessions, index: int, evaluation: Evaluation) -> str:
        """Why nobody was shown the draft of proximity session `index`."""
        order = sessions.order or self.model.parties
        party = order[index % len(order)]
        if not evaluation.present[self.model.parties.index(party)]:
            return f"{party} has left the talks"
        return f"{party} does not trust {self.mediator} enough to meet it alone"

    def _shown_to(self, sessions: Sessions, seen: np.ndarray) -> tuple[str, ...]:
        """The parties shown a private draft `seen` `(n_parties,)`, in the order shown."""
        order = sessions.order or self.model.parties
        return tuple(p for p in order if seen[self.model.parties.index(p)])

    # Drafting ----------------------------------------------------------------------

    def _draft(
        self,
        state: TextState,
        evaluation: Evaluation,
        tabled: _Tabled,
        live: np.ndarray,
        *,
        opening: bool,
    ) -> tuple[TextState, np.ndarray]:
        """`(n_draws,)` each live draw's draft (−1: no text can be tabled), and the state.

        A round opens with the best revision every party is expected to gain from, else
        the best such text anywhere. Then, and later in the round, the mediator follows
        the amendments asked for: the best revision clear of red lines, else the best text
        of the highest tier left. Texts are ranked only where needed: the revisions of
        every draw, every text only in the draws that look beyond their revisions.
        """
        drafts = np.full(live.size, -1, dtype=np.int64)
        waiting = live.copy()
        rows = np.flatnonzero(live)
        entry_rows, revisions = self._revisions(state, rows)
        estimates = state.estimates
        revised = _Ranked.of(
            self, estimates, evaluation, tabled.rejected, rows, entry_rows, revisions
        )
        if opening:
            self._take(drafts, waiting, revised, minimum_tier=2)
        else:
            self._take(drafts, waiting, revised, minimum_tier=1)
        everything = self._best_anywhere(estimates, evaluation, tabled, waiting)
        if opening:
            self._take(drafts, waiting, everything, minimum_tier=2)
            self._take(drafts, waiting, revised, minimum_tier=1)
        self._take(drafts, waiting, everything, minimum_tier=0)
        return state, drafts

    def _best_anywhere(
        self, estimates: Estimates, evaluation: Evaluation, tabled: _Tabled, rows: np.ndarray
    ) -> _Ranked:
        """The texts ranked in the draws `rows` `(n_draws,)`, as far as needed to find the best.

        The best text of the highest tier (first in position on ties) is among the ranked
        ones. Bounds come first per set of groups: the groups of the set of highest bound
        are bounded, and the texts of the group of highest bound among them valued. Then
        every group whose bound reaches the best text found, within `SEARCH_MARGIN`, is
        valued (it lies in a set whose bound reaches it too): the one of highest bound
        first, which then rules most of the others out.
        """
        search = _Search(self, estimates, evaluation, tabled, np.flatnonzero(rows))
        set_tier, set_score = self._set_bounds(estimates, evaluation, tabled, search.rows)
        candidates = search.bounded(*self.model.groups.groups_in(_highest(set_tier, set_score)))
        found, first = search.best_group(candidates)
        least_tier, least_score = found.top
        near = _reaches(set_tier, set_score, least_tier[:, None], least_score[:, None])
        candidates = search.bounded(*self.model.groups.groups_in(near))
        candidates = candidates.reaching(found, other_than=first)
        more, second = search.best_group(candidates)
        found = found.joined(more)
        candidates = candidates.reaching(found, other_than=second)
        return found.joined(search.ranked(candidates.rows, candidates.groups))

    def _set_bounds(
        self, estimates: Estimates, evaluation: Evaluation, tabled: _Tabled, rows: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """`(n_rows, n_sets)` the highest tier and score a text of each set can have."""
        sets = self.model.groups.sets
        utility = estimated_utility_ceilings(sets, [t[rows] for t in estimates.terms])
        ceilings = value_ceilings(
            utility,
            least_loss=sets.least_loss[rows],
            audience_costs=evaluation.conditions.audience_costs[rows][:, :, None],
            trust=evaluation.trust[rows][:, :, None],
            reservation_values=estimates.reservation_values[rows][:, :, None],
        )
        surplus = np.swapaxes(ceilings, 1, 2)
        usable, clear = tabled.set_usable[rows] > 0, tabled.set_clear[rows] > 0
        return self._unbounded_by_means(*_tiers(surplus, clear, usable, evaluation.present))

    def _group_bounds(
        self,
        estimates: Estimates,
        evaluation: Evaluation,
        tabled: _Tabled,
        rows: np.ndarray,
        entry_rows: np.ndarray,
        entries: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """`(n,)` the highest tier and score a text of group `entries` can have in its row."""
        groups = self.model.groups
        draws = rows.take(entry_rows)
        utility = utility_ceilings_at(groups, estimates.terms, draws, entries)
        _, n_parties, n_groups = groups.least_loss.shape
        # One flat gather of each pair's least loss, party by party.
        at = (draws * n_parties)[:, None] + np.arange(n_parties)
        least = groups.least_loss.reshape(-1).take(at * n_groups + entries[:, None])
        surplus = value_ceilings(
            utility,
            least_loss=least[:, None, :],
            audience_costs=evaluation.conditions.audience_costs.take(draws, axis=0)[:, None, :],
            trust=evaluation.trust.take(draws, axis=0)[:, None, :],
            reservation_values=estimates.reservation_values.take(draws, axis=0)[:, None, :],
        )
        pairs = draws * n_groups + entries
        usable = tabled.usable.reshape(-1).take(pairs)[:, None] > 0
        clear = tabled.clear.reshape(-1).take(pairs)[:, None] > 0
        tier, score = _tiers(surplus, clear, usable, evaluation.present)
        return self._unbounded_by_means(tier[:, 0], score[:, 0])

    def _unbounded_by_means(
        self, tier: np.ndarray, score: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The bounds `tier`, `score` loosened where the mediator's means move them."""
        means = self.model.means
        if means.has_inducements:
            # A package lifts the surplus of the parties it covers: any clear text may
            # reach the first tier.
            tier = np.where(tier == 1, np.int8(2), tier)
        if means.has_inducements or means.interests is not None:
            # Packages and the mediator's own payoff move the scores: no bound on them.
            score = np.full(score.shape, np.inf)
        return tier, score

    @staticmethod
    def _take(drafts: np.ndarray, waiting: np.ndarray, ranked: _Ranked, minimum_tier: int) -> None:
        """Draft, in the waiting draws with a text of at least `minimum_tier`, the best one."""
        rows, picks = ranked.best(minimum_tier)
        chosen = waiting[rows] & (picks >= 0)
        drafts[rows[chosen]] = picks[chosen]
        waiting[rows[chosen]] = False

    def _revisions(self, state: TextState, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The texts equal to the previous draft except on amended issues, in `rows`.

        Returns each one's row (of `rows`) and its position. Enumerated in mixed radix over
        each draw's amended issues, so in ascending code order within a row (ties go to
        the lowest code).
        """
        model = self.model
        amended, previous = state.amended[rows], state.previous[rows]
        has = (previous >= 0) & amended.any(axis=1)
        radices = np.where(amended, np.array(model.space.radices), 1)
        sizes = np.where(has, radices.prod(axis=1), 0)
        entry_rows = np.repeat(np.arange(rows.size), sizes)
        remaining = np.arange(entry_rows.size) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        # Each row's code with its amended issues' options at 0, then the options of the
        # issues some row amends (a radix of 1 elsewhere: option 0, `remaining` unmoved).
        drafted = np.maximum(previous, 0)
        kept = np.where(amended, 0, model.digits.take(drafted, axis=0))
        codes = (kept @ model.strides).take(entry_rows)
        for k in np.flatnonzero(amended.any(axis=0))[::-1].tolist():
            remaining, digit = np.divmod(remaining, radices[:, k].take(entry_rows))
            codes += digit * model.strides[k]
        positions = model.positions(codes)
        found = positions >= 0
        return entry_rows[found], positions[found]

    def _why_blocked(self, evaluation: Evaluation) -> str:
        usable = evaluation.usable[0]
        if not usable.any():
            refused = ", ".join(self.model.guarantors)
            return f"no text could be tabled: the guarantors ({refused}) refuse every text"
        return (
            "no text could be tabled: every text the guarantors accept was rejected "
            "earlier in this round"
        )

    def _package(self, state: TextState, evaluation: Evaluation, drafts: np.ndarray) -> np.ndarray:
        """`(n_draws, n_parties)` the parties each draft carries inducements for."""
        model = self.model
        means = model.means
        if not means.has_inducements:
            return np.zeros((drafts.size, len(model.parties)), dtype=bool)
        every = np.arange(drafts.size)
        surplus = _estimated_surplus(
            model, state.estimates, evaluation, every, np.maximum(drafts, 0)[:, None]
        )
        _, attached = attach(surplus, evaluation.induced, means.cost, means.budget)
        return np.asarray(attached[:, 0, :] & (drafts >= 0)[:, None])

    # Replies -----------------------------------------------------------------------

    def _replies(
        self,
        evaluation: Evaluation,
        drafts: np.ndarray,
        thresholds: np.ndarray,
        package: np.ndarray,
    ) -> _Replies:
        n_draws, n_parties = thresholds.shape
        # Only the draws with a draft are asked: the others' replies are never read.
        rows = np.flatnonzero(drafts >= 0)
        position = drafts[rows]
        allowed = np.column_stack([evaluation.allowed(i)[rows, position] for i in range(n_parties)])
        value = np.column_stack(
            [evaluation.pair_values(i, rows, position) for i in range(n_parties)]
        )
        value += np.where(package[rows], evaluation.induced[rows], 0.0)
        accept = np.zeros((n_draws, n_parties), dtype=bool)
        accept[rows] = allowed & (value >= _least_accepted(thresholds[rows]))
        accept |= ~evaluation.present  # a party that left is not asked
        amended = np.zeros((n_draws, n_parties, self.model.space.n_issues), dtype=bool)
        wanted = np.zeros_like(amended, dtype=np.int64)
        for i in range(n_parties):
            current = np.where(allowed[:, i], value[:, i], -np.inf)
            amended[rows, i], wanted[rows, i] = self._amendments(
                evaluation, i, rows, position, current
            )
        amended &= ~accept[:, :, None]
        return _Replies(accept, amended, wanted)

    def _people_reply(
        self, replies: _Replies, evaluation: Evaluation, step: int, draft: int
    ) -> None:
        """Put the people's replies to `draft` in draw 0 in place of their strategies'."""
        space = self.model.space
        moves = next_moves(self.people, "reply", step, draft, evaluation)
        for party, move in moves.items():
            i = self.model.parties.index(party)
            replies.accept[0, i] = move.accept and bool(evaluation.allowed(i)[0, draft])
            replies.amended[0, i] = False
            for issue, option in move.amendments.items():
                k = space.issues.index(issue)
                replies.amended[0, i, k] = not replies.accept[0, i]
                replies.wanted[0, i, k] = space.options[k].index(option)

    def _amendments(
        self,
        evaluation: Evaluation,
        party: int,
        draws: np.ndarray,
        drafts: np.ndarray,
        current: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """`(n, n_issues)` the issues the party asks to amend in `draws`, and the options wanted.

        `drafts` are the drafts in those draws. Each issue's best single change (among
        texts the party may accept) is asked for if it raises the party's value; the
        `n_amendments` largest gains win, ties to the first issue.
        """
        model = self.model
        rows = draws[:, None]
        radices = model.space.radices
        # Every single change at once: the pair (issue, option) of each column.
        issue = np.repeat(np.arange(len(radices)), radices)
        option = np.concatenate([np.arange(radix) for radix in radices])
        step = (option - model.digits.take(drafts, axis=0)[:, issue]) * model.strides[issue]
        found = model.positions(model.codes[drafts][:, None] + step)
        inside = np.maximum(found, 0)
        allowed = evaluation.allowed(party).reshape(-1)
        may = (found >= 0) & allowed.take(rows * model.n_texts + inside)
        # Laid out issue by option, short issues padded with changes worth nothing.
        value = np.full((drafts.size, len(radices), max(radices)), -np.inf)
        value[:, issue, option] = np.where(
            may, evaluation.pair_values(party, rows, inside), -np.inf
        )
        wanted = np.argmax(value, axis=2)
        gain = np.take_along_axis(value, wanted[:, :, None], axis=2)[:, :, 0]
        better = gain > current[:, None] + AMEND_TOLERANCE
        keys = np.where(better, -gain, np.inf)
        order = np.argsort(keys, axis=1, kind="stable")[:, : self.n_amendments]
        amended = np.zeros(keys.shape, dtype=bool)
        np.put_along_axis(amended, order, True, axis=1)
        return amended & np.isfinite(keys), wanted

    # Learning ----------------------------------------------------------------------

    def _learn(
        self,
        state: TextState,
        evaluation: Evaluation,
        drafts: np.ndarray,
        replies: _Replies,
        drafted: np.ndarray,
        package: np.ndarray,
        seen: np.ndarray,
    ) -> TextState:
        """Update the estimates of the drafted draws from the replies of those who saw them."""
        rows = np.flatnonzero(drafted)
        if not rows.size:
            return state
        estimates = state.estimates
        weights = estimates.weights.copy()
        tables = [table.copy() for table in estimates.tables]
        reservation = estimates.reservation_values.copy()
        rate = self.learning_rates
        position = np.maximum(drafts, 0)
        # Read only where drafted: the other rows of `estimated` are never used.
        estimated = np.zeros(package.shape)
        estimated[rows] = _estimated_values(
            self.model, estimates, evaluation, rows, position[rows, None]
        )[:, 0, :] + np.where(package[rows], evaluation.induced[rows], 0.0)
        drafted_digits = self.model.digits.take(position, axis=0)
        for i in range(len(self.model.parties)):
            accepted = drafted & seen[:, i] & replies.accept[:, i]
            refused = drafted & seen[:, i] & ~replies.accept[:, i]
            reservation[accepted, i] = np.minimum(reservation[accepted, i], estimated[accepted, i])
            reservation[refused, i] += rate[refused] * np.maximum(
                0.0, estimated[refused, i] + REFUSAL_MARGIN - reservation[refused, i]
            )
            for k, table in enumerate(tables):
                asked = np.flatnonzero(refused & replies.amended[:, i, k])
                if not asked.size:
                    continue
                weights[asked, i, k] *= 1 + rate[asked]
                j = replies.wanted[asked, i, k]
                table[asked, i, j] += rate[asked] * (1 - table[asked, i, j])
                old = drafted_digits[asked, k]
                table[asked, i, old] -= rate[asked] * table[asked, i, old]
        reservation[rows] = np.clip(reservation[rows], 0, 1)
        amended = state.amended.copy()
        amended[rows] = (replies.amended & seen[:, :, None])[rows].any(axis=1)
        previous = np.where(drafted, drafts, state.previous)
        return replace(
            state,
            estimates=Estimates(weights, tuple(tables), reservation),
            previous=previous,
            amended=amended,
            package=np.where(drafted[:, None], package, state.package),
        )

    # Walk-outs ---------------------------------------------------------------------

    def walkouts(
        self, state: TextState, evaluation: Evaluation, live: np.ndarray
    ) -> tuple[TextState, np.ndarray]:
        """After a round: `(n_draws,)` the party that walks out (−1: none)."""
        rows = draw_index(np.flatnonzero(live), live.size)
        best = np.column_stack([view.best for view in stances(evaluation)])
        worth = worth_reservation(best[rows], evaluation.reservation_values[rows])
        empty = state.empty_rounds.copy()
        empty[rows] = np.where(worth, 0, state.empty_rounds[rows] + 1)
        leaving = live[:, None] & (empty >= self.walkout_after) & evaluation.present
        party = np.where(leaving.any(axis=1), np.argmax(leaving, axis=1), -1)
        return replace(state, empty_rounds=empty), party

    # Recording ---------------------------------------------------------------------

    def _record(
        self,
        recorder: TranscriptRecorder,
        evaluation: Evaluation,
        step: int,
        draft: int,
        replies: _Replies,
        package: np.ndarray,
        shown_to: tuple[str, ...] | None,
    ) -> None:
        model = self.model
        offered = model.means.ids
        inducements = tuple(i for p in np.flatnonzero(package).tolist() for i in offered[p])
        recorder.proposal(step, self.mediator, draft, evaluation, inducements, shown_to)
        for i, party in enumerate(model.parties):
            if (shown_to is not None and party not in shown_to) or not evaluation.present[i]:
                continue
            margin = evaluation.margin(0, draft, i)
            if package[i]:
                margin += float(evaluation.induced[0, i])
            if replies.accept[0, i]:
                recorder.reply(Reply(party, "accept", margin))
                continue
            asked = {
                model.space.issues[k]: model.space.options[k][int(replies.wanted[0, i, k])]
                for k in np.flatnonzero(replies.amended[0, i])
            }
            crossed = _crossed(model, evaluation, i, draft)
            recorder.reply(Reply(party, "amend" if asked else "reject", margin, asked, crossed))


def _crossed(model: Model, evaluation: Evaluation, party: int, position: int) -> tuple[str, ...]:
    """The party's red lines that text `position` crosses, as `issue=option` lists."""
    space = model.space
    crossed = []
    for pattern in evaluation.conditions.red_lines[party]:
        if pattern_mask(model.digits[position : position + 1], pattern)[0]:
            parts = [
                f"{space.issues[k]}=" + "|".join(space.options[k][j] for j in options)
                for k, options in pattern.items()
            ]
            crossed.append(", ".join(parts))
    return tuple(crossed)
