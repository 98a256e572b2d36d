"""What each text is worth to each party at a moment, in every draw of a block.

For negotiating party i, draw d and text o:

- utility u_i(o) (`accord.utility`) with the current weights;
- audience cost a_i: conceding is costly at home, so u'_i(o) = u_i(o) − a_i·(1 − u_i(o));
- trust b_i = Π_{j ≠ i} b_ij, the probability that every other negotiating party honours;
- breach loss loss_i(o) = Σ_k vulnerability_ik(o_k) · Π_k (1 − credibility_k(o_k)) over
  the guarantees protecting i (`accord.situation.model`);
- value of agreement o to i: V_i(o) = b_i·u'_i(o) + (1 − b_i)·(r_i − loss_i(o)), so
  V_i(o) >= r_i exactly when b_i·(u'_i(o) − r_i) >= (1 − b_i)·loss_i(o);
- guarantor consent: guarantor g named in o consents while (1 − b_g)·exposure(o) <=
  threshold_g (+ `CONSENT_TOLERANCE`), with b_g = Π_j b_gj over the negotiating parties; a
  withdrawn guarantor never consents.

The ZOPA: feasible texts that every named guarantor consents to, that hit no party's
red line, with V_i(o) >= r_i − `RESERVATION_TOLERANCE` for every party. A party that left
the talks (`effect: party_leaves`) is no longer asked: its red lines and its value stop
counting, and the mediator's inducements offered to it are worth nothing (an agreement
without it gives it nothing). Without beliefs
every b is 1 and V = u'; without audience costs V = u, and the ZOPA is the foundation's.

References:
    Fearon (1995), "Rationalist explanations for war", International Organization 49(3)
    (the commitment problem); Walter (2002), Committing to Peace, Princeton University
    Press (third-party guarantees).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from accord.situation.conditions import Conditions
from accord.situation.inducements import attach
from accord.situation.model import Model
from accord.situation.ranges import UtilityHull, cell_values, value_range
from accord.situation.value import breach_terms, value_of, value_with_breach
from accord.utility import acceptable_mask, utilities

__all__ = [
    "CONSENT_TOLERANCE",
    "RESERVATION_TOLERANCE",
    "Evaluation",
    "PartyValues",
    "available_mask",
    "draw_index",
    "evaluate",
    "few_pairs",
    "few_pairs_valued",
    "guarantor_consent",
    "refusals",
    "taken_up",
    "trust",
    "value_of",
    "worth_reservation",
    "zopa_mask",
    "zopa_of_parties",
]

# A text worth a party its reservation value up to this is inside the ZOPA: rounding
# never excludes a text worth exactly r_i.
RESERVATION_TOLERANCE = 1e-12
# Once this share of the draws moved, a party's values and the ZOPA's size are made again
# in every draw in place: gathering the draws that moved then costs more (measured on
# the reference case), and the others get the same bits from the same inputs.
ALL_DRAWS_FROM = 0.5
# While fewer than one (draw, text) pair in this many is marked (the admissible texts,
# where guarantors refuse or red lines bar most; a party's allowed texts), a rule over
# the marked pairs reads them alone (`few_pairs`).
FEW_PAIRS = 8
# A guarantor refuses a text only when its risk exceeds its threshold by more than this.
CONSENT_TOLERANCE = 1e-12


def belief_in_all(
    beliefs: np.ndarray, holder: int | Sequence[int], others: Sequence[int]
) -> np.ndarray:
    """`(n_draws,)` the holder's belief that every one of `others` honours: Π_j b_holder,j.

    `(n_draws, n_holders)` for a sequence of holders.
    """
    result = np.ones(beliefs[:, holder, 0].shape)
    # Party by party, in order: a draw's product must not depend on the block's layout.
    for about in others:
        result = result * beliefs[:, holder, about]
    return result


def trust(model: Model, beliefs: np.ndarray) -> np.ndarray:
    """Return `(n_draws, n_parties)` b_i: each party's belief that every other party honours."""
    index = model.party_seats
    return np.stack(
        [belief_in_all(beliefs, i, [j for j in index if j != i]) for i in index], axis=1
    ).reshape(beliefs.shape[0], len(index))


def draw_index(rows: np.ndarray, n_draws: int, all_from: float = 1.0) -> np.ndarray | slice:
    """Index the ascending, distinct draws `rows` of `n_draws`: a slice (views) if all.

    With `all_from`, every draw (a slice) once `rows` hold that share of them: for a rule
    that gives each draw the same bits whatever the others, doing all the draws in place
    can cost less than gathering some.
    """
    # A slice reads and writes in place; indexing by an array copies.
    return slice(None) if rows.size >= all_from * n_draws else rows


def refusals(model: Model, conditions: Conditions) -> np.ndarray:
    """Return `(n_guarantors, n_draws, n_cells)`: the commitment cells naming g that g refuses.

    A text's exposure and the guarantors it names are those of its cell
    (`Model.cells`), so each guarantor is judged once per cell.
    """
    holders, about = model.guarantor_seats, model.party_seats
    # Every guarantor at once, `(n_guarantors, n_draws, n_cells)`: a guarantor that names
    # no cell refuses none.
    belief = belief_in_all(conditions.beliefs, holders, about).T[:, :, None]
    limit = conditions.thresholds.T[:, :, None] + CONSENT_TOLERANCE
    named = model.cell_named[:, None, :]
    refused: np.ndarray = named & ((1.0 - belief) * model.exposure > limit)
    refused[conditions.withdrawn] = named[conditions.withdrawn]
    return refused


