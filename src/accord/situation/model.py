"""The compiled scenario: what stays fixed during a run, as arrays over a block of draws.

A `Model` holds, for every draw of a block, the option values of every party, the
breach-loss scale and the guarantors' exposure of every text, and the initial
`Conditions`. Texts are indexed by position: `codes[j]` is the outcome code of text j.
The engine compiles the feasible outcomes only (constraints, and the rules of partial and
linked agreements: `accord.situation.deferral`) (no other text can be drafted, offered,
accepted or counted in the ZOPA); analysis compiles every outcome (`texts="all"`) so that
it can also show infeasible ones.

- breach loss scale: loss_i(o) = Σ_k vulnerability_ik(o_k) · Π_k (1 − credibility_k(o_k)),
  the product over the options whose guarantee protects i (`protects`; default: every
  negotiating party); multiplied by (1 − b_i) in the value of a text
  (`accord.situation.evaluation`);
- exposure(o): the sum of the exposures of o's guaranteed options, how strongly the text
  draws its guarantors in;
- named[g, j]: whether text j names guarantor g.

The breach-loss scale, the exposure and the guarantors named depend only on the options
of the issues the commitment names: they are kept per cell of that grid of options
(`cells[j]` is text j's cell), a few dozen cells where there are thousands of texts, so
that a guarantor's consent and a party's breach term are computed once per cell.
"""

from __future__ import annotations

import json
import weakref
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

import numpy as np

from accord.errors import LimitError
from accord.scenario.process import Commitment
from accord.scenario.schema import Scenario
from accord.situation.conditions import Conditions, initial_conditions
from accord.situation.deferral import partial_rules_mask
from accord.situation.draws import Draws
from accord.situation.groups import TextGroups
from accord.situation.inducements import Means, compile_means
from accord.situation.ranges import CellTexts
from accord.situation.timeline import protocol_of
from accord.space import OutcomeSpace, require_feasible
from accord.utility import pattern_mask

__all__ = ["MAX_ELEMENTS", "Interaction", "Model", "compile_model"]

# Largest (draws × texts × parties) array a model may hold: 2**27 floats are 1 GiB.
MAX_ELEMENTS = 1 << 27


@dataclass(frozen=True)
class Interaction:
    """A term added to a party's utility on the texts matching a partial outcome."""

    party: int
    mask: np.ndarray  # (n_texts,)
    values: np.ndarray  # (n_draws,)