def guarantor_consent(
    model: Model, conditions: Conditions, draw: int, position: int
) -> dict[str, bool]:
    """For each guarantor text `position` names, whether it consents in draw `draw`."""
    refused = refusals(model, conditions)[:, draw, model.cells[position]]
    return {
        g: not bool(refused[k]) for k, g in enumerate(model.guarantors) if model.named[k, position]
    }


def zopa_mask(
    values: np.ndarray, reservation_values: np.ndarray, admissible: np.ndarray | None = None
) -> np.ndarray:
    """Return `(..., n_texts)`: admissible texts worth every party its reservation value.

    Args:
        values: `(..., n_texts, n_parties)`.
        reservation_values: `(..., n_parties)`.
        admissible: `(..., n_texts)` feasible, consented and clear of every red line
            (default: every text).
    """
    columns = [values[..., i] for i in range(values.shape[-1])]
    return zopa_of_parties(columns, reservation_values, admissible)


def zopa_of_parties(
    values: Sequence[np.ndarray],
    reservation_values: np.ndarray,
    admissible: np.ndarray | None = None,
    tolerance: float = RESERVATION_TOLERANCE,
) -> np.ndarray:
    """`zopa_mask` with each party's values apart: `values[i]` is `(..., n_texts)`.

    `tolerance`: how far under its reservation value a party's value may lie.
    """
    shape = values[0].shape
    mask = np.ones(shape, dtype=bool) if admissible is None else admissible.copy()
    for i, party_values in enumerate(values):
        mask &= worth_reservation(party_values, reservation_values[..., i : i + 1], tolerance)
    return mask


def few_pairs(mask: np.ndarray, out_of: int | None = None) -> np.ndarray | None:
    """The flat positions of `mask`'s marked pairs, if fewer than one in `FEW_PAIRS`; else None.

    Counted against `out_of` pairs (default: `mask`'s own size), for a mask that covers
    part of a table.
    """
    if np.count_nonzero(mask) * FEW_PAIRS > (mask.size if out_of is None else out_of):
        return None
    return np.flatnonzero(mask)


def few_pairs_valued(
    mask: np.ndarray, read: Callable[[np.ndarray], np.ndarray]
) -> tuple[np.ndarray, np.ndarray] | None:
    """`few_pairs` of `mask` and the values `read` gives at them; None where not few."""
    entries = few_pairs(mask)
    return None if entries is None else (entries, read(entries))


def worth_reservation(
    values: np.ndarray, reservation_values: np.ndarray, tolerance: float = RESERVATION_TOLERANCE
) -> np.ndarray:
    """Whether each value is worth the reservation value (broadcast), up to `tolerance`."""
    return np.asarray(values >= reservation_values - tolerance)


@dataclass(frozen=True)
class Evaluation:
    """Every draw's situation over the texts of a model.

    Attributes:
        party_utilities: `(n_draws, n_texts)` for each party, its u_i(o) with the current
            weights, in one read-only piece (`utilities` puts them side by side).
        value_tables: for each party, its trust- and audience-adjusted V_i(o), a
            `(n_draws, n_texts)` read-only piece once made (`party_values`), else what is
            left to make (`_Unmade`): a rule read at a few pairs (`values_at`) is read
            there alone.
        acceptable: `(n_texts, n_parties)` False where a text hits the party's red line.
        refused: `(n_guarantors, n_draws, n_cells)` the commitment cells naming g that g
            refuses (`Model.cells`).
        consent: `(n_draws, n_texts)` every guarantor the text names consents.
        trust: `(n_draws, n_parties)` b_i.
        available: `(n_texts,)` every option of the text is on the table.
        moved: `(n_draws,)` the draws whose values, reservation values or consent differ
            from those of the evaluation this one was derived from (None: any may differ).
    """

    model: Model
    conditions: Conditions
    party_utilities: tuple[np.ndarray, ...]
    value_tables: list[np.ndarray | _Unmade]
    acceptable: np.ndarray
    refused: np.ndarray
    consent: np.ndarray
    trust: np.ndarray
    available: np.ndarray
    moved: np.ndarray | None = None

    @property
    def reservation_values(self) -> np.ndarray:
        """`(n_draws, n_parties)` current reservation values."""
        return self.conditions.reservation_values

    @cached_property
    def utilities(self) -> np.ndarray:
        """`(n_draws, n_texts, n_parties)` every party's u_i(o) side by side."""
        return np.stack(self.party_utilities, axis=-1)

    @cached_property
    def values(self) -> np.ndarray:
        """`(n_draws, n_texts, n_parties)` every party's V_i(o) side by side."""
        return np.stack(self.party_values, axis=-1)

    @property
    def party_values(self) -> tuple[np.ndarray, ...]:
        """`(n_draws, n_texts)` each party's V_i(o), read-only (`party_value`)."""
        return tuple(self.party_value(i) for i in range(len(self.model.parties)))

    def party_value(self, party: int) -> np.ndarray:
        """`(n_draws, n_texts)` the party's V_i(o), read-only, made on first read and kept."""
        table = self.value_tables[party]
        if isinstance(table, np.ndarray):
            return table
        made = _made_values(self, party, table)
        self.value_tables[party] = made
        return made

    def party_value_rows(self, party: int, rows: np.ndarray) -> np.ndarray:
        """`(n_rows, n_texts)` the party's V_i in the draws `rows`, read-only.

        Read off its table if made, else made in those draws alone (the same bits).
        """
        table = self.value_tables[party]
        if isinstance(table, np.ndarray):
            return np.asarray(table.take(rows, axis=0))
        return _party_values(self, party, rows)

    def values_at(
        self, party: int, entries: np.ndarray, draws: np.ndarray | None = None
    ) -> np.ndarray:
        """The party's V_i at the flat (draw, text) positions `entries` (of `draws`, if known).

        Read from its table if made, else the rule is applied at those pairs alone: the
        same operations on the same inputs, so the same bits.
        """
        table = self.value_tables[party]
        if isinstance(table, np.ndarray):
            return np.asarray(table.reshape(-1).take(entries))
        model, i = self.model, party
        if draws is None:
            draws = entries // model.n_texts
        # A party's column first, then one gather: faster than indexing two axes.
        trust = self.trust[:, i].take(draws)
        breach = None
        if not np.all(trust == 1.0):
            cells = model.cells_at(draws, entries - draws * model.n_texts)
            breach = self._breach_table(i).reshape(-1).take(cells)
        return value_with_breach(
            self.party_utilities[i].reshape(-1).take(entries),
            audience_costs=self.conditions.audience_costs[:, i].take(draws),
            trust=trust,
            breach=breach,
        )

    def _breach_table(self, party: int) -> np.ndarray:
        """`(n_draws, n_cells)` the party's breach term in each commitment cell, kept once made.

        The rule's second term depends on the draw and the cell alone: read at pairs, it
        is made once for all of them (the same operations, so the same bits).
        """
        kept = self._breach_tables
        if party not in kept:
            i, conditions = party, self.conditions
            kept[party] = breach_terms(
                trust=self.trust[:, i, None],
                reservation_values=conditions.reservation_values[:, i, None],
                loss_scale=self.model.loss_scale[:, :, i],
            )
        return kept[party]

    @cached_property
    def _breach_tables(self) -> dict[int, np.ndarray]:
        return {}

    def pair_values(self, party: int, draws: np.ndarray, texts: np.ndarray) -> np.ndarray:
        """The party's V_i at the pairs (`draws`, `texts`) (broadcast together)."""
        draws, texts = np.broadcast_arrays(draws, texts)
        entries = draws * self.model.n_texts + texts
        values = self.values_at(party, entries.reshape(-1), draws.reshape(-1))
        return values.reshape(entries.shape)

    @cached_property
    def feasible(self) -> np.ndarray:
        """`(n_texts,)` texts that satisfy the constraints with every option on the table."""
        return np.asarray(self.model.is_feasible & self.available)

    @cached_property
    def usable(self) -> np.ndarray:
        """`(n_draws, n_texts)` feasible texts that every guarantor they name consents to."""
        return np.asarray(self.consent & self.feasible)

    def allowed(self, party: int) -> np.ndarray:
        """`(n_draws, n_texts)` texts the party may accept: usable and clear of its red lines.

        Kept once made: every round asks for it again while the situation stands.
        """
        tables = self._allowed_tables
        table = tables[party]
        if table is None:
            table = tables[party] = np.asarray(self.usable & self.acceptable[:, party])
        return table

    @cached_property
    def _allowed_tables(self) -> list[np.ndarray | None]:
        return [None] * len(self.model.parties)

    def allowed_pairs(self, party: int) -> tuple[np.ndarray, np.ndarray] | None:
        """The flat positions of the texts the party may accept and its values there.

        None where those texts are not few (`few_pairs`). Kept once made, and shared with
        the next evaluation while the texts and the party's values stand.
        """
        kept = self._allowed_pairs
        if party not in kept:
            entries = self._allowed_entries(party)
            kept[party] = None if entries is None else (entries, self.values_at(party, entries))
        return kept[party]

    def _allowed_entries(self, party: int) -> np.ndarray | None:
        """`few_pairs` of the party's allowed texts, kept once made."""
        found = self._allowed_entry_lists
        if party not in found:
            found[party] = few_pairs(self.allowed(party))
        return found[party]

    @cached_property
    def _allowed_entry_lists(self) -> dict[int, np.ndarray | None]:
        return {}

    @cached_property
    def _allowed_pairs(self) -> dict[int, tuple[np.ndarray, np.ndarray] | None]:
        return {}

    def value_range(self, party: int) -> tuple[np.ndarray, np.ndarray]:
        """`(n_draws,)` the party's best and worst values among the texts it may accept.

        −inf and +inf where it may accept none; read off its cells' hull
        (`accord.situation.ranges`).
        """
        return value_range(*self.cell_values(party))

    def cell_values(self, party: int) -> tuple[np.ndarray, np.ndarray]:
        """`(n_draws, n_used)` per used cell, the party's highest and lowest value there.

        Among the texts it may accept (−inf and +inf: none); kept once made.
        """
        kept = self._cell_values
        if party not in kept:
            i, conditions = party, self.conditions
            used = self.model.cell_texts.used
            kept[party] = cell_values(
                self.hull(party),
                self.consented_cells,
                audience_costs=conditions.audience_costs[:, i],
                trust=self.trust[:, i],
                reservation_values=conditions.reservation_values[:, i],
                loss_scale=self.model.loss_scale[:, used, i],
            )
        return kept[party]

    def hull(self, party: int) -> UtilityHull:
        """The party's highest and lowest utilities per cell among its allowed texts.

        Kept once made, and shared with the next evaluation while its utilities and its
        allowed texts (constraints, options on the table, red lines) stand.
        """
        kept = self._hulls
        if party not in kept:
            allowed = self.feasible & self.acceptable[:, party]
            kept[party] = UtilityHull.of(
                self.party_utilities[party], allowed, self.model.cell_texts
            )
        return kept[party]

    @cached_property
    def consented_by_cell(self) -> np.ndarray:
        """`(n_draws, n_cells)` the cells every guarantor they name consents to.

        `consent` is this read at each text's cell.
        """
        return np.asarray(~self.refused.any(axis=0))

    @cached_property
    def consented_cells(self) -> np.ndarray:
        """`(n_draws, n_used)` the used cells every guarantor they name consents to."""
        return self.consented_by_cell[:, self.model.cell_texts.used]

    @cached_property
    def _cell_values(self) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        return {}

    @cached_property
    def _hulls(self) -> dict[int, UtilityHull]:
        return {}

    @cached_property
    def clear(self) -> np.ndarray:
        """`(n_texts,)` texts that hit no party's red line."""
        # Party by party: numpy reduces the short last axis of a long array slowly.
        clear = self.acceptable[:, 0].copy()
        for i in range(1, self.acceptable.shape[1]):
            clear &= self.acceptable[:, i]
        return clear

    @cached_property
    def admissible(self) -> np.ndarray:
        """`(n_draws, n_texts)` feasible, consented texts that hit no party's red line."""
        return np.asarray(self.consent & (self.clear & self.feasible))

    @cached_property
    def present(self) -> np.ndarray:
        """`(n_parties,)` the negotiating parties still in the talks (whose consent is asked)."""
        present = np.ones(len(self.model.parties), dtype=bool)
        present[sorted(self.conditions.absent)] = False
        return present

    def zopa(self) -> np.ndarray:
        """`(n_draws, n_texts)` the zone of possible agreement among the parties present."""
        return self._zopa_of(self.party_values)

    def zopa_sizes(self, before: np.ndarray | None = None) -> np.ndarray:
        """`(n_draws,)` the ZOPA's size in each draw.

        `before`: the sizes under the evaluation this one was derived from; only the draws
        that moved since are counted again (where admissible pairs are few, at the pairs
        of those draws).
        """
        entries = self._admissible_entries
        if entries is not None:
            return self._sizes_over(entries, None if self.moved is None else before)
        if before is None or self.moved is None:
            return np.asarray(self.zopa().sum(axis=1))
        sizes = before.copy()
        moved = np.flatnonzero(self.moved)
        if not moved.size:
            return sizes
        rows = draw_index(moved, sizes.size, ALL_DRAWS_FROM)
        if isinstance(rows, slice):
            return np.asarray(self.zopa().sum(axis=1))
        values = [party_values[rows] for party_values in self.party_values]
        sizes[rows] = self._zopa_of(values, rows).sum(axis=1)
        return sizes

    @cached_property
    def _admissible_entries(self) -> np.ndarray | None:
        """The flat positions of the admissible (draw, text) pairs, where they are few.

        Read at the feasible texts clear of every red line (the same in every draw) whose
        cell the draw's guarantors consent to (`consent`, read at the cells): a pass over
        those texts, which red lines make few, rather than over the table.
        """
        texts = np.flatnonzero(self.clear & self.feasible)
        consented = np.take(self.consented_by_cell, self.model.cells.take(texts), axis=1)
        n_texts = self.model.n_texts
        found = few_pairs(consented, out_of=self.model.n_draws * n_texts)
        if found is None:
            return None
        draws, columns = np.divmod(found, texts.size)
        return np.asarray(draws * n_texts + texts.take(columns))

    def sizes_within(self, tolerance: float) -> np.ndarray:
        """`(n_draws,)` the admissible texts every present party values at r_i − `tolerance`.

        The ZOPA's rule with another tolerance (`zopa_sizes`).
        """
        entries = self._admissible_entries
        if entries is not None:
            return self._sizes_over(entries, None, tolerance)
        return np.asarray(self._zopa_of(self.party_values, tolerance=tolerance).sum(axis=1))

    def _sizes_over(
        self,
        entries: np.ndarray,
        before: np.ndarray | None,
        tolerance: float = RESERVATION_TOLERANCE,
    ) -> np.ndarray:
        """`(n_draws,)` the ZOPA's sizes, the rule read at the admissible pairs `entries` only.

        With the sizes `before` the draws moved, only the pairs of moved draws are read.
        """
        n_draws = self.model.n_draws
        draws = entries // self.model.n_texts
        if before is not None:
            moved = np.asarray(self.moved)[draws]
            entries, draws = entries[moved], draws[moved]
        inside = np.ones(entries.size, dtype=bool)
        for i in np.flatnonzero(self.present).tolist():
            values = self.values_at(i, entries, draws)
            reservation = self.reservation_values[:, i].take(draws)
            inside &= worth_reservation(values, reservation, tolerance)
        counted = np.bincount(draws[inside], minlength=n_draws)
        if before is None:
            return counted
        return np.where(np.asarray(self.moved), counted, before)

    def _zopa_of(
        self,
        values: Sequence[np.ndarray],
        rows: np.ndarray | slice = slice(None),
        tolerance: float = RESERVATION_TOLERANCE,
    ) -> np.ndarray:
        """The ZOPA with each party's `values` of the draws `rows` (default: every draw)."""
        reservation = self.reservation_values[rows]
        admissible = self.admissible[rows]
        if not self.conditions.absent:
            return zopa_of_parties(values, reservation, admissible, tolerance)
        present = self.present
        kept = [v for v, here in zip(values, present.tolist(), strict=True) if here]
        return zopa_of_parties(kept, reservation[:, present], admissible, tolerance)

    @cached_property
    def trust_in_mediator(self) -> np.ndarray:
        """`(n_draws, n_parties)` τ_i = b_i,m, each party's belief that the mediator honours."""
        means = self.model.means
        if means.mediator is None:
            return np.ones_like(means.offered)
        index = list(self.model.party_seats)
        return np.asarray(self.conditions.beliefs[:, index, means.mediator])

    @cached_property
    def induced(self) -> np.ndarray:
        """`(n_draws, n_parties)` τ_i·W_i: the mediator's inducements, as each party trusts it."""
        means = self.model.means
        if not means.has_inducements:
            return np.zeros_like(means.offered)
        return np.asarray(self.trust_in_mediator * means.offered * self.present)

    def zopa_with_inducements(self) -> np.ndarray:
        """`(n_draws, n_texts)` the ZOPA when the mediator attaches its inducements."""
        means = self.model.means
        surplus = self.values - self.reservation_values[:, None, :]
        _, attached = attach(surplus, self.induced, means.cost, means.budget)
        values = self.values + np.where(attached, self.induced[:, None, :], 0.0)
        return self._zopa_of([values[..., i] for i in range(values.shape[-1])])

    def margin(self, draw: int, position: int, party: int) -> float:
        """The party's value of a text minus its reservation value, in one draw."""
        return float(self.margins(draw, np.array([position]), np.array([party]))[0])

    def margins(self, draw: int, positions: np.ndarray, parties: np.ndarray) -> np.ndarray:
        """`(n,)` each party's value of its text minus its reservation value, in one draw."""
        entries = draw * self.model.n_texts + np.asarray(positions, dtype=np.int64)
        parties = np.asarray(parties)
        values = np.empty(entries.size)
        for i in range(len(self.model.parties)):
            mine = parties == i
            if mine.any():
                values[mine] = self.values_at(i, entries[mine])
        return np.asarray(values - self.reservation_values[draw, parties])