@dataclass(frozen=True)
class Model:
    """A scenario compiled for a block of draws.

    Attributes:
        parties: the negotiating parties (role 'party'), the last axis of value arrays.
        everyone: every participant, the axes of the belief matrices.
        guarantors: the guarantors, the columns of thresholds and consent.
        codes: `(n_texts,)` outcome code of each text position, ascending.
        digits: `(n_texts, n_issues)` option index of each issue in each text.
        is_feasible: `(n_texts,)` the text satisfies the constraints.
        loss_scale: `(n_draws, n_cells, n_parties)` breach loss before trust of a text of
            each commitment cell.
        exposure: `(n_draws, n_cells)` how strongly a text of each commitment cell draws
            guarantors in.
        named: `(n_guarantors, n_texts)` the text names the guarantor.
        cells: `(n_texts,)` each text's cell of the grid of the commitment's issues.
        cell_named: `(n_guarantors, n_cells)` the texts of the cell name the guarantor.
        means: the mediator's inducements and interests (`accord.situation.inducements`).
    """

    scenario: Scenario
    space: OutcomeSpace
    draws: Draws
    parties: tuple[str, ...]
    everyone: tuple[str, ...]
    guarantors: tuple[str, ...]
    codes: np.ndarray
    digits: np.ndarray
    is_feasible: np.ndarray
    interactions: tuple[Interaction, ...]
    loss_scale: np.ndarray
    exposure: np.ndarray
    named: np.ndarray
    cells: np.ndarray
    cell_named: np.ndarray
    means: Means
    initial: Conditions
    strides: np.ndarray = field(repr=False)

    @property
    def n_draws(self) -> int:
        """Number of draws in the block."""
        return self.draws.n_draws

    @property
    def tables(self) -> tuple[np.ndarray, ...]:
        """Per issue `(n_draws, n_parties, n_options)` option values on the first day."""
        return self.initial.option_values

    @property
    def n_texts(self) -> int:
        """Number of texts (positions)."""
        return int(self.codes.size)

    @cached_property
    def party_seats(self) -> tuple[int, ...]:
        """The negotiating parties' places in `everyone`, the belief matrices' axes."""
        return tuple(self.everyone.index(p) for p in self.parties)

    @cached_property
    def guarantor_seats(self) -> tuple[int, ...]:
        """The guarantors' places in `everyone`, the belief matrices' axes."""
        return tuple(self.everyone.index(g) for g in self.guarantors)

    @cached_property
    def cell_texts(self) -> CellTexts:
        """The texts in order of their commitment cell."""
        return CellTexts.of(self.cells)

    @cached_property
    def groups(self) -> TextGroups:
        """The texts in groups sharing their options on the leading issues."""
        return TextGroups.of(self)

    def cells_at(self, draws: np.ndarray, texts: np.ndarray) -> np.ndarray:
        """The flat (draw, commitment cell) position of each text `texts` in its draw `draws`."""
        return np.asarray(draws * self.loss_scale.shape[1] + self.cells.take(texts))

    def losses_at(self, draws: np.ndarray, texts: np.ndarray) -> np.ndarray:
        """`(..., n_parties)` `loss_scale` of each text `texts` in its draw `draws` (broadcast)."""
        n_parties = self.loss_scale.shape[2]
        # One flat gather (`take`: fancy indexing of narrow rows costs many times more).
        flat = self.loss_scale.reshape(-1, n_parties)
        return np.asarray(flat.take(self.cells_at(draws, texts), axis=0))

    def positions(self, codes: np.ndarray) -> np.ndarray:
        """Return the positions of outcome codes of the space, −1 where a code is not a text."""
        return np.asarray(self._position_of.take(codes))

    @cached_property
    def _position_of(self) -> np.ndarray:
        """`(n_outcomes,)` each outcome's position, −1 where it is not a text.

        Made on first use (mediated rounds look up their revisions and amendments): 8
        bytes per outcome, read in one gather, where a binary search over the codes cost
        the reference case about 0.2 s of a three-chunk profile (now 0.02 s).
        """
        position_of = np.full(self.space.n_outcomes, -1, dtype=np.int64)
        position_of[self.codes] = np.arange(self.n_texts)
        return position_of


def compile_model(
    scenario: Scenario, draws: Draws, *, texts: Literal["feasible", "all"] = "feasible"
) -> Model:
    """Compile `scenario` for the block `draws` over its feasible (or all) outcomes."""
    found = _texts_of(scenario, texts)
    space, digits, guarantors = found.space, found.digits, found.guarantors
    parties = scenario.party_ids
    _check_size(scenario, draws.n_draws, found.codes.size, len(parties))
    everyone = tuple(party.id for party in scenario.parties)
    loss_scale, exposure = _commitment(scenario, space, draws, parties, found.grid)
    cell_named = np.zeros((len(guarantors), exposure.shape[1]), dtype=bool)
    cell_named[:, found.cells] = found.named
    return Model(
        scenario=scenario,
        space=space,
        draws=draws,
        parties=parties,
        everyone=everyone,
        guarantors=guarantors,
        codes=found.codes,
        digits=digits,
        is_feasible=found.is_feasible,
        interactions=_interactions(scenario, space, draws, parties, digits),
        loss_scale=loss_scale,
        exposure=exposure,
        named=found.named,
        cells=found.cells,
        cell_named=cell_named,
        means=compile_means(scenario, space, draws, parties, everyone, digits),
        initial=initial_conditions(scenario, space, draws, parties, everyone, guarantors),
        strides=found.strides,
    )


@dataclass(frozen=True)
class _Texts:
    """What a model holds of its texts whatever the draws: the same for every block.

    The arrays are read-only: every model of the scenario shares them.
    """

    space: OutcomeSpace
    guarantors: tuple[str, ...]
    codes: np.ndarray
    digits: np.ndarray
    is_feasible: np.ndarray
    grid: _Grid | None
    cells: np.ndarray
    named: np.ndarray
    strides: np.ndarray


# The texts of each scenario object compiled (and of which outcomes), dropped with it.
# Scenarios are frozen; keyed by id because they are not hashable.
_TEXTS_OF: dict[tuple[int, str], _Texts] = {}
# The same texts, by what they are made from: a scenario's variants and the files its
# readings pin mostly share them (the reference case's 128 files share one). At most
# `KEPT_TEXTS` are kept; when full, all are dropped at once.
_TEXTS: dict[tuple[object, ...], _Texts] = {}
KEPT_TEXTS = 16