@dataclass(frozen=True)
class PartyValues:
    """One party's values V_i of the texts, in some draws, made where they are read.

    A strategy sees its own values only (`accord.engine.strategies.Stance`): the whole
    table (`table`, made on first read) or, where it reads a few pairs, those alone
    (`at`).

    Attributes:
        evaluation: the situation.
        party: the party's index among the negotiating parties.
        draws: the draws of the evaluation seen, in order: a range, or their indices.
    """

    evaluation: Evaluation
    party: int
    draws: range | np.ndarray

    @classmethod
    def of(cls, evaluation: Evaluation, party: int) -> PartyValues:
        """The party's values in every draw."""
        return cls(evaluation, party, range(evaluation.model.n_draws))

    @cached_property
    def table(self) -> np.ndarray:
        """`(n_draws, n_texts)` its values, read-only.

        In draws given by their indices, made there alone unless the evaluation's table is.
        """
        if isinstance(self.draws, range):
            return self._in_draws(self.evaluation.party_value(self.party))
        return self.evaluation.party_value_rows(self.party, self.draws)

    @property
    def best(self) -> np.ndarray:
        """`(n_draws,)` its best value among the texts it may accept (−inf: none)."""
        return self._in_draws(self.evaluation.value_range(self.party)[0])

    @property
    def worst(self) -> np.ndarray:
        """`(n_draws,)` its worst value among the texts it may accept (+inf: none)."""
        return self._in_draws(self.evaluation.value_range(self.party)[1])

    @property
    def value_groups(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Its allowed texts by commitment cell, with its highest value in each (−inf: none).

        `(n_draws, n_used)` its highest value of its texts in each used cell, its allowed
        texts by cell (`UtilityHull.texts`) and where each cell's begin in them.
        """
        hull = self.evaluation.hull(self.party)
        highest = self._in_draws(self.evaluation.cell_values(self.party)[0])
        return highest, hull.texts, hull.starts

    def _in_draws(self, per_draw: np.ndarray) -> np.ndarray:
        if self._every_draw:
            return per_draw
        if isinstance(self.draws, range):
            return per_draw[_as_slice(self.draws)]
        return np.asarray(per_draw.take(self.draws, axis=0))

    @property
    def _every_draw(self) -> bool:
        return isinstance(self.draws, range) and len(self.draws) == self.evaluation.model.n_draws

    def at(self, entries: np.ndarray) -> np.ndarray:
        """Its values at the flat positions `entries` of `table`."""
        n_texts = self.evaluation.model.n_texts
        if not self._every_draw:
            draws, texts = np.divmod(entries, n_texts)
            if isinstance(self.draws, range):
                draws = self.draws.start + draws * self.draws.step
            else:
                draws = self.draws.take(draws)
            entries = draws * n_texts + texts
        return self.evaluation.values_at(self.party, entries)

    def allowed_pairs(self, allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """The flat positions of the texts `allowed` and its values there, where few; else None.

        The evaluation's own, kept, when `allowed` is the party's table
        (`Evaluation.allowed`) in every draw.
        """
        if self._every_draw and allowed is self.evaluation.allowed(self.party):
            return self.evaluation.allowed_pairs(self.party)
        return few_pairs_valued(allowed, self.at)

    def rows(self, draws: slice | np.ndarray) -> PartyValues:
        """The same values in the draws `draws` (a slice, or indices) of these only."""
        if isinstance(draws, slice) and isinstance(self.draws, range):
            return PartyValues(self.evaluation, self.party, self.draws[draws])
        return PartyValues(self.evaluation, self.party, np.asarray(self.draws)[draws])


def _as_slice(draws: range) -> slice:
    """The slice that picks `draws` out of an axis."""
    return slice(draws.start, draws.stop if draws.stop >= 0 else None, draws.step)


def evaluate(
    model: Model,
    conditions: Conditions,
    previous: Evaluation | None = None,
    *,
    alike: Evaluation | None = None,
) -> Evaluation:
    """Evaluate every text for every party and draw under `conditions`.

    Parts of `previous` whose inputs are equal (the option values and weights, the red
    lines, the values' trust, audience costs and reservation values, the guarantors'
    trust, thresholds and withdrawals) are reused rather than recomputed: an event
    changes a few of them. Without `previous`, a party's utilities are those of `alike`
    (an evaluation under another model, e.g. a variant's) where their inputs are equal.
    """
    if previous is None:
        utility = tuple(
            _start_utilities(model, conditions, i, alike) for i in range(len(model.parties))
        )
    else:
        preferences = _preferences_moved(conditions, previous.conditions)
        utility = _utilities_again(model, conditions, previous, preferences)
    if (
        previous is not None
        and previous.conditions.red_lines is conditions.red_lines
        and previous.conditions.absent == conditions.absent
    ):
        acceptable = previous.acceptable
    else:
        acceptable = _acceptable(model, conditions)
    b = trust(model, conditions.beliefs)
    values: list[np.ndarray | _Unmade]
    if previous is not None:
        values, moved = _revalued(conditions, b, previous, preferences)
    else:
        moved = None
        values = [_Unmade() for _ in model.parties]
    if previous is not None and _same_consent_inputs(model, previous.conditions, conditions):
        refused, consent = previous.refused, previous.consent
    else:
        refused = refusals(model, conditions)
        consent = _consent(model, refused, previous)
    if previous is not None and previous.conditions.unavailable == conditions.unavailable:
        available = previous.available
    else:
        available = available_mask(model.digits, conditions.unavailable)
    if (
        previous is None
        or (acceptable is not previous.acceptable)
        or (available is not previous.available)
    ):
        moved = None
    elif moved is not None and consent is not previous.consent:
        moved = moved | _consent_moved(refused, previous.refused)
    evaluation = Evaluation(
        model, conditions, utility, values, acceptable, refused, consent, b, available, moved
    )
    if previous is not None:
        _share_masks(evaluation, previous)
        _share_hulls(evaluation, previous)
    return evaluation


def taken_up(evaluation: Evaluation, previous: Evaluation) -> Evaluation:
    """`evaluation`, made from `previous` ahead of time, with what `previous` made since.

    An evaluation shares what its previous one had made when it was made (`evaluate`):
    one made ahead (a look-ahead along the timeline) is given the values, masks and
    hulls made since, where their inputs stand, as if it were made now.
    """
    preferences = _preferences_moved(evaluation.conditions, previous.conditions)
    values, _ = _revalued(evaluation.conditions, evaluation.trust, previous, preferences)
    for i, table in enumerate(evaluation.value_tables):
        if not isinstance(table, np.ndarray):
            evaluation.value_tables[i] = values[i]
    _share_masks(evaluation, previous)
    _share_hulls(evaluation, previous)
    return evaluation


# The masks an evaluation makes from its consent, availability and red lines alone.
_MASKS = ("feasible", "usable", "clear", "admissible", "_admissible_entries")


def _share_masks(evaluation: Evaluation, previous: Evaluation) -> None:
    """Give `evaluation` the masks `previous` made, if made from the same inputs."""
    if (
        evaluation.consent is not previous.consent
        or evaluation.available is not previous.available
        or evaluation.acceptable is not previous.acceptable
    ):
        return
    made = vars(previous)
    kept = vars(evaluation)
    for name in _MASKS:
        if name in made:
            kept[name] = made[name]
    # One list for both: a party's table made by either serves the other.
    kept["_allowed_tables"] = previous._allowed_tables
    kept["_allowed_entry_lists"] = previous._allowed_entry_lists
    # A party's values at its allowed texts stand while its values do.
    evaluation._allowed_pairs.update(
        (i, pairs)
        for i, pairs in previous._allowed_pairs.items()
        if evaluation.value_tables[i] is previous.value_tables[i]
    )


def _share_hulls(evaluation: Evaluation, previous: Evaluation) -> None:
    """Give `evaluation` the hulls `previous` made where their inputs stand."""
    if (
        evaluation.available is not previous.available
        or evaluation.acceptable is not previous.acceptable
    ):
        return
    evaluation._hulls.update(
        (i, hull)
        for i, hull in previous._hulls.items()
        if evaluation.party_utilities[i] is previous.party_utilities[i]
    )


def _consent(model: Model, refused: np.ndarray, previous: Evaluation | None) -> np.ndarray:
    """`(n_draws, n_texts)` every guarantor the text names consents, from the cells' refusals.

    Only the draws whose refusals moved since `previous` are read again; where none
    moved, it is `previous`'s own table, so that the masks made from it stand too.
    """
    by_cell = np.asarray(~refused.any(axis=0))
    if previous is None:
        return np.take(by_cell, model.cells, axis=1)
    rows = np.flatnonzero(_consent_moved(refused, previous.refused))
    if not rows.size:
        return previous.consent
    consent = previous.consent.copy()
    consent[rows] = np.take(by_cell[rows], model.cells, axis=1)
    return consent


def _consent_moved(refused: np.ndarray, before: np.ndarray) -> np.ndarray:
    """`(n_draws,)` the draws in which some cell's consent differs between the two refusals."""
    return np.asarray((refused.any(axis=0) != before.any(axis=0)).any(axis=1))


def _acceptable(model: Model, conditions: Conditions) -> np.ndarray:
    """`(n_texts, n_parties)` texts clear of each party's red lines; a party that left has none."""
    lines = tuple(
        () if i in conditions.absent else party_lines
        for i, party_lines in enumerate(conditions.red_lines)
    )
    return acceptable_mask(model.digits, lines)


def available_mask(digits: np.ndarray, unavailable: frozenset[tuple[int, int]]) -> np.ndarray:
    """`(n_texts,)` texts none of whose options is off the table.

    Args:
        digits: `(n_texts, n_issues)` option index of each issue in each text.
        unavailable: (issue index, option index) pairs of options not on the table.
    """
    mask = np.ones(digits.shape[0], dtype=bool)
    for k, j in sorted(unavailable):
        mask &= digits[:, k] != j
    return mask


def _utilities_again(
    model: Model, conditions: Conditions, previous: Evaluation, moved: np.ndarray
) -> tuple[np.ndarray, ...]:
    """The utilities of `previous`, again in the (draw, party) cells `moved` `(D, P)`.

    An event changes one party's weights or option values; utilities are summed party by
    party and draw by draw, so the other cells keep their bits.
    """
    utility = list(previous.party_utilities)
    for i in np.flatnonzero(moved.any(axis=0)).tolist():
        rows = draw_index(np.flatnonzero(moved[:, i]), model.n_draws, ALL_DRAWS_FROM)
        if isinstance(rows, slice):
            utility[i] = _party_utilities(model, conditions, i, rows)
            continue
        again = utility[i].copy()
        again[rows] = _party_utilities(model, conditions, i, rows)
        again.flags.writeable = False
        utility[i] = again
    return tuple(utility)


def _start_utilities(
    model: Model, conditions: Conditions, party: int, alike: Evaluation | None
) -> np.ndarray:
    """Party i's utilities in every draw: those of `alike` if made from equal inputs."""
    if alike is not None and _same_utility_inputs(
        (model, conditions), (alike.model, alike.conditions), party
    ):
        return alike.party_utilities[party]
    return _party_utilities(model, conditions, party, slice(None))


def _same_utility_inputs(
    one: tuple[Model, Conditions], other: tuple[Model, Conditions], party: int
) -> bool:
    """Whether party i's utilities are summed from equal terms over equal texts."""
    (model, conditions), (model_b, conditions_b) = one, other
    i = party
    terms = [t for t in model.interactions if t.party == i]
    terms_b = [t for t in model_b.interactions if t.party == i]
    return (
        model.parties == model_b.parties
        and np.array_equal(model.codes, model_b.codes)
        and np.array_equal(conditions.raw_weights[:, i], conditions_b.raw_weights[:, i])
        and len(conditions.option_values) == len(conditions_b.option_values)
        and all(
            np.array_equal(table[:, i], table_b[:, i])
            for table, table_b in zip(
                conditions.option_values, conditions_b.option_values, strict=True
            )
        )
        and len(terms) == len(terms_b)
        and all(
            np.array_equal(t.mask, t_b.mask) and np.array_equal(t.values, t_b.values)
            for t, t_b in zip(terms, terms_b, strict=True)
        )
    )


def _party_utilities(
    model: Model, conditions: Conditions, party: int, rows: np.ndarray | slice
) -> np.ndarray:
    """`(n_rows, n_texts)` party i's utilities in the draws `rows`, read-only."""
    i = party
    terms = [
        replace(term, party=0, values=term.values[rows])
        for term in model.interactions
        if term.party == i
    ]
    summed = utilities(
        [table[rows, i : i + 1] for table in conditions.option_values],
        conditions.raw_weights[rows, i : i + 1],
        model.digits,
        terms,
        codes=model.codes,
    )
    utility = np.ascontiguousarray(summed[..., 0])
    utility.flags.writeable = False
    return utility


def _preferences_moved(after: Conditions, before: Conditions) -> np.ndarray:
    """`(n_draws, n_parties)` the cells whose raw weights or option values differ."""
    if after.raw_weights is before.raw_weights and after.option_values is before.option_values:
        return np.zeros(after.reservation_values.shape, dtype=bool)
    moved = (after.raw_weights != before.raw_weights).any(axis=2)
    for table, earlier in zip(after.option_values, before.option_values, strict=True):
        moved |= (table != earlier).any(axis=2)
    return np.asarray(moved)


def _revalued(
    conditions: Conditions, b: np.ndarray, previous: Evaluation, preferences: np.ndarray
) -> tuple[list[np.ndarray | _Unmade], np.ndarray]:
    """The values of `previous`, to be made again only in the (draw, party) cells that moved.

    Also `(n_draws,)` the draws with a cell that moved. `preferences` `(D, P)` are the
    cells whose weights or option values moved.

    An event moves one party's trust, audience cost, reservation value or preferences,
    often in some draws only; the rule is elementwise, so the other cells keep their bits
    and a party none of whose cells moved keeps its table. A table is made only when read
    whole (`Evaluation.party_value`): events that follow each other unread cost nothing.
    """
    before = previous.conditions
    moved = (
        (b != previous.trust)
        | (conditions.audience_costs != before.audience_costs)
        | (conditions.reservation_values != before.reservation_values)
    )
    moved |= preferences
    values = list(previous.value_tables)
    n_draws = moved.shape[0]
    for i in np.flatnonzero(moved.any(axis=0)).tolist():
        values[i] = _unmade_again(values[i], np.flatnonzero(moved[:, i]), n_draws)
    return values, moved.any(axis=1)


@dataclass(frozen=True)
class _Unmade:
    """A party's values not made yet: `base` made again in the draws `rows`, or all (None)."""

    base: np.ndarray | None = None
    rows: np.ndarray | None = None


def _unmade_again(table: np.ndarray | _Unmade, rows: np.ndarray, n_draws: int) -> _Unmade:
    """What is left to make of `table` once the draws `rows` moved too.

    Always a new object: what was read of `table` (`Evaluation.allowed_pairs`) no longer
    holds.
    """
    if isinstance(table, np.ndarray):
        base, again = table, rows
    elif table.base is None or table.rows is None:
        return _Unmade()
    else:
        base, again = table.base, np.union1d(table.rows, rows)
    if isinstance(draw_index(again, n_draws, ALL_DRAWS_FROM), slice):
        return _Unmade()
    return _Unmade(base, again)


def _made_values(evaluation: Evaluation, party: int, unmade: _Unmade) -> np.ndarray:
    """The party's table of values, made from what `unmade` says is left."""
    if unmade.base is None or unmade.rows is None:
        return _party_values(evaluation, party, slice(None))
    again = unmade.base.copy()
    again[unmade.rows] = _party_values(evaluation, party, unmade.rows)
    again.flags.writeable = False
    return again


def _party_values(evaluation: Evaluation, party: int, rows: np.ndarray | slice) -> np.ndarray:
    """`(n_rows, n_texts)` party i's values in the draws `rows`, read-only."""
    i, model, conditions = party, evaluation.model, evaluation.conditions
    valued = value_of(
        evaluation.party_utilities[i][rows, :, None],
        audience_costs=conditions.audience_costs[rows, None, i : i + 1],
        trust=evaluation.trust[rows, None, i : i + 1],
        reservation_values=conditions.reservation_values[rows, None, i : i + 1],
        loss_scale=model.loss_scale[rows, :, i : i + 1],
        cells=model.cells,
    )
    values = np.ascontiguousarray(valued[..., 0])
    values.flags.writeable = False
    return values


def _same_consent_inputs(model: Model, before: Conditions, after: Conditions) -> bool:
    # The guarantors' beliefs about the parties, `(n_draws, n_guarantors, n_parties)`.
    holders = np.array(model.guarantor_seats, dtype=np.int64)[:, None]
    about = list(model.party_seats)
    return (
        np.array_equal(before.withdrawn, after.withdrawn)
        and np.array_equal(before.thresholds, after.thresholds)
        and np.array_equal(before.beliefs[:, holders, about], after.beliefs[:, holders, about])
    )