def _texts_of(scenario: Scenario, texts: Literal["feasible", "all"]) -> _Texts:
    """The texts of `scenario`'s models, made once per scenario object and once per content."""
    key = (id(scenario), texts)
    found = _TEXTS_OF.get(key)
    if found is None:
        found = _TEXTS_OF[key] = _shared_texts(scenario, texts)
        weakref.finalize(scenario, _TEXTS_OF.pop, key, None)
    return found


def _shared_texts(scenario: Scenario, texts: Literal["feasible", "all"]) -> _Texts:
    """The texts of `scenario`, shared with any scenario whose texts are made alike."""
    key = _texts_key(scenario, texts)
    found = _TEXTS.get(key)
    if found is None:
        if len(_TEXTS) >= KEPT_TEXTS:
            _TEXTS.clear()
        found = _TEXTS[key] = _made_texts(scenario, texts)
    return found


def _texts_key(scenario: Scenario, texts: Literal["feasible", "all"]) -> tuple[object, ...]:
    """Everything `_made_texts` reads of `scenario`.

    Issues and options, constraints, the rules of partial agreements, the participants
    and guarantors, the commitment's grid and the guarantors each option names (not its
    numbers, which are the draws').
    """
    issues = tuple(
        (issue.id, tuple((option.id, bool(option.defers)) for option in issue.options))
        for issue in scenario.issues
    )
    constraints = json.dumps(
        [constraint.model_dump(mode="json") for constraint in scenario.constraints]
    )
    documents = tuple((d.id, d.issues, d.linked_to) for d in scenario.documents)
    commitment = scenario.commitment
    grid: tuple[object, ...] = ()
    if commitment is not None:
        named = {issue for tables in commitment.vulnerability.values() for issue in tables}
        guarantors = tuple(
            (issue, option, guarantee.guarantors)
            for issue, guarantees in commitment.guarantees.items()
            for option, guarantee in guarantees.items()
        )
        grid = (tuple(sorted(named | set(commitment.guarantees))), guarantors)
    everyone = tuple(party.id for party in scenario.parties)
    partial = protocol_of(scenario).partial
    return (
        texts,
        issues,
        constraints,
        partial,
        documents,
        everyone,
        _guarantors(scenario, everyone),
        grid,
    )


def _made_texts(scenario: Scenario, texts: Literal["feasible", "all"]) -> _Texts:
    """The feasible (or all) outcomes of `scenario`, their cells and the guarantors named."""
    space = OutcomeSpace.from_scenario(scenario)
    feasible = space.feasible_mask(scenario.constraints) & partial_rules_mask(scenario, space)
    require_feasible(feasible, scenario.id)
    codes = np.flatnonzero(feasible) if texts == "feasible" else np.arange(space.n_outcomes)
    guarantors = _guarantors(scenario, tuple(party.id for party in scenario.parties))
    digits = space.decode(codes)
    grid = None if scenario.commitment is None else _Grid.of(space, scenario.commitment)
    cells = np.zeros(codes.size, dtype=np.int64) if grid is None else grid.cells(digits)
    found = _Texts(
        space=space,
        guarantors=guarantors,
        codes=codes,
        digits=digits,
        is_feasible=feasible[codes],
        grid=grid,
        cells=cells,
        named=_named(scenario, space, guarantors, digits),
        strides=np.array([int(np.prod(space.radices[k + 1 :])) for k in range(space.n_issues)]),
    )
    for array in (codes, digits, found.is_feasible, cells, found.named, found.strides):
        array.flags.writeable = False
    return found


def _named(
    scenario: Scenario, space: OutcomeSpace, guarantors: tuple[str, ...], digits: np.ndarray
) -> np.ndarray:
    """`(n_guarantors, n_texts)` whether each text names each guarantor."""
    named = np.zeros((len(guarantors), digits.shape[0]), dtype=bool)
    if scenario.commitment is None:
        return named
    for issue, guarantees in scenario.commitment.guarantees.items():
        k = space.issues.index(issue)
        for j, option in enumerate(space.options[k]):
            guarantee = guarantees.get(option)
            for guarantor in () if guarantee is None else guarantee.guarantors:
                named[guarantors.index(guarantor)] |= digits[:, k] == j
    return named


def _check_size(scenario: Scenario, n_draws: int, n_texts: int, n_parties: int) -> None:
    if n_draws * n_texts * max(1, n_parties) > MAX_ELEMENTS:
        raise LimitError(
            f"scenario '{scenario.id}': {n_texts:,} texts × {n_parties} parties × "
            f"{n_draws:,} draws exceed the limit of {MAX_ELEMENTS:,} values held at once; "
            "merge or drop options"
        )


def _guarantors(scenario: Scenario, everyone: tuple[str, ...]) -> tuple[str, ...]:
    named = set(scenario.guarantors)
    if scenario.commitment is not None:
        for guarantees in scenario.commitment.guarantees.values():
            for guarantee in guarantees.values():
                named.update(guarantee.guarantors)
    named.update(e.guarantor for e in scenario.events if e.kind == "guarantor_change")
    return tuple(p for p in everyone if p in named)


def _interactions(
    scenario: Scenario,
    space: OutcomeSpace,
    draws: Draws,
    parties: tuple[str, ...],
    digits: np.ndarray,
) -> tuple[Interaction, ...]:
    terms = []
    for i, party in enumerate(parties):
        for term in scenario.preferences[party].interactions:
            mask = pattern_mask(digits, space.pattern_index(term.when))
            terms.append(Interaction(i, mask, draws.read(term.value)))
    return tuple(terms)


def _commitment(
    scenario: Scenario,
    space: OutcomeSpace,
    draws: Draws,
    parties: tuple[str, ...],
    grid: _Grid | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Breach-loss scale `(D, C, P)` and exposure `(D, C)` per cell of the commitment's `grid`.

    Built over the grid of the issues the commitment names, far smaller than the texts;
    a text reads its cell's numbers (`_Texts.cells`), the same sums and products as its own.
    """
    n_draws, n_parties = draws.n_draws, len(parties)
    commitment = scenario.commitment
    if commitment is None or grid is None:
        return np.zeros((n_draws, 1, n_parties)), np.zeros((n_draws, 1))
    vulnerability = np.zeros((n_draws, *grid.shape, n_parties))
    no_credibility = np.ones((n_draws, *grid.shape, n_parties))
    exposure = np.zeros((n_draws, *grid.shape))
    for i, party in enumerate(parties):
        for issue, table in commitment.vulnerability.get(party, {}).items():
            k = space.issues.index(issue)
            column = np.stack([draws.read(table.get(o, 0.0)) for o in space.options[k]], axis=1)
            vulnerability[..., i] += grid.spread(column, k)
    for issue, guarantees in commitment.guarantees.items():
        k = space.issues.index(issue)
        factors = np.ones((n_draws, space.radices[k], n_parties))
        exposures = np.zeros((n_draws, space.radices[k]))
        for j, option in enumerate(space.options[k]):
            guarantee = guarantees.get(option)
            if guarantee is None:
                continue
            protected = guarantee.protects or parties
            for i, party in enumerate(parties):
                if party in protected:
                    factors[:, j, i] = 1.0 - draws.read(guarantee.credibility)
            exposures[:, j] = draws.read(guarantee.exposure)
        no_credibility *= grid.spread(factors, k)
        exposure += grid.spread(exposures, k)
    scale = (vulnerability * no_credibility).reshape(n_draws, -1, n_parties)
    return scale, exposure.reshape(n_draws, -1)


@dataclass(frozen=True)
class _Grid:
    """The grid of the options of a few issues, in file order."""

    issues: tuple[int, ...]
    shape: tuple[int, ...]

    @classmethod
    def of(cls, space: OutcomeSpace, commitment: Commitment) -> _Grid:
        """The grid of the issues `commitment` names."""
        named = {i for tables in commitment.vulnerability.values() for i in tables}
        issues = sorted(space.issues.index(i) for i in named | set(commitment.guarantees))
        return cls(tuple(issues), tuple(space.radices[k] for k in issues))

    def spread(self, per_option: np.ndarray, k: int) -> np.ndarray:
        """`(D, r_k, ...)` per option of issue `k`, broadcast over the grid's axes."""
        axes = [1] * len(self.shape)
        axes[self.issues.index(k)] = per_option.shape[1]
        return per_option.reshape(per_option.shape[0], *axes, *per_option.shape[2:])

    def cells(self, digits: np.ndarray) -> np.ndarray:
        """`(n_texts,)` each text's cell of the flattened grid."""
        cells = np.zeros(digits.shape[0], dtype=np.int64)
        for k, radix in zip(self.issues, self.shape, strict=True):
            cells = cells * radix + digits[:, k]
        return cells
